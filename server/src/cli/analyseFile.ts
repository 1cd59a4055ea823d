// One file from disk -> its diagnostics. The I/O edge of `check`: stat, read bytes, decode, then the engine.
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

export function analyseFile(file: CandidateFile, options: AnalysisOptions): FileResult {
  const unreadable = (reason: string): FileResult => ({ file, diagnostics: [makeDiagnostic('NP0006', START_OF_FILE, `File could not be read: ${reason}`)] });
  if (file.error !== undefined) return unreadable(file.error);

  let bytes: Buffer;
  try {
    // Size first: a 2 GB file must be refused without being read into memory.
    const stats = statSync(file.absolutePath);
    if (!stats.isFile()) return unreadable(stats.isDirectory() ? 'it is a directory' : 'it is not a regular file (a FIFO, socket or device)');
    if (stats.size > options.maxFileSize) {
      return { file, diagnostics: [fileTooLargeDiagnostic(stats.size, options.maxFileSize, START_OF_FILE)] };
    }
    bytes = readFileSync(file.absolutePath);
  } catch (error) {
    return unreadable(describeError(error));
  }

  const decoded = decodeManifestBytes(bytes);
  if ('notText' in decoded) {
    return { file, skippedBecause: decoded.notText, diagnostics: [makeDiagnostic('NP0003', START_OF_FILE, `File skipped: ${decoded.notText}.`)] };
  }
  const manifest = parseManifest(pathToFileURL(file.absolutePath).href, decoded.text, { maxFileSize: options.maxFileSize });
  return { file, diagnostics: validateManifest(manifest, { kubernetesVersion: options.kubernetesVersion }) };
}
