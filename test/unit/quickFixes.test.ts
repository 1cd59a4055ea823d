// Quick fixes on shapes other than the README's: flow style and JSON, indentless
// sequences, comments, CRLF, the workspace's DNS workload and label near misses.
// Each edit must keep the rest of the text as written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixAllEdits, quickFixes, type QuickFix } from '../../server/src/engine/insight/quickFixes';
import { validateManifest } from '../../server/src/engine/validate';
import { checkFileAgainstWorkspace, diagnosticsInWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace } from '../builders';
import { applyEdits } from './quickFixes.helpers';

function setUp(text: string, uri = 'file:///work/policy.yaml') {
  const workspace = new Workspace();
  workspace.setFile(uri, text);
  const file = workspace.manifest(uri)!;
  const findings = () => [...validateManifest(file), ...checkFileAgainstWorkspace(file, workspace)];
  return { workspace, file, findings };
}

function fixesFor(text: string, code: string, uri?: string): QuickFix[] {
  const { workspace, file, findings } = setUp(text, uri);
  const diagnostic = findings().find((d) => d.code === code);
  assert.ok(diagnostic, `${code} in ${JSON.stringify(findings().map((d) => d.code))}`);
  return quickFixes(file, diagnostic, workspace);
}

const codesOf = (text: string, uri?: string): string[] =>
  setUp(text, uri)
    .findings()
    .map((d) => d.code);

/** Applies the fix titled `title` (its start) and checks the finding is gone. */
function applied(text: string, code: string, title: string, uri?: string): string {
  const fixes = fixesFor(text, code, uri);
  const chosen = fixes.find((f) => f.title.startsWith(title));
  assert.ok(chosen, `no "${title}" among ${JSON.stringify(fixes.map((f) => f.title))}`);
  const fixed = applyEdits(text, chosen.edits);
  assert.ok(!codesOf(fixed, uri).includes(code), `${code} still there in:\n${fixed}`);
  return fixed;
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('quick fixes: flow style and JSON', () => {
  it('NP2006 and NP2001 in a flow list', () => {
    const text = lines(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Egress, Egress]',
      '  ingress: [{from: [{podSelector: {}}]}]',
      '  egress: [{}]',
    );
    assert.match(applied(text, 'NP2006', 'Remove the duplicate policyType'), /policyTypes: \[Egress\]\n/);
    assert.match(applied(text, 'NP2001', 'Add Ingress to policyTypes'), /policyTypes: \[Ingress, Egress, Egress\]\n/);
    assert.doesNotMatch(applied(text, 'NP2001', 'Remove the ingress rules'), /ingress/);
  });

  it('NP2003, NP2005, NP2004 in a JSON file stay JSON', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { team: 'infra' } } },
                { podSelector: { matchLabels: { app: 'prom' } } },
              ],
              ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }],
            },
          ],
        },
      },
      null,
      2,
    );
    const uri = 'file:///work/policy.json';
    for (const [code, title] of [
      ['NP2003', 'Remove the duplicate port entry'],
      ['NP2005', 'Allow DNS egress'],
      ['NP2004', 'Combine into one peer'],
      ['NP2004', 'Keep two peers'],
    ]) {
      const fixed = applied(json, code, title, uri);
      assert.doesNotThrow(() => JSON.parse(fixed), `${code} ${title} leaves JSON:\n${fixed}`);
    }
    const dns = JSON.parse(applied(json, 'NP2005', 'Allow DNS egress', uri)) as { spec: { egress: unknown } };
    assert.deepEqual(dns.spec.egress, [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  it('NP2010 in a flow list of ports: UDP before the TCP entry', () => {
    const text = lines(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  podSelector: {matchLabels: {app: web}}',
      '  policyTypes: [Egress]',
      '  egress: [{ports: [{port: 53}]}]',
    );
    assert.match(applied(text, 'NP2010', 'Allow DNS over UDP'), /ports: \[\{protocol: UDP, port: 53\}, \{port: 53\}\]/);
  });
});

describe('quick fixes: the indentation and comments of the file', () => {
  const indentless = lines(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '    name: deny',
    '    namespace: shop',
    'spec:',
    '    podSelector: {}',
    '    # both directions',
    '    policyTypes:',
    '    - Ingress',
    '    - Egress',
  );

  it('NP2005 writes the rule with 4-space steps and indentless lists, as the file does', () => {
    assert.equal(
      applied(indentless, 'NP2005', 'Allow DNS egress'),
      indentless +
        lines(
          '    egress:',
          '    - to:',
          '      - namespaceSelector:',
          '            matchLabels:',
          '                kubernetes.io/metadata.name: kube-system',
          '        podSelector:',
          '            matchLabels:',
          '                k8s-app: kube-dns',
          '      ports:',
          '      - protocol: UDP',
          '        port: 53',
          '      - protocol: TCP',
          '        port: 53',
        ),
    );
  });

  it('keeps comments and CRLF line breaks: a removed line takes only its own text', () => {
    const text = lines(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes:',
      '    - Egress # the first',
      '    # repeated below',
      '    - Egress # the repeat',
      '  ingress:',
      '    - from:',
      '        - ipBlock:',
      '            cidr: "010.0.0.0/8" # the office',
    ).replace(/\n/g, '\r\n');
    const fixed = applied(text, 'NP2006', 'Remove the duplicate policyType');
    assert.equal(fixed, text.replace('    - Egress # the repeat\r\n', ''));
    assert.equal(
      applied(text, 'NP1503', 'Change to the canonical network'),
      text.replace('"010.0.0.0/8" # the office', '"10.0.0.0/8" # the office'),
    );
    assert.ok(!fixed.replace(/\r\n/g, '').includes('\n'), 'only CRLF line breaks');
    const dns = applied(text, 'NP2005', 'Allow DNS egress');
    assert.ok(!dns.replace(/\r\n/g, '').includes('\n'), 'the added rule has CRLF line breaks too');
  });

  it('NP2005 appends a rule to egress rules that allow no DNS, and turns `egress: []` into a list', () => {
    const withRules = lines(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: deny, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Egress]',
      '  egress:',
      '  - to: [{podSelector: {matchLabels: {app: db}}}]',
      '    ports: [{port: 5432}]',
    );
    const fixed = applied(withRules, 'NP2005', 'Allow DNS egress');
    assert.ok(fixed.startsWith(withRules), 'the existing rule stays as written');
    assert.match(fixed.slice(withRules.length), /^ {2}- to:\n {4}- namespaceSelector:\n/);
    const emptyList = withRules.replace(/ {2}egress:\n[\s\S]*$/, '  egress: []\n');
    assert.match(applied(emptyList, 'NP2005', 'Allow DNS egress'), / {2}egress:\n {4}- to:\n/);
  });
});

describe('quick fixes that read the workspace', () => {
  const policyText = (spec: string[]) =>
    lines('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: web, namespace: shop}', 'spec:', ...spec);

  it('NP2005 allows DNS to the DNS workload the workspace declares, with its namespace and naming label', () => {
    const text = documents(
      deployment('dns/coredns', { 'app.kubernetes.io/name': 'coredns', tier: 'dns' }, ['53/UDP', '53/TCP']),
      policyText(['  podSelector: {}', '  policyTypes: [Egress]']),
    );
    const fixed = applied(text, 'NP2005', 'Allow DNS egress: UDP and TCP 53 to app.kubernetes.io/name=coredns pods in dns');
    assert.match(
      fixed,
      /kubernetes\.io\/metadata\.name: dns\n\s+podSelector:\n\s+matchLabels:\n\s+app\.kubernetes\.io\/name: coredns\n/,
    );
  });

  it("NP3002: a podSelector label one letter off the workloads' is corrected; two close values are offered, not preferred", () => {
    const peer = (app: string) => [
      '  podSelector: {matchLabels: {app: web}}',
      '  ingress:',
      '  - from:',
      `    - podSelector: {matchLabels: {app: ${app}}}`,
    ];
    const one = documents(
      deployment('shop/web', { app: 'web' }),
      deployment('shop/frontend', { app: 'frontend' }),
      policyText(peer('frontent')),
    );
    const fixes = fixesFor(one, 'NP3002');
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [['Use app=frontend (workloads have it)', true]],
    );
    assert.match(applied(one, 'NP3002', 'Use app=frontend'), /podSelector: \{matchLabels: \{app: frontend\}\}\}?\n$/);
    const two = documents(
      deployment('shop/web', { app: 'web' }),
      deployment('shop/api-a', { app: 'api-a' }),
      deployment('shop/api-b', { app: 'api-b' }),
      policyText(peer('api-c')),
    );
    assert.deepEqual(
      fixesFor(two, 'NP3002').map((f) => f.preferred),
      [false],
    );
  });

  it('NP3002: a podSelector whose pods are in another namespace gets the namespaceSelector it forgot', () => {
    const text = documents(
      deployment('shop/web', { app: 'web' }),
      deployment('monitoring/prometheus', { app: 'prometheus' }),
      policyText([
        '  podSelector: {matchLabels: {app: web}}',
        '  ingress:',
        '    - from:',
        '        - podSelector:',
        '            matchLabels:',
        '              app: prometheus',
      ]),
    );
    assert.deepEqual(
      fixesFor(text, 'NP3002').map((f) => [f.title, f.preferred]),
      [['Select pods app=prometheus in namespace monitoring (add a namespaceSelector)', true]],
    );
    assert.ok(
      applied(text, 'NP3002', 'Select pods app=prometheus in namespace monitoring').endsWith(
        lines(
          '        - namespaceSelector:',
          '            matchLabels:',
          '              kubernetes.io/metadata.name: monitoring',
          '          podSelector:',
          '            matchLabels:',
          '              app: prometheus',
        ),
      ),
    );
  });

  it('NP3004: a namespace label key no namespace has becomes the close key namespaces use', () => {
    const text = documents(
      namespace('monitoring', { team: 'infra' }),
      namespace('shop'),
      deployment('shop/web', { app: 'web' }),
      deployment('monitoring/prom', { app: 'prom' }),
      policyText([
        '  podSelector: {matchLabels: {app: web}}',
        '  ingress:',
        '  - from:',
        '    - namespaceSelector: {matchLabels: {tema: infra}}',
      ]),
    );
    const codes = codesOf(text);
    assert.ok(codes.includes('NP3004'), JSON.stringify(codes));
    assert.match(applied(text, 'NP3004', 'Use the label key team'), /namespaceSelector: \{matchLabels: \{team: infra\}\}/);
  });
});

describe('quick fixes: choices and refusals', () => {
  const base = (spec: string[]) =>
    lines('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: web, namespace: shop}', 'spec:', ...spec);

  it('NP1504 offers the network (preferred, safe) and the single address', () => {
    const text = base([
      '  podSelector: {}',
      '  policyTypes: [Egress]',
      '  egress:',
      '  - to:',
      '    - ipBlock: {cidr: 10.0.0.1/8}',
    ]);
    assert.deepEqual(
      fixesFor(text, 'NP1504').map((f) => [f.title, f.preferred, f.safe]),
      [
        ['Change to the canonical network 10.0.0.0/8', true, true],
        ['Change to the single address 10.0.0.1/32 (allows less than today)', false, false],
      ],
    );
    assert.match(applied(text, 'NP1504', 'Change to the single address'), /cidr: 10\.0\.0\.1\/32/);
  });

  it("NP2004 keeps the two peers apart by writing out the podSelector's namespace", () => {
    const text = base([
      '  podSelector: {}',
      '  ingress:',
      '    - from:',
      '        - namespaceSelector:',
      '            matchLabels:',
      '              team: infra',
      '        - podSelector:',
      '            matchLabels:',
      '              app: prom',
    ]);
    const [apart, combined] = fixesFor(text, 'NP2004');
    assert.equal(apart.title, 'Keep two peers (OR): any pod in namespaces team=infra, or pods app=prom in shop');
    assert.equal(combined.title, 'Combine into one peer (AND): only pods app=prom in namespaces team=infra');
    assert.ok(
      applied(text, 'NP2004', 'Keep two peers').endsWith(
        lines(
          '        - namespaceSelector:',
          '            matchLabels:',
          '              kubernetes.io/metadata.name: shop',
          '          podSelector:',
          '            matchLabels:',
          '              app: prom',
        ),
      ),
    );
  });

  it('NP1301 changes a protocol in the wrong case; one that resembles none gets no fix', () => {
    const text = base(['  podSelector: {}', '  policyTypes: [Ingress]', '  ingress: [{ports: [{protocol: tcp, port: 80}]}]']);
    assert.match(applied(text, 'NP1301', 'Change to TCP'), /\{protocol: TCP, port: 80\}/);
    assert.deepEqual(fixesFor(text.replace('tcp', 'HTTP'), 'NP1301'), []);
  });

  it('NP1001 offers no rename onto a field that is there already', () => {
    const text = base(['  podSelector: {}', '  podSelectr: {}', '  policyTypes: [Ingress]']);
    assert.deepEqual(fixesFor(text, 'NP1001'), []);
  });

  it('NP1204 removes values that come first in their expression', () => {
    const text = base([
      '  podSelector:',
      '    matchExpressions:',
      '      - values: [web]',
      '        key: app',
      '        operator: Exists',
      '  policyTypes: [Ingress]',
    ]);
    assert.match(applied(text, 'NP1204', 'Remove the values'), /matchExpressions:\n {6}- key: app\n {8}operator: Exists\n/);
  });

  it('fix-all leaves overlapping and unsafe fixes out, and takes no finding twice', () => {
    const text = base([
      '  podSelector: {}',
      '  policyTypes: [Ingress, Ingress, Ingress]',
      '  ingress: [{ports: [{port: 1}, {port: 1}]}]',
    ]);
    const { file } = setUp(text);
    const fixed = applyEdits(text, fixAllEdits(file, validateManifest(file)));
    assert.match(fixed, /policyTypes: \[Ingress\]\n/);
    assert.match(fixed, /ports: \[\{port: 1\}\]/);
    assert.deepEqual(codesOf(fixed), []);
  });
});

describe('quick fixes on the example workspace', () => {
  it('every fix of every finding in examples/ removes that finding and adds no error', () => {
    const root = 'examples';
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => ({ uri: `file:///examples/${name}`, text: readFileSync(join(root, name), 'utf8') }));
    const workspaceWith = (changed?: { uri: string; text: string }): Workspace => {
      const workspace = new Workspace();
      for (const file of files) workspace.setFile(file.uri, file.uri === changed?.uri ? changed.text : file.text);
      return workspace;
    };
    const findingsIn = (workspace: Workspace, uri: string) => {
      const file = workspace.manifest(uri)!;
      return { file, diagnostics: diagnosticsInWorkspace(validateManifest(file), file, workspace) };
    };
    const all = workspaceWith();
    let applied = 0;
    for (const { uri, text } of files) {
      const { file, diagnostics } = findingsIn(all, uri);
      for (const diagnostic of diagnostics) {
        for (const fix of quickFixes(file, diagnostic, all)) {
          const fixed = applyEdits(text, fix.edits);
          const after = findingsIn(workspaceWith({ uri, text: fixed }), uri).diagnostics;
          const count = (list: typeof diagnostics) => list.filter((d) => d.code === diagnostic.code).length;
          assert.ok(count(after) < count(diagnostics), `${uri} ${diagnostic.code} "${fix.title}" leaves it`);
          const errors = (list: typeof diagnostics) => list.filter((d) => d.severity === 'error').map((d) => d.code);
          const added = errors(after).filter((code) => !errors(diagnostics).includes(code));
          assert.deepEqual(added, [], `${uri} ${diagnostic.code} "${fix.title}" adds errors`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 10, `only ${applied} fixes were tried`);
  });
});
