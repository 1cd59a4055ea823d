// One file from disk -> its text (for every command) and its diagnostics (`check`): stat, read bytes, decode, then the engine.
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeManifestBytes, fileTooLargeDiagnostic, parseManifest } from '../engine/manifests';
import type { EngineDiagnostic, Range } from '../engine/types';
import { makeDiagnostic } from '../engine/validate/codes';
import { validateManifest, type ValidationOptions } from '../engine/validate';
import { describeError, type CandidateFile } from './collectFiles';

export interface AnalysisOptions extends ValidationOptions {
  maxFileSize: number;
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

export function analyseFile(file: CandidateFile, options: AnalysisOptions): FileResult {
  const unreadable = (reason: string): FileResult => ({ file, diagnostics: [makeDiagnostic('NP0006', START_OF_FILE, `File could not be read: ${reason}`)] });
  const read = readManifestFile(file, options.maxFileSize);
  if ('unreadable' in read) return unreadable(read.unreadable);
  if ('notRegularFile' in read) return unreadable(read.notRegularFile === 'directory' ? 'it is a directory' : 'it is not a regular file (a FIFO, socket or device)');
  if ('tooLarge' in read) return { file, diagnostics: [fileTooLargeDiagnostic(read.tooLarge, options.maxFileSize, START_OF_FILE)] };
  if ('notText' in read) {
    return { file, skippedBecause: read.notText, diagnostics: [makeDiagnostic('NP0003', START_OF_FILE, `File skipped: ${read.notText}.`)] };
  }
  const manifest = parseManifest(pathToFileURL(file.absolutePath).href, read.text, { maxFileSize: options.maxFileSize });
  return { file, diagnostics: validateManifest(manifest, { kubernetesVersion: options.kubernetesVersion }) };
}
