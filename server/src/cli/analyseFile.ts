// Files from disk -> their texts (for every command) and their diagnostics (`check`): stat, read bytes, decode, then the engine.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sep } from 'node:path';
import type { ManifestFile } from '../engine/manifests';
import { decodeManifestBytes, fileTooLargeDiagnostic } from '../engine/manifestFiles';
import type { EngineDiagnostic, Range } from '../engine/types';
import { makeDiagnostic } from '../engine/diagnosticCodes';
import { validateManifest, type ValidationOptions } from '../engine/validate';
import { diagnosticsInWorkspace } from '../engine/validate/workspaceChecks';
import type { WorkspaceDiagnosticsSeverity } from '../protocol';
import { Workspace } from '../engine/workspace';
import { describeError, helmChartsOnDisk, type CandidateFile } from './collectFiles';
import type { NotAnalysed } from './notAnalysed';

export interface AnalysisOptions extends ValidationOptions {
  maxFileSize: number;
  /** Namespace of objects that name none and no kustomization places. */
  defaultNamespace: string;
  /** Severity of the findings that need the other files (NP3xxx), or `off`; absent: the catalogue's. */
  workspaceDiagnostics?: WorkspaceDiagnosticsSeverity;
}

export interface FileResult {
  file: CandidateFile;
  diagnostics: EngineDiagnostic[];
  /** Set when the file was not analysed, with why; every output says so. */
  notAnalysed?: NotAnalysed;
}

/** Problems with a file as a whole have no position in it: they point at its start. */
const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** What reading a collected file gave: its text, or why there is none. */
export type ReadResult =
  | { text: string }
  | { unreadable: string }
  | { notRegularFile: 'directory' | 'other' }
  | { tooLarge: number }
  | { notText: string }
  | { danglingSymlink: string };

/** Reads a collected file's text, for `check` and the workspace commands alike. */
export function readManifestFile(file: CandidateFile, maxFileSize: number): ReadResult {
  if (file.error !== undefined) return { unreadable: file.error };
  if (file.danglingTarget !== undefined) return { danglingSymlink: file.danglingTarget };
  let bytes: Buffer;
  try {
    // Size first: a 2 GB file must be refused without being read into memory.
    const stats = statSync(file.absolutePath);
    if (!stats.isFile()) return { notRegularFile: stats.isDirectory() ? 'directory' : 'other' };
    if (stats.size > maxFileSize) return { tooLarge: stats.size };
    bytes = readFileSync(file.absolutePath);
  } catch (error) {
    return { unreadable: describeError(error) };
  }
  const decoded = decodeManifestBytes(bytes);
  return 'notText' in decoded ? { notText: decoded.notText } : { text: decoded.text };
}

/** Why a collected file has no text to analyse. */
export type NotRead = Exclude<ReadResult, { text: string }>;

/** A collected file after reading: in the workspace under `uri`, or left out and why. */
export type WorkspaceRead = { file: CandidateFile; uri: string } | { file: CandidateFile; notRead: NotRead };

/** Reads each collected file into `workspace` (one parse each), in order; files without text are left out, with the reason. */
export function readIntoWorkspace(files: readonly CandidateFile[], workspace: Workspace, maxFileSize: number): WorkspaceRead[] {
  return files.map((file) => {
    const read = readManifestFile(file, maxFileSize);
    if (!('text' in read)) return { file, notRead: read };
    const uri = pathToFileURL(file.absolutePath).href;
    workspace.setFile(uri, read.text);
    return { file, uri };
  });
}

/**
 * Validates each file, then checks it against all of them read as one workspace,
 * as the editor does: selectors are resolved against the workloads of every file
 * given, and Namespace objects and kustomizations apply across them.
 */
export function analyseFiles(
  files: readonly CandidateFile[],
  options: AnalysisOptions,
  /** The workspace to read them into; it may hold stand-ins already (--extra), which get no results. */
  workspace = new Workspace({
    defaultNamespace: options.defaultNamespace,
    parse: { maxFileSize: options.maxFileSize },
    helmCharts: helmChartsOnDisk(files),
  }),
): FileResult[] {
  return analyseRead(readIntoWorkspace(files, workspace, options.maxFileSize), options, workspace);
}

/** Validates files already read into the workspace (`readIntoWorkspace`), once every build they take part in is in it too. */
export function analyseRead(reads: readonly WorkspaceRead[], options: AnalysisOptions, workspace: Workspace): FileResult[] {
  return reads.map((read) => {
    if ('notRead' in read) return notAnalysed(read.file, read.notRead, options.maxFileSize);
    // The workspace parsed the file once; validation reads that same parse (or what a build made of it).
    const manifest = workspace.manifest(read.uri)!;
    if (manifest.template) return { file: read.file, diagnostics: [], notAnalysed: templateReason(read.file, manifest) };
    return { file: read.file, diagnostics: analyseManifest(manifest, options, workspace) };
  });
}

/** A file's findings, its own and those against the workspace: the same for a file given and one a build placed objects in. */
export function analyseManifest(manifest: ManifestFile, options: AnalysisOptions, workspace: Workspace): EngineDiagnostic[] {
  const own = validateManifest(manifest, { kubernetesVersion: options.kubernetesVersion });
  return diagnosticsInWorkspace(own, manifest, workspace, options.workspaceDiagnostics);
}

/** The result of a file that has no text to analyse: why, and a diagnostic at its start unless it is only a dangling link. */
function notAnalysed(file: CandidateFile, read: NotRead, maxFileSize: number): FileResult {
  const unreadable = (detail: string): FileResult => ({
    file,
    diagnostics: [makeDiagnostic('NP0006', START_OF_FILE, `File could not be read: ${detail}`)],
    notAnalysed: { reason: 'unreadable', detail },
  });
  if ('unreadable' in read) return unreadable(read.unreadable);
  if ('notRegularFile' in read)
    return unreadable(
      read.notRegularFile === 'directory' ? 'it is a directory' : 'it is not a regular file (a FIFO, socket or device)',
    );
  // A link left behind by a moved file is not a problem of the manifests: a notice, not an error.
  if ('danglingSymlink' in read)
    return { file, diagnostics: [], notAnalysed: { reason: 'dangling-symlink', target: read.danglingSymlink } };
  if ('tooLarge' in read)
    return {
      file,
      diagnostics: [fileTooLargeDiagnostic(read.tooLarge, maxFileSize, START_OF_FILE)],
      notAnalysed: { reason: 'too-large', size: read.tooLarge, limit: maxFileSize },
    };
  return {
    file,
    diagnostics: [makeDiagnostic('NP0003', START_OF_FILE, `File skipped: ${read.notText}.`)],
    notAnalysed: { reason: 'not-text', detail: read.notText },
  };
}

/** Why a file the workspace read as a template is not analysed. */
export function templateReason(file: CandidateFile, manifest: ManifestFile): NotAnalysed {
  const template = manifest.template!;
  if (template.kind === 'go-template') return { reason: 'go-template', line: template.action.start.line + 1 };
  return { reason: 'helm-template', chart: chartDisplayPath(file.displayPath, manifest.uri, template.chart) };
}

/** The chart folder as the path of a file in it (`uri`) was written: that path without the segments below the chart. */
export function chartDisplayPath(displayPath: string, uri: string, chart: string): string {
  const below = uri.slice(chart.length + 1).split('/').length;
  const segments = displayPath.split(sep);
  return segments.length > below ? segments.slice(0, -below).join(sep) : fileURLToPath(chart);
}
