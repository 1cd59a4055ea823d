import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeManifestBytes, isManifestFileName } from '../../server/src/engine/manifestFiles';
import { parseManifest } from '../../server/src/engine/manifests';
import { manifest, summarize, textAt, yaml } from '../helpers';

describe('manifests: reading YAML the way kubectl does', () => {
  it('decodes YAML 1.1 booleans: unquoted yes/no/on/off/y/n are not strings (kubectl uses go-yaml v2)', () => {
    const file = manifest(yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: x}
      data: {a: yes, b: no, c: on, d: off, e: y, f: n, g: "yes"}
    `);
    assert.deepEqual(file.objects[0].value.data, { a: true, b: false, c: true, d: false, e: true, f: false, g: 'yes' });
  });

  it('reads a quoted number as a string and 0777 as octal, and has no sexagesimal numbers', () => {
    const value = manifest('apiVersion: v1\nkind: X\nspec: {a: "80", b: 0777, c: 1:20, d: 2001-12-14}\n').objects[0].value;
    assert.deepEqual(value.spec, { a: '80', b: 511, c: '1:20', d: '2001-12-14' });
  });

  it('reads `matchLabels:` with no value as null', () => {
    const value = manifest('apiVersion: v1\nkind: X\nspec:\n  matchLabels:\n').objects[0].value;
    assert.deepEqual(value.spec, { matchLabels: null });
  });

  it('finds every object of a multi-document file and ignores non-Kubernetes documents', () => {
    const file = manifest('apiVersion: v1\nkind: A\n---\njust: config\n---\n---\napiVersion: v1\nkind: B\n');
    assert.deepEqual(
      file.objects.map((o) => [o.kind, o.documentIndex]),
      [
        ['A', 0],
        ['B', 2],
      ],
      'empty documents are not counted',
    );
    assert.deepEqual(file.diagnostics, []);
  });

  it('expands `kind: List` items and typed lists whose items omit apiVersion/kind', () => {
    const file = manifest(yaml`
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
      - not-an-object
      - {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}
      ---
      apiVersion: v1
      kind: PodList
      items:
      - metadata: {name: p}
    `);
    assert.deepEqual(
      file.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.itemIndex}`),
      ['v1 Namespace 0', 'apps/v1 Deployment 2', 'v1 Pod 0'],
    );
    assert.equal(textAt(file.source.text, file.objects[1].range), '{apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}');
  });

  it('reads JSON manifests with the same parser', () => {
    const file = manifest('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}', 'file:///ns.json');
    assert.equal(file.objects[0].kind, 'Namespace');
    assert.equal(textAt(file.source.text, file.objects[0].locate(['metadata', 'name']).valueRange), '"shop"');
  });

  it('locates keys and values of a path, and falls back to the nearest ancestor for a missing one', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      spec:
        ingress:
        - ports:
          - port: 80
    `;
    const object = manifest(text).objects[0];
    const found = object.locate(['spec', 'ingress', 0, 'ports', 0, 'port']);
    assert.equal(found.exact, true);
    assert.equal(textAt(text, found.valueRange), '80');
    assert.equal(textAt(text, found.keyRange!), 'port');
    const missing = object.locate(['spec', 'ingress', 0, 'ports', 0, 'protocol']);
    assert.equal(missing.exact, false);
    assert.equal(textAt(text, missing.valueRange), 'port: 80');
  });

  it('keeps the last of duplicate keys, like kubectl, and warns on the ignored one (NP0005)', () => {
    const text = 'apiVersion: v1\nkind: X\nspec:\n  port: 80\n  port: 81\n';
    const file = manifest(text);
    assert.deepEqual(file.objects[0].value.spec, { port: 81 });
    assert.equal(textAt(text, file.objects[0].locate(['spec', 'port']).valueRange), '81');
    assert.deepEqual(summarize(text, file.diagnostics), ['NP0005@port']);
  });
});

describe('manifests: bad input', () => {
  it('reports one syntax error at its position and still reads the other documents', () => {
    const text = 'apiVersion: v1\nkind: A\n---\nkey: [1\n  bad: : :\n---\napiVersion: v1\nkind: B\n';
    const file = parseManifest('file:///x.yaml', text);
    assert.deepEqual(
      file.objects.map((o) => o.kind),
      ['A', 'B'],
    );
    assert.equal(file.diagnostics.length, 1);
    assert.equal(file.diagnostics[0].code, 'NP0001');
    assert.equal(file.diagnostics[0].range.start.line, 3, 'the unclosed [ on line 4');
  });

  it('refuses an alias bomb without expanding it (NP0004)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const file = parseManifest('file:///bomb.yaml', `apiVersion: v1\nkind: ConfigMap\n${levels.join('\n')}\n`);
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['NP0004'],
    );
    assert.deepEqual(file.objects, []);
  });

  it('reports an alias with no anchor as a YAML syntax error (NP0001) on the alias, as go-yaml does ("unknown anchor"), not as an alias bomb', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web, namespace: a}
      spec:
        podSelector:
          matchLabels: *nosuch
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: still-read}
    `;
    const file = manifest(text);
    assert.deepEqual(summarize(text, file.diagnostics), ['NP0001@*nosuch']);
    assert.match(file.diagnostics[0].message, /unknown anchor 'nosuch' referenced/);
    assert.deepEqual(
      file.objects.map((o) => o.kind),
      ['ConfigMap'],
      'the other documents are still read',
    );
  });

  it('refuses files above the size limit (NP0002) and parses nothing', () => {
    const file = parseManifest('file:///big.yaml', 'apiVersion: v1\nkind: A\n' + '#'.repeat(2000), { maxFileSize: 1024 });
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.severity]),
      [['NP0002', 'warning']],
    );
    assert.deepEqual(file.objects, []);
  });

  it('says plainly when block nesting is deeper than the parser can follow', () => {
    let deep = 'apiVersion: v1\nkind: A\nx:\n';
    for (let i = 1; i <= 3000; i++) deep += `${' '.repeat(i)}k:\n`;
    const file = parseManifest('file:///deep.yaml', deep);
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['NP0001'],
    );
    assert.match(file.diagnostics[0].message, /nests deeper than this analyser can follow/);
  });

  it('survives absurd nesting with a diagnostic instead of a crash', () => {
    const file = parseManifest('file:///deep.yaml', '['.repeat(100000));
    assert.equal(file.diagnostics[0].code, 'NP0001');
  });

  it('reads UTF-16 files with a byte-order mark, as kubectl does (cli-runtime decodes files BOM-aware)', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\n';
    assert.deepEqual(
      decodeManifestBytes(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))),
      { text },
    );
    const bigEndian = Buffer.from(text, 'utf16le').swap16();
    assert.deepEqual(decodeManifestBytes(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))), { text });
    assert.deepEqual(decodeManifestBytes(new Uint8Array([0xff, 0xfe, 0x00, 0xd8])), { notText: 'not valid UTF-16LE text' });
  });

  it('counts the size limit in UTF-8 bytes, like the files on disk', () => {
    const text = 'apiVersion: v1\nkind: A\nnote: ' + 'é'.repeat(600) + '\n';
    const file = parseManifest('file:///big.yaml', text, { maxFileSize: 1024 });
    assert.equal(text.length < 1024, true);
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['NP0002'],
    );
    assert.match(file.diagnostics[0].message, new RegExp(`${Buffer.byteLength(text)} bytes`));
  });

  it("names the files the workspace scan and the CLI read: .yaml, .yml, .json in any case, and kustomize's Kustomization", () => {
    assert.deepEqual(['a.yaml', 'b.YML', 'dir/c.json', 'Kustomization', 'apps/Kustomization'].map(isManifestFileName), [
      true,
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual(['kustomization', 'a.yaml.tmpl', 'README.md', 'MyKustomization'].map(isManifestFileName), [
      false,
      false,
      false,
      false,
    ]);
  });

  it('tells binary and non-UTF-8 bytes from text, and drops a UTF-8 BOM', () => {
    assert.deepEqual(decodeManifestBytes(new Uint8Array([0x61, 0x00, 0x62])), { notText: 'binary file (contains NUL bytes)' });
    assert.deepEqual(decodeManifestBytes(new Uint8Array([0x61, 0xff, 0x62])), { notText: 'not UTF-8 text' });
    assert.deepEqual(decodeManifestBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { text: 'a' });
  });
});
