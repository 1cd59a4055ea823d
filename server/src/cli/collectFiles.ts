// Command-line paths -> the files to analyse. Directories are walked for manifests (.yaml, .yml, .json and
// kustomize's `Kustomization`); files named explicitly are taken as they are.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { isManifestFileName, isSkippedFolderName } from '../engine/manifestFiles';
import { UsageError } from './usage';

export interface CandidateFile {
  absolutePath: string;
  /** The path as the user wrote it, or joined onto it for files found in a directory: what the output prints. */
  displayPath: string;
  /** Why the file (or the directory it stands for) cannot be listed or inspected, found during the walk. */
  error?: string;
}

/**
 * Files under `paths`, in command-line order, each directory's entries sorted by name
 * (code-unit order, not locale: the same on every machine). A file reached twice is listed once.
 * Symlinked directories are followed unless they lead back into a directory already walked.
 */
export function collectFiles(paths: readonly string[], cwd: string, command: string): CandidateFile[] {
  const files: CandidateFile[] = [];
  const seenFiles = new Set<string>();
  const walkedDirectories = new Set<string>();

  const addFile = (file: CandidateFile) => {
    if (seenFiles.has(file.absolutePath)) return;
    seenFiles.add(file.absolutePath);
    files.push(file);
  };

  const walk = (absolutePath: string, displayPath: string) => {
    let entries;
    try {
      const real = realpathSync(absolutePath);
      if (walkedDirectories.has(real)) return;
      walkedDirectories.add(real);
      entries = readdirSync(absolutePath, { withFileTypes: true });
    } catch (error) {
      addFile({ absolutePath, displayPath, error: describeError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbsolute = join(absolutePath, entry.name);
      const childDisplay = join(displayPath, entry.name);
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && followsToDirectory(childAbsolute));
      if (isDirectory) {
        if (!isSkippedFolderName(entry.name)) walk(childAbsolute, childDisplay);
      } else if (isManifestFileName(entry.name)) {
        addFile({ absolutePath: childAbsolute, displayPath: childDisplay });
      }
    }
  };

  for (const path of paths) {
    const absolutePath = resolve(cwd, path);
    const displayPath = isAbsolute(path) ? normalize(path) : join(path);
    const stats = statEntry(absolutePath, path, command);
    if (stats?.isDirectory()) walk(absolutePath, displayPath);
    else addFile({ absolutePath, displayPath });
  }
  return files;
}

/**
 * Stats of what a command-line path points to; undefined when the path exists but cannot be
 * followed (a dangling or looping symlink), which the reader then reports for that file.
 */
function statEntry(absolutePath: string, path: string, command: string): Stats | undefined {
  try {
    lstatSync(absolutePath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR')
      throw new UsageError(`${path}: no such file or directory`, command);
    return undefined;
  }
  try {
    return statSync(absolutePath);
  } catch {
    return undefined;
  }
}

function followsToDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
