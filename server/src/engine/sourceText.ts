import type { Position, Range } from './types';

/**
 * Converts string offsets into 0-based line/character positions. `firstLine` places a
 * text cut from a file at a line start (one YAML document) at its lines in that file.
 */
export class SourceText {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    private readonly firstLine = 0,
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      } else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Lines of the text (a cut text's lines only). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + this.firstLine, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    const line = position.line - this.firstLine;
    if (line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, line)];
    return Math.min(start + (line < 0 ? 0 : position.character), this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
