// Schema errors of an expectations document (NPT010), from the validator compiled at
// build time out of schemas/expectations.schema.json (scripts/generate-schema.mjs), each
// on the exact key or value it is about.
import type { ErrorObject } from 'ajv';
import { makeDiagnostic } from '../diagnosticCodes';
import type { KubeObject } from '../manifests';
import { describeValue } from '../selectors';
import type { EngineDiagnostic, JsonPath } from '../types';
import { isPlainObject, valueAt } from '../values';
import validateExpectations from './generated/expectationsValidator';

/** Schema errors, with the JSON path each is about (so an expectation can claim the ones under it). */
export function schemaErrors(object: KubeObject): { path: JsonPath; diagnostic: EngineDiagnostic }[] {
  validateExpectations(object.value);
  const seen = new Set<string>();
  const out: { path: JsonPath; diagnostic: EngineDiagnostic }[] = [];
  for (const error of validateExpectations.errors ?? []) {
    const found = describe(object, error);
    if (!found) continue;
    const key = `${found.path.join('\u0000')}\u0001${found.diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(found);
  }
  return out;
}

function describe(object: KubeObject, error: ErrorObject): { path: JsonPath; diagnostic: EngineDiagnostic } | undefined {
  const path = toJsonPath(error.instancePath, object.value);
  const where = formatPath(path);
  const at = (subject: JsonPath, message: string, key = false) => {
    const location = object.locate(subject);
    const range = key ? (location.keyRange ?? location.valueRange) : location.valueRange;
    return { path: subject, diagnostic: makeDiagnostic('NPT010', range, message) };
  };
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      return at([...path, field], `unknown field \`${field}\` in \`${where || 'the document'}\``, true);
    }
    case 'type': {
      const types = [error.params.type as string | string[]].flat();
      return at(
        path,
        `\`${where}\` must be ${listOf(types.map(typeWord), 'or')}, not ${describeValue(valueAt(object.value, path))}`,
      );
    }
    case 'required': {
      const field = String(error.params.missingProperty);
      // On the first key of the object that lacks it: a whole list item would be a squiggle over many lines.
      const value = valueAt(object.value, path);
      const first = isPlainObject(value) ? Object.keys(value)[0] : undefined;
      const message = `\`${where || 'the document'}\` needs \`${field}\``;
      const found = first === undefined ? at(path, message, path.length > 0) : at([...path, first], message, true);
      return { ...found, path };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((value) => `"${String(value)}"`);
      return at(path, `\`${where}\` must be ${listOf(allowed, 'or')}, not ${describeValue(valueAt(object.value, path))}`);
    }
    case 'minimum':
    case 'maximum':
      return at(path, `port ${String(valueAt(object.value, path))} is out of range: ports are 1 to 65535`);
    default:
      // scripts/generate-schema.mjs refuses keywords without a message; allOf and $ref report through their parts.
      return undefined;
  }
}

const typeWord = (type: string): string =>
  ({ object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', boolean: 'true or false' })[type] ?? type;

function listOf(items: readonly string[], conjunction: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function toJsonPath(pointer: string, value: unknown): JsonPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(current) ? Number(segment) : segment;
    path.push(step);
    current = valueAt(current, [step]);
  }
  return path;
}

/** `spec.expectations[2].ports[0]`. */
export function formatPath(path: JsonPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
