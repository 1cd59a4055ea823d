// Files from disk -> their texts (for every command) and their diagnostics (`check`): stat, read bytes, decode, then the engine.
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeManifestBytes, fileTooLargeDiagnostic } from '../engine/manifestFiles';
import type { EngineDiagnostic, Range } from '../engine/types';
import { makeDiagnostic } from '../engine/diagnosticCodes';
import { validateManifest, type ValidationOptions } from '../engine/validate';
import { diagnosticsInWorkspace } from '../engine/validate/workspaceChecks';
import type { WorkspaceDiagnosticsSeverity } from '../protocol';
import { Workspace } from '../engine/workspace';
import { describeError, type CandidateFile } from './collectFiles';

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
  /** Set when the file was not analysed because it is not text; the caller tells the user. */
  skippedBecause?: string;
}

/** Problems with a file as a whole have no position in it: they point at its start. */
const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** What reading a collected file gave: its text, or why there is none. */
export type ReadResult =
  | { text: string }
  | { unreadable: string }
  | { notRegularFile: 'directory' | 'other' }
  | { tooLarge: number }
  | { notText: string };

/** Reads a collected file's text, for `check` and the workspace commands alike. */
export function readManifestFile(file: CandidateFile, maxFileSize: number): ReadResult {
  if (file.error !== undefined) return { unreadable: file.error };
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
  workspace = new Workspace({ defaultNamespace: options.defaultNamespace, parse: { maxFileSize: options.maxFileSize } }),
): FileResult[] {
  return readIntoWorkspace(files, workspace, options.maxFileSize).map((read) => {
    if ('notRead' in read) return notAnalysed(read.file, read.notRead, options.maxFileSize);
    // The workspace parsed the file once; validation reads that same parse.
    const manifest = workspace.manifest(read.uri)!;
    const own = validateManifest(manifest, { kubernetesVersion: options.kubernetesVersion });
    return { file: read.file, diagnostics: diagnosticsInWorkspace(own, manifest, workspace, options.workspaceDiagnostics) };
  });
}

/** The result of a file that has no text to analyse: one diagnostic at its start saying why. */
function notAnalysed(file: CandidateFile, read: NotRead, maxFileSize: number): FileResult {
  const unreadable = (reason: string): FileResult => ({
    file,
    diagnostics: [makeDiagnostic('NP0006', START_OF_FILE, `File could not be read: ${reason}`)],
  });
  if ('unreadable' in read) return unreadable(read.unreadable);
  if ('notRegularFile' in read)
    return unreadable(
      read.notRegularFile === 'directory' ? 'it is a directory' : 'it is not a regular file (a FIFO, socket or device)',
    );
  if ('tooLarge' in read) return { file, diagnostics: [fileTooLargeDiagnostic(read.tooLarge, maxFileSize, START_OF_FILE)] };
  return {
    file,
    skippedBecause: read.notText,
    diagnostics: [makeDiagnostic('NP0003', START_OF_FILE, `File skipped: ${read.notText}.`)],
  };
}
