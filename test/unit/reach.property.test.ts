// The grouped, set-based reach against a naive reference that evaluates every pair of
// workloads straight from the definitions (docs "Isolation of pods", "Behavior of to
// and from selectors", named ports per destination), on seeded random small workspaces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  effectiveRules,
  isolates,
  normalizePolicy,
  type Direction,
  type NetworkPolicyModel,
  type PolicyRule,
} from '../../server/src/engine/policy';
import {
  ALL,
  equals,
  formatConnectionSet,
  intersect,
  NONE,
  resolvePorts,
  union,
  type ConnectionSet,
} from '../../server/src/engine/ports';
import { reach } from '../../server/src/engine/reach';
import { selectorMatches } from '../../server/src/engine/selectors';
import { hasErrors, validateNetworkPolicy } from '../../server/src/engine/validate';
import type { Workspace } from '../../server/src/engine/workspace';
import type { Workload } from '../../server/src/engine/workloads';
import { seededRandom } from '../../bench/seededRandom';
import { workspaceOf } from './reach.helpers';

function randomTexts(seed: number, policySeed = seed): { workloads: string[]; policies: string[] } {
  let random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  const namespaces = ['n0', 'n1', 'n2'];
  const texts: string[] = [];
  for (const ns of namespaces) {
    if (chance(0.7))
      texts.push(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns, labels: chance(0.5) ? { env: pick(['x', 'y']) } : {} },
        }),
      );
    const count = 1 + Math.floor(random() * 3);
    for (let w = 0; w < count; w++) {
      const labels: Record<string, string> = {};
      if (chance(0.8)) labels.app = pick(['a', 'b', 'c']);
      if (chance(0.5)) labels.tier = pick(['front', 'back']);
      const ports = Array.from({ length: Math.floor(random() * 3) }, () => ({
        ...(chance(0.7) ? { name: pick(['http', 'metrics']) } : {}),
        containerPort: pick([80, 8080, 9090]),
        protocol: pick(['TCP', 'TCP', 'UDP']),
      }));
      // Unique names per container port: keep the first of each name.
      const seen = new Set<string>();
      const unique = ports.filter((p) => !p.name || (!seen.has(p.name) && seen.add(p.name)));
      texts.push(
        JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `w${w}`, namespace: ns },
          spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', ports: unique }] } } },
        }),
      );
    }
  }
  const workloadTexts = texts.splice(0, texts.length);
  random = seededRandom(policySeed * 7919 + 1);
  const selector = (keys: readonly string[], values: readonly string[]): object => {
    switch (Math.floor(random() * 5)) {
      case 0:
        return {};
      case 1:
        return { matchLabels: { [pick(keys)]: pick(values) } };
      case 2:
        return { matchExpressions: [{ key: pick(keys), operator: pick(['In', 'NotIn']), values: [pick(values)] }] };
      case 3:
        return { matchExpressions: [{ key: pick(keys), operator: pick(['Exists', 'DoesNotExist']) }] };
      default:
        return {
          matchLabels: { [pick(keys)]: pick(values) },
          matchExpressions: [{ key: pick(keys), operator: 'NotIn', values: [pick(values)] }],
        };
    }
  };
  const podSelector = () => selector(['app', 'tier'], ['a', 'b', 'c', 'front', 'back']);
  const namespaceSelector = () => selector(['env', 'kubernetes.io/metadata.name'], ['x', 'y', 'n0', 'n1']);
  const peer = (): object => {
    switch (Math.floor(random() * 4)) {
      case 0:
        return { podSelector: podSelector() };
      case 1:
        return { namespaceSelector: namespaceSelector() };
      case 2:
        return { namespaceSelector: namespaceSelector(), podSelector: podSelector() };
      default:
        return { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } };
    }
  };
  const port = (): object =>
    pick([
      { port: 80 },
      { port: 'http' },
      { port: 'metrics', protocol: 'UDP' },
      { port: 8000, endPort: 9000 },
      { protocol: 'UDP' },
      { port: 9090 },
    ]);
  const rule = (key: 'from' | 'to'): object => ({
    ...(chance(0.8) ? { [key]: chance(0.1) ? [] : Array.from({ length: 1 + Math.floor(random() * 2) }, peer) } : {}),
    ...(chance(0.6) ? { ports: Array.from({ length: 1 + Math.floor(random() * 2) }, port) } : {}),
  });
  const policyCount = Math.floor(random() * 5);
  for (let p = 0; p < policyCount; p++) {
    const spec: Record<string, unknown> = { podSelector: podSelector() };
    const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    if (types) spec.policyTypes = types;
    if (chance(0.7)) spec.ingress = Array.from({ length: Math.floor(random() * 3) }, () => rule('from'));
    if (chance(0.6)) spec.egress = Array.from({ length: Math.floor(random() * 3) }, () => rule('to'));
    texts.push(
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `p${p}`, namespace: pick(namespaces) },
        spec,
      }),
    );
  }
  return { workloads: workloadTexts, policies: texts };
}

function randomWorkspace(seed: number): Workspace {
  const { workloads, policies } = randomTexts(seed);
  return workspaceOf(...workloads, ...policies);
}

/** The reference: every pair, straight from the definitions, no grouping and no sets. */
function naiveReach(workspace: Workspace): Map<string, ConnectionSet> {
  const policies: NetworkPolicyModel[] = workspace
    .networkPolicies()
    .filter((entry) => !hasErrors(validateNetworkPolicy(entry.object)))
    .map((entry) => normalizePolicy(entry.object, entry.namespace));
  const namespaceLabels = (name: string) => workspace.namespace(name)!.labels;
  const peerMatches = (rule: PolicyRule, policyNamespace: string, other: Workload): boolean =>
    rule.peers.some((peer) => {
      if (peer.kind === 'all') return true;
      if (peer.kind !== 'selector') return false;
      const inNamespace = peer.namespaceSelector
        ? selectorMatches(peer.namespaceSelector.selector, namespaceLabels(other.namespace))
        : other.namespace === policyNamespace;
      return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector.selector, other.labels));
    });
  const side = (self: Workload, other: Workload, direction: Direction, destination: Workload): ConnectionSet => {
    const selecting = policies.filter(
      (p) => p.namespace === self.namespace && isolates(p, direction) && selectorMatches(p.podSelector.selector, self.labels),
    );
    if (selecting.length === 0) return ALL;
    let ports = NONE;
    for (const p of selecting)
      for (const r of effectiveRules(p, direction))
        if (peerMatches(r, p.namespace, other)) ports = union(ports, resolvePorts(r.ports, destination.ports));
    return ports;
  };
  const result = new Map<string, ConnectionSet>();
  const workloads = workspace.workloads();
  for (const a of workloads) {
    for (const b of workloads) {
      if (a === b) continue;
      const ports = intersect(side(a, b, 'egress', b), side(b, a, 'ingress', b));
      if (ports !== NONE && formatConnectionSet(ports) !== 'no ports') result.set(`${a.ref} -> ${b.ref}`, ports);
    }
  }
  return result;
}

describe('reach: grouped set-based algorithm equals the naive pairwise reference (seeded random workspaces)', () => {
  it('agrees on every pair of workloads for 300 seeds', () => {
    let nonTrivial = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const workspace = randomWorkspace(seed);
      const expected = naiveReach(workspace);
      const { connections } = reach(workspace);
      const keys = connections.map((c) => [c.from, c.to]);
      const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
      assert.deepEqual(keys, sorted, `seed ${seed}: connections sorted by from, then to`);
      const actual = new Map(connections.filter((c) => !c.external).map((c) => [`${c.from} -> ${c.to}`, c.ports]));
      const describe = (m: Map<string, ConnectionSet>) => [...m].map(([k, v]) => `${k}: ${formatConnectionSet(v)}`).sort();
      assert.deepEqual(describe(actual), describe(expected), `seed ${seed}`);
      for (const [key, ports] of expected) assert.ok(equals(actual.get(key)!, ports), `seed ${seed} ${key}`);
      if (workspace.networkPolicies().length > 0 && expected.size > 0) nonTrivial++;
    }
    assert.ok(nonTrivial > 100, `only ${nonTrivial} workspaces had policies and connections`);
  });

  it('after policy edits, the incremental recompute equals a fresh analysis (200 seeds)', () => {
    const listing = (workspace: Workspace) =>
      reach(workspace).connections.map((c) => `${c.from} -> ${c.to}: ${formatConnectionSet(c.ports)}`);
    for (let seed = 1; seed <= 200; seed++) {
      const before = randomTexts(seed);
      const after = randomTexts(seed, seed + 100_000);
      const workspace = workspaceOf(...before.workloads, ...before.policies);
      listing(workspace);
      const files = Math.max(before.policies.length, after.policies.length);
      for (let i = 0; i < files; i++) {
        const uri = `file:///ws/f${before.workloads.length + i}.yaml`;
        if (i < after.policies.length) workspace.setFile(uri, after.policies[i]);
        else workspace.removeFile(uri);
        // Every intermediate state too: one edit at a time.
        const intermediate = workspaceOf(...before.workloads, ...after.policies.slice(0, i + 1), ...before.policies.slice(i + 1));
        assert.deepEqual(listing(workspace), listing(intermediate), `seed ${seed}, after editing policy file ${i}`);
      }
    }
  });
});
