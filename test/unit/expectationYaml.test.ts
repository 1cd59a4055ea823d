// The YAML the expectation commands write (client/src/expectations/expectationYaml.ts), from
// hand-written `netpol/explain` and `netpol/reachability` answers: what each verdict asserts,
// the text, where it goes in a file that exists, and that the engine reads it with no problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  additionEdit,
  draftEndpoint,
  draftFromVerdict,
  expectationItemLines,
  expectationsDocumentText,
  insertionPoint,
  portSpecs,
  snapshotComment,
  snapshotDrafts,
} from '../../client/src/expectations/expectationYaml';
import { readExpectationsFile } from '../../server/src/engine/expectations/reader';
import { parseManifest } from '../../server/src/engine/manifests';
import type { ExplainResult, ReachabilityRequest, SideVerdict } from '../../server/src/protocol';

const side: SideVerdict = { isolated: true, isolatingPolicies: [], allowingRules: [], allowed: 'all', allowedText: 'all ports' };
const verdict = (over: Partial<ExplainResult>): ExplainResult => ({
  from: { kind: 'workload', ref: 'shop/frontend[Deployment]' },
  to: { kind: 'workload', ref: 'shop/checkout[Deployment]' },
  allowed: true,
  ports: [{ protocol: 'TCP', ports: [[5050, 5050]] }],
  portsText: 'TCP 5050',
  egress: side,
  ingress: side,
  summary: '',
  ...over,
});

/** The engine's reading of a text: the problems it finds (none is the point). */
function problemsOf(text: string): string[] {
  const file = readExpectationsFile(parseManifest('file:///w/netpol-expectations.yaml', text));
  assert.ok(file, 'the text is read as an expectations file');
  return file.diagnostics.map((d) => `${d.code} ${d.range.start.line}: ${d.message}`);
}

describe('expectations the commands draft', () => {
  it('Check Connection on a port: allowed or denied on that port', () => {
    assert.deepEqual(draftFromVerdict(verdict({ port: '5050/TCP' })), {
      name: 'shop/frontend[Deployment] → shop/checkout[Deployment] allowed 5050/TCP',
      from: 'shop/frontend[Deployment]',
      to: 'shop/checkout[Deployment]',
      expect: 'allowed',
      ports: ['5050/TCP'],
    });
    assert.equal(
      draftFromVerdict(verdict({ port: '23/TCP', allowed: false, ports: [], portsText: 'no ports' })).expect,
      'denied',
    );
  });

  it('Check Connection on any port: exactly the ports allowed today, or denied on every port', () => {
    const exactly = draftFromVerdict(
      verdict({
        ports: [
          {
            protocol: 'TCP',
            ports: [
              [5050, 5050],
              [8000, 8100],
            ],
          },
          { protocol: 'UDP', ports: [[53, 53]] },
        ],
      }),
    );
    assert.deepEqual([exactly.expect, exactly.ports], ['exactly', ['5050/TCP', '8000-8100/TCP', '53/UDP']]);
    assert.deepEqual(draftFromVerdict(verdict({ ports: 'all', portsText: 'all ports' })).ports, 'all');
    const denied = draftFromVerdict(verdict({ allowed: false, ports: [], portsText: 'no ports' }));
    assert.deepEqual([denied.expect, denied.ports], ['denied', undefined]);
  });

  it('external peers become {cidr, except}; one address a /32 (or /128)', () => {
    assert.deepEqual(draftEndpoint('203.0.113.0/24 except 203.0.113.8/29, 203.0.113.64/26', 'external'), {
      cidr: '203.0.113.0/24',
      except: ['203.0.113.8/29', '203.0.113.64/26'],
    });
    assert.deepEqual(draftEndpoint('10.1.2.3', 'external'), { cidr: '10.1.2.3/32' });
    assert.deepEqual(draftEndpoint('2001:db8::1', 'external'), { cidr: '2001:db8::1/128' });
    assert.equal(draftEndpoint('shop/web[Deployment]', 'workload'), 'shop/web[Deployment]');
    assert.deepEqual(portSpecs('none'), []);
  });

  it('a snapshot: one exactly per inbound peer, then per outbound peer (itself left out), labelled as a record to review', () => {
    const workload = { ref: 'shop/checkout[Deployment]', namespace: 'shop', kind: 'Deployment', name: 'checkout' };
    const answer: NonNullable<ReachabilityRequest.Result> = {
      version: 3,
      workload: { ...workload, isolated: { ingress: true, egress: true } },
      inbound: [
        {
          peer: { kind: 'workload', ref: 'shop/frontend[Deployment]' },
          ports: [{ protocol: 'TCP', ports: [[5050, 5050]] }],
          portsText: 'TCP 5050',
          reasons: [],
        },
      ],
      outbound: [
        // To itself: no pair of an expectation, not written.
        { peer: { kind: 'workload', ref: 'shop/checkout[Deployment]' }, ports: 'all', portsText: 'all ports', reasons: [] },
        {
          peer: { kind: 'external', ref: '0.0.0.0/0' },
          ports: [{ protocol: 'UDP', ports: [[53, 53]] }],
          portsText: 'UDP 53',
          reasons: [],
        },
      ],
      leftOut: [],
    };
    const drafts = snapshotDrafts(answer);
    assert.deepEqual(
      drafts.map((d) => [d.from, d.to, d.expect, d.ports]),
      [
        ['shop/frontend[Deployment]', 'shop/checkout[Deployment]', 'exactly', ['5050/TCP']],
        ['shop/checkout[Deployment]', { cidr: '0.0.0.0/0' }, 'exactly', ['53/UDP']],
      ],
    );
    const text = expectationsDocumentText('snap', drafts, snapshotComment('shop/checkout[Deployment]', '2026-12-06'));
    assert.match(text, /# It records today's behaviour, not what should hold: review each line before committing\./);
    assert.deepEqual(problemsOf(text), []);
  });
});

describe('the text written', () => {
  it('a new file: a whole document the engine reads without a problem', () => {
    const text = expectationsDocumentText('workspace-expectations', [
      draftFromVerdict(verdict({ port: '5050/TCP' })),
      draftFromVerdict(verdict({ ports: [{ protocol: 'TCP', ports: [[8000, 8100]] }] })),
      draftFromVerdict(
        verdict({ allowed: false, ports: [], portsText: 'no ports', from: { kind: 'external', ref: '0.0.0.0/0' } }),
      ),
    ]);
    assert.equal(
      text,
      [
        'apiVersion: netpol-navigator.dev/v1alpha1',
        'kind: ReachabilityExpectations',
        'metadata:',
        '  name: "workspace-expectations"',
        'spec:',
        '  expectations:',
        '  - name: "shop/frontend[Deployment] → shop/checkout[Deployment] allowed 5050/TCP"',
        '    from: "shop/frontend[Deployment]"',
        '    to: "shop/checkout[Deployment]"',
        '    expect: allowed',
        '    ports: ["5050/TCP"]',
        '  - name: "shop/frontend[Deployment] → shop/checkout[Deployment] exactly TCP 5050"',
        '    from: "shop/frontend[Deployment]"',
        '    to: "shop/checkout[Deployment]"',
        '    expect: exactly',
        '    ports: ["8000-8100/TCP"]',
        '  - name: "0.0.0.0/0 → shop/checkout[Deployment] denied"',
        '    from: {cidr: "0.0.0.0/0"}',
        '    to: "shop/checkout[Deployment]"',
        '    expect: denied',
        '',
      ].join('\n'),
    );
    assert.deepEqual(problemsOf(text), []);
  });

  it("an existing file: after the last item of its list, at its items' indentation, comments and blank lines kept", () => {
    const existing = [
      'apiVersion: netpol-navigator.dev/v1alpha1',
      'kind: ReachabilityExpectations',
      'metadata: {name: shop}',
      'spec:',
      '  expectations:',
      '    - name: one',
      '      from: "shop/frontend[Deployment]"',
      '      to: "shop/checkout[Deployment]"',
      '      expect: denied',
      '',
      '    # the last one',
      '    - name: two',
      '      from: "*"',
      '      to: "*"',
      '      expect: denied',
      '      ports: [23/TCP]',
      '',
      '# trailing comment',
      '',
    ].join('\n');
    assert.deepEqual(insertionPoint(existing), { kind: 'items', afterLine: 15, indent: 4 });
    const edit = additionEdit(existing, [draftFromVerdict(verdict({ port: '5050/TCP' }))], 'unused');
    const result = existing.slice(0, edit.offset) + edit.text + existing.slice(edit.offset);
    assert.deepEqual(result.split('\n').slice(15, 22), [
      '      ports: [23/TCP]',
      '    - name: "shop/frontend[Deployment] → shop/checkout[Deployment] allowed 5050/TCP"',
      '      from: "shop/frontend[Deployment]"',
      '      to: "shop/checkout[Deployment]"',
      '      expect: allowed',
      '      ports: ["5050/TCP"]',
      '',
    ]);
    assert.deepEqual(problemsOf(result), []);
  });

  it("a compact list (items at the key's column), a file without a final newline, CRLF lines", () => {
    const compact = 'spec:\n  expectations:\n  - name: a\n    expect: denied\nother: 1\n';
    assert.deepEqual(insertionPoint(compact), { kind: 'items', afterLine: 3, indent: 2 });
    const noNewline = 'spec:\r\n  expectations:\r\n  - name: a\r\n    expect: denied';
    const edit = additionEdit(noNewline, [draftFromVerdict(verdict({ port: '80' }))], 'x');
    assert.equal(edit.offset, noNewline.length);
    assert.ok(edit.text.startsWith('\n  - name: '));
  });

  it('no block list to extend (a flow list, another kind): a new document at the end', () => {
    for (const existing of ['spec:\n  expectations: []\n', 'kind: ConfigMap\nmetadata: {name: x}']) {
      assert.deepEqual(insertionPoint(existing), { kind: 'document' });
      const edit = additionEdit(existing, [draftFromVerdict(verdict({ port: '80' }))], 'added');
      assert.equal(edit.offset, existing.length);
      assert.match(edit.text, /^\n?---\napiVersion: netpol-navigator\.dev\/v1alpha1\n/);
    }
  });

  it('names and refs are quoted: a `:` or `#` in a name stays text', () => {
    const lines = expectationItemLines({ name: 'a: b # c', from: '*', to: 'shop/x[Pod]', expect: 'allowed', ports: 'any' }, 0);
    assert.deepEqual(lines, ['- name: "a: b # c"', '  from: "*"', '  to: "shop/x[Pod]"', '  expect: allowed', '  ports: any']);
  });
});
