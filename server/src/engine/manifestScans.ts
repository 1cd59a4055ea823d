// Scans of a manifest's text by lines and characters, without a YAML parser: what
// parseManifest decides before parsing, and what spares it a syntax tree.
import type { Range } from './types';

/** No manifest nests anywhere near this; deeper texts are refused unparsed. */
export const MAX_FLOW_DEPTH = 512;

/** Deepest nesting of flow collections. Brackets inside strings count too: that only errs towards caution. */
export function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if ((ch === 93 /* ] */ || ch === 125) /* } */ && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/**
 * The ranges of a text's non-empty documents, from their first to their last line
 * of content (comments and blank lines aside), split at `---` and `...` lines.
 * Only texts the fast decoder took come here (no tags, anchors or directives); when
 * the count differs from the decoder's, or a marker line carries content, the
 * scan is not trusted (null) and the syntax tree decides.
 */
export function scanDocumentRanges(text: string, expectedCount: number): Range[] | null {
  const lines = text.split(/\r\n|\r|\n/);
  const ranges: Range[] = [];
  let first = -1;
  let last = -1;
  const close = (): void => {
    if (first < 0) return;
    const start = { line: first, character: lines[first].length - lines[first].trimStart().length };
    ranges.push({ start, end: { line: last, character: lines[last].trimEnd().length } });
    first = last = -1;
  };
  for (let line = 0; line < lines.length; line++) {
    const current = lines[line];
    if (DOCUMENT_MARKER_LINE.test(current)) {
      if (!/^(?:---|\.\.\.)[ \t]*(?:#.*)?$/.test(current)) return null;
      close();
      continue;
    }
    if (current.startsWith('%')) return null;
    const trimmed = current.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (first < 0) first = line;
    last = line;
  }
  close();
  return ranges.length === expectedCount ? ranges : null;
}

/** A line that starts or ends a document (`---`, `...`), as the line scan reads them. */
export const DOCUMENT_MARKER_LINE = /^(?:---|\.\.\.)(?:[ \t]|$)/m;

// Go template actions where YAML expects a value or a line (`{{- if .Values.x }}`,
// `name: {{ include "app.name" . }}`): a Helm chart template, not a manifest. It is
// left alone like any other non-manifest text. A quoted "{{ ... }}" string is plain YAML.
const TEMPLATE_ACTION = /(?:^|:[ \t]+|-[ \t]+)\{\{/m;

export const isTemplate = (text: string): boolean => TEMPLATE_ACTION.test(text);
