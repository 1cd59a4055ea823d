// The answers over a workspace: what selectors and peers select (hover,
// definition), the policy in words and in one line (hover on the name, CodeLens),
// and which policies reach a workload (references).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt, MAX_LISTED, renderMarkdown, renderPlainText } from '../../server/src/engine/insight/hover';
import { definitionsAt, referencesAt } from '../../server/src/engine/insight/navigation';
import { policyLenses } from '../../server/src/engine/insight/policySummary';
import { caret, textAt, yaml } from '../helpers';
import { INFRA, INFRA_URI, insightWorkspace, POLICIES, POLICIES_URI, positionOf, SHOP, SHOP_URI } from './insightFixture';

const hoverText = (uri: string, text: string, needle: string, offset: number, workspace = insightWorkspace()): string => {
  const answer = hoverAt(workspace, uri, positionOf(text, needle, offset));
  return answer ? renderPlainText(answer.blocks) : '<none>';
};

describe('insight: hover on selectors and peers', () => {
  it('spec.podSelector: the matched workload with kind and replicas, and the namespace', () => {
    assert.equal(
      hoverText(POLICIES_URI, POLICIES, 'app: api', 6),
      [
        "Applies to pods labelled app=api in this policy's namespace shop",
        '1 workload:',
        '- shop/api (Deployment, 2 replicas)',
        'Namespaces: shop.',
      ].join('\n'),
    );
  });

  it('a peer with podSelector AND namespaceSelector: pods in the matching namespaces only (NetworkPolicyPeer docs)', () => {
    // infra and monitoring both carry team=infra; only monitoring runs an app=prom-server pod.
    assert.equal(
      hoverText(POLICIES_URI, POLICIES, 'team: infra', 8),
      [
        'From pods labelled app=prom-server in namespaces labelled team=infra',
        '1 workload:',
        '- monitoring/prom-server (Deployment, 1 replica)',
        'Namespaces: infra, monitoring.',
      ].join('\n'),
    );
  });

  it('a peer podSelector alone stays in the policy namespace; matchExpressions In reads as a set', () => {
    assert.match(
      hoverText(POLICIES_URI, POLICIES, '{app: frontend}', 3),
      /^From pods labelled app=frontend in this policy's namespace shop\n1 workload:\n- shop\/frontend \(Deployment, 3 replicas\)/,
    );
    assert.match(
      hoverText(POLICIES_URI, POLICIES, 'key: tier', 6),
      /^To pods labelled tier in \(data,web\) in this policy's namespace shop\n2 workloads:\n- shop\/db \(StatefulSet, 1 replica\)\n- shop\/frontend/,
    );
  });

  it('namespaceSelector {} alone: every pod in every namespace', () => {
    assert.match(hoverText(POLICIES_URI, POLICIES, 'namespaceSelector: {}', 3), /^To every pod in every namespace\n5 workloads:/);
  });

  it('a selector matching nothing says so and suggests the other values of the key, the one a typo missed first', () => {
    assert.equal(
      hoverText(POLICIES_URI, POLICIES, 'app: fronted', 8),
      [
        "Applies to pods labelled app=fronted in this policy's namespace shop",
        'Selects no workload in the workspace.',
        'Near misses:',
        '- app: frontend, api, db in namespace shop',
        'Namespaces: shop.',
      ].join('\n'),
    );
  });

  it('a namespaceSelector matching no namespace suggests namespace label values', () => {
    const { text, position } = caret(yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: p, namespace: shop}
      spec:
        podSelector: {}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {team: infr|a-team}}
    `);
    const answer = hoverAt(insightWorkspace({ 'file:///ws/p.yaml': text }), 'file:///ws/p.yaml', position);
    assert.match(
      renderPlainText(answer!.blocks),
      /Selects no workload in the workspace\.\nNear misses:\n- team: infra, shop on namespaces\nNamespaces: none known/,
    );
  });

  it(`lists at most ${MAX_LISTED} workloads, then "and N more"`, () => {
    const many = Array.from(
      { length: MAX_LISTED + 3 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${String(i).padStart(2, '0')}, namespace: shop, labels: {app: many}}\n`,
    ).join('---\n');
    const workspace = insightWorkspace({
      'file:///ws/many.yaml': many,
      [POLICIES_URI]: POLICIES.replace('app: fronted', 'app: many'),
    });
    const text = hoverText(POLICIES_URI, POLICIES, 'app: fronted', 8, workspace);
    assert.match(text, new RegExp(`^${MAX_LISTED + 3} workloads:`, 'm'));
    assert.match(text, /- shop\/p19 \(Pod, 1 replica\)\n- and 3 more\n/);
    assert.doesNotMatch(text, /p20/);
  });

  it('Markdown links each workload to its definition line (1-based), escaping Markdown', () => {
    const answer = hoverAt(insightWorkspace(), POLICIES_URI, positionOf(POLICIES, 'app: api', 6))!;
    const apiLine = positionOf(SHOP, 'apiVersion', 0, 1).line;
    assert.match(
      renderMarkdown(answer.blocks),
      new RegExp(`- \\[shop/api \\(Deployment, 2 replicas\\)\\]\\(file:///ws/shop\\.yaml#L${apiLine + 1}\\)`),
    );
  });
});

describe('insight: semantic traps in hover answers', () => {
  const trapPolicy = (peers: string): string =>
    yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: trap, namespace: shop}
    spec:
      podSelector:
        matchLabels: {app: prom-server}
      ingress:
      - from:
  ` + peers;
  const hoverIn = (text: string, needle: string, offset: number): string => {
    const answer = hoverAt(
      insightWorkspace({ 'file:///ws/trap.yaml': text }),
      'file:///ws/trap.yaml',
      positionOf(text, needle, offset),
    );
    return renderPlainText(answer!.blocks);
  };

  it('a stray "-" flips the meaning: two list items are OR, each read on its own (semantic traps: Peers)', () => {
    const text = trapPolicy(
      '    - namespaceSelector: {matchLabels: {team: infra}}\n    - podSelector: {matchLabels: {app: prom-server}}\n',
    );
    assert.match(
      hoverIn(text, 'team: infra', 7),
      /^From every pod in namespaces labelled team=infra\n2 workloads:\n- infra\/dns \(Deployment, 2 replicas\)\n- monitoring\/prom-server/,
    );
    assert.match(
      hoverIn(text, '- podSelector', 20),
      /^From pods labelled app=prom-server in this policy's namespace shop\nSelects no workload in the workspace\.\nNear misses:\n- app: api, db, frontend in namespace shop\n- matching pods run in monitoring, but a podSelector without namespaceSelector only selects in shop\n/,
    );
  });

  it('spec.podSelector never selects pods in other namespaces (semantic traps: Selection)', () => {
    const text = trapPolicy('    - podSelector: {}\n');
    assert.match(
      hoverIn(text, 'app: prom-server', 6),
      /^Applies to pods labelled app=prom-server in this policy's namespace shop\nSelects no workload in the workspace\.\nNear misses:\n- app: api, db, frontend in namespace shop\n- matching pods run in monitoring, but spec.podSelector only selects in shop\n/,
    );
  });
});

describe('insight: hover on metadata.name summarises the policy', () => {
  it('selection, isolation per direction, rules with peers and ports', () => {
    assert.equal(
      hoverText(POLICIES_URI, POLICIES, 'api-allow', 2),
      [
        'NetworkPolicy shop/api-allow',
        "Applies to pods labelled app=api in this policy's namespace shop: 1 workload.",
        '- shop/api (Deployment, 2 replicas)',
        'Ingress: isolated; allowed:',
        '- from pods labelled app=frontend in this policy\'s namespace shop (1 workload); or pods labelled app=prom-server in namespaces labelled team=infra (1 workload) on TCP port named "http"',
        'Egress: isolated; allowed:',
        "- to pods labelled tier in (data,web) in this policy's namespace shop (2 workloads); or addresses 10.0.0.0/8 on all ports",
      ].join('\n'),
    );
  });

  it('egress rules of a policy whose policyTypes lack Egress are noted as ignored (policyTypes semantics)', () => {
    const text = hoverText(POLICIES_URI, POLICIES, 'deny-all', 2);
    assert.match(
      text,
      /Ingress: isolated, nothing allowed\.\nEgress: not isolated by this policy\.\nNote: 1 egress rule is ignored: policyTypes does not include Egress\.$/,
    );
  });
});

describe('insight: CodeLens line per policy', () => {
  it('counts distinct workloads per direction, external blocks, and isolated directions; ignores non-isolated ones', () => {
    const lenses = policyLenses(insightWorkspace(), POLICIES_URI);
    assert.deepEqual(
      lenses.map((l) => [textAt(POLICIES, l.range), l.title]),
      [
        ['api-allow', 'selects 1 workload · ingress from 2 · egress to 2 +1 external'],
        ['deny-all', 'selects 3 workloads · ingress isolated'],
        ['typo', 'selects 0 workloads · ingress isolated'],
      ],
    );
    assert.deepEqual(
      lenses[0].workloads.map((w) => w.ref),
      ['shop/api[Deployment]', 'shop/frontend[Deployment]', 'monitoring/prom-server[Deployment]', 'shop/db[StatefulSet]'],
    );
  });

  it('a rule without peers makes the direction "open"', () => {
    const open = POLICIES.replace('  - to:\n    - namespaceSelector: {}', '  - {}').replace(
      'policyTypes: [Ingress]\n',
      'policyTypes: [Ingress, Egress]\n',
    );
    const lenses = policyLenses(insightWorkspace({ [POLICIES_URI]: open }), POLICIES_URI);
    assert.equal(lenses[1].title, 'selects 3 workloads · ingress isolated · egress open');
  });
});

describe('insight: definition and references', () => {
  it('definition from a peer label goes to the matched workload, selecting its pod labels', () => {
    const targets = definitionsAt(insightWorkspace(), POLICIES_URI, positionOf(POLICIES, 'team: infra', 8))!;
    assert.deepEqual(
      targets.map((t) => [t.uri, textAt(INFRA, t.selectionRange), textAt(POLICIES, t.originRange)]),
      [[INFRA_URI, '{app: prom-server}', 'infra']],
    );
    assert.equal(targets[0].range.start.line, 0);
  });

  it('definition outside selectors is undefined (YAML keeps its own)', () => {
    assert.equal(definitionsAt(insightWorkspace(), POLICIES_URI, positionOf(POLICIES, 'policyTypes', 2)), undefined);
  });

  it('references from pod template labels: the policies selecting the workload and the peers admitting it', () => {
    const workspace = insightWorkspace();
    const refs = referencesAt(workspace, SHOP_URI, positionOf(SHOP, 'app: frontend', 6), false)!;
    assert.deepEqual(
      refs.map((r) => [r.role, r.range.start.line, textAt(POLICIES, r.range).split('\n')[0]]),
      [
        ['ingress-peer', positionOf(POLICIES, '- podSelector:').line, 'podSelector:'],
        ['egress-peer', positionOf(POLICIES, 'matchExpressions').line - 1, 'podSelector:'],
        ['selected', positionOf(POLICIES, 'podSelector: {}').line, '{}'],
      ],
    );
  });

  it('references from metadata.name honour includeDeclaration; the egress rule of deny-all is ignored so it does not admit', () => {
    const workspace = insightWorkspace();
    const refs = referencesAt(workspace, INFRA_URI, positionOf(INFRA, 'name: dns', 7), true)!;
    assert.deepEqual(
      refs.map((r) => [r.role, r.uri]),
      [['declaration', INFRA_URI]],
    );
    assert.equal(textAt(INFRA, refs[0].range), 'dns');
    assert.equal(referencesAt(workspace, INFRA_URI, positionOf(INFRA, 'replicas'), true), undefined);
  });
});

describe('insight: hover on a named port', () => {
  it('resolves per destination by name and protocol; a destination without it gets nothing (semantic traps: Ports)', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: ports, namespace: shop}
      spec:
        podSelector: {matchLabels: {tier: web}}
        egress:
        - to:
          - namespaceSelector: {}
            podSelector: {matchExpressions: [{key: app, operator: In, values: [api, dns, frontend]}]}
          ports:
          - port: http
        ingress:
        - ports:
          - {port: http, protocol: UDP}
    `;
    const workspace = insightWorkspace({ 'file:///ws/ports.yaml': text });
    const at = (occurrence: number) =>
      renderPlainText(hoverAt(workspace, 'file:///ws/ports.yaml', positionOf(text, 'http', 1, occurrence))!.blocks);
    assert.equal(
      at(0),
      [
        'Named port http (TCP), looked up on each destination pod',
        '- infra/dns: no such port: nothing allowed to it by this entry',
        '- shop/api: TCP 8081',
        '- shop/frontend: TCP 8080',
      ].join('\n'),
    );
    // Ingress: the destination is the selected frontend, which has http only over TCP.
    assert.equal(
      at(1),
      [
        'Named port http (UDP), looked up on each destination pod',
        '- shop/frontend: no such port: nothing allowed to it by this entry',
      ].join('\n'),
    );
  });
});
