// NetworkPolicies written in a file but not read from it: a document with a YAML
// syntax error or an alias with no anchor has no object, and a file over the size
// limit is not parsed at all. Analyses must still name them, or a policy that exists
// in the repository vanishes from every answer without a word.
import { DOCUMENT_MARKER_LINE } from './manifestScans';
import type { ManifestFile } from './manifests';
import type { EngineDiagnostic, Range } from './types';

/** A NetworkPolicy document that could not be read, with the name its text shows, if any. */
export interface UnreadablePolicy {
  uri: string;
  /** The document's `kind: NetworkPolicy` line. */
  range: Range;
  /** `metadata.name` as the text shows it; undefined when no name can be seen. */
  name?: string;
  /** `metadata.namespace` as the text shows it. */
  namespace?: string;
  /** Why it was not read: the diagnostic that stopped it. */
  reason: string;
}

/** A top-level `kind: NetworkPolicy` line: a document of its own, not an item of a List. */
const POLICY_KIND_LINE = /^kind:[ \t]*(["']?)NetworkPolicy\1[ \t]*(?:#.*)?$/;
/** Diagnostics that keep a document, or the whole file, from being read. */
export const STOPPING_CODES: ReadonlySet<string> = new Set(['NP0001', 'NP0002', 'NP0004']);

/**
 * The NetworkPolicy documents of a file that yielded no object. Cheap for the usual
 * file: only when the text has more policy `kind` lines than the file has policies
 * are the diagnostics asked for (which may parse the file in full).
 */
export function unreadablePolicies(manifest: ManifestFile): UnreadablePolicy[] {
  // Most files hold no policy at all: spare them the line split.
  if (!manifest.source.text.includes('NetworkPolicy')) return [];
  const lines = manifest.source.text.split(/\r\n|\r|\n/);
  const written = lines.flatMap((line, index) => (POLICY_KIND_LINE.test(line) ? [index] : []));
  if (written.length === 0) return [];
  const read = manifest.objects.filter((object) => object.kind === 'NetworkPolicy' && object.itemIndex === undefined);
  if (read.length >= written.length) return [];
  const stopping = manifest.diagnostics.filter((d) => STOPPING_CODES.has(d.code));
  const unreadable: UnreadablePolicy[] = [];
  for (const kindLine of written) {
    const { first, last } = documentAround(lines, kindLine);
    if (read.some((object) => object.range.start.line >= first && object.range.start.line <= last)) continue;
    const cause = stopping.find((d) => d.range.start.line >= first && d.range.start.line <= last) ?? stopping.find(isWholeFile);
    const body = lines.slice(first, last + 1).join('\n');
    unreadable.push({
      uri: manifest.uri,
      range: { start: { line: kindLine, character: 0 }, end: { line: kindLine, character: lines[kindLine].length } },
      ...textField(body, 'name'),
      ...textField(body, 'namespace'),
      reason: cause ? `${cause.code} at line ${cause.range.start.line + 1}: ${cause.message}` : 'the document could not be read',
    });
  }
  return unreadable;
}

/** The first and last line of the document holding `line`, between `---`/`...` markers. */
function documentAround(lines: readonly string[], line: number): { first: number; last: number } {
  const marker = new RegExp(DOCUMENT_MARKER_LINE.source);
  let first = line;
  while (first > 0 && !marker.test(lines[first - 1])) first--;
  let last = line;
  while (last + 1 < lines.length && !marker.test(lines[last + 1])) last++;
  return { first, last };
}

const isWholeFile = (d: EngineDiagnostic): boolean => d.code === 'NP0002' || d.range.start.line === 0;

/**
 * A metadata field as the text shows it, block (`  name: web`, at the indentation of
 * metadata's first field) or flow (`metadata: {name: web}`): a guess for naming,
 * never for analysis.
 */
function textField(body: string, field: 'name' | 'namespace'): { name?: string; namespace?: string } {
  const value = /^[-a-z0-9.]+/;
  const flow = new RegExp(`^metadata:[ \\t]*\\{[^}\\n]*\\b${field}:[ \\t]*["']?([-a-z0-9.]+)`, 'm').exec(body);
  if (flow) return { [field]: flow[1] };
  const block = /^metadata:[ \t]*(?:#.*)?\n((?:[ \t]+.*(?:\n|$))+)/m.exec(body);
  if (!block) return {};
  const indent = /^[ \t]+/.exec(block[1])?.[0] ?? '';
  for (const line of block[1].split('\n')) {
    if (!line.startsWith(`${indent}${field}:`)) continue;
    const found = value.exec(
      line
        .slice(indent.length + field.length + 1)
        .trim()
        .replace(/^["']/, ''),
    );
    return found ? { [field]: found[0] } : {};
  }
  return {};
}
