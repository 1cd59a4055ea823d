// Expectations: each rule of the design (../shared/docs/expectations-and-diff.md §5.3-§5.6)
// on small workspaces. Kubernetes facts cited where a verdict rests on one
// (concepts/services-networking/network-policies, "the docs" below).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployment, namespace, pod, policy } from '../builders';
import { detailLines, failureMessage, headline, lensTitle, pairsLine } from '../../server/src/engine/expectations';
import { evaluate, EXPECTATIONS_URI, expectations, fileOf, one, outcome, workspaceWith } from './expectations.helpers';

const WEB = deployment('shop/web', { app: 'web' }, ['http:8080', 'metrics:9090']);
const API = deployment('shop/api', { app: 'api' });
const BATCH = deployment('shop/batch', { app: 'batch' });
const LEDGER = deployment('pay/ledger', { app: 'ledger' }, ['pg:5432']);
const DNS = deployment('kube-system/dns', { 'k8s-app': 'dns' }, ['dns:53/UDP']);
const NAMESPACES = [namespace('shop', { team: 'a' }), namespace('pay', { team: 'b' }), namespace('kube-system')];
const BASE = [...NAMESPACES, WEB, API, BATCH, LEDGER, DNS];
/** web accepts only api, on http. */
const WEB_FROM_API = policy(
  'shop/web-in',
  `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- from: [{podSelector: {matchLabels: {app: api}}}]
  ports: [{port: http}]`,
);

describe('expectations: reading (§5.2, §5.3)', () => {
  it('finds the documents by kind; they are neither workloads nor policies of the workspace', () => {
    const workspace = workspaceWith(
      BASE,
      expectations(`- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}`),
    );
    assert.deepEqual(
      workspace.workloads().map((w) => w.ref),
      [
        'kube-system/dns[Deployment]',
        'pay/ledger[Deployment]',
        'shop/api[Deployment]',
        'shop/batch[Deployment]',
        'shop/web[Deployment]',
      ],
    );
    assert.equal(workspace.networkPolicies().length, 0);
    assert.equal(workspace.manifest(EXPECTATIONS_URI)?.objects[0].kind, 'ReachabilityExpectations');
  });

  it('gives each expectation its list item range, and each endpoint and port its own', () => {
    const file = fileOf(
      expectations(`- name: api calls web
  from: shop/api[Deployment]
  to: ["shop/web[Deployment]", {namespace: pay}]
  expect: allowed
  ports: [8080, http/TCP]`),
    );
    const [expectation] = file.documents[0].expectations;
    assert.deepEqual(expectation.range.start, { line: 6, character: 6 });
    assert.equal(expectation.range.end.line, 10);
    assert.deepEqual(
      expectation.to.map((e) => [e.kind, e.range.start.line, e.range.start.character]),
      [
        ['ref', 8, 11],
        ['namespace', 8, 35],
      ],
    );
    assert.deepEqual(
      expectation.ports?.kind === 'list' && expectation.ports.ports.map((p) => [p.text, p.range.start.character]),
      [
        ['8080', 14],
        ['http/TCP', 20],
      ],
    );
    assert.deepEqual(file.diagnostics, []);
  });

  it('reports schema errors (NPT010) on the key or value they are about, and the expectation is an error', () => {
    const text = expectations(`- from: shop/api[Deployment]
  to: shop/web[Deployment]
  expct: allowed
  tags: web`);
    const file = fileOf(text);
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.message]),
      [
        ['NPT010', 6, 6, 10, '`spec.expectations[0]` needs `expect`'],
        ['NPT010', 8, 2 + 4, 5 + 6, 'unknown field `expct` in `spec.expectations[0]`'],
        ['NPT010', 9, 12, 15, '`spec.expectations[0].tags` must be a list, not string web'],
      ],
    );
    const results = evaluate(BASE, `- from: shop/api[Deployment]\n  to: shop/web[Deployment]\n  expct: allowed`);
    assert.equal(results[0].status, 'error');
    assert.match(results[0].errors.map((e) => e.message).join('\n'), /unknown field `expct`/);
  });

  it('refuses an apiVersion it does not read, on the value', () => {
    const file = fileOf(
      expectations(`- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}`).replace('v1alpha1', 'v1beta9'),
    );
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
      [['NPT010', 0, '`apiVersion` must be "netpol-navigator.dev/v1alpha1", not string netpol-navigator.dev/v1beta9']],
    );
    assert.equal(file.documents[0].expectations.length, 0);
  });

  it('ids: `id`, else the slug of `name`, else a hash; a second use of an id is NPT013 and an error', () => {
    const file = fileOf(
      expectations(`- {id: mine, from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}
- {name: "API -> Web: no!", from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}
- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}
- {id: mine, from: "shop/web[Deployment]", to: "shop/api[Deployment]", expect: denied}`),
    );
    const ids = file.documents[0].expectations.map((e) => e.id);
    assert.deepEqual(ids.slice(0, 2), ['mine', 'api-web-no']);
    assert.match(ids[2], /^exp-[0-9a-f]{8}$/);
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['NPT013', 9]],
    );
    assert.equal(file.documents[0].expectations[2].name, 'shop/api[Deployment] → shop/web[Deployment] denied');
  });

  it('endpoint forms: a bare CIDR, podSelector without a namespace, two forms at once are NPT011', () => {
    const file = fileOf(
      expectations(`- {from: "10.0.0.0/8", to: "shop/web[Deployment]", expect: denied}
- {from: {podSelector: {matchLabels: {app: api}}}, to: "shop/web[Deployment]", expect: denied}
- {from: {namespace: shop, cidr: 10.0.0.0/8}, to: "shop/web[Deployment]", expect: denied}
- {from: {namespace: shop}, to: "shop/web[Deployment]", expect: allowed, ports: [80/ICMP]}
- {from: {namespace: shop}, to: "shop/web[Deployment]", expect: allowed}`),
    );
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.range.start.line, d.message.split(':')[0]]),
      [
        ['NPT011', 6, '"10.0.0.0/8" looks like a CIDR'],
        ['NPT011', 7, 'podSelector alone has no namespace here (an expectation has no policy namespace)'],
        ['NPT011', 8, 'an endpoint is exactly one form'],
        ['NPT012', 9, '"ICMP" is not a NetworkPolicy protocol'],
        ['NPT012', 10, 'expect'],
      ],
    );
  });
});

describe('expectations: endpoints (§5.4)', () => {
  it('a ref, its long form and "*" name workloads; pairs leave a workload to itself out (§5.6)', () => {
    assert.equal(
      outcome(one(BASE, `- {from: "shop/api[Deployment]", to: {ref: "shop/web"}, expect: allowed, ports: any}`)),
      'passed 0/1',
    );
    // 5 workloads: 5 x 5 pairs minus the 5 self pairs.
    assert.equal(outcome(one(BASE, `- {from: "*", to: "*", expect: allowed, ports: any}`)), 'passed 0/20');
  });

  it('{namespace} is every workload of the namespace; except removes refs; a list is a union', () => {
    const result = one(
      [...BASE, WEB_FROM_API],
      `- from: [{namespace: shop, except: ["shop/api[Deployment]"]}, {namespace: pay}]
  to: shop/web[Deployment]
  expect: denied`,
    );
    // batch and ledger (web itself is no pair): both denied by web's ingress.
    assert.equal(outcome(result), 'passed 0/2');
  });

  it('namespaceSelector and podSelector in one endpoint must both match (NetworkPolicyPeer AND, the docs "Behavior of to and from selectors")', () => {
    const result = one(
      BASE,
      `- from: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: api}}}
  to: pay/ledger[Deployment]
  expect: allowed
  ports: any`,
    );
    // Only shop/api: pay has team b, and the other shop pods are not app=api.
    assert.equal(outcome(result), 'passed 0/1');
  });

  it('a selector or namespace that matches nothing is an error, unless allowEmpty', () => {
    const empty = one(BASE, `- {from: {namespace: nowhere}, to: "shop/web[Deployment]", expect: denied}`);
    assert.equal(empty.status, 'error');
    assert.match(empty.errors[0].message, /namespace nowhere is not in the analysed manifests/);
    const allowed = one(BASE, `- {from: {namespace: nowhere, allowEmpty: true}, to: "shop/web[Deployment]", expect: denied}`);
    assert.equal(outcome(allowed), 'passed 0/0');
  });

  it('an unknown ref is an error naming close refs, never a pass', () => {
    const result = one(BASE, `- {from: "shop/wbe[Deployment]", to: "shop/api[Deployment]", expect: denied}`);
    assert.equal(result.status, 'error');
    assert.match(
      result.errors[0].message,
      /^unknown ref: no workload "shop\/wbe\[Deployment\]"; did you mean shop\/web\[Deployment\]/,
    );
  });

  it('{cidr, except}: ipBlocks match addresses outside the cluster only, never pods (the docs: ipBlock is for cluster-external IPs)', () => {
    const open = policy(
      'shop/web-in',
      `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- from: [{ipBlock: {cidr: 0.0.0.0/0}}]`,
    );
    assert.equal(
      outcome(one([...BASE, open], `- {from: {cidr: 0.0.0.0/0}, to: "shop/web[Deployment]", expect: allowed, ports: all}`)),
      'passed 0/1',
    );
    assert.equal(
      outcome(one([...BASE, open], `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}`)),
      'passed 0/1',
    );
  });

  it('denied on a CIDR fails when any address of it is allowed; allowed needs every address (§5.6)', () => {
    const half = policy(
      'shop/web-in',
      `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]`,
    );
    const manifests = [...BASE, half];
    assert.equal(
      outcome(one(manifests, `- {from: {cidr: 203.0.113.0/24}, to: "shop/web[Deployment]", expect: denied}`)),
      'failed 1/1',
    );
    assert.equal(
      outcome(one(manifests, `- {from: {cidr: 203.0.113.0/24}, to: "shop/web[Deployment]", expect: allowed, ports: any}`)),
      'failed 1/1',
    );
    assert.equal(
      outcome(
        one(
          manifests,
          `- {from: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}, to: "shop/web[Deployment]", expect: allowed, ports: all}`,
        ),
      ),
      'passed 0/1',
    );
  });

  it('{hypothetical}: a pod that does not exist, with its namespace labels from the workspace', () => {
    const fromTeamA = policy(
      'pay/ledger-in',
      `podSelector: {}
policyTypes: [Ingress]
ingress:
- from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: debug}}}]`,
    );
    const manifests = [...BASE, fromTeamA];
    const inShop = `- {from: {hypothetical: {namespace: shop, labels: {app: debug}}}, to: "pay/ledger[Deployment]", expect: allowed, ports: any}`;
    assert.equal(outcome(one(manifests, inShop)), 'passed 0/1');
    const inPay = `- {from: {hypothetical: {namespace: pay, labels: {app: debug}}}, to: "pay/ledger[Deployment]", expect: denied}`;
    assert.equal(outcome(one(manifests, inPay)), 'passed 0/1');
    // Its own namespace's policies select it too: a default deny in shop isolates it for egress.
    const denyEgress = policy('shop/deny', 'podSelector: {}\npolicyTypes: [Egress]');
    assert.equal(outcome(one([...manifests, denyEgress], inShop)), 'failed 1/1');
    const unknown = one(BASE, `- {from: {hypothetical: {namespace: nope}}, to: "pay/ledger[Deployment]", expect: denied}`);
    assert.match(unknown.errors[0].message, /namespace nope is not in the analysed manifests/);
  });

  it('a hostNetwork workload named by ref is an error; selector forms leave it out, with a note', () => {
    const host = deployment('shop/agent', { app: 'agent' }, [], { hostNetwork: true });
    const byRef = one([...BASE, host], `- {from: "shop/agent[Deployment]", to: "shop/web[Deployment]", expect: denied}`);
    assert.equal(byRef.status, 'error');
    assert.match(byRef.errors[0].message, /uses hostNetwork: NetworkPolicy behaviour for such pods is implementation-defined/);
    const byNamespace = one(
      [...BASE, host],
      `- {from: {namespace: shop}, to: "pay/ledger[Deployment]", expect: allowed, ports: any}`,
    );
    assert.equal(outcome(byNamespace), 'passed 0/3');
    assert.match(byNamespace.notes?.[0] ?? '', /shop\/agent\[Deployment\] is left out of namespace shop: it uses hostNetwork/);
  });
});

describe('expectations: ports and verdicts (§5.5)', () => {
  const manifests = [...BASE, WEB_FROM_API];

  it('allowed + list: every listed port must be allowed for every pair', () => {
    assert.equal(
      outcome(one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: [8080]}`)),
      'passed 0/1',
    );
    const both = one(
      manifests,
      `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: [8080, 9090]}`,
    );
    assert.equal(outcome(both), 'failed 1/1');
    assert.deepEqual(both.violations[0].actual, [{ protocol: 'TCP', ports: [[8080, 8080]] }]);
    assert.deepEqual(both.violations[0].expected, [
      {
        protocol: 'TCP',
        ports: [
          [8080, 8080],
          [9090, 9090],
        ],
      },
    ]);
  });

  it('a bare port takes spec.defaults.protocol (TCP when absent); 53/UDP names its own', () => {
    const dnsIn = policy(
      'kube-system/dns-in',
      `podSelector: {}
policyTypes: [Ingress]
ingress:
- ports: [{port: 53, protocol: UDP}]`,
    );
    const item = `- {from: "shop/api[Deployment]", to: "kube-system/dns[Deployment]", expect: allowed, ports: [53]}`;
    assert.equal(one([...BASE, dnsIn], item).status, 'failed');
    assert.equal(one([...BASE, dnsIn], item, { defaults: '{protocol: UDP}' }).status, 'passed');
    assert.equal(
      one(
        [...BASE, dnsIn],
        `- {from: "shop/api[Deployment]", to: "kube-system/dns[Deployment]", expect: allowed, ports: [53/UDP]}`,
      ).status,
      'passed',
    );
  });

  it('a range is port..endPort', () => {
    const ranged = policy(
      'shop/web-in',
      `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- ports: [{port: 8000, endPort: 8100}]`,
    );
    assert.equal(
      one(
        [...BASE, ranged],
        `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: exactly, ports: [8000-8100/TCP]}`,
      ).status,
      'passed',
    );
    assert.equal(
      one(
        [...BASE, ranged],
        `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: [8000-8101/TCP]}`,
      ).status,
      'failed',
    );
  });

  it('a named port resolves on each destination pod\'s container ports (the docs: NetworkPolicyPort "port" may name a container port); unresolved is an error', () => {
    assert.equal(
      outcome(one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: [http]}`)),
      'passed 0/1',
    );
    const missing = one(
      manifests,
      `- {from: "shop/api[Deployment]", to: ["shop/web[Deployment]", "shop/batch[Deployment]"], expect: allowed, ports: [http]}`,
    );
    assert.equal(missing.status, 'error');
    assert.match(missing.errors[0].message, /^port "http" is not declared by shop\/batch\[Deployment\]/);
    assert.deepEqual(missing.errors[0].range?.start.line, 6);
  });

  it('allowed + any: at least one port of some protocol; denied without ports or with all: nothing at all', () => {
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: any}`).status,
      'passed',
    );
    assert.equal(
      one(manifests, `- {from: "shop/batch[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: any}`).status,
      'failed',
    );
    assert.equal(one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}`).status, 'failed');
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied, ports: all}`).status,
      'failed',
    );
    assert.equal(
      one(manifests, `- {from: "shop/batch[Deployment]", to: "shop/web[Deployment]", expect: denied}`).status,
      'passed',
    );
  });

  it('denied + list: none of the listed ports; the witness shows what of them is allowed', () => {
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied, ports: [9090]}`).status,
      'passed',
    );
    const hit = one(
      manifests,
      `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied, ports: [8000-9000/TCP]}`,
    );
    assert.equal(hit.status, 'failed');
    assert.deepEqual(hit.violations[0].actual, [{ protocol: 'TCP', ports: [[8080, 8080]] }]);
    assert.equal(hit.violations[0].expected, 'none');
  });

  it('exactly compares the whole connection set across protocols; an empty list equals denied', () => {
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: exactly, ports: [8080/TCP]}`).status,
      'passed',
    );
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: exactly, ports: [8080/TCP, 8080/UDP]}`)
        .status,
      'failed',
    );
    assert.equal(
      one(manifests, `- {from: "shop/batch[Deployment]", to: "shop/web[Deployment]", expect: exactly, ports: []}`).status,
      'passed',
    );
    // No policy on api: everything is allowed, which is more than 8080.
    const open = one(manifests, `- {from: "shop/web[Deployment]", to: "shop/api[Deployment]", expect: exactly, ports: [8080]}`);
    assert.equal(open.status, 'failed');
    assert.equal(open.violations[0].actual, 'all');
  });

  it("enforcedAt: ingress needs the destination's ingress to deny on its own (a source egress deny does not count)", () => {
    const egressDeny = policy('shop/batch-out', 'podSelector: {matchLabels: {app: batch}}\npolicyTypes: [Egress]');
    const item = (at: string) =>
      `- {from: "shop/batch[Deployment]", to: "shop/api[Deployment]", expect: denied, enforcedAt: ${at}}`;
    assert.equal(one([...BASE, egressDeny], item('either')).status, 'passed');
    assert.equal(one([...BASE, egressDeny], item('egress')).status, 'passed');
    assert.equal(one([...BASE, egressDeny], item('ingress')).status, 'failed');
  });
});

describe('expectations: outcomes (§5.6)', () => {
  it('skip gives skipped with its reason; tags filter which expectations are evaluated', () => {
    const results = evaluate(
      BASE,
      `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied, skip: later, tags: [a]}
- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: any, tags: [b]}`,
      { tags: ['b'] },
    );
    assert.deepEqual(results.map(outcome), ['passed 0/1']);
    const all = evaluate(BASE, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied, skip: later}`);
    assert.deepEqual([all[0].status, all[0].skipReason], ['skipped', 'later']);
  });

  it('witnesses are sorted by from then to and capped; the totals stay exact', () => {
    const result = one(BASE, `- {from: "*", to: "*", expect: denied}`, { maxWitnesses: 3 });
    assert.equal(outcome(result), 'failed 20/20');
    assert.deepEqual(
      result.violations.map((v) => `${v.from} ${v.to}`),
      [
        'kube-system/dns[Deployment] pay/ledger[Deployment]',
        'kube-system/dns[Deployment] shop/api[Deployment]',
        'kube-system/dns[Deployment] shop/batch[Deployment]',
      ],
    );
    assert.equal(pairsLine(result), '20 of 20 pairs violate (expected: denied on all ports); the first 3 shown');
  });

  it('reasons name the deciding rules on both sides with their locations (explainConnection)', () => {
    const result = one([...BASE, WEB_FROM_API], `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: denied}`);
    const [egress, ingress] = result.violations[0].reasons;
    assert.deepEqual([egress.side, egress.verdict, egress.why], ['egress', 'allowed', 'not-isolated']);
    assert.deepEqual(
      [ingress.side, ingress.verdict, ingress.policy, ingress.rule],
      ['ingress', 'allowed', 'shop/web-in', 'ingress[0]'],
    );
    assert.equal(ingress.location?.range.start.line, 9);
    assert.match(
      ingress.description,
      /^NetworkPolicy shop\/web-in ingress rule #1 allows from pods app=api in namespace shop on TCP port named "http"/,
    );
  });

  it('a policy left out as invalid that may change the answer makes an error; one that cannot change it does not', () => {
    // An invalid policy (port 0) selecting web: it might allow more into web.
    const invalid = policy(
      'shop/web-bad',
      `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- ports: [{port: 0}]`,
    );
    const manifests = [...BASE, WEB_FROM_API, invalid];
    const denied = one(manifests, `- {from: "shop/batch[Deployment]", to: "shop/web[Deployment]", expect: denied}`);
    assert.equal(denied.status, 'error');
    assert.match(denied.errors[0].message, /^NetworkPolicy shop\/web-bad was left out of the analysis \(1 validation error/);
    assert.equal(denied.errors[0].uri, 'file:///ws/m9.yaml');
    // web is isolated for ingress already: another policy can only allow more, which cannot break "allowed".
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: [http]}`).status,
      'passed',
    );
    // A source egress the invalid policy does not touch, and an ingress it does not select: certain.
    assert.equal(
      one(manifests, `- {from: "shop/api[Deployment]", to: "pay/ledger[Deployment]", expect: allowed, ports: any}`).status,
      'passed',
    );
  });

  it('a workload governed by a policy kind that is not modelled is an error on that side', () => {
    const cilium = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-l7, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: api}}]
`;
    const result = one(
      [...BASE, cilium],
      `- {from: "shop/api[Deployment]", to: "shop/web[Deployment]", expect: allowed, ports: any}`,
    );
    assert.equal(result.status, 'error');
    assert.match(
      result.errors[0].message,
      /^shop\/web\[Deployment\] is also governed for ingress by CiliumNetworkPolicy shop\/web-l7/,
    );
    // Its egress is not governed: as a source, web is evaluated.
    assert.equal(
      one([...BASE, cilium], `- {from: "shop/web[Deployment]", to: "shop/api[Deployment]", expect: allowed, ports: any}`).status,
      'passed',
    );
  });

  it('an expectation whose only pair is a workload to itself is an error, not a vacuous pass', () => {
    const result = one(
      [...BASE, pod('shop/solo', { app: 'solo' })],
      `- {from: "shop/solo[Pod]", to: "shop/solo[Pod]", expect: denied}`,
    );
    assert.equal(result.status, 'error');
    assert.match(result.errors[0].message, /^no pair to evaluate/);
  });

  it('words a result the same for every surface', () => {
    const result = one(
      [...BASE, WEB_FROM_API],
      `- {name: only api, from: {namespace: shop}, to: "shop/web[Deployment]", expect: denied}`,
    );
    assert.equal(headline(result), 'FAIL NPT002 only api');
    assert.equal(lensTitle(result), '✗ 1 of 2 pairs');
    assert.equal(failureMessage(result), 'shop/api[Deployment] can reach shop/web[Deployment] on TCP 8080 (1 of 2 pairs)');
    assert.deepEqual(detailLines(result, (l) => `m:${l.range.start.line + 1}`).slice(0, 2), [
      '1 of 2 pairs violates (expected: denied on all ports)',
      'shop/api[Deployment] -> shop/web[Deployment]: allowed TCP 8080',
    ]);
  });
});
