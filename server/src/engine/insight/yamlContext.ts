// Where the cursor is in YAML that is being typed. Completion runs on text that
// is often not valid YAML yet (`app: `, `matchLabels:` with nothing under it,
// `values: [fr`), where no parsed object exists, so the key path is read from
// the indentation of the lines above: block mappings and sequences, plus flow
// `{...}`/`[...]` on the cursor's line. Anything fancier (anchors, multi-line
// flow collections, block scalars) is not understood and gives `undefined`.
import type { JsonPath, Position, Range } from '../types';

export interface CursorContext {
  /**
   * Path of the node the cursor is typing: for `role: 'key'` the mapping whose
   * key is typed; for `role: 'value'` the key (or sequence index) whose value is typed.
   */
  path: JsonPath;
  role: 'key' | 'value';
  /** The word under the cursor, which a completion replaces. */
  wordRange: Range;
  /** The part of the word before the cursor. */
  prefix: string;
  /** Whether a `:` already follows the word on the line (no need to insert one). */
  colonFollows: boolean;
  /** First line of the YAML document holding the cursor. */
  documentStartLine: number;
}

interface LineShape {
  /** Columns of the `- ` sequence indicators at the start of the line. */
  dashes: number[];
  /** Column of the content after the indentation and dashes. */
  contentColumn: number;
  /** The mapping key, when the content is `key:`. */
  key?: string;
  /** Text after the key's colon, trimmed. */
  rest: string;
  blank: boolean;
}

const WORD = /[A-Za-z0-9._/-]/;

export function cursorContext(text: string, position: Position): CursorContext | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines[position.line];
  if (line === undefined) return undefined;
  let documentStartLine = 0;
  for (let l = position.line; l >= 0; l--) {
    if (/^(---|\.\.\.)(\s|$)/.test(lines[l])) {
      if (l === position.line) return undefined;
      documentStartLine = l + 1;
      break;
    }
  }
  const scanner = new IndentScanner(lines, documentStartLine);
  const before = line.slice(0, position.character);
  let wordStart = position.character;
  while (wordStart > 0 && WORD.test(line[wordStart - 1])) wordStart--;
  let wordEnd = position.character;
  while (wordEnd < line.length && WORD.test(line[wordEnd])) wordEnd++;
  const wordRange: Range = {
    start: { line: position.line, character: wordStart },
    end: { line: position.line, character: wordEnd },
  };
  const prefix = line.slice(wordStart, position.character);
  const colonFollows = /^\s*:/.test(line.slice(wordEnd));
  const base = { wordRange, prefix, colonFollows, documentStartLine };

  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined; // in a comment
  const shape = shapeOf(before);
  // Where the line's content sits: inside the list items its dashes open, or in the mapping above.
  const container = (): JsonPath | undefined =>
    shape.dashes.length > 0
      ? scanner.itemPath(position.line, shape.dashes[0], shape.dashes.length)
      : scanner.mapPath(position.line, shape.contentColumn);
  const keyMatch = /^("[^"]*"|'[^']*'|[^\s#'"{[\]},][^#:]*?)\s*:(?:\s+|$)(.*)$/.exec(before.slice(shape.contentColumn));
  if (!keyMatch) {
    // `- fr` in a block sequence is a value; anything else is a key being typed.
    const path = container();
    if (!path) return undefined;
    const inSequenceItem = shape.dashes.length > 0 && before.slice(shape.contentColumn).trim() === prefix;
    return inSequenceItem ? { ...base, path, role: 'value' } : { ...base, path, role: 'key' };
  }
  const key = unquote(keyMatch[1]);
  const valueText = keyMatch[2];
  const path = container();
  if (!path) return undefined;
  if (/^[{[]/.test(valueText)) {
    const flow = flowPath(valueText);
    return flow && { ...base, path: [...path, key, ...flow.path], role: flow.role };
  }
  if (/[{}[\],]|^["']?.*["'].+/.test(valueText.slice(0, valueText.length - prefix.length))) return undefined;
  return { ...base, path: [...path, key], role: 'value' };
}

/** Path and role inside flow collections opened on the cursor's line: `{app: fr`, `[a, b`, `{matchLabels: {a`. */
function flowPath(text: string): { path: JsonPath; role: 'key' | 'value' } | undefined {
  type Frame = { kind: 'map'; key?: string; afterColon: boolean } | { kind: 'seq'; index: number };
  const frames: Frame[] = [];
  let token = '';
  for (const ch of text) {
    const top = frames[frames.length - 1];
    if (ch === '{' || ch === '[') {
      frames.push(ch === '{' ? { kind: 'map', afterColon: false } : { kind: 'seq', index: 0 });
      token = '';
    } else if (ch === '}' || ch === ']') {
      frames.pop();
      token = '';
    } else if (ch === ',' && top) {
      if (top.kind === 'map') Object.assign(top, { key: undefined, afterColon: false });
      else top.index++;
      token = '';
    } else if (ch === ':' && top?.kind === 'map' && !top.afterColon) {
      Object.assign(top, { key: unquote(token.trim()), afterColon: true });
      token = '';
    } else {
      token += ch;
    }
  }
  if (frames.length === 0) return undefined;
  const path: Array<string | number> = [];
  frames.forEach((frame, i) => {
    const last = i === frames.length - 1;
    if (frame.kind === 'seq') path.push(frame.index);
    else if (!last || frame.afterColon) path.push(frame.key ?? '');
  });
  const top = frames[frames.length - 1];
  return { path, role: top.kind === 'map' && !top.afterColon ? 'key' : 'value' };
}

function shapeOf(text: string): LineShape {
  const dashes: number[] = [];
  let column = 0;
  for (;;) {
    while (text[column] === ' ') column++;
    if (text[column] === '-' && (column + 1 === text.length || text[column + 1] === ' ')) {
      dashes.push(column);
      column++;
    } else break;
  }
  const content = text.slice(column);
  const key = /^("[^"]*"|'[^']*'|[^\s#'"{[\]},][^#:]*?)\s*:(?:\s+|$)(.*)$/.exec(content);
  return {
    dashes,
    contentColumn: column,
    key: key ? unquote(key[1]) : undefined,
    rest: key ? key[2].replace(/\s+#.*$/, '').trim() : content.trim(),
    blank: content.trim() === '' || content.trimStart().startsWith('#'),
  };
}

const unquote = (text: string): string => (/^(["']).*\1$/.test(text) ? text.slice(1, -1) : text);

/** Walks up the lines of one document by indentation. */
class IndentScanner {
  private readonly shapes = new Map<number, LineShape>();

  constructor(
    private readonly lines: readonly string[],
    private readonly firstLine: number,
  ) {}

  /** Path of the mapping that holds content starting at `column` on line `line`. */
  mapPath(line: number, column: number): JsonPath | undefined {
    for (let l = line - 1; l >= this.firstLine; l--) {
      const shape = this.shape(l);
      if (shape.blank) continue;
      if (shape.contentColumn < column) {
        // The parent key (`podSelector:`); anything else less indented means we are lost.
        return shape.key !== undefined && shape.rest === '' ? this.keyPath(l) : undefined;
      }
      // Same column after a dash: the first key of the list item we are in.
      if (shape.contentColumn === column && shape.dashes.length > 0)
        return this.itemPath(l, shape.dashes[0], shape.dashes.length);
    }
    return column === 0 ? [] : undefined;
  }

  /** Path of the key on a line, i.e. its container's path plus the key. */
  private keyPath(line: number): JsonPath | undefined {
    const shape = this.shape(line);
    const container =
      shape.dashes.length > 0
        ? this.itemPath(line, shape.dashes[0], shape.dashes.length)
        : this.mapPath(line, shape.contentColumn);
    return container && [...container, shape.key!];
  }

  /** Path of the innermost list item a line's dashes open (`dashCount` nested `- ` from column `dash`). */
  itemPath(line: number, dash: number, dashCount: number): JsonPath | undefined {
    let index = 0;
    for (let l = line - 1; l >= this.firstLine; l--) {
      const shape = this.shape(l);
      if (shape.blank) continue;
      if (shape.dashes[0] === dash) {
        index++;
        continue;
      }
      const indent = shape.dashes[0] ?? shape.contentColumn;
      if (indent > dash) continue;
      // The key holding the sequence: less indented, or at the same column (a compact sequence).
      if (shape.key !== undefined && shape.rest === '' && shape.contentColumn <= dash) {
        const parent = this.keyPath(l);
        return parent && [...parent, index, ...Array<number>(dashCount - 1).fill(0)];
      }
      return undefined;
    }
    return undefined;
  }

  private shape(line: number): LineShape {
    let shape = this.shapes.get(line);
    if (!shape) {
      shape = shapeOf(this.lines[line].replace(/\s+#.*$/, ''));
      this.shapes.set(line, shape);
    }
    return shape;
  }
}
