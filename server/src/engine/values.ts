// Reading decoded YAML/JSON values without trusting their shape, the way Go decodes
// them into Kubernetes types (null and absent are zero values, wrong types are
// skipped: the schema module reports them). Shared by every layer of the engine.
import type { JsonPath } from './types';

export type JsonObject = Record<string, unknown>;

/** A JSON object (a YAML mapping): not null, not a list. */
export const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object field; undefined for null, absent, or the wrong type. */
export const objectAt = (value: unknown): JsonObject | undefined => (isPlainObject(value) ? value : undefined);

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

/**
 * The value at `path`, or undefined where the path leaves the value. Only own keys
 * count: a label or field named `constructor` is not Object's constructor.
 */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(current) : !isPlainObject(current)) return undefined;
    if (!Object.hasOwn(current as object, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
