// Schema validation: unknown fields (NP1001), wrong types and integers that do not
// fit their Go type (NP1002), and enum values (NP1701), as kube-apiserver's strict
// decoding rejects them before any field validation (kubernetes-validation-rules.md §2, §8).
// Values of the right type that are still invalid are the API-server rules' business.
//
// The validator is compiled from schemas/networkpolicy.schema.json at build time
// (scripts/generate-schema.mjs), so nothing is compiled at runtime.
import type { ErrorObject } from 'ajv';
import schemaDocument from '../../../../schemas/networkpolicy.schema.json';
import { atLeast, formatKubernetesVersion, type KubernetesVersion } from '../kubernetesVersion';
import type { KubeObject } from '../manifests';
import type { EngineDiagnostic, JsonPath, Range } from '../types';
import { valueAt } from '../values';
import { makeDiagnostic } from '../diagnosticCodes';
import validateAgainstSchema from './generated/networkPolicyValidator';
import type { ValidationOptions } from './options';

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  enum?: unknown[];
}

const rootSchema = schemaDocument as SchemaNode;

export function validateSchema(policy: KubeObject, options: ValidationOptions): EngineDiagnostic[] {
  const version = options.kubernetesVersion;
  const diagnostics: EngineDiagnostic[] = [];
  const versioned = versionedFieldsIn(policy.value, version);

  validateAgainstSchema(policy.value);
  for (const error of validateAgainstSchema.errors ?? []) {
    const path = toJsonPath(error.instancePath, policy.value);
    // An unknown field's error sits on its parent; it is the field that a release may know.
    const subject = error.keyword === 'additionalProperties' ? [...path, String(error.params.additionalProperty)] : path;
    if (versioned.silenced.some((prefix) => startsWith(subject, prefix))) continue;
    switch (error.keyword) {
      case 'additionalProperties': {
        const allowed = Object.keys(schemaAt(error.schemaPath, 1)?.properties ?? {});
        diagnostics.push(unknownField(policy, subject, allowed, versioned.notes.get(formatPath(subject))));
        break;
      }
      case 'type': {
        // ajv keeps no data in its errors unless verbose, which would bloat the compiled code.
        const data = valueAt(policy.value, path);
        const name = path[path.length - 1];
        // A required field written without value decodes as "", like an absent one (see 'required').
        if (data === null && typeof name === 'string' && schemaAt(error.schemaPath, 3)?.required?.includes(name)) break;
        diagnostics.push(wrongType(policy, path, typesOf(error), data));
        break;
      }
      case 'required':
        // Every required field of the schema is a string (the generator checks it) that Go
        // decodes as "" when absent, so the API server's own rule rejects it with its own
        // message: M14/M15 (ownerReferences), S5/S6 (matchExpressions), B1 (ipBlock.cidr).
        break;
      case 'minimum':
      case 'maximum': {
        // The generator's bounds of Go's int32/int64: past them decoding fails with HTTP 400 (rules §2 "Decoding").
        const width = Math.abs(Number(error.params.limit)) <= 2 ** 31 ? 'int32' : 'int64';
        const bound =
          error.keyword === 'maximum' ? `at most ${goIntegerRange[width].max}` : `at least ${goIntegerRange[width].min}`;
        const data = valueAt(policy.value, path);
        diagnostics.push(
          makeDiagnostic(
            'NP1002',
            policy.locate(path).valueRange,
            `${quote(formatPath(path))} must fit ${width} (${bound}), not ${String(data)}: the API server cannot decode it`,
          ),
        );
        break;
      }
      case 'enum': {
        // The schema's only enums are apiVersion and kind: a version that is not served.
        const allowed = listOf(
          (error.params.allowedValues as unknown[]).map((value) => quote(String(value))),
          'or',
        );
        diagnostics.push(
          makeDiagnostic('NP1701', policy.locate(path).valueRange, `${quote(formatPath(path))} must be ${allowed}`),
        );
        break;
      }
      // The generator refuses schemas with any other keyword, so there is nothing else to map.
    }
  }
  diagnostics.push(...versioned.unknown.map((path) => unknownField(policy, path, [], versioned.notes.get(formatPath(path)))));
  return onePerLocation(diagnostics);
}

// ---- Fields whose existence depends on the Kubernetes release ----------------

/** A path pattern: a key, one of several keys, or `*` for every index of a list. */
type PathPattern = ReadonlyArray<string | readonly string[]>;

interface FieldHistory {
  name: string;
  /** The objects the field belongs to. */
  parent: PathPattern;
  /** First release that has the field. */
  since: KubernetesVersion;
  /** First release without it again, for fields the 1.36 schema no longer has. */
  removedIn?: KubernetesVersion;
  note: string;
}

const fieldHistory: FieldHistory[] = [
  {
    // Alpha in 1.21 and beta in 1.22 behind the NetworkPolicyEndPort gate: the field
    // exists (a disabled gate drops it silently, it is not an unknown field); GA in 1.25.
    name: 'endPort',
    parent: ['spec', ['ingress', 'egress'], '*', 'ports', '*'],
    since: { major: 1, minor: 21 },
    note: 'port ranges (`endPort`) came in Kubernetes 1.21',
  },
  {
    // NetworkPolicyStatus was an alpha field from 1.24 and was removed in 1.28.
    name: 'status',
    parent: [],
    since: { major: 1, minor: 24 },
    removedIn: { major: 1, minor: 28 },
    note: 'NetworkPolicy had a `status` only in Kubernetes 1.24 to 1.27',
  },
];

interface VersionedFields {
  /** Paths the target release does not know although the 1.36 schema does. */
  unknown: JsonPath[];
  /** Paths whose schema errors do not apply to the target release. */
  silenced: JsonPath[];
  /** Extra words for unknown-field messages, by formatted path. */
  notes: Map<string, string>;
}

function versionedFieldsIn(value: unknown, version: KubernetesVersion): VersionedFields {
  const result: VersionedFields = { unknown: [], silenced: [], notes: new Map() };
  for (const field of fieldHistory) {
    const existed =
      atLeast(version, field.since.major, field.since.minor) &&
      !(field.removedIn && atLeast(version, field.removedIn.major, field.removedIn.minor));
    forEachMatch(value, field.parent, [], (object, path) => {
      if (!Object.hasOwn(object, field.name)) return;
      const fieldPath = [...path, field.name];
      if (existed) {
        if (field.removedIn) result.silenced.push(fieldPath);
        return;
      }
      result.notes.set(formatPath(fieldPath), `${field.note}, and the target is ${formatKubernetesVersion(version)}`);
      if (!field.removedIn) {
        result.unknown.push(fieldPath);
        result.silenced.push(fieldPath);
      }
    });
  }
  return result;
}

/** Calls `visit` for each object the pattern reaches; follows only the pattern, not the whole tree. */
function forEachMatch(
  value: unknown,
  pattern: PathPattern,
  path: JsonPath,
  visit: (object: Record<string, unknown>, path: JsonPath) => void,
): void {
  if (typeof value !== 'object' || value === null) return;
  if (pattern.length === 0) {
    if (!Array.isArray(value)) visit(value as Record<string, unknown>, path);
    return;
  }
  const [step, ...rest] = pattern;
  if (step === '*') {
    if (Array.isArray(value)) value.forEach((item, index) => forEachMatch(item, rest, [...path, index], visit));
    return;
  }
  if (Array.isArray(value)) return;
  for (const key of typeof step === 'string' ? [step] : step) {
    if (Object.hasOwn(value, key)) forEachMatch((value as Record<string, unknown>)[key], rest, [...path, key], visit);
  }
}

// ---- Messages ----------------------------------------------------------------

/** Written out, because 2^63-1 is not a JavaScript number. */
const goIntegerRange = {
  int32: { min: '-2147483648', max: '2147483647' },
  int64: { min: '-9223372036854775808', max: '9223372036854775807' },
};

function unknownField(
  policy: KubeObject,
  path: JsonPath,
  allowed: readonly string[],
  note: string | undefined,
): EngineDiagnostic {
  const name = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  const where = policy.locate(path);
  const suggestion = closestName(name, allowed);
  const message =
    `unknown field ${quote(name)} ${parent.length > 0 ? `in ${quote(formatPath(parent))}` : 'at the top level'}` +
    (suggestion ? `, did you mean ${quote(suggestion)}?` : '') +
    (note ? ` (${note})` : '');
  return makeDiagnostic('NP1001', where.keyRange ?? where.valueRange, message);
}

function wrongType(policy: KubeObject, path: JsonPath, types: string[], data: unknown): EngineDiagnostic {
  const expected = describeExpected(path, types);
  // Quoted, .inf or .nan would be no valid port name or label value either.
  const hint =
    types.includes('string') && (Number.isFinite(data) || typeof data === 'boolean') ? ' (put the value in quotes)' : '';
  return makeDiagnostic(
    'NP1002',
    policy.locate(path).valueRange,
    `${quote(formatPath(path))} must be ${expected}, not ${describeValue(data)}${hint}`,
  );
}

/** What a field is, for type errors, by field name: the schema's types alone say only "object". */
const objectMeanings: Record<string, string> = {
  podSelector: 'a label selector',
  namespaceSelector: 'a label selector',
  ipBlock: 'an IP block with `cidr`',
  matchLabels: 'a map of label names to values',
  labels: 'a map of label names to values',
  annotations: 'a map of names to values',
  ingress: 'an ingress rule',
  egress: 'an egress rule',
  from: 'a peer',
  to: 'a peer',
  ports: 'a port with `port` and `protocol`',
  matchExpressions: 'a requirement with `key` and `operator`',
};

function describeExpected(path: JsonPath, types: readonly string[]): string {
  const wanted = types.filter((type) => type !== 'null');
  const field = lastKey(path);
  if (wanted.includes('string') && wanted.includes('integer')) {
    return field === 'port' ? 'an integer 1-65535 or a port name' : 'an integer or a string';
  }
  switch (wanted[0]) {
    case 'object': {
      const meaning = field === undefined ? undefined : objectMeanings[field];
      return meaning ? `an object (${meaning})` : 'an object';
    }
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    default:
      return 'a string';
  }
}

function describeValue(data: unknown): string {
  if (data === null) return 'empty';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'an object';
  if (typeof data === 'number') {
    // YAML's .inf and .nan, and literals like 1e400 that overflow to .inf: no Go number holds them.
    if (!Number.isFinite(data)) return `${Number.isNaN(data) ? '.nan' : data > 0 ? '.inf' : '-.inf'} (not a finite integer)`;
    return Number.isInteger(data) ? 'a number' : 'a fractional number';
  }
  if (typeof data === 'boolean') return `a boolean (${data})`;
  return 'a string';
}

const quote = (text: string): string => `\`${text}\``;

/** `a`, `b` and `c` */
function listOf(items: readonly string[], conjunction = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** kubectl's notation: spec.ingress[0].from[1].ipBlock; keys that are not identifiers in brackets. */
export function formatPath(path: JsonPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) return `[${segment}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/** The last key of a path with the indexes after it: `ipBlock`, `matchExpressions[0]`. */

function lastKey(path: JsonPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

// ---- Suggestions -------------------------------------------------------------

/** The allowed name the unknown one was most likely meant to be: same letters ignoring case, or a typo away. */
export function closestName(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const tolerance = lower.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= tolerance && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, substitute, swap two neighbours) from a to b. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two back): hovers rank hundreds of names per answer.
  let before = new Int32Array(b.length + 1);
  let previous = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

// ---- ajv plumbing ------------------------------------------------------------

/** An ajv instancePath (JSON pointer) as a path, with array indexes as numbers. */
function toJsonPath(pointer: string, root: unknown): JsonPath {
  const path: Array<string | number> = [];
  let current = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = unescapePointer(raw);
    const segment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current =
      typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

/** The schema node an ajv schemaPath points into, `up` segments higher; undefined past a leaf. */
function schemaAt(schemaPath: string, up: number): SchemaNode | undefined {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).slice(0, -up);
  let node: unknown = rootSchema;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(segment)];
  }
  return node as SchemaNode | undefined;
}

const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function typesOf(error: ErrorObject): string[] {
  const type = error.params.type as string | string[];
  return Array.isArray(type) ? type : type.split(',');
}

function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => segment === path[index]);
}

/** ajv can reach one place by several schema routes; the user needs to hear about it once. */
function onePerLocation(diagnostics: EngineDiagnostic[]): EngineDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${diagnostic.code} ${rangeKey(diagnostic.range)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const rangeKey = (range: Range): string =>
  `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
