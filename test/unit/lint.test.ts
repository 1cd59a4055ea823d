import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifest, type ManifestFile } from '../../server/src/engine/manifests';
import { defaultValidationOptions, validateManifest } from '../../server/src/engine/validate';
import { lintNetworkPolicy } from '../../server/src/engine/validate/lint';
import { describeSelector, parseLabelSelector } from '../../server/src/engine/selectors';
import { policy } from '../builders';
import { firstObject, summarize } from '../helpers';

/** `code@text` of the lint findings of the first object in a YAML text. */
function lint(text: string): string[] {
  return summarize(text, lintNetworkPolicy(firstObject(text), defaultValidationOptions));
}

function messages(text: string): string[] {
  return lintNetworkPolicy(firstObject(text), defaultValidationOptions).map((d) => d.message);
}

const podSelectorWeb = 'podSelector: {matchLabels: {app: web}}';

describe('lint NP2001/NP2002: rules of a direction missing from explicit policyTypes (rules doc §4.5: stored without complaint, never applied)', () => {
  it('NP2001 at the ingress key when policyTypes is [Egress]', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\npolicyTypes: [Egress]\ningress:\n- from: [{podSelector: {}}]\negress:\n- {}`,
    );
    assert.deepEqual(lint(text), ['NP2001@ingress']);
    assert.match(messages(text)[0], /no effect/);
  });

  it('NP2002 at the egress key when policyTypes is [Ingress]', () => {
    const text = policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Ingress]\negress:\n- to: [{podSelector: {}}]`);
    assert.deepEqual(lint(text), ['NP2002@egress']);
  });

  it('does not fire when policyTypes lists the direction (the fix)', () => {
    assert.deepEqual(
      lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Ingress, Egress]\ningress:\n- {}\negress:\n- {}`)),
      [],
    );
  });

  it('never fires without policyTypes: defaulting adds Egress when egress has a rule', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\ningress:\n- {}\negress:\n- {}`)), []);
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: []\ningress:\n- {}\negress:\n- {}`)), []);
  });

  it('does not fire for an empty rule list of the missing direction (nothing is ignored)', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]\ningress: []\negress:\n- {}`)), []);
  });

  it('leaves an unsupported policyType to the API-server error (T2) instead of piling a warning on it', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [egress]\ningress:\n- {}`)), []);
  });
});

describe('lint NP2003: duplicate port entry in one rule', () => {
  it('ranges the later duplicate, comparing protocols after defaulting to TCP', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- ports:\n  - port: 80\n  - {port: 443}\n  - {protocol: TCP, port: 80}`,
    );
    assert.deepEqual(lint(text), ['NP2003@{protocol: TCP, port: 80}']);
  });

  it('finds duplicate ranges and duplicate named ports', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- ports:\n  - {port: 8000, endPort: 8080}\n  - {port: http}\n  - {port: 8000, endPort: 8080}\n  - {port: http}`,
    );
    assert.deepEqual(lint(text), ['NP2003@{port: 8000, endPort: 8080}', 'NP2003@{port: http}']);
  });

  it('does not fire for near misses: other protocol, other endPort, name versus number, other rule', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- ports:\n  - {port: 53}\n  - {port: 53, protocol: UDP}\n  - {port: 8000, endPort: 8080}\n  - {port: 8000, endPort: 8081}\n  - {port: "http"}\n  - {port: 80}\n- ports:\n  - {port: 80}`,
    );
    assert.deepEqual(lint(text), []);
  });
});

describe("lint NP2003: numbers that fail decoding (rules §2) are the schema check's, not duplicates", () => {
  it('.inf next to .nan is no duplicate port, and neither are two endPorts of 1e400', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- ports:\n  - port: .inf\n  - port: .nan\n  - {port: 80, endPort: 1e400}\n  - {port: 80, endPort: 1e400}\n  - {port: 2147483648}\n  - {port: 2147483648}`,
    );
    assert.deepEqual(lint(text), []);
  });

  it('the schema check words them "not a finite integer", not "a fractional number"', () => {
    const text = policy('shop/p', `${podSelectorWeb}\ningress:\n- ports:\n  - port: .nan\n  - {port: 80, endPort: 1e400}`);
    const found = validateManifest(parseManifest('file:///p.yaml', text)).map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(found, [
      'NP1002 `spec.ingress[0].ports[0].port` must be an integer 1-65535 or a port name, not .nan (not a finite integer)',
      'NP1002 `spec.ingress[0].ports[1].endPort` must be an integer, not .inf (not a finite integer)',
    ]);
  });
});

describe('lint NP2004: the AND/OR peer trap (Kubernetes NetworkPolicy concept page, "Behavior of to and from selectors")', () => {
  it('warns at the second of two adjacent peers, namespaceSelector only then podSelector only', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n  - podSelector: {matchLabels: {app: agent}}`,
    );
    assert.deepEqual(lint(text), ['NP2004@podSelector: {matchLabels: {app: agent}}']);
    const [message] = messages(text);
    assert.match(message, /pods labelled app=agent in namespace shop, OR any pod in namespaces labelled team=ops/);
    assert.match(message, /put podSelector and namespaceSelector in one list item/);
  });

  it('warns in egress `to` lists and in the other order too, and names "any namespace" for {}', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- to:\n  - podSelector: {matchLabels: {app: db}}\n  - namespaceSelector: {}\n  ports: [{port: 5432}]`,
    );
    assert.deepEqual(lint(text), ['NP2004@namespaceSelector: {}']);
    assert.match(messages(text)[0], /any pod in any namespace/);
  });

  it('does not fire on the fix: both selectors in one peer', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n    podSelector: {matchLabels: {app: agent}}`,
        ),
      ),
      [],
    );
  });

  it('does not fire when the podSelector is empty: joining would add nothing, so the split is meant', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n  - podSelector: {}`,
        ),
      ),
      [],
    );
  });

  it('does not fire for a combined peer next to a separate one (the author knows the AND form)', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n    podSelector: {matchLabels: {app: prometheus}}\n  - podSelector: {matchLabels: {app: frontend}}`,
    );
    assert.deepEqual(lint(text), []);
  });

  it('does not fire for peers that are not adjacent, or of the same kind', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n  - ipBlock: {cidr: 10.0.0.0/8}\n  - podSelector: {matchLabels: {app: agent}}\n- from:\n  - podSelector: {matchLabels: {app: a}}\n  - podSelector: {matchLabels: {app: b}}`,
    );
    assert.deepEqual(lint(text), []);
  });
});

describe('lint NP2004: selectors in the words of selectors.ts (one wording with NP3)', () => {
  it('prints expressions as kubectl does, sorted, like describeSelector', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchExpressions: [{key: tier, operator: In, values: [b, a]}]}\n  - podSelector: {matchLabels: {app: agent}, matchExpressions: [{key: canary, operator: DoesNotExist}]}`,
    );
    const [message] = messages(text);
    assert.match(
      message,
      /pods labelled app=agent, !canary in namespace shop, OR any pod in namespaces labelled tier in \(a,b\)\./,
    );
    const selector = parseLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] });
    assert.ok(selector && message.includes(describeSelector(selector)));
  });

  it('leaves a pair with a selector the API server rejects alone (S5 reports it)', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n  - podSelector: {matchExpressions: [{key: app, operator: in, values: [a]}]}`,
    );
    assert.deepEqual(lint(text), []);
  });
});

describe('lint NP2005: egress default-deny of a whole namespace without DNS (semantic-traps: "Egress isolation of all pods without a rule to DNS")', () => {
  it('warns at policyTypes for a default-deny of egress', () => {
    const text = policy('shop/p', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
    assert.deepEqual(lint(text), ['NP2005@policyTypes']);
  });

  it('warns at the egress key when egress is isolated by defaulting and no rule reaches port 53', () => {
    const text = policy('shop/p', 'podSelector: {}\negress:\n- ports: [{port: 443}]');
    assert.deepEqual(lint(text), ['NP2005@egress']);
  });

  it('does not fire when a rule allows 53 over UDP or TCP, a range covers 53, or a rule has no ports', () => {
    assert.deepEqual(
      lint(policy('shop/p', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}, {port: 53}]')),
      [],
    );
    assert.deepEqual(
      lint(
        policy('shop/p', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 50, endPort: 60, protocol: UDP}]'),
      ),
      [],
    );
    assert.deepEqual(
      lint(policy('shop/p', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{namespaceSelector: {}}]')),
      [],
    );
    assert.deepEqual(
      lint(policy('shop/p', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: dns, protocol: UDP}]')),
      [],
    );
  });

  it('counts a DNS rule whose peers are all ipBlocks (resolvers reached by address, e.g. node-local DNS)', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 169.254.20.10/32}}]\n  ports: [{port: 53, protocol: UDP}]',
        ),
      ),
      [],
    );
  });

  it('does not fire when another policy of the same namespace in the file allows DNS to every pod (allowed traffic is the union of policies)', () => {
    const denyAll =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
    const allowDns = (namespace: string, podSelector = '{}') =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns, namespace: ${namespace}}\nspec:\n  podSelector: ${podSelector}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n`;
    const codes = (text: string) => validateManifest(parseManifest('file:///ns.yaml', text)).map((d) => d.code);
    assert.deepEqual(codes(`${denyAll}---\n${allowDns('shop')}`), []);
    assert.deepEqual(codes(`${denyAll}---\n${allowDns('payments')}`), ['NP2005'], 'another namespace does not help');
    assert.deepEqual(
      codes(`${denyAll}---\n${allowDns('shop', '{matchLabels: {app: web}}')}`),
      ['NP2005'],
      'DNS for some pods only',
    );
  });

  it('does not fire for policies selecting some pods, or not isolating egress', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]`)), []);
    assert.deepEqual(lint(policy('shop/p', 'podSelector: {}\npolicyTypes: [Ingress]')), []);
    assert.deepEqual(lint(policy('shop/p', 'podSelector: {}')), []);
  });
});

describe('lint NP2006: duplicate policyTypes entry (rules doc §4.5: no duplicate check on the server)', () => {
  it('ranges the repeated entry', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes:\n- Ingress\n- Ingress`)), ['NP2006@Ingress']);
    const text = policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Ingress, Egress, Egress]\negress: [{}]`);
    const found = lintNetworkPolicy(firstObject(text), defaultValidationOptions);
    assert.deepEqual(
      found.map((d) => d.code),
      ['NP2006'],
    );
    assert.equal(found[0].range.start.character, text.split('\n')[7].lastIndexOf('Egress'));
  });

  it('does not fire for distinct entries', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Ingress, Egress]\negress: [{}]`)), []);
  });
});

describe('lint NP2008: `egress: []` without policyTypes (defaults.go: Egress only when egress has a rule)', () => {
  it('warns at the egress key, and says that the default [Ingress] denies ingress instead', () => {
    const text = policy('shop/p', `${podSelectorWeb}\negress: []`);
    assert.deepEqual(lint(text), ['NP2008@egress']);
    assert.match(messages(text)[0], /denies all ingress instead/);
  });

  it('also with policyTypes: [] (treated as absent by defaulting)', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: []\ningress: [{}]\negress: []`)), ['NP2008@egress']);
  });

  it('does not fire on the fix, policyTypes listing Egress', () => {
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]\negress: []`)), []);
  });
});

describe('lint NP2009: selector that can never match', () => {
  it('matchLabels against NotIn, DoesNotExist and In on the same key', () => {
    const notIn = policy(
      'shop/p',
      'podSelector:\n  matchLabels: {app: web}\n  matchExpressions: [{key: app, operator: NotIn, values: [web]}]',
    );
    assert.deepEqual(lint(notIn), ['NP2009@podSelector']);
    const doesNotExist = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels: {team: ops}\n      matchExpressions: [{key: team, operator: DoesNotExist}]`,
    );
    assert.deepEqual(lint(doesNotExist), ['NP2009@namespaceSelector']);
    const disjointIn = policy(
      'shop/p',
      'podSelector:\n  matchLabels: {app: web}\n  matchExpressions: [{key: app, operator: In, values: [api, db]}]',
    );
    assert.deepEqual(lint(disjointIn), ['NP2009@podSelector']);
  });

  it('Exists with DoesNotExist on one key', () => {
    const text = policy(
      'shop/p',
      'podSelector:\n  matchExpressions: [{key: app, operator: Exists}, {key: app, operator: DoesNotExist}]',
    );
    assert.deepEqual(lint(text), ['NP2009@podSelector']);
  });

  it('does not fire for satisfiable combinations (NotIn matches pods without the key)', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          'podSelector:\n  matchLabels: {app: web}\n  matchExpressions: [{key: app, operator: In, values: [web, api]}, {key: tier, operator: NotIn, values: [db]}]',
        ),
      ),
      [],
    );
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          'podSelector:\n  matchExpressions: [{key: app, operator: NotIn, values: [web]}, {key: app, operator: DoesNotExist}]',
        ),
      ),
      [],
    );
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          'podSelector:\n  matchExpressions: [{key: app, operator: In, values: [a, b]}, {key: app, operator: NotIn, values: [a]}]',
        ),
      ),
      [],
    );
  });

  it('leaves In without values to the API-server error (S3)', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          'podSelector:\n  matchExpressions: [{key: app, operator: In, values: []}, {key: app, operator: DoesNotExist}]',
        ),
      ),
      [],
    );
  });
});

describe('lint NP2010: DNS allowed over TCP only', () => {
  it('warns at the TCP entry when no egress rule allows UDP 53', () => {
    const text = policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 53`);
    assert.deepEqual(lint(text), ['NP2010@port: 53']);
  });

  it('does not fire when UDP 53 is allowed in any egress rule, or egress is not enforced', () => {
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53}]\n- ports: [{port: 53, protocol: UDP}]`,
        ),
      ),
      [],
    );
    assert.deepEqual(
      lint(
        policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53}]\n- to: [{podSelector: {}}]`),
      ),
      [],
    );
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\ningress:\n- ports: [{port: 53}]`)), []);
  });

  // Allowed egress is the union of the policies selecting a pod (NetworkPolicy concept page,
  // "Isolated and Non-isolated Pods"): a sibling opening UDP 53 to every pod answers the warning, as for NP2005.
  it('does not fire when another policy of the same namespace in the file allows UDP 53 to every pod', () => {
    const tcpOnly = policy('shop/web', `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53}]`);
    const allowDns = (namespace: string, protocol: string) =>
      policy(
        `${namespace}/allow-dns`,
        `podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: ${protocol}}]`,
      );
    const codes = (text: string) => validateManifest(parseManifest('file:///ns.yaml', text)).map((d) => d.code);
    assert.deepEqual(codes(`${tcpOnly}---\n${allowDns('shop', 'UDP')}`), []);
    assert.deepEqual(codes(`${tcpOnly}---\n${allowDns('payments', 'UDP')}`), ['NP2010'], 'another namespace does not help');
    assert.deepEqual(codes(`${tcpOnly}---\n${allowDns('shop', 'TCP')}`), ['NP2010', 'NP2010'], 'TCP again does not help');
  });
});

// API reference, NetworkPolicyPort.port: "a numerical or named port on a pod"; in an egress rule
// the ports are the destination's (NetworkPolicyEgressRule.ports: "destination ports for outgoing
// traffic"). An ipBlock-only egress rule goes to addresses outside the cluster: no pod, no name.
describe('lint NP2011: a named port in an egress rule whose peers are all ipBlocks', () => {
  it('warns at the port name', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24}}, {ipBlock: {cidr: 198.51.100.0/24}}]\n  ports: [{port: https}, {port: 8443}]`,
    );
    assert.deepEqual(lint(text), ['NP2011@https']);
    assert.match(messages(text)[0], /^Port name "https" never resolves here: .* only ipBlocks/);
  });

  it('does not warn for ingress (the name resolves on the selected pod), selector peers, no peers, or egress not enforced', () => {
    const ports = 'ports: [{port: https}]';
    assert.deepEqual(
      lint(policy('shop/p', `${podSelectorWeb}\ningress:\n- from: [{ipBlock: {cidr: 203.0.113.0/24}}]\n  ${ports}`)),
      [],
    );
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24}}, {podSelector: {}}]\n  ${ports}`,
        ),
      ),
      [],
    );
    assert.deepEqual(lint(policy('shop/p', `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- ${ports}`)), []);
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24}}]\n  ports: [{port: "443"}]`,
        ),
      ),
      [],
      'an invalid name is NP1303, not repeated',
    );
    assert.deepEqual(
      lint(
        policy(
          'shop/p',
          `${podSelectorWeb}\npolicyTypes: [Ingress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24}}]\n  ${ports}`,
        ),
      ),
      ['NP2002@egress'],
    );
  });
});

describe('lint tolerates malformed shapes (the schema check reports them)', () => {
  const malformed = [
    'spec: 5',
    'spec: {policyTypes: Egress, ingress: 3, egress: {a: 1}}',
    'spec: {podSelector: [], policyTypes: [1, null], ingress: [5, null, {from: 7, ports: [1, {port: [1]}, {protocol: 6}]}]}',
    'spec: {egress: [{to: [null, 3, {namespaceSelector: 3}, {podSelector: [1]}], ports: {port: 53}}]}',
    'spec: {podSelector: {matchLabels: [1], matchExpressions: [null, {key: 1}, {key: a, operator: In, values: 3}]}}',
  ];
  for (const spec of malformed) {
    it(`does not throw on ${spec}`, () => {
      const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n${spec}\n`;
      assert.doesNotThrow(() => lint(text));
    });
  }
});

describe('lint tolerates a wrong type at any place of a full policy', () => {
  // Nearly every lint rule fires on this policy; each variant replaces one value, so
  // every reader meets every wrong type somewhere.
  const base = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
      policyTypes: ['Egress', 'Egress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, { podSelector: { matchLabels: { app: 'a' } } }],
          ports: [{ port: 80 }, { port: 80 }],
        },
      ],
      egress: [
        {
          to: [{ ipBlock: { cidr: '10.0.0.0/8' } }],
          ports: [
            { port: 53, endPort: 60 },
            { protocol: 'TCP', port: 53, endPort: 60 },
          ],
        },
      ],
    },
  };
  const wrongValues: unknown[] = [null, 7, 'text', true, [], {}, [null, 3, 'x']];

  function* paths(value: unknown, path: (string | number)[] = []): Generator<(string | number)[]> {
    if (path.length > 0) yield path;
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* paths(value[i], [...path, i]);
    else if (value && typeof value === 'object')
      for (const key of Object.keys(value)) yield* paths((value as Record<string, unknown>)[key], [...path, key]);
  }

  function replaced(path: (string | number)[], wrong: unknown): unknown {
    const copy = structuredClone(base) as Record<string | number, unknown>;
    let parent = copy;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
    parent[path[path.length - 1]] = wrong;
    return copy;
  }

  it('the base policy shows the warnings it was built for', () => {
    const codes = lint(JSON.stringify(base)).map((finding) => finding.split('@')[0]);
    assert.deepEqual([...new Set(codes)].sort(), ['NP2001', 'NP2003', 'NP2004', 'NP2006', 'NP2009', 'NP2010']);
  });

  it('never throws, whatever value is replaced by whatever wrong type', () => {
    let variants = 0;
    for (const path of paths(base)) {
      if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
      for (const wrong of wrongValues) {
        const text = JSON.stringify(replaced(path, wrong));
        assert.doesNotThrow(() => lint(text), `${path.join('.')} = ${JSON.stringify(wrong)}`);
        variants++;
      }
    }
    assert.ok(variants > 200);
  });
});

describe('lint names a namespace selected by kubernetes.io/metadata.name plainly', () => {
  it('says "namespace monitoring" rather than a label', () => {
    const text = policy(
      'shop/p',
      `${podSelectorWeb}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n  - podSelector: {matchLabels: {app: prometheus}}`,
    );
    assert.match(
      messages(text)[0],
      /OR any pod in namespace monitoring\. If you meant pods labelled app=prometheus in namespace monitoring,/,
    );
  });
});

describe('the example workspace (examples/)', () => {
  const read = (path: string): ManifestFile => parseManifest(path, readFileSync(path, 'utf8'));

  it('examples/broken/lint-warnings.yaml shows every lint warning of this module once', () => {
    const codes = validateManifest(read('examples/broken/lint-warnings.yaml')).map((d) => d.code);
    const lintCodes = ['NP2001', 'NP2002', 'NP2003', 'NP2004', 'NP2005', 'NP2006', 'NP2008', 'NP2009', 'NP2010', 'NP2011'];
    assert.deepEqual(
      codes.filter((code) => lintCodes.includes(code)),
      lintCodes,
    );
  });

  it('the correct policies (everything outside examples/broken/) have no findings', () => {
    const files = yamlFiles('examples').filter((path) => !path.startsWith(join('examples', 'broken')));
    assert.ok(files.length > 5);
    for (const path of files) assert.deepEqual(validateManifest(read(path)), [], path);
  });

  it('examples/broken/malformed.yaml is the one file that is not valid YAML', () => {
    const broken = yamlFiles('examples').filter((path) => read(path).diagnostics.some((d) => d.code === 'NP0001'));
    assert.deepEqual(broken, [join('examples', 'broken', 'malformed.yaml')]);
  });
});

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    });
}
