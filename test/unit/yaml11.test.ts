import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as YAML from 'yaml';
import { generateSyntheticWorkspace } from '../../bench/syntheticWorkspace';
import { parseManifest } from '../../server/src/engine/manifests';
import { validateManifest } from '../../server/src/engine/validate';
import type { JsonPath } from '../../server/src/engine/types';
import { fastDecodeDocuments, yaml11Tags } from '../../server/src/engine/yaml11';
import { textAt, yaml } from '../helpers';

// The reference decoder: the `yaml` package's YAML 1.1 schema as adjusted to go-yaml v2.
function referenceDecode(text: string): unknown[] | undefined {
  const documents = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: false, customTags: yaml11Tags });
  if (documents.some((document) => document.errors.length > 0)) return undefined;
  return documents.map((document) => document.toJS()).filter((value) => value !== null && value !== undefined);
}

const PLAIN_SCALARS = [
  'yes',
  'Yes',
  'YES',
  'yEs',
  'no',
  'No',
  'NO',
  'y',
  'Y',
  'n',
  'N',
  'on',
  'On',
  'ON',
  'oN',
  'off',
  'Off',
  'OFF',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'False',
  'FALSE',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '',
  '0',
  '-0',
  '+1',
  '12',
  '1_000',
  '0777',
  '0778',
  '089',
  '-012',
  '0b101',
  '0b1_0',
  '-0b11',
  '0x1F',
  '0X1F',
  '0x_f',
  '0o17',
  '1.5',
  '.5',
  '1.',
  '-1.5e3',
  '1e3',
  '1E-2',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '1_0.5',
  '1:20',
  '1:20.5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '80',
  '8080',
  '65536',
  'http',
  'TCP',
  'v1',
  '1.36',
  '10.0.0.0/8',
  '::1',
  'a b',
  'a:b',
  '-',
  '.',
  '+',
  'e3',
  '0x',
  '0b',
  '0O17',
  '0X1F',
  '0B11',
  '0_',
  '0b_',
  '0x_',
  '-0o7',
  '+0X_f',
];

/** The fast decoder either agrees with the reference or declines (undefined), and parseManifest falls back. */
function assertAgrees(text: string): void {
  const reference = referenceDecode(text);
  const fast = fastDecodeDocuments(text);
  if (reference === undefined) {
    assert.equal(fast, undefined, 'text the reference rejects must not be accepted by the fast decoder');
    return;
  }
  if (fast !== undefined)
    assert.deepEqual(
      fast.filter((v) => v !== null),
      reference,
    );
  const manifestText = `apiVersion: v1\nkind: X\n${text}`;
  assert.deepEqual(parseManifest('file:///x.yaml', manifestText).objects[0]?.value, referenceDecode(manifestText)?.[0]);
}

describe('yaml11: the fast decoder reads plain scalars exactly like the reference YAML 1.1 decoder', () => {
  for (const scalar of PLAIN_SCALARS) {
    it(`plain scalar ${JSON.stringify(scalar)} as value, in a list and as key`, () => {
      assertAgrees(`value: ${scalar}\nlist: [${scalar}]\n`);
      // A null key is meaningless in a Kubernetes object and the decoders name it differently ('' / 'null').
      if (!/^(?:~|[Nn]ull|NULL)?$/.test(scalar)) assertAgrees(`${scalar}: key\n`);
    });
  }

  it('reads `e3` and `.` as strings, as go-yaml v2 does (a float needs a digit)', () => {
    const text = 'a: e3\nb: .\nc: 1e3\nd: .5\n';
    assert.deepEqual(fastDecodeDocuments(text), [{ a: 'e3', b: '.', c: 1000, d: 0.5 }]);
    assert.deepEqual(referenceDecode(text), [{ a: 'e3', b: '.', c: 1000, d: 0.5 }]);
  });

  it('reads integers as go-yaml v2 does: `_` removed, then Go strconv.ParseInt base 0 (0b/0o/0x in either case, leading 0 octal)', () => {
    const text = 'a: 0o17\nb: 0O17\nc: 0X1F\nd: 0B11\ne: 0_\nf: 0777\ng: 089\nh: 1_000\ni: -0b11\nj: 0b_\n';
    const expected = [{ a: 15, b: 15, c: 31, d: 3, e: 0, f: 511, g: 89, h: 1000, i: -3, j: '0b_' }];
    assert.deepEqual(fastDecodeDocuments(text), expected);
    assert.deepEqual(referenceDecode(text), expected);
  });

  it('quoted scalars stay strings', () => {
    const text = `a: "yes"\nb: '80'\nc: "0777"\nd: 'null'\n`;
    assert.deepEqual(fastDecodeDocuments(text), [{ a: 'yes', b: '80', c: '0777', d: 'null' }]);
  });

  it('block scalars, flow collections, comments and document markers decode alike', () => {
    const text = yaml`
      # leading comment
      ---
      a: |
        line one
        line two
      b: >-
        folded
        text
      c: {x: [1, 2, {y: on}], z: null}
      ---
      # a comment-only document
      ---
      - 1
      - two
      ...
    `;
    assertAgrees(text);
  });

  it('the whole synthetic benchmark workspace decodes alike', () => {
    for (const text of generateSyntheticWorkspace({ namespaces: 4 }).files.values()) {
      const fast = fastDecodeDocuments(text);
      assert.ok(fast, 'plain manifests take the fast path');
      assert.deepEqual(fast, referenceDecode(text));
    }
  });
});

describe('manifests: the fast path keeps ranges and diagnostics through the lazy full parse', () => {
  it('locates values of objects decoded on the fast path, across empty documents', () => {
    const text =
      '# header\n---\n---\napiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n';
    const file = parseManifest('file:///x.yaml', text);
    assert.deepEqual(
      file.objects.map((o) => [o.kind, o.documentIndex]),
      [
        ['A', 0],
        ['B', 1],
      ],
    );
    assert.equal(textAt(text, file.objects[1].locate(['metadata', 'name']).valueRange), 'b');
    assert.equal(textAt(text, file.objects[0].range), 'apiVersion: v1\nkind: A\nmetadata: {name: a}');
  });

  it('gives top-level objects the same ranges as the syntax tree, without building it (hovers link many workloads)', () => {
    const texts = [...generateSyntheticWorkspace({ namespaces: 3 }).files.values()];
    texts.push(
      '# leading\n\n---\napiVersion: v1\nkind: A\nmetadata: {name: a} # trailing\n...\n---\n  apiVersion: v1\n  kind: B\n  data: |\n    # not a comment\n    line\n',
    );
    for (const text of texts) {
      const lazy = parseManifest('file:///x.yaml', text);
      // A comment with an anchor sign sends the same text to the full parser.
      const full = parseManifest('file:///x.yaml', `${text}\n# &reference\n`);
      assert.deepEqual(
        lazy.objects.map((o) => o.range),
        full.objects.map((o) => o.range),
      );
      assert.equal((lazy as unknown as { full?: unknown }).full, undefined, 'ranges came from the line scan');
    }
  });

  it('locates inside a document by parsing that document alone, at the same positions as the full parse (a hover in a file not parsed yet)', () => {
    const texts = [...generateSyntheticWorkspace({ namespaces: 2 }).files.values()].filter((text) => text.includes('\n---'));
    texts.push(
      '# leading\r\n---\r\napiVersion: v1\r\nkind: A\r\nmetadata: {name: a}\r\n---\r\napiVersion: v1\r\nkind: B\r\nmetadata:\r\n  name: b # why\r\n  labels: {app: "x"}\r\n',
    );
    // The last lines of a block scalar may start with `#`: they are text, not comments.
    texts.push(
      `apiVersion: v1\nkind: A\nmetadata:\n  labels:\n${Array.from({ length: 10 }, (_, i) => `    k${i}: v\n`).join('')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  s: |\n    echo hi\n    # done\n# a comment\n`,
    );
    const paths: JsonPath[] = [[], ['metadata', 'name'], ['metadata', 'labels'], ['spec'], ['kind'], ['data'], ['data', 's']];
    const state = (file: object) => file as unknown as { full?: unknown; documents: Map<number, unknown> };
    for (const text of texts) {
      const full = parseManifest('file:///x.yaml', `${text}\n# &reference\n`);
      const where = (file: ReturnType<typeof parseManifest>, index: number) =>
        paths.map((path) => file.objects[index].locate(path));
      const last = full.objects.length - 1;
      assert.ok(last > 0, 'a file of several documents');
      const lazy = parseManifest('file:///x.yaml', text);
      assert.deepEqual(where(lazy, last), where(full, last));
      assert.equal(state(lazy).full, undefined, 'the file was not parsed whole');
      assert.deepEqual([...state(lazy).documents.keys()], [lazy.objects[last].documentIndex], 'only that document was parsed');
      assert.deepEqual(where(lazy, 0), where(full, 0));
      for (let index = 1; index < last; index++) assert.deepEqual(where(lazy, index), where(full, index));
      // Once the file is parsed whole (its diagnostics), answers come from there, the same.
      assert.deepEqual(lazy.diagnostics, full.diagnostics);
      assert.notEqual(state(lazy).full, undefined);
      assert.deepEqual(where(lazy, last), where(full, last));
    }
  });

  it('parses the whole file when the one document asked for does not come out alone as the fast decoder read it (a duplicate key)', () => {
    const text = 'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nspec:\n  a: 1\n  a: 2\n';
    const file = parseManifest('file:///x.yaml', text);
    assert.equal(textAt(text, file.objects[1].locate(['spec', 'a']).valueRange), '2');
    assert.notEqual((file as unknown as { full?: unknown }).full, undefined);
  });

  it('reports duplicate keys of a fast-path file through its lazily parsed diagnostics', () => {
    const text = 'apiVersion: v1\nkind: A\nspec:\n  a: 1\n  a: 2\n';
    const file = parseManifest('file:///x.yaml', text);
    assert.deepEqual(file.objects[0].value.spec, { a: 2 });
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['NP0005'],
    );
  });

  it('validates no object of a document the full parser refuses, though js-yaml read it (a plain key over 1024 characters, refused by go-yaml too)', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: Bad_Name',
      '  annotations:',
      `    ${'k'.repeat(1100)}: v`,
      'spec: {}',
      '',
    ].join('\n');
    const file = parseManifest('file:///x.yaml', text);
    assert.equal(file.objects.length, 1, 'the fast path read it');
    assert.deepEqual(
      validateManifest(file).map((d) => d.code),
      ['NP0001'],
      'only the syntax error, no findings at 0:0',
    );
    assert.deepEqual(file.objects, []);
  });

  it('decodes texts with anchors, aliases and merge keys with the full parser', () => {
    const text = 'apiVersion: v1\nkind: A\nbase: &b {x: 1}\nspec:\n  <<: *b\n  z: 2\n  y: 3\n';
    // `y` is the boolean true in YAML 1.1, also as a key.
    assert.deepEqual(parseManifest('file:///x.yaml', text).objects[0].value.spec, { x: 1, z: 2, true: 3 });
  });

  it('refuses absurdly deep flow nesting unparsed: both YAML parsers can die of it', () => {
    const file = parseManifest('file:///deep.yaml', '['.repeat(5000));
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['NP0001'],
    );
    assert.match(file.diagnostics[0].message, /nest 5000 levels deep/);
  });
});

describe('manifests: fast and full decoding agree on generated block YAML (seeded)', () => {
  // Kubernetes-shaped YAML: block maps, indentless and indented sequences, empty
  // values and entries, flow collections, comments. Any disagreement is a bug.
  function generate(seed: number): string {
    let state = seed;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    const scalars = [
      'web',
      'yes',
      '80',
      '"80"',
      '0777',
      'e3',
      '1.5',
      '~',
      '',
      'a b',
      "'quoted'",
      'on',
      'TCP',
      '10.0.0.0/8',
      '{}',
      '[]',
      '[a, b]',
      '{k: v}',
    ];
    const lines: string[] = [];
    const emit = (indent: number, depth: number): void => {
      const entries = 1 + random(3);
      const asSequence = depth > 0 && random(3) === 0;
      for (let i = 0; i < entries; i++) {
        const pad = ' '.repeat(indent);
        const comment = random(7) === 0 ? ' # note' : '';
        const nested = depth < 4 && random(3) === 0;
        if (asSequence) {
          if (nested) {
            lines.push(`${pad}- k${random(5)}: ${scalars[random(scalars.length)]}${comment}`);
            if (random(2) === 0) emit(indent + 2, depth + 1);
          } else {
            lines.push(`${pad}- ${scalars[random(scalars.length)]}${comment}`);
          }
        } else if (nested) {
          lines.push(`${pad}key${depth}${i}:${comment}`);
          emit(indent + (random(2) === 0 ? 2 : 0) + (depth === 0 ? 2 : 0), depth + 1);
        } else {
          lines.push(`${pad}key${depth}${i}: ${scalars[random(scalars.length)]}${comment}`);
        }
      }
    };
    emit(0, 0);
    return lines.join('\n') + '\n';
  }

  it('agrees on 500 generated documents', () => {
    let compared = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const text = generate(seed);
      const reference = referenceDecode(text);
      const fast = fastDecodeDocuments(text);
      if (reference === undefined || fast === undefined) continue;
      compared++;
      assert.deepEqual(fast, reference, `seed ${seed}:\n${text}`);
    }
    assert.ok(compared >= 250, `only ${compared} generated documents took the fast path`);
  });

  it('sends an empty sequence entry followed by a less indented one to the full parser', () => {
    const text = 'apiVersion: v1\nkind: X\nspec:\n  ingress:\n  - from:\n    - {}\n    -\n  - from: not-a-list\n';
    assert.deepEqual(parseManifest('file:///x.yaml', text).objects[0].value.spec, {
      ingress: [{ from: [{}, null] }, { from: 'not-a-list' }],
    });
  });
});
