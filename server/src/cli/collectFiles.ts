// Command-line paths -> the files to analyse. Directories are walked for manifests (.yaml, .yml, .json and
// kustomize's `Kustomization`); files named explicitly are taken as they are.
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHART_FILE_NAME } from '../engine/helmCharts';
import { isManifestFileName, isSkippedFolderName } from '../engine/manifestFiles';
import { UsageError } from './usage';

export interface CandidateFile {
  absolutePath: string;
  /** The path as the user wrote it, or joined onto it for files found in a directory: what the output prints. */
  displayPath: string;
  /** Why the file (or the directory it stands for) cannot be listed or inspected, found during the walk. */
  error?: string;
  /** Set for a symbolic link whose target does not exist: the target, as the link holds it. */
  danglingTarget?: string;
}

/**
 * Files under `paths`, in command-line order, each directory's entries sorted by name
 * (code-unit order, not locale: the same on every machine). A file reached twice, by its path or
 * through symbolic links, is listed once (by real path), under the first path that reached it.
 * Symlinked directories are followed unless they lead back into a directory already walked.
 */
export function collectFiles(paths: readonly string[], cwd: string, command: string): CandidateFile[] {
  const files: CandidateFile[] = [];
  const seenFiles = new Set<string>();
  const walkedDirectories = new Set<string>();

  const addFile = (file: CandidateFile) => {
    const real = realPath(file.absolutePath);
    const key = real ?? file.absolutePath;
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    const danglingTarget = real === undefined && file.error === undefined ? danglingLinkTarget(file.absolutePath) : undefined;
    files.push(danglingTarget === undefined ? file : { ...file, danglingTarget });
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

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The target of a symbolic link that leads nowhere (ENOENT); undefined for anything else, a link loop included. */
function danglingLinkTarget(path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
    statSync(path);
    return undefined;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return undefined;
    try {
      return readlinkSync(path);
    } catch {
      return undefined;
    }
  }
}

/**
 * File URIs of the Helm charts whose templates some collected files are: a folder holding
 * Chart.yaml above a `templates` folder on the file's path (helmCharts.ts). Looked up on disk,
 * so a template named without its chart (`netpol check chart/templates`) is known as one too.
 */
export function helmChartsOnDisk(files: readonly CandidateFile[]): string[] {
  const charts = new Set<string>();
  const isChart = new Map<string, boolean>();
  for (const file of files) {
    const segments = file.absolutePath.split(sep);
    for (let i = segments.length - 2; i > 0; i--) {
      if (segments[i] !== 'templates') continue;
      const folder = segments.slice(0, i).join(sep) || sep;
      if (!isChart.has(folder)) isChart.set(folder, existsSync(join(folder, CHART_FILE_NAME)));
      if (isChart.get(folder)) {
        charts.add(pathToFileURL(folder).href);
        break;
      }
    }
  }
  return [...charts];
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
