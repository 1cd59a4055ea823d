// Scans of a manifest's text by lines, characters or YAML tokens, without a syntax
// tree: what parseManifest decides before parsing, and what spares it a syntax tree.
import { Lexer } from 'yaml';
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

/** A `{{` that may stand where YAML reads structure: the lexer decides (below). */
const POSSIBLE_ACTION = /(?:^|[\s[{,])\{\{/m;
/** The lexer's control tokens (document start, flow error end, scalar start): they stand for no source text. */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Offset of the first Go template action (`{{`) that YAML reads as structure: two
 * flow mappings opening at once (`name: {{ .Values.name }}`, `{{- if .Values.x }}`).
 * Such a text is a template, not a manifest: kubectl cannot read it, either as a
 * syntax error or, where the YAML parses, because a mapping is a mapping key, which
 * go-yaml v2 under sigs.k8s.io/yaml refuses ("yaml: invalid map key:
 * map[interface {}]interface {}{".Values.name":interface {}(nil)}", decode.go).
 * `{{ ... }}` inside a quoted or block scalar, or inside a plain one
 * (`image: repo/{{ .Values.tag }}`), is text: rendered output carrying Grafana or
 * Prometheus templates in ConfigMaps is data and is analysed.
 */
export function goTemplateActionOffset(text: string): number | undefined {
  if (!POSSIBLE_ACTION.test(text)) return undefined;
  let offset = 0;
  let previous = '';
  for (const token of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(token)) continue;
    if (token === '{' && previous === '{') return offset - 1;
    previous = token;
    offset += token.length;
  }
  return undefined;
}
