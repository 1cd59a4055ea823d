// The one place where the CLI turns engine ranges (0-based, like LSP) into the 1-based positions people and CI tools read.
// Columns stay in UTF-16 code units, as in the engine (SARIF says so with columnKind "utf16CodeUnits").
import type { Range } from '../../engine/types';

export interface OneBasedRegion {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(range: Range): OneBasedRegion {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
