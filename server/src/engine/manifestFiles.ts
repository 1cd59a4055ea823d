// Which files are manifests, how their bytes become text, and how large they may be:
// shared by the server's workspace scan and the CLI's walk, which read the bytes.
import { makeDiagnostic } from './diagnosticCodes';
import type { EngineDiagnostic, Range } from './types';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** NP0002, for the engine's own check and for callers that refuse a file before reading it. */
export function fileTooLargeDiagnostic(size: number, limit: number, range: Range): EngineDiagnostic {
  return makeDiagnostic(
    'NP0002',
    range,
    `File not analysed: ${size} bytes is more than the limit of ${limit} (setting netpol.maxFileSize, CLI --max-file-size).`,
  );
}

/**
 * Decodes file bytes as kubectl does (cli-runtime reads files through a BOM-aware
 * decoder): UTF-8, or UTF-16 with a byte-order mark. Binary and other files are not
 * manifests: the caller skips them with a notice.
 */
export function decodeManifestBytes(bytes: Uint8Array): { text: string } | { notText: string } {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) return { notText: 'binary file (contains NUL bytes)' };
  try {
    // TextDecoder drops the byte-order mark itself (ignoreBOM is false by default).
    return { text: new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { notText: utf16 ? `not valid ${utf16.toUpperCase()} text` : 'not UTF-8 text' };
  }
}

/** Size of a text in UTF-8 bytes, the unit of netpol.maxFileSize; stops counting past `limit`. */
export function utf8Length(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
/** kustomize also reads a file named exactly `Kustomization` (case-sensitive, no extension). */
const KUSTOMIZE_EXTENSIONLESS_NAME = /(?:^|\/)Kustomization$/;

/** Which files the workspace scan and the CLI's directory walk read: `.yaml`, `.yml`, `.json` (any case), and `Kustomization`. */
export const isManifestFileName = (nameOrPath: string): boolean =>
  MANIFEST_EXTENSION.test(nameOrPath) || KUSTOMIZE_EXTENSIONLESS_NAME.test(nameOrPath);

const SKIPPED_FOLDER_NAMES = new Set(['node_modules', '.git']);
/** Folders the workspace scan and the CLI's directory walk never enter: they do not hold the project's manifests, and are often huge. */
export const isSkippedFolderName = (name: string): boolean => SKIPPED_FOLDER_NAMES.has(name);
