// Manifests as a git commit holds them, read from the repository without a checkout:
// `git ls-tree` lists the files under the paths, `git cat-file --batch` reads their
// blobs (the content `git show <ref>:<path>` prints, one process for every file instead
// of one per file), and `git archive` exports a tree when kustomize or helm must read
// files on disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { isManifestFileName, isSkippedFolderName } from '../engine/manifestFiles';
import { UsageError } from './usage';

export interface GitRepository {
  /** The work tree's top folder. */
  top: string;
}

/** A file of a commit: its path from the repository's top, and its blob. */
export interface GitFile {
  path: string;
  blob: string;
  size: number;
}

const GIT_BUFFER = 1 << 30;

function git(repository: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['-C', repository, ...args], {
    maxBuffer: GIT_BUFFER,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(input !== undefined ? { input } : {}),
  });
}

/** The repository holding `folder`, or undefined when it is in none (or git is not installed). */
export function repositoryAt(folder: string): GitRepository | undefined {
  const result = spawnSync('git', ['-C', folder, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  if (result.status !== 0 || result.error) return undefined;
  return { top: result.stdout.trim() };
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(repository: GitRepository, ref: string): string | undefined {
  // `--end-of-options` keeps a ref starting with '-' from being read as an option.
  const result = spawnSync(
    'git',
    ['-C', repository.top, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    {
      encoding: 'utf8',
    },
  );
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** A path of the work tree as git names it from the top (`.` for the top itself); a usage error when outside. */
export function pathInRepository(repository: GitRepository, absolutePath: string, command: string, flag: string): string {
  const path = relative(repository.top, absolutePath);
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path))
    throw new UsageError(`${flag}: ${absolutePath} is outside the git repository at ${repository.top}`, command);
  return path === '' ? '.' : path.split(sep).join('/');
}

/** The manifest files of a commit under `paths` (walked as a directory is: skipped folders, manifest names only), sorted. */
export function listManifests(repository: GitRepository, commit: string, paths: readonly string[]): GitFile[] {
  const out = git(repository.top, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit, '--', ...paths]).toString('utf8');
  const files = new Map<string, GitFile>();
  for (const entry of out.split('\0')) {
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`; symbolic links (120000) and submodules are not manifests.
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (!match || match[2] !== 'blob' || match[1] === '120000') continue;
    const path = match[5];
    const folders = path.split('/').slice(0, -1);
    if (!isManifestFileName(basename(path)) || folders.some(isSkippedFolderName)) continue;
    files.set(path, { path, blob: match[3], size: Number(match[4]) });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The bytes of each blob, in order; one `git cat-file --batch` for all of them. */
export function readBlobs(repository: GitRepository, blobs: readonly string[]): Buffer[] {
  if (blobs.length === 0) return [];
  const out = git(repository.top, ['cat-file', '--batch'], blobs.map((blob) => `${blob}\n`).join(''));
  const contents: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < blobs.length; i++) {
    const newline = out.indexOf(10, at);
    const header = out.toString('utf8', at, newline).split(' ');
    const size = Number(header[2]);
    contents.push(out.subarray(newline + 1, newline + 1 + size));
    at = newline + 1 + size + 1;
  }
  return contents;
}

/** The commit's tree exported into a new temporary folder (for builds that read files on disk); the caller removes it. */
export function exportTree(repository: GitRepository, commit: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'netpol-diff-'));
  const archive = git(repository.top, ['archive', '--format=tar', commit]);
  const untar = spawnSync('tar', ['-x', '-C', folder], { input: archive, maxBuffer: GIT_BUFFER });
  if (untar.status !== 0) throw new Error(`could not export ${commit}: ${untar.stderr.toString('utf8').trim()}`);
  return folder;
}
