// Text edits on YAML (and JSON) as the user wrote it: the parsed tree gives where a
// node is (KubeObject.locate), the text around it tells whether it is block or flow
// style and how it is indented. Edits touch only the lines of what they fix, so
// comments elsewhere, quoting and the file's indentation stay as written.
import type { SourceText } from '../../sourceText';
import type { Position, Range } from '../../types';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A value as lines of block YAML (no indentation yet) or as one flow text (JSON is flow YAML too). */
export type YamlValue = string | number | YamlValue[] | { [key: string]: YamlValue };

export class YamlText {
  readonly text: string;
  /** The file's line break, so an inserted line matches the others. */
  readonly eol: string;

  constructor(private readonly source: SourceText) {
    this.text = source.text;
    this.eol = this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  offset(position: Position): number {
    return this.source.offsetAt(position);
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.source.rangeOf(start, end), newText };
  }

  lineStart(offset: number): number {
    const at = this.text.lastIndexOf('\n', offset - 1);
    return at < 0 ? 0 : at + 1;
  }

  /** The offset of the line break ending the line (or the text's end). */
  lineEnd(offset: number): number {
    const at = this.text.indexOf('\n', offset);
    const end = at < 0 ? this.text.length : at;
    return end > 0 && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** The start of the next line; the text's end when there is none. */
  nextLineStart(offset: number): number {
    const at = this.text.indexOf('\n', offset);
    return at < 0 ? this.text.length : at + 1;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** Whether only spaces stand between the line's start and `offset`. */
  startsLine(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }

  /** The offset of the nearest character before `offset` that is not white space (line breaks included), or -1. */
  previousSignificant(offset: number): number {
    let at = offset - 1;
    while (at >= 0 && /\s/.test(this.text[at])) at--;
    return at;
  }

  nextSignificant(offset: number): number {
    let at = offset;
    while (at < this.text.length && /\s/.test(this.text[at])) at++;
    return at;
  }

  /** A scalar written again with another value, in the quotes it had. */
  replaceScalar(range: Range, value: string): TextEdit {
    const start = this.offset(range.start);
    const end = this.offset(range.end);
    const quote = this.text[start];
    const newText = quote === '"' ? JSON.stringify(value) : quote === "'" ? `'${value.replaceAll("'", "''")}'` : value;
    return this.edit(start, end, newText);
  }

  /** Whether the node starting at `range` is a flow collection (`[...]`, `{...}`): then so is what goes in it. */
  isFlow(range: Range): boolean {
    const first = this.text[this.offset(range.start)];
    return first === '[' || first === '{';
  }

  /**
   * Removes one item of a sequence: in block style its lines (from the line of its
   * "-"), in flow style the item and one comma beside it.
   */
  removeSequenceItem(item: Range): TextEdit | undefined {
    const start = this.offset(item.start);
    const end = this.offset(item.end);
    const before = this.previousSignificant(start);
    if (before >= 0 && this.text[before] === '-' && this.startsLine(before))
      return this.edit(this.lineStart(before), this.nextLineStart(end), '');
    return this.removeFlowEntry(start, end, before);
  }

  /** Removes `key: value` from a mapping, with its lines in block style. */
  removeMappingEntry(key: Range, value: Range): TextEdit | undefined {
    const start = this.offset(key.start);
    const end = Math.max(this.offset(value.end), this.offset(key.end));
    const before = this.previousSignificant(start);
    if (this.startsLine(start)) return this.edit(this.lineStart(start), this.nextLineStart(end), '');
    if (before >= 0 && this.text[before] === '-') {
      // The first entry of a list item: the next entry of the same mapping moves up behind the "-".
      const next = this.nextSignificant(this.nextLineStart(end));
      if (next >= this.text.length || this.column(next) !== this.column(start) || !this.startsLine(next)) return undefined;
      return this.edit(start, next, '');
    }
    return this.removeFlowEntry(start, end, before);
  }

  private removeFlowEntry(start: number, end: number, before: number): TextEdit | undefined {
    if (before >= 0 && this.text[before] === ',') return this.edit(before, end, '');
    if (before >= 0 && (this.text[before] === '[' || this.text[before] === '{')) {
      const after = this.nextSignificant(end);
      if (this.text[after] === ',') return this.edit(start, this.nextSignificant(after + 1), '');
      return this.edit(start, end, '');
    }
    return undefined;
  }

  /** The "-" of the block sequence item at `itemStart` (its dash or its content), with the spaces before it. */
  private itemPrefix(itemStart: number): { indent: string; dash: number } | undefined {
    const at = this.text[itemStart] === '-' ? itemStart : this.previousSignificant(itemStart);
    if (at < 0 || this.text[at] !== '-' || !this.startsLine(at)) return undefined;
    return { indent: this.text.slice(this.lineStart(at), at), dash: at };
  }

  /**
   * Adds an item to a sequence, first or last. Block items get the indentation of
   * their siblings and `value` as block lines; flow items are written in flow style,
   * quoted like the first item when it is a quoted string (JSON).
   */
  addSequenceItem(sequence: Range, value: YamlValue, where: 'first' | 'last', style = DEFAULT_STYLE): TextEdit | undefined {
    const start = this.offset(sequence.start);
    const end = this.offset(sequence.end);
    if (this.text[start] === '[') {
      const close = this.previousSignificant(end);
      if (this.text[close] !== ']') return undefined;
      const firstItem = this.nextSignificant(start + 1);
      const flow = flowText(value, this.text[firstItem] === '"');
      if (firstItem === close) return this.edit(start + 1, close, flow);
      if (where === 'first') return this.edit(start + 1, firstItem, `${flow}, `);
      return this.edit(this.previousSignificant(close) + 1, this.previousSignificant(close) + 1, `, ${flow}`);
    }
    const prefix = this.itemPrefix(start);
    if (!prefix) return undefined;
    const itemIndent = this.itemContentIndent(prefix.dash);
    const lines = itemLines(value, prefix.indent, itemIndent, style);
    if (where === 'first') return this.edit(this.lineStart(start), this.lineStart(start), lines.join(this.eol) + this.eol);
    const after = this.nextLineStart(end);
    const needsBreak = after === this.text.length && !this.text.endsWith('\n');
    return this.edit(after, after, (needsBreak ? this.eol : '') + lines.join(this.eol) + this.eol);
  }

  /** Items added before or after the sequence item whose content is at `item`: in block style, with its "-" and indentation. */
  addSiblingItem(item: Range, value: YamlValue, where: 'before' | 'after', style = DEFAULT_STYLE): TextEdit | undefined {
    const start = this.offset(item.start);
    const prefix = this.itemPrefix(start);
    if (!prefix) {
      const before = this.previousSignificant(start);
      if (before < 0 || (this.text[before] !== ',' && this.text[before] !== '[')) return undefined;
      const flow = flowText(value, this.text[start] === '"' || this.text[this.nextSignificant(start + 1)] === '"');
      return where === 'before'
        ? this.edit(start, start, `${flow}, `)
        : this.edit(this.offset(item.end), this.offset(item.end), `, ${flow}`);
    }
    const lines = itemLines(value, prefix.indent, this.itemContentIndent(prefix.dash), style);
    if (where === 'before') {
      const at = this.lineStart(prefix.dash);
      return this.edit(at, at, lines.join(this.eol) + this.eol);
    }
    const after = this.nextLineStart(this.offset(item.end));
    const needsBreak = after === this.text.length && !this.text.endsWith('\n');
    return this.edit(after, after, (needsBreak ? this.eol : '') + lines.join(this.eol) + this.eol);
  }

  /** Spaces between a "-" and its item's content ("- " has one). */
  itemContentIndent(dash: number): number {
    const content = this.nextSignificant(dash + 1);
    return this.lineStart(content) === this.lineStart(dash) ? content - dash - 1 : 1;
  }
}

/** How a file indents: `step` spaces per mapping level, a sequence's "-" `sequenceIndent` right of its key (0: indentless). */
export interface IndentStyle {
  step: number;
  sequenceIndent: number;
}

export const DEFAULT_STYLE: IndentStyle = { step: 2, sequenceIndent: 2 };

/**
 * The lines of a block sequence item: `- ` then the value; the keys of a mapping
 * item line up behind the dash, deeper levels indented by `step`.
 */
export function itemLines(value: YamlValue, indent: string, gap = 1, style = DEFAULT_STYLE): string[] {
  const head = `${indent}-${' '.repeat(gap)}`;
  const inner = ' '.repeat(head.length);
  const body = blockLines(value, style);
  return body.map((line, index) => (index === 0 ? head + line : inner + line));
}

/**
 * A value as block YAML lines indented from column 0.
 */
export function blockLines(value: YamlValue, style = DEFAULT_STYLE): string[] {
  if (typeof value !== 'object') return [scalarText(value)];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    return value.flatMap((item) => itemLines(item, '', 1, style));
  }
  return Object.entries(value).flatMap(([key, child]) => {
    if (typeof child !== 'object' || (Array.isArray(child) && child.length === 0)) {
      return [`${key}: ${typeof child === 'object' ? '[]' : scalarText(child)}`];
    }
    const nested = blockLines(child, style);
    const by = Array.isArray(child) ? style.sequenceIndent : style.step;
    return [`${key}:`, ...nested.map((line) => ' '.repeat(by) + line)];
  });
}

/** Flow YAML; with `json`, every string quoted as JSON needs it. */
export function flowText(value: YamlValue, json: boolean): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return json ? JSON.stringify(value) : scalarText(value);
  if (Array.isArray(value)) return `[${value.map((item) => flowText(item, json)).join(', ')}]`;
  const entries = Object.entries(value).map(([key, child]) => `${json ? JSON.stringify(key) : key}: ${flowText(child, json)}`);
  return `{${entries.join(', ')}}`;
}

/** Plain when YAML reads it back as the same string (labels and names are), quoted otherwise. */
function scalarText(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const plain =
    /^[A-Za-z_./][A-Za-z0-9_./-]*$/.test(value) &&
    !/^(y|yes|n|no|true|false|on|off|null|~)$/i.test(value) &&
    !value.includes(': ');
  return plain ? value : JSON.stringify(value);
}
