// NP3xxx: a NetworkPolicy checked against the workloads and namespaces of the workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineDiagnostic } from '../../server/src/engine/types';
import { validateManifest } from '../../server/src/engine/validate';
import {
  checkFileAgainstWorkspace,
  checkPolicyAgainstWorkspace,
  withoutDnsWarningsCoveredByWorkspace,
} from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, pod, policy, service } from '../builders';
import { summarize, yaml } from '../helpers';

const POLICY_URI = 'file:///ws/policy.yaml';

/** shop: frontend (http/TCP 8080, metrics/TCP 9090), cart (grpc/TCP, dns/UDP); other: web. Namespace shop labelled team=shop. */
function shop(): Workspace {
  const ws = new Workspace();
  ws.setFile(
    'file:///ws/shop.yaml',
    documents(
      namespace('shop', { team: 'shop', env: 'prod' }),
      deployment('shop/frontend', { app: 'frontend', tier: 'web' }, ['http:8080', 'metrics:9090']),
      deployment('shop/cart', { app: 'cart', tier: 'back' }, ['grpc:9000', 'dns:53/UDP']),
    ),
  );
  ws.setFile('file:///ws/other.yaml', documents(namespace('other', { team: 'other' }), deployment('other/web', { app: 'web' })));
  return ws;
}

function check(ws: Workspace, policyText: string): { diagnostics: EngineDiagnostic[]; text: string } {
  ws.setFile(POLICY_URI, policyText);
  const object = ws.manifest(POLICY_URI)!.objects[0];
  return { diagnostics: checkPolicyAgainstWorkspace(object, ws), text: policyText };
}

const summary = (result: { diagnostics: EngineDiagnostic[]; text: string }): string[] =>
  summarize(result.text, result.diagnostics);

describe('NP3001: spec.podSelector selects no workload', () => {
  it('fires on the podSelector key, names the selector and suggests the values of the key in the namespace', () => {
    const result = check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: frontent}}'));
    assert.deepEqual(summary(result), ['NP3001@podSelector']);
    assert.equal(result.diagnostics[0].severity, 'warning');
    assert.match(
      result.diagnostics[0].message,
      /\(app=frontent\) selects no workload in namespace shop; no workload has app=frontent; workloads in shop have app=frontend, app=cart\./,
    );
  });

  it('does not fire when a workload of the policy namespace matches', () => {
    assert.deepEqual(summary(check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: frontend}}'))), []);
  });

  it('only looks in the policy namespace: app=web exists in other, not in shop', () => {
    const result = check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: web}}'));
    assert.deepEqual(summary(result), ['NP3001@podSelector']);
  });

  it('each requirement matching something but not all together is said so', () => {
    const result = check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: frontend, tier: back}}'));
    assert.match(result.diagnostics[0].message, /none matches all of them/);
  });

  it('matchExpressions In with an unknown value suggests the seen values', () => {
    const result = check(
      shop(),
      policy('shop/p', 'podSelector: {matchExpressions: [{key: app, operator: In, values: [carts]}]}'),
    );
    assert.match(
      result.diagnostics[0].message,
      /no workload has app in \(carts\); workloads in shop have app=cart, app=frontend/,
    );
  });

  it('suggests a close key when the key is not used at all', () => {
    const result = check(shop(), policy('shop/p', 'podSelector: {matchLabels: {apps: cart}}'));
    assert.match(result.diagnostics[0].message, /have the label key app\./);
  });

  it('{} fires only when the namespace holds no workload', () => {
    assert.deepEqual(summary(check(shop(), policy('shop/p', 'podSelector: {}'))), []);
    const empty = check(shop(), policy('empty/p', 'podSelector: {}'));
    assert.deepEqual(summary(empty), ['NP3001@podSelector']);
    assert.match(empty.diagnostics[0].message, /no workload in empty/);
  });

  it('still checks a policy that has NP1xxx errors elsewhere (port 70000, rule P2)', () => {
    assert.deepEqual(
      summary(check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: nope}}\ningress:\n  - ports: [{port: 70000}]'))),
      ['NP3001@podSelector'],
    );
  });

  it('stays quiet for an invalid selector (NP1xxx reports it)', () => {
    assert.deepEqual(summary(check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: yes}}'))), []);
  });

  it('checks a selector with a null value (`app:` is app="", accepted by the API server) and finds the pods labelled app=""', () => {
    const ws = shop();
    ws.setFile('file:///ws/blank.yaml', pod('shop/blank', { app: '' }));
    assert.deepEqual(summary(check(ws, policy('shop/p', 'podSelector:\n  matchLabels:\n    app:'))), []);
    const missing = check(shop(), policy('shop/p', 'podSelector:\n  matchLabels:\n    app:'));
    assert.deepEqual(summary(missing), ['NP3001@podSelector']);
    assert.match(
      missing.diagnostics[0].message,
      /\(app=\) selects no workload in namespace shop; no workload has app=; workloads in shop have app=cart, app=frontend/,
    );
  });

  it('nothing at all while the workspace has no workload (a lone policy file)', () => {
    assert.deepEqual(
      summary(
        check(
          new Workspace(),
          policy('shop/p', 'podSelector: {matchLabels: {app: nope}}\ningress: [{from: [{podSelector: {matchLabels: {x: y}}}]}]'),
        ),
      ),
      [],
    );
  });

  it('uses the workspace namespace resolution: the default namespace applies without metadata.namespace', () => {
    const ws = new Workspace({ defaultNamespace: 'shop' });
    for (const uri of shop().uris()) ws.setFile(uri, shop().manifest(uri)!.source.text);
    const text = policy('p', 'podSelector: {matchLabels: {app: cart}}');
    assert.deepEqual(summary(check(ws, text)), []);
    assert.deepEqual(summary(check(shop(), text)), ['NP3001@podSelector']);
  });
});

// Semantic traps "Peers": one item with namespaceSelector + podSelector is AND, two items are OR;
// podSelector alone is the policy's namespace; namespaceSelector: {} is every namespace.
describe('NP3002: a peer matches no workload', () => {
  it('podSelector alone looks in the policy namespace, with near misses', () => {
    const result = check(
      shop(),
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - podSelector: {matchLabels: {app: web}}'),
    );
    assert.deepEqual(summary(result), ['NP3002@podSelector']);
    assert.match(
      result.diagnostics[0].message,
      /spec\.ingress\[0\]\.from\[0\]: podSelector \(app=web\) matches no workload in the policy's namespace shop; no workload in shop has app=web; workloads in shop have app=cart, app=frontend/,
    );
  });

  // The forgotten namespaceSelector (semantic traps "Peers": podSelector alone = the policy's
  // namespace; NetworkPolicy API reference, NetworkPolicyPeer.podSelector: "If namespaceSelector is
  // also set ... Otherwise it selects the Pods matching podSelector in the policy's own namespace").
  it('podSelector alone: names the namespaces where workloads do match, and the namespaceSelector to add', () => {
    const ws = shop();
    ws.setFile('file:///ws/third.yaml', deployment('third/web', { app: 'web' }));
    const result = check(
      ws,
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - podSelector: {matchLabels: {app: web}}'),
    );
    assert.deepEqual(summary(result), ['NP3002@podSelector']);
    assert.match(
      result.diagnostics[0].message,
      /no workload in shop has app=web; .* It matches workloads in namespaces other, third: a podSelector without a namespaceSelector selects only in the policy's namespace; add namespaceSelector: \{matchLabels: \{kubernetes\.io\/metadata\.name: other\}\} to this peer to select there\.$/,
    );
  });

  it('podSelector alone: says "no workload has" and names no namespace when none has the label', () => {
    const result = check(
      shop(),
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - podSelector: {matchLabels: {app: nowhere}}'),
    );
    assert.match(result.diagnostics[0].message, /; no workload has app=nowhere; workloads in shop have/);
    assert.doesNotMatch(result.diagnostics[0].message, /It matches workloads in/);
  });

  it('AND peer (one item with both selectors): pods must match inside the selected namespaces', () => {
    const and = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: other}}\n        podSelector: {matchLabels: {app: cart}}',
      ),
    );
    assert.deepEqual(summary(and), ['NP3002@podSelector']);
    assert.match(
      and.diagnostics[0].message,
      /AND namespaceSelector \(team=other\) \(namespaces other\); no workload in other has app=cart; workloads in other have app=web\. The podSelector matches workloads in namespace shop, which the namespaceSelector does not select\.$/,
    );
    const ok = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: other}}\n        podSelector: {matchLabels: {app: web}}',
      ),
    );
    assert.deepEqual(summary(ok), []);
  });

  it('OR peers (two items): each is checked on its own', () => {
    const or = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: other}}\n      - podSelector: {matchLabels: {app: web}}',
      ),
    );
    // app=web exists in other, but the second peer looks in shop only.
    assert.deepEqual(summary(or), ['NP3002@podSelector']);
    assert.match(or.diagnostics[0].message, /from\[1\]/);
  });

  it('namespaceSelector alone: fires when no namespace matches (and NP3004 is not repeating it)', () => {
    const result = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [shop, other]}, {key: team, operator: Exists}]}',
      ),
    );
    assert.deepEqual(summary(result), ['NP3002@namespaceSelector']);
    assert.match(result.diagnostics[0].message, /matches no namespace in the workspace/);
  });

  it('does not fire for a built-in namespace the workspace does not describe (kube-system for DNS), nor NP3003 on its ports', () => {
    const text = policy(
      'shop/p',
      'podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n        podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]',
    );
    assert.deepEqual(summary(check(shop(), text)), []);
    const typo = policy(
      'shop/p',
      'podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-sytem}}',
    );
    assert.deepEqual(summary(check(shop(), typo)), ['NP3004@kube-sytem']);
  });

  it('does not fire for ipBlock peers, {} selectors, or absent from', () => {
    const text = policy(
      'shop/p',
      'podSelector: {}\ningress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {}}, {namespaceSelector: {}}]\n  - {}',
    );
    assert.deepEqual(summary(check(shop(), text)), []);
  });

  it('does not check rules of a direction the policy does not isolate (NP2001 says they are ignored)', () => {
    const text = policy(
      'shop/p',
      'podSelector: {}\npolicyTypes: [Egress]\ningress:\n  - from: [{podSelector: {matchLabels: {app: none}}}]',
    );
    assert.deepEqual(summary(check(shop(), text)), []);
  });
});

describe('NP3004: namespaceSelector label no Namespace has', () => {
  it('fires on the value and suggests the values Namespaces have', () => {
    const result = check(
      shop(),
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: shopp}}'),
    );
    assert.deepEqual(summary(result), ['NP3004@shopp']);
    assert.match(result.diagnostics[0].message, /team=shopp; namespaces have team=shop, team=other/);
  });

  it('checks each In value', () => {
    const result = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [other, nope]}]}',
      ),
    );
    assert.deepEqual(summary(result), ['NP3004@nope']);
  });

  it('the implicit kubernetes.io/metadata.name label is known for every namespace', () => {
    const ok = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}',
      ),
    );
    assert.deepEqual(summary(ok), []);
    const typo = check(
      shop(),
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: othr}}',
      ),
    );
    assert.deepEqual(summary(typo), ['NP3004@othr']);
  });

  it('labels other than the name are not judged when the workspace has no Namespace object', () => {
    const ws = new Workspace();
    ws.setFile('file:///ws/d.yaml', deployment('shop/d', { app: 'd' }));
    const result = check(
      ws,
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: shop}}'),
    );
    assert.deepEqual(
      summary(result).filter((s) => s.startsWith('NP3004')),
      [],
    );
  });

  it('labels other than the name are not judged while a namespace holding workloads has no Namespace object: it may carry the label in the cluster', () => {
    const ws = shop();
    ws.setFile('file:///ws/billing.yaml', deployment('billing/invoices', { app: 'invoices' }));
    const result = check(
      ws,
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: billing}}'),
    );
    assert.deepEqual(summary(result), []);
    const typo = check(
      ws,
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: biling}}',
      ),
    );
    assert.deepEqual(summary(typo), ['NP3004@biling'], 'the name label is still known for every namespace');
    // Nor does NP3002 say the selector matches no namespace: billing's other labels are unknown, not absent.
    const and = check(
      ws,
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: billing}}\n        podSelector: {matchLabels: {app: nope}}',
      ),
    );
    assert.deepEqual(summary(and), []);
    const byName = check(
      ws,
      policy(
        'shop/p',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: billing}}\n        podSelector: {matchLabels: {app: nope}}',
      ),
    );
    assert.deepEqual(summary(byName), ['NP3002@podSelector'], 'selected by name, billing and its workloads are known');
  });

  it('an undeclared namespace without workloads (only a ConfigMap, or the policy itself) does not stop the judging', () => {
    const ws = shop();
    ws.setFile('file:///ws/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: billing}\n');
    const result = check(
      ws,
      policy('shop/p', 'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {team: billing}}'),
    );
    assert.deepEqual(summary(result), ['NP3004@billing']);
  });
});

// Semantic trap "Ports": a named port is resolved per destination pod, by name and protocol;
// in egress rules the name is looked up on the destination, not on the policy's pods.
describe('NP3003: named port no destination exposes', () => {
  it('ingress: looked up on the pods the policy selects, by name', () => {
    const ok = check(
      shop(),
      policy('shop/p', 'podSelector: {matchLabels: {app: frontend}}\ningress:\n  - ports: [{port: http}]'),
    );
    assert.deepEqual(summary(ok), []);
    const result = check(
      shop(),
      policy('shop/p', 'podSelector: {matchLabels: {app: frontend}}\ningress:\n  - ports: [{port: htp}]'),
    );
    assert.deepEqual(summary(result), ['NP3003@htp']);
    assert.match(result.diagnostics[0].message, /named "htp" over TCP; their TCP ports are named http, metrics/);
  });

  it('ingress: by protocol too (dns is UDP on cart)', () => {
    const result = check(shop(), policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: dns}]'));
    assert.deepEqual(summary(result), ['NP3003@dns']);
    assert.match(result.diagnostics[0].message, /"dns" is exposed over UDP only/);
    assert.deepEqual(
      summary(
        check(
          shop(),
          policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: dns, protocol: UDP}]'),
        ),
      ),
      [],
    );
  });

  it('egress: looked up on the destinations the rule peers select, not on the policy pods', () => {
    const toCart = policy(
      'shop/p',
      'podSelector: {matchLabels: {app: frontend}}\negress:\n  - to: [{podSelector: {matchLabels: {app: cart}}}]\n    ports: [{port: grpc}]',
    );
    assert.deepEqual(summary(check(shop(), toCart)), []);
    const httpOnCart = policy(
      'shop/p',
      'podSelector: {matchLabels: {app: frontend}}\negress:\n  - to: [{podSelector: {matchLabels: {app: cart}}}]\n    ports: [{port: http}]',
    );
    assert.deepEqual(summary(check(shop(), httpOnCart)), ['NP3003@http']);
  });

  it('egress without selector peers is skipped', () => {
    const text = policy(
      'shop/p',
      'podSelector: {matchLabels: {app: frontend}}\negress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: nothing}]\n  - ports: [{port: nothing}]',
    );
    assert.deepEqual(summary(check(shop(), text)), []);
  });
});

// semantic-traps.md: "A policy allowing a Service's port while the container listens on the
// targetPort allows the wrong thing: policies see pod ports, never Service ports."
describe('NP3010: a Service port where the pod port belongs', () => {
  /** shop() plus Services: cart-svc 80 -> 9000 (numeric), web-svc 80 -> "http" (named), cart-dns 53/UDP -> 53. */
  function withServices(services = ''): Workspace {
    const ws = shop();
    ws.setFile(
      'file:///ws/services.yaml',
      services ||
        documents(
          service('shop/cart-svc', { app: 'cart' }, [{ port: 80, targetPort: 9000 }]),
          service('shop/web-svc', { tier: 'web' }, [{ name: 'web', port: 80, targetPort: 'http' }, { port: 9090 }]),
        ),
    );
    return ws;
  }

  it('ingress: the Service port allowed on the pods it forwards to (numeric targetPort)', () => {
    const result = check(
      withServices(),
      policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}]'),
    );
    assert.deepEqual(summary(result), ['NP3010@80']);
    assert.match(
      result.diagnostics[0].message,
      /^TCP 80 is a port of Service shop\/cart-svc, which forwards it to port 9000 of its pods; no destination pod declares 80\. .* allow 9000\.$/,
    );
    assert.deepEqual(
      summary(
        check(withServices(), policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 9000}]')),
      ),
      [],
      'the pod port is right',
    );
  });

  it('egress: looked up on the destinations of the rule; a named targetPort resolves on the pods', () => {
    const result = check(
      withServices(),
      policy(
        'shop/p',
        'podSelector: {matchLabels: {app: cart}}\negress:\n  - to: [{podSelector: {matchLabels: {app: frontend}}}]\n    ports: [{port: 80}]',
      ),
    );
    assert.deepEqual(summary(result), ['NP3010@80']);
    assert.match(
      result.diagnostics[0].message,
      /Service shop\/web-svc, which forwards it to port 8080 \(port "http"\) of its pods/,
    );
  });

  it('is quiet when the rule allows the target too, when a pod declares the port itself, or when port and targetPort agree', () => {
    const both = policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}, {port: 9000}]');
    assert.deepEqual(summary(check(withServices(), both)), []);
    const range = policy(
      'shop/p',
      'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}, {port: 8000, endPort: 9999}]',
    );
    assert.deepEqual(summary(check(withServices(), range)), []);
    const named = policy(
      'shop/p',
      'podSelector: {matchLabels: {app: frontend}}\ningress:\n  - ports: [{port: 80}, {port: http}]',
    );
    assert.deepEqual(summary(check(withServices(), named)), [], 'the name http resolves to 8080 on frontend');
    // frontend declares 9090 (metrics) itself: traffic straight to the pods on 9090 is what the rule is for.
    const declaredService = service('shop/metrics-alias', { app: 'frontend' }, [{ port: 9090, targetPort: 8080 }]);
    const declared = policy('shop/p', 'podSelector: {matchLabels: {app: frontend}}\ningress:\n  - ports: [{port: 9090}]');
    assert.deepEqual(summary(check(withServices(declaredService), declared)), []);
  });

  it('is quiet when another Service forwards to the port: the pods listen on it, declared or not', () => {
    const services = documents(
      service('shop/cart-svc', { app: 'cart' }, [{ port: 80, targetPort: 9000 }]),
      service('shop/cart-legacy', { app: 'cart' }, [{ port: 8081, targetPort: 80 }]),
    );
    assert.deepEqual(
      summary(
        check(
          withServices(services),
          policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}]'),
        ),
      ),
      [],
    );
  });

  // The API server defaults a targetPort of 0 or "" to port (Service API reference: targetPort).
  it('reads targetPort 0 as the port itself, and skips targets outside 1..65535', () => {
    const services = service('shop/zero', { app: 'cart' }, [
      { port: 80, targetPort: 0 },
      { port: 81, targetPort: 70000 },
    ]);
    const text = policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}, {port: 81}]');
    assert.deepEqual(summary(check(withServices(services), text)), []);
  });

  it('names every target port of a Service that forwards one port to several (a named targetPort resolved per pod)', () => {
    const ws = shop();
    ws.setFile(
      'file:///ws/more.yaml',
      documents(
        deployment('shop/cart-v2', { app: 'cart', track: 'v2' }, ['grpc:9100']),
        service('shop/cart-svc', { app: 'cart' }, [{ port: 80, targetPort: 'grpc' }]),
      ),
    );
    const result = check(ws, policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}]'));
    assert.deepEqual(summary(result), ['NP3010@80']);
    assert.match(
      result.diagnostics[0].message,
      /forwards it to ports 9000 \(port "grpc"\), 9100 \(port "grpc"\) of its pods; .*: allow 9000, 9100\.$/,
    );
  });

  it("only Services that select a destination count, in the destination's namespace, with the rule's protocol; not headless or ExternalName ones, nor a selector the API server would refuse", () => {
    const other = yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: elsewhere, namespace: other}
      spec: {selector: {app: cart}, ports: [{port: 80, targetPort: 9000}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: frontend-only, namespace: shop}
      spec: {selector: {app: frontend}, ports: [{port: 80, targetPort: 8080}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: udp, namespace: shop}
      spec: {selector: {app: cart}, ports: [{port: 80, targetPort: 9000, protocol: UDP}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: manual-endpoints, namespace: shop}
      spec: {ports: [{port: 80, targetPort: 9000}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: headless, namespace: shop}
      spec: {clusterIP: None, selector: {app: cart}, ports: [{port: 80, targetPort: 9000}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: headless-dual, namespace: shop}
      spec: {clusterIPs: [None], selector: {app: cart}, ports: [{port: 80, targetPort: 9000}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: external, namespace: shop}
      spec: {type: ExternalName, externalName: cart.example.com, selector: {app: cart}, ports: [{port: 80, targetPort: 9000}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: odd-selector, namespace: shop}
      spec: {selector: {app: cart, canary: yes}, ports: [{port: 80, targetPort: 9000}]}
    `;
    assert.deepEqual(
      summary(
        check(
          withServices(other),
          policy('shop/p', 'podSelector: {matchLabels: {app: cart}}\ningress:\n  - ports: [{port: 80}]'),
        ),
      ),
      [],
    );
  });
});

describe('NP3005..NP3009: what the index skipped, as diagnostics of the file it is in', () => {
  it('a non-string label value (NP3005) and a duplicate workload (NP3007)', () => {
    const ws = shop();
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec: {template: {metadata: {labels: {app: yes}}}}
    `;
    ws.setFile('file:///ws/zz-dup.yaml', text);
    assert.deepEqual(summarize(text, checkFileAgainstWorkspace(ws.manifest('file:///ws/zz-dup.yaml')!, ws)), [
      `NP3007@${text.trimEnd()}`,
      'NP3005@yes',
    ]);
  });

  it('severity follows the option', () => {
    const ws = shop();
    ws.setFile(POLICY_URI, policy('shop/p', 'podSelector: {matchLabels: {app: nope}}'));
    const diagnostics = checkFileAgainstWorkspace(ws.manifest(POLICY_URI)!, ws, { severity: 'hint' });
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}:${d.severity}`),
      ['NP3001:hint'],
    );
  });
});

describe('NP2005 in a workspace: a default-deny beside an allow-dns policy in another file does not cut DNS', () => {
  const denyAll = policy('shop/default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
  const allowDns = (namespace: string) =>
    policy(`${namespace}/allow-dns`, 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}]');
  const denyUri = 'file:///ws/deny.yaml';
  const codesWith = (dnsNamespace: string): string[] => {
    const workspace = new Workspace();
    workspace.setFile(denyUri, denyAll);
    workspace.setFile('file:///ws/dns.yaml', allowDns(dnsNamespace));
    const file = workspace.manifest(denyUri)!;
    return withoutDnsWarningsCoveredByWorkspace(validateManifest(file), file, workspace).map((d) => d.code);
  };

  it('drops the warning when a policy of the same namespace elsewhere in the workspace allows DNS egress to every pod', () => {
    assert.deepEqual(codesWith('shop'), []);
  });

  it('keeps it when the DNS policy is in another namespace', () => {
    assert.deepEqual(codesWith('payments'), ['NP2005']);
  });
});

// Allowed egress is the union of the policies selecting a pod (NetworkPolicy concept page,
// "Isolated and Non-isolated Pods"). microservices-demo (release/kubernetes-manifests,
// network-policies): a `deny-all` with podSelector {} and policyTypes [Ingress, Egress], and
// per workload a policy with `egress: [{}]`: every pod may resolve names.
describe('NP2005 in a workspace: other policies allowing DNS egress to each pod the default-deny selects', () => {
  const denyUri = 'file:///ws/deny-all.yaml';
  const denyAll = policy('shop/deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
  const allowAllEgress = (app: string) =>
    policy(
      `shop/${app}`,
      `podSelector: {matchLabels: {app: ${app}}}\npolicyTypes: [Ingress, Egress]\ningress: [{}]\negress: [{}]`,
    );
  const run = (files: Record<string, string>): EngineDiagnostic[] => {
    const workspace = new Workspace();
    workspace.setFile(denyUri, denyAll);
    for (const [uri, text] of Object.entries(files)) workspace.setFile(uri, text);
    const file = workspace.manifest(denyUri)!;
    return withoutDnsWarningsCoveredByWorkspace(validateManifest(file), file, workspace);
  };
  const workloads = documents(deployment('shop/frontend', { app: 'frontend' }), deployment('shop/cart', { app: 'cart' }));

  it('drops the warning when each workload of the namespace has a policy allowing all egress', () => {
    const found = run({
      'file:///ws/apps.yaml': workloads,
      'file:///ws/policies.yaml': documents(allowAllEgress('frontend'), allowAllEgress('cart')),
    });
    assert.deepEqual(
      found.map((d) => d.code),
      [],
    );
  });

  it('counts a policy allowing UDP 53 to anywhere as allowing DNS', () => {
    const udp53 = policy(
      'shop/cart-dns',
      'podSelector: {matchLabels: {app: cart}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}]',
    );
    const found = run({
      'file:///ws/apps.yaml': workloads,
      'file:///ws/policies.yaml': documents(allowAllEgress('frontend'), udp53),
    });
    assert.deepEqual(
      found.map((d) => d.code),
      [],
    );
  });

  it('keeps it, naming the workloads left without DNS, when one workload has no such policy', () => {
    const found = run({ 'file:///ws/apps.yaml': workloads, 'file:///ws/policies.yaml': allowAllEgress('frontend') });
    assert.deepEqual(
      found.map((d) => d.code),
      ['NP2005'],
    );
    assert.match(
      found[0].message,
      /name lookups will fail.* Other policies allow it for the other pods, not for shop\/cart\[Deployment\]\.$/,
    );
  });

  it('keeps it when the workspace has no workload (only a policy for every pod answers then)', () => {
    const found = run({ 'file:///ws/policies.yaml': documents(allowAllEgress('frontend'), allowAllEgress('cart')) });
    assert.deepEqual(
      found.map((d) => d.code),
      ['NP2005'],
    );
    assert.doesNotMatch(found[0].message, /Other policies/);
  });
});

describe('NP2010 in a workspace: a sibling policy opening UDP 53 for the same pods', () => {
  const webUri = 'file:///ws/web.yaml';
  const tcpOnly = policy(
    'shop/web',
    'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53}]',
  );
  const udpFor = (ref: string, podSelector: string) =>
    policy(ref, `podSelector: ${podSelector}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}]`);
  const codesWith = (files: Record<string, string>): string[] => {
    const workspace = new Workspace();
    workspace.setFile(webUri, tcpOnly);
    for (const [uri, text] of Object.entries(files)) workspace.setFile(uri, text);
    const file = workspace.manifest(webUri)!;
    return withoutDnsWarningsCoveredByWorkspace(validateManifest(file), file, workspace).map((d) => d.code);
  };

  it('drops the warning when a policy of the namespace in another file allows UDP 53 to every pod', () => {
    assert.deepEqual(codesWith({ 'file:///ws/dns.yaml': udpFor('shop/allow-dns', '{}') }), []);
    assert.deepEqual(codesWith({ 'file:///ws/dns.yaml': udpFor('payments/allow-dns', '{}') }), ['NP2010']);
  });

  it('drops it when the workloads the policy selects are all selected by a policy allowing UDP 53', () => {
    const web = deployment('shop/web', { app: 'web', tier: 'front' });
    assert.deepEqual(
      codesWith({
        'file:///ws/web-app.yaml': web,
        'file:///ws/dns.yaml': udpFor('shop/front-dns', '{matchLabels: {tier: front}}'),
      }),
      [],
    );
    assert.deepEqual(
      codesWith({
        'file:///ws/web-app.yaml': web,
        'file:///ws/dns.yaml': udpFor('shop/back-dns', '{matchLabels: {tier: back}}'),
      }),
      ['NP2010'],
    );
  });
});
