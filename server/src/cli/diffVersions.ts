// The two versions `netpol diff` compares, each read into its own Workspace: the working
// tree (as every command reads it), another directory, or a git commit read from the
// repository holding the paths. Paths are relative to each version's root (the current
// folder for the working tree and a commit, the directory given otherwise), and a file
// gets the URI its path has under the head's root in both versions, so a file that did
// not change is the same file to the diff; only its display names the version.
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeManifestBytes } from '../engine/manifestFiles';
import { Workspace } from '../engine/workspace';
import { readManifestFile } from './analyseFile';
import { namesBuilds, resolveBuildOptions } from './buildOptions';
import { collectFiles, type CandidateFile } from './collectFiles';
import {
  exportTree,
  listManifests,
  pathInRepository,
  readBlobs,
  repositoryAt,
  resolveCommit,
  type GitRepository,
} from './gitTree';
import type { CommonOptions } from './options';
import type { Terminal } from './terminal';
import { UsageError } from './usage';
import { collectStandIns, loadWorkspace, readStandIns } from './workspaceFiles';

/** What `--base` / `--head` name: the working tree, a directory, or a commit. */
export type VersionSpec =
  | { kind: 'tree' }
  | { kind: 'dir'; root: string; written: string }
  | { kind: 'ref'; ref: string; commit: string; repository: GitRepository };

export interface LoadedVersion {
  /** `working tree`, the directory as written, or the ref. */
  label: string;
  workspace: Workspace;
  /** A file URI of this version -> the path to print (`HEAD~1:policies/db.yaml`, `../old/policies/db.yaml`). */
  displayPath(uri: string): string;
}

/** What reading a version needs beyond its spec. */
export interface VersionInputs {
  paths: readonly string[];
  terminal: Terminal;
  options: CommonOptions;
  defaultNamespace: string;
  extra: readonly string[];
  /** The command line's build options (-k, --helm), resolved again against each version's root. */
  buildValues: Parameters<typeof resolveBuildOptions>[1];
  buildTokens: Parameters<typeof resolveBuildOptions>[2];
  /** Temporary folders to remove when the command ends. */
  cleanup: string[];
}

/**
 * A directory wins over a ref of the same name; otherwise the value must name a commit of
 * the repository holding the paths (the first path's folder, else the current one).
 */
export function resolveVersionSpec(flag: string, value: string, cwd: string, paths: readonly string[]): VersionSpec {
  const root = resolve(cwd, value);
  if (existsSync(root) && statSync(root).isDirectory()) return { kind: 'dir', root, written: value };
  const first = paths.length > 0 ? resolve(cwd, paths[0]) : cwd;
  const where = existsSync(first) && statSync(first).isDirectory() ? first : dirname(first);
  const repository = existsSync(where) ? repositoryAt(where) : undefined;
  if (!repository)
    throw new UsageError(
      `${flag} ${value}: not a directory, and ${where} is not in a git repository to read it as a ref`,
      'diff',
    );
  const commit = resolveCommit(repository, value);
  if (!commit)
    throw new UsageError(
      `${flag} ${value}: not a directory, and not a commit of the git repository at ${repository.top}`,
      'diff',
    );
  return { kind: 'ref', ref: value, commit, repository };
}

/** The root paths are relative to (and head URIs are placed under). */
export const versionRoot = (spec: VersionSpec, cwd: string): string => (spec.kind === 'dir' ? spec.root : cwd);

export async function loadVersion(spec: VersionSpec, headRoot: string, inputs: VersionInputs): Promise<LoadedVersion> {
  const { terminal, options, defaultNamespace } = inputs;
  const cwd = terminal.cwd;
  if (spec.kind === 'tree' || namesBuilds(inputs.buildTokens)) {
    // Builds read files on disk: a commit is exported to a temporary folder first.
    let root = versionRoot(spec, cwd);
    let display = (path: string) => path;
    if (spec.kind === 'ref') {
      const exported = exportTree(spec.repository, spec.commit);
      inputs.cleanup.push(exported);
      root = join(exported, relative(spec.repository.top, cwd));
      display = (path) => `${spec.ref}:${path}`;
    } else if (spec.kind === 'dir') display = (path) => join(spec.written, path);
    const builds = resolveBuildOptions('diff', inputs.buildValues, inputs.buildTokens, root, defaultNamespace, false);
    const extra = inputs.extra.map((path) => resolve(cwd, path));
    const load = await loadWorkspace(inputs.paths, { ...terminal, cwd: root }, 'diff', options, defaultNamespace, extra, builds);
    return {
      label: spec.kind === 'tree' ? 'working tree' : spec.kind === 'ref' ? spec.ref : spec.written,
      workspace: load.workspace,
      displayPath: (uri) => {
        const path = load.displayPaths.get(uri);
        return path === undefined ? uri : display(path);
      },
    };
  }
  const workspace = new Workspace({ defaultNamespace, parse: { maxFileSize: options.maxFileSize } });
  readStandIns(collectStandIns(inputs.extra, cwd, 'diff'), workspace, terminal, options.maxFileSize);
  const displayPaths = new Map<string, string>();
  const uriOf = (absolutePath: string, root: string) => pathToFileURL(join(headRoot, relative(root, absolutePath))).href;
  const skipped = (path: string, why: string) => terminal.stderr(`netpol: skipped ${path}: ${why}\n`);
  if (spec.kind === 'dir') {
    const files = collectInVersion(inputs.paths, spec.root, terminal, spec.written);
    for (const file of files) {
      const read = readManifestFile(file, options.maxFileSize);
      const display = join(spec.written, file.displayPath);
      if (!('text' in read)) {
        skipped(display, 'could not be read as a manifest');
        continue;
      }
      const uri = uriOf(file.absolutePath, spec.root);
      workspace.setFile(uri, read.text);
      displayPaths.set(uri, display);
    }
    return { label: spec.written, workspace, displayPath: (uri) => displayPaths.get(uri) ?? uri };
  }
  const { repository, commit, ref } = spec;
  const gitPaths = (inputs.paths.length > 0 ? inputs.paths : ['.']).map((path) =>
    pathInRepository(repository, resolve(cwd, path), 'diff', path),
  );
  const listed = listManifests(repository, commit, gitPaths);
  const files = listed.filter((file) => {
    if (file.size <= options.maxFileSize) return true;
    skipped(`${ref}:${file.path}`, `larger than --max-file-size (${file.size} > ${options.maxFileSize} bytes)`);
    return false;
  });
  readBlobs(
    repository,
    files.map((file) => file.blob),
  ).forEach((bytes, i) => {
    const decoded = decodeManifestBytes(bytes);
    const display = `${ref}:${files[i].path}`;
    if ('notText' in decoded) return skipped(display, decoded.notText);
    const uri = uriOf(join(repository.top, files[i].path), cwd);
    workspace.setFile(uri, decoded.text);
    displayPaths.set(uri, display);
  });
  return { label: ref, workspace, displayPath: (uri) => displayPaths.get(uri) ?? uri };
}

/** The files under the paths in a directory version; a path it does not hold is said, and holds nothing there. */
function collectInVersion(paths: readonly string[], root: string, terminal: Terminal, written: string): CandidateFile[] {
  const present = (paths.length > 0 ? paths : ['.']).filter((path) => {
    if (existsSync(resolve(root, path))) return true;
    terminal.stderr(`netpol: ${join(written, path)} does not exist: nothing there in that version\n`);
    return false;
  });
  return present.length > 0 ? collectFiles(present, root, 'diff') : [];
}

/** Removes the temporary folders a diff made (exported commits). */
export function removeTemporary(folders: readonly string[]): void {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
