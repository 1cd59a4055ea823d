import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yaml } from '../helpers';
import { runRules } from './apiServer.helpers';

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';

describe('apiServer: metadata names (M1-M8)', () => {
  it('M1: an empty name without generateName is required, at the name key', () => {
    const run = runRules(`${head}metadata:\n  name: ""\nspec: {}\n`);
    assert.deepEqual(run.found, ['NP1101@name']);
    assert.equal(run.messages[0], 'metadata.name: Required value: name or generateName is required');
  });

  it('M1: without a name key it points at metadata, without metadata at kind', () => {
    assert.deepEqual(runRules(`${head}metadata:\n  labels: {}\nspec: {}\n`).found, ['NP1101@metadata']);
    assert.deepEqual(runRules(`${head}spec: {}\n`).found, ['NP1101@kind']);
  });

  it('M1 does not fire when generateName is set: the server makes the name up', () => {
    assert.deepEqual(runRules(`${head}metadata:\n  generateName: web-\n`).found, []);
  });

  it('M2/M3: the name must be a lowercase RFC 1123 subdomain of at most 253 characters', () => {
    const run = runRules(`${head}metadata:\n  name: Allow_Web\n`);
    assert.deepEqual(run.found, ['NP1102@Allow_Web']);
    assert.match(run.messages[0], /^metadata\.name: Invalid value: "Allow_Web": a lowercase RFC 1123 subdomain must consist of /);
    const long = runRules(`${head}metadata:\n  name: ${'a'.repeat(254)}\n`);
    assert.deepEqual(long.messages, [
      'metadata.name: Invalid value: "' + 'a'.repeat(254) + '": must be no more than 253 characters',
    ]);
  });

  it('M4: generateName is checked with a trailing "-" allowed', () => {
    const run = runRules(`${head}metadata:\n  generateName: Web-\n`);
    assert.deepEqual(run.found, ['NP1102@Web-']);
    assert.match(run.messages[0], /^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  });

  it('M6-M8: the namespace must be an RFC 1123 label', () => {
    assert.deepEqual(runRules(`${head}metadata: {name: a, namespace: shop.prod}\n`).messages, [
      'metadata.namespace: Invalid value: "shop.prod": must not contain dots',
    ]);
    assert.deepEqual(runRules(`${head}metadata: {name: a, namespace: ${'n'.repeat(64)}}\n`).found, [`NP1103@${'n'.repeat(64)}`]);
    const upper = runRules(`${head}metadata: {name: a, namespace: Shop}\n`);
    assert.deepEqual(upper.found, ['NP1103@Shop']);
    assert.match(upper.messages[0], /^metadata\.namespace: Invalid value: "Shop": a lowercase RFC 1123 label must consist of /);
  });

  it('M5 is not checked: a file without namespace lands in the one given at apply time', () => {
    assert.deepEqual(runRules(`${head}metadata: {name: a, namespace: ""}\n`).found, []);
  });

  it('M9 is not checked: the server sets generation itself before validating', () => {
    assert.deepEqual(runRules(`${head}metadata: {name: a, generation: -1}\n`).found, []);
  });
});

describe('apiServer: labels and annotations (M10-M13)', () => {
  it('M10: a bad label key is reported at the key, with the map as the API path', () => {
    const run = runRules(`${head}metadata:\n  name: a\n  labels:\n    "-team": x\n`);
    assert.deepEqual(run.found, ['NP1104@"-team"']);
    assert.match(run.messages[0], /^metadata\.labels: Invalid value: "-team": name part must consist of /);
  });

  it('M11: a bad label value is reported at the value; the length unit depends on the version (§3.2)', () => {
    const text = `${head}metadata:\n  name: a\n  labels:\n    team: ${'x'.repeat(64)}\n`;
    assert.deepEqual(runRules(text).found, [`NP1104@${'x'.repeat(64)}`]);
    assert.equal(
      runRules(text, '1.35').messages[0],
      `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 bytes`,
    );
    assert.equal(
      runRules(text, '1.34').messages[0],
      `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    );
  });

  it('M12: annotation keys are checked lower-cased, so upper case is fine but a bad prefix is not', () => {
    const run = runRules(`${head}metadata:\n  name: a\n  annotations:\n    Example.COM/Owner: x\n    bad_/x: y\n`);
    assert.deepEqual(run.found, ['NP1105@bad_/x']);
    assert.match(run.messages[0], /^metadata\.annotations: Invalid value: "bad_\/x": prefix part a lowercase RFC 1123 subdomain/);
  });

  it('M13: all annotations together at most 262144 bytes, reported at the annotations key', () => {
    const big = 'v'.repeat(262144);
    const run = runRules(`${head}metadata:\n  name: a\n  annotations:\n    k: ${big}\n`);
    assert.deepEqual(run.found, ['NP1105@annotations']);
    assert.equal(run.messages[0], 'metadata.annotations: Too long: may not be more than 262144 bytes');
    assert.equal(
      runRules(`${head}metadata:\n  name: a\n  annotations:\n    k: ${big}\n`, '1.31').messages[0],
      'metadata.annotations: Too long: must have at most 262144 bytes',
    );
    assert.deepEqual(runRules(`${head}metadata:\n  name: a\n  annotations:\n    k: ${'v'.repeat(262143)}\n`).found, []);
  });
});

describe('apiServer: ownerReferences, finalizers, managedFields (M14-M24)', () => {
  it('M14/M15: empty version, kind, name and uid; the API path has no index', () => {
    const text =
      head +
      yaml`
      metadata:
        name: a
        ownerReferences:
        - {apiVersion: apps/, kind: "", name: "", uid: ""}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1106@""', 'NP1106@""', 'NP1106@""', 'NP1106@apps/']);
    assert.deepEqual(run.messages.sort(), [
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
  });

  it('M16: a core v1 Event may not be an owner', () => {
    const text =
      head +
      yaml`
      metadata:
        name: a
        ownerReferences:
        - {apiVersion: v1, kind: Event, name: e, uid: "1"}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1106@{apiVersion: v1, kind: Event, name: e, uid: "1"}']);
    assert.equal(
      run.messages[0],
      'metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}: /v1, Kind=Event is disallowed from being an owner',
    );
  });

  it('M17: only one owner may be the controller', () => {
    const text =
      head +
      yaml`
      metadata:
        name: a
        ownerReferences:
        - {apiVersion: apps/v1, kind: Deployment, name: one, uid: "1", controller: true}
        - {apiVersion: apps/v1, kind: Deployment, name: two, uid: "2", controller: true}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1106@{apiVersion: apps/v1, kind: Deployment, name: two, uid: "2", controller: true}']);
    assert.match(
      run.messages[0],
      /^metadata\.ownerReferences: Invalid value: \[\{"apiVersion":"apps\/v1",.*\]: Only one reference can have Controller set to true\. Found "true" in references for Deployment\/one and Deployment\/two$/,
    );
  });

  it('M18/M20: finalizers must be qualified names, and names without "/" must be standard ones', () => {
    const text =
      head +
      yaml`
      metadata:
        name: a
        finalizers: [kubernetes, example.com/cleanup, custom, "a/b/c"]
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1106@"a/b/c"', 'NP1106@custom']);
    assert.ok(
      run.messages.includes(
        'metadata.finalizers[2]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
      ),
    );
    assert.ok(run.messages.some((m) => m.startsWith('metadata.finalizers: Invalid value: "a/b/c": a valid label key')));
  });

  it('M19: orphan and foregroundDeletion together', () => {
    const run = runRules(`${head}metadata:\n  name: a\n  finalizers: [orphan, foregroundDeletion]\n`);
    assert.deepEqual(run.found, ['NP1106@finalizers']);
    assert.equal(
      run.messages[0],
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    );
  });

  it('M21/M22: operation must be Apply or Update, fieldsType FieldsV1', () => {
    const text =
      head +
      yaml`
      metadata:
        name: a
        managedFields:
        - {manager: kubectl, operation: apply, fieldsType: FieldsV2}
        - {manager: kubectl, operation: Update, fieldsType: FieldsV1}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1106@FieldsV2', 'NP1106@apply']);
    assert.deepEqual(run.messages.sort(), [
      'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
      'metadata.managedFields[0].operation: Invalid value: "apply": must be `Apply` or `Update`',
    ]);
  });

  it('M23/M24: manager at most 128 bytes and printable; subresource at most 256 bytes', () => {
    const text = `${head}metadata:\n  name: a\n  managedFields:\n  - operation: Apply\n    manager: "${'m'.repeat(129)}"\n    subresource: ${'s'.repeat(257)}\n  - operation: Apply\n    manager: "kube\\tctl"\n`;
    const run = runRules(text);
    assert.deepEqual(run.messages.sort(), [
      'metadata.managedFields[0].manager: Too long: may not be more than 128 bytes',
      'metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes',
      'metadata.managedFields[1].manager: Invalid value: "kube\\tctl": invalid character U+0009 (at position 4)',
    ]);
    assert.ok(run.diagnostics.every((d) => d.code === 'NP1106'));
  });
});
