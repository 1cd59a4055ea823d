// What the API-server rule modules share: where to report, how to find ranges,
// and how to read the decoded value without trusting its shape (the schema
// module reports wrong types; these rules skip them).
import type { KubeObject } from '../manifests';
import type { KubernetesVersion } from '../kubernetesVersion';
import type { EngineDiagnostic, JsonPath, Range, Severity } from '../types';
import { makeDiagnostic } from './codes';

export class RuleContext {
  readonly diagnostics: EngineDiagnostic[] = [];

  constructor(
    private readonly object: KubeObject,
    readonly version: KubernetesVersion,
  ) {}

  report(code: string, range: Range, message: string, severity?: Severity): void {
    this.diagnostics.push(makeDiagnostic(code, range, message, severity));
  }

  /** The value at `path` (or its nearest existing ancestor): where Invalid and Unsupported values are fixed. */
  valueRange(path: JsonPath): Range {
    return this.object.locate(path).valueRange;
  }

  /** The key at `path` when it exists, else the value or nearest ancestor: where Required and Forbidden fields are fixed. */
  keyRange(path: JsonPath): Range {
    const location = this.object.locate(path);
    return location.keyRange ?? location.valueRange;
  }
}

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object field; undefined for null, absent, or the wrong type. */
export const objectAt = (value: unknown): JsonObject | undefined => (isObject(value) ? value : undefined);

/** A list; undefined for null, absent, or the wrong type. */
export const listAt = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/** A list item of struct type: null decodes to the zero value (an empty object) in Go; other wrong types are skipped. */
export const structItem = (value: unknown): JsonObject | undefined => (value === null ? {} : objectAt(value));

/** A string the way Go decodes it into a string field: null and absent are "", wrong types are undefined (skipped). */
export const goString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : undefined;

/** Present in Go's sense: a pointer field that JSON null leaves nil counts as absent. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** An integer that decodes into Go's int32; other numbers fail decoding (the schema module reports them). */
export const isInt32 = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
