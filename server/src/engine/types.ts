// One representation per concept, shared by the LSP server and the CLI.

/** 0-based line and UTF-16 character offset, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface EngineDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable code such as NP1302; see diagnosticCodes.ts. */
  code: string;
  message: string;
  /** Other places the message speaks of (the other copy of a duplicate...). */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

/** A path into a JSON value: object keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;
