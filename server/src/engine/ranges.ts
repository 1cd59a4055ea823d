// Questions about engine ranges (0-based line, UTF-16 character, as LSP's).
import type { Position, Range } from './types';

/** Inclusive of the end, so a cursor right after a word is still on it. */
export function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}

/** Reading order of ranges: by start line, then start character. */
export function compareRangeStarts(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

/**
 * `locate`, run when first called and then kept. Ranges come from locating a value in
 * its file, which parses the file with positions: answering reachability for valid
 * policies needs none, and on a large workspace that parse is most of the time and
 * memory. Objects read it through a getter written in their literal
 * (`get range() { return range(); }`), which keeps their shape fast.
 */
export function locateOnce<T>(locate: () => T): () => T {
  let located = false;
  let value: T;
  return () => {
    if (!located) [value, located] = [locate(), true];
    return value;
  };
}
