// metadata.* rules M1-M24 of kubernetes-validation-rules.md, as checked on create.
//
// Not checked here, on purpose:
// - M5 (namespace empty): the namespace of a file comes from the command line.
// - M9 (negative generation): the NetworkPolicy strategy sets generation to 1 on
//   create and keeps the stored one on update, before validation runs, so a
//   value in a file never reaches this check.
// - §6 update-only rules.
import { invalid, required, tooLong } from './fieldErrors';
import {
  byteLength,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  generateNameErrors,
  labelValueErrors,
  qualifiedNameErrors,
} from './names';
import type { JsonPath } from '../types';
import { goString, listAt, objectAt, structItem, type JsonObject } from '../values';
import type { RuleContext } from './ruleContext';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const FIELD_MANAGER_MAX_LENGTH = 128;
const SUBRESOURCE_MAX_LENGTH = 256;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateObjectMeta(object: JsonObject, context: RuleContext): void {
  // A missing or null metadata decodes as an empty ObjectMeta; another type fails decoding.
  const metadata = object.metadata === undefined || object.metadata === null ? {} : objectAt(object.metadata);
  if (!metadata) return;
  // Without metadata, M1 points at the object's `kind`, the closest thing to a name.
  validateNames(metadata, context, 'metadata' in object ? ['metadata'] : ['kind']);
  validateLabels(metadata, context);
  validateAnnotations(metadata, context);
  validateOwnerReferences(metadata, context);
  validateFinalizers(metadata, context);
  validateManagedFields(metadata, context);
}

function validateNames(metadata: JsonObject, context: RuleContext, home: JsonPath): void {
  const name = goString(metadata.name);
  const generateName = goString(metadata.generateName);
  if (generateName) {
    // M4
    for (const message of generateNameErrors(generateName)) {
      context.report(
        'NP1102',
        context.valueRange(['metadata', 'generateName']),
        invalid(['metadata', 'generateName'], generateName, message),
      );
    }
  }
  if (name === '' && !generateName) {
    // M1; with generateName the server makes the name up before validating.
    const where = 'name' in metadata ? ['metadata', 'name'] : home;
    context.report('NP1101', context.keyRange(where), required(['metadata', 'name'], 'name or generateName is required'));
  } else if (name) {
    // M2, M3
    for (const message of dns1123SubdomainErrors(name)) {
      context.report('NP1102', context.valueRange(['metadata', 'name']), invalid(['metadata', 'name'], name, message));
    }
  }
  const namespace = goString(metadata.namespace);
  if (namespace) {
    // M6-M8
    for (const message of dns1123LabelErrors(namespace)) {
      context.report(
        'NP1103',
        context.valueRange(['metadata', 'namespace']),
        invalid(['metadata', 'namespace'], namespace, message),
      );
    }
  }
}

function validateLabels(metadata: JsonObject, context: RuleContext): void {
  const labels = objectAt(metadata.labels);
  if (!labels) return;
  const path = ['metadata', 'labels'];
  for (const [key, value] of Object.entries(labels)) {
    // M10: the API path is the map; the range is the key to fix.
    for (const message of qualifiedNameErrors(key, context.version)) {
      context.report('NP1104', context.keyRange([...path, key]), invalid(path, key, message));
    }
    // M11
    if (typeof value !== 'string') continue;
    for (const message of labelValueErrors(value, context.version)) {
      context.report('NP1104', context.valueRange([...path, key]), invalid(path, value, message));
    }
  }
}

function validateAnnotations(metadata: JsonObject, context: RuleContext): void {
  const annotations = objectAt(metadata.annotations);
  if (!annotations) return;
  const path = ['metadata', 'annotations'];
  let totalSize = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // M12: case does not matter in annotation keys.
    for (const message of qualifiedNameErrors(key.toLowerCase(), context.version)) {
      context.report('NP1105', context.keyRange([...path, key]), invalid(path, key, message));
    }
    totalSize += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT) {
    // M13
    context.report('NP1105', context.keyRange(path), tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT, context.version));
  }
}

/** Go's JSON of a metav1.OwnerReference, for messages that print the reference. */
function ownerReferenceJson(reference: JsonObject): Record<string, unknown> {
  const json: Record<string, unknown> = {
    apiVersion: goString(reference.apiVersion) ?? '',
    kind: goString(reference.kind) ?? '',
    name: goString(reference.name) ?? '',
    uid: goString(reference.uid) ?? '',
  };
  if (typeof reference.controller === 'boolean') json.controller = reference.controller;
  if (typeof reference.blockOwnerDeletion === 'boolean') json.blockOwnerDeletion = reference.blockOwnerDeletion;
  return json;
}

/** schema.ParseGroupVersion: "v1" is the core group; more than one "/" is unparsable (empty version). */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: '', version: '' };
}

function validateOwnerReferences(metadata: JsonObject, context: RuleContext): void {
  const references = listAt(metadata.ownerReferences);
  if (!references) return;
  // The API paths carry no index, but the ranges point at the entry.
  const path = ['metadata', 'ownerReferences'];
  let firstController: string | undefined;
  references.forEach((item, index) => {
    const reference = structItem(item);
    if (!reference) return;
    const at = [...path, index];
    const apiVersion = goString(reference.apiVersion);
    const kind = goString(reference.kind);
    if (apiVersion !== undefined && splitApiVersion(apiVersion).version === '') {
      context.report(
        'NP1106',
        context.valueRange([...at, 'apiVersion']),
        invalid([...path, 'apiVersion'], apiVersion, 'version must not be empty'),
      ); // M14
    }
    for (const field of ['kind', 'name', 'uid'] as const) {
      const value = goString(reference[field]);
      if (value === '')
        context.report('NP1106', context.valueRange([...at, field]), invalid([...path, field], value, 'must not be empty')); // M15
    }
    if (apiVersion !== undefined && kind !== undefined) {
      const { group, version } = splitApiVersion(apiVersion);
      if (group === '' && version === 'v1' && kind === 'Event') {
        // M16
        context.report(
          'NP1106',
          context.valueRange(at),
          invalid(path, ownerReferenceJson(reference), '/v1, Kind=Event is disallowed from being an owner'),
        );
      }
    }
    if (reference.controller === true) {
      const controller = `${kind ?? ''}/${goString(reference.name) ?? ''}`;
      if (firstController === undefined) {
        firstController = controller;
      } else {
        // M17
        const all = references.map((r) => ownerReferenceJson(structItem(r) ?? {}));
        context.report(
          'NP1106',
          context.valueRange(at),
          invalid(
            path,
            all,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${controller}`,
          ),
        );
      }
    }
  });
}

function validateFinalizers(metadata: JsonObject, context: RuleContext): void {
  const finalizers = listAt(metadata.finalizers);
  if (!finalizers) return;
  const path = ['metadata', 'finalizers'];
  const names: string[] = [];
  finalizers.forEach((item, index) => {
    const finalizer = goString(item);
    if (finalizer === undefined) return;
    names.push(finalizer);
    // M18: the API path is the list.
    for (const message of qualifiedNameErrors(finalizer, context.version)) {
      context.report('NP1106', context.valueRange([...path, index]), invalid(path, finalizer, message));
    }
    // M20
    if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
      context.report(
        'NP1106',
        context.valueRange([...path, index]),
        invalid([...path, index], finalizer, 'name is neither a standard finalizer name nor is it fully qualified'),
      );
    }
  });
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    // M19
    context.report(
      'NP1106',
      context.keyRange(path),
      invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const isPrintable = (character: string): boolean => character === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character);

function validateManagedFields(metadata: JsonObject, context: RuleContext): void {
  const entries = listAt(metadata.managedFields);
  if (!entries) return;
  entries.forEach((item, index) => {
    const entry = structItem(item);
    if (!entry) return;
    const at = ['metadata', 'managedFields', index];
    const operation = goString(entry.operation);
    if (operation !== undefined && operation !== 'Apply' && operation !== 'Update') {
      context.report(
        'NP1106',
        context.valueRange([...at, 'operation']),
        invalid([...at, 'operation'], operation, 'must be `Apply` or `Update`'),
      ); // M21
    }
    const fieldsType = goString(entry.fieldsType);
    if (fieldsType && fieldsType !== 'FieldsV1') {
      context.report(
        'NP1106',
        context.valueRange([...at, 'fieldsType']),
        invalid([...at, 'fieldsType'], fieldsType, 'must be `FieldsV1`'),
      ); // M22
    }
    const manager = goString(entry.manager);
    if (manager) {
      // M23
      if (byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
        context.report(
          'NP1106',
          context.valueRange([...at, 'manager']),
          tooLong([...at, 'manager'], FIELD_MANAGER_MAX_LENGTH, context.version),
        );
      }
      let bytePosition = 0;
      for (const character of manager) {
        if (!isPrintable(character)) {
          const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
          context.report(
            'NP1106',
            context.valueRange([...at, 'manager']),
            invalid([...at, 'manager'], manager, `invalid character ${codePoint} (at position ${bytePosition})`),
          );
        }
        bytePosition += byteLength(character);
      }
    }
    const subresource = goString(entry.subresource);
    if (subresource && byteLength(subresource) > SUBRESOURCE_MAX_LENGTH) {
      context.report(
        'NP1106',
        context.valueRange([...at, 'subresource']),
        tooLong([...at, 'subresource'], SUBRESOURCE_MAX_LENGTH, context.version),
      ); // M24
    }
  });
}
