// The grouped, set-based reach against a naive reference that evaluates every pair of
// workloads straight from the definitions (docs "Isolation of pods", "Behavior of to
// and from selectors", named ports per destination), on seeded random small workspaces.
// The reference works pod by pod: a StatefulSet's replicas carry the labels its controller
// adds (docs "StatefulSets": Pod Name Label, Pod index label), and hostNetwork pods are
// selected by no policy and matched by no selector peer. Every pod pair must agree with
// the connection between the refs the reach gives them (a StatefulSet split per replica
// or not).
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
import { analyseNamespaces, analyseWorkspace, explainConnection, prepareExplain, reach } from '../../server/src/engine/reach';
import { parseWorkloadRef } from '../../server/src/engine/workloadRef';
import { POD_INDEX_LABEL, POD_NAME_LABEL } from '../../server/src/engine/podLabels';
import { selectorMatches, type Labels } from '../../server/src/engine/selectors';
import { hasErrors, validateNetworkPolicy } from '../../server/src/engine/validate';
import type { Workspace } from '../../server/src/engine/workspace';
import type { Workload } from '../../server/src/engine/workloads';
import { seededRandom } from '../../bench/seededRandom';
import { workspaceOf } from './reach.helpers';
import { randomTexts } from './reach.random';

function randomWorkspace(seed: number): Workspace {
  const { workloads, policies } = randomTexts(seed);
  return workspaceOf(...workloads, ...policies);
}

interface NaivePod {
  namespace: string;
  labels: Labels;
  ports: Workload['ports'];
  hostNetwork: boolean;
  /** The ref the reach gives this pod: its workload's, or its replica's when the StatefulSet is analysed per replica. */
  ref: string;
}

/** Every pod of the workspace (one per StatefulSet replica, one for any other workload), named as `refs` (the reach's) name them. */
function naivePods(workspace: Workspace, refs: ReadonlySet<string>): NaivePod[] {
  return workspace.workloads().flatMap((w) => {
    const pod = (labels: Labels, ref: string): NaivePod => ({
      namespace: w.namespace,
      labels,
      ports: w.ports,
      hostNetwork: w.hostNetwork === true,
      ref,
    });
    if (w.kind !== 'StatefulSet') return [pod(w.labels, w.ref)];
    return Array.from({ length: w.replicas ?? 1 }, (_, o) => {
      const labels: Record<string, string> = { ...w.labels, [POD_NAME_LABEL]: `${w.name}-${o}`, [POD_INDEX_LABEL]: String(o) };
      return pod(labels, refs.has(`${w.ref}#${o}`) ? `${w.ref}#${o}` : w.ref);
    });
  });
}

/** The reference: every pair of pods, straight from the definitions, no grouping and no sets. */
function naiveReach(workspace: Workspace, refs: ReadonlySet<string>): Map<string, ConnectionSet> {
  const policies: NetworkPolicyModel[] = workspace
    .networkPolicies()
    .filter((entry) => !hasErrors(validateNetworkPolicy(entry.object)))
    .map((entry) => normalizePolicy(entry.object, entry.namespace));
  const namespaceLabels = (name: string) => workspace.namespace(name)!.labels;
  const peerMatches = (rule: PolicyRule, policyNamespace: string, other: NaivePod): boolean =>
    rule.peers.some((peer) => {
      if (peer.kind === 'all') return true;
      if (peer.kind !== 'selector' || other.hostNetwork) return false;
      const inNamespace = peer.namespaceSelector
        ? selectorMatches(peer.namespaceSelector.selector, namespaceLabels(other.namespace))
        : other.namespace === policyNamespace;
      return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector.selector, other.labels));
    });
  const side = (self: NaivePod, other: NaivePod, direction: Direction, destination: NaivePod): ConnectionSet => {
    const selecting = policies.filter(
      (p) =>
        !self.hostNetwork &&
        p.namespace === self.namespace &&
        isolates(p, direction) &&
        selectorMatches(p.podSelector.selector, self.labels),
    );
    if (selecting.length === 0) return ALL;
    let ports = NONE;
    for (const p of selecting)
      for (const r of effectiveRules(p, direction))
        if (peerMatches(r, p.namespace, other)) ports = union(ports, resolvePorts(r.ports, destination.ports));
    return ports;
  };
  const result = new Map<string, ConnectionSet>();
  const byRefs = new Map<string, string>();
  const pods = naivePods(workspace, refs);
  for (const a of pods) {
    for (const b of pods) {
      // A workload to itself is not listed (nor between the pods of one workload not analysed per replica).
      if (a.ref === b.ref) continue;
      const key = `${a.ref} -> ${b.ref}`;
      const ports = intersect(side(a, b, 'egress', b), side(b, a, 'ingress', b));
      // Every pod pair behind one ref pair must answer alike, or the reach should have told the replicas apart.
      const text = formatConnectionSet(ports);
      assert.equal(byRefs.get(key) ?? text, text, `pods of ${key} answer differently`);
      byRefs.set(key, text);
      if (ports !== NONE && text !== 'no ports') result.set(key, ports);
    }
  }
  return result;
}

describe('reach: grouped set-based algorithm equals the naive pairwise reference (seeded random workspaces)', () => {
  it('agrees on every pair of workloads for 300 seeds', () => {
    let nonTrivial = 0;
    let perReplica = 0;
    let hostNetwork = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const workspace = randomWorkspace(seed);
      const { connections, analysis } = reach(workspace);
      const expected = naiveReach(workspace, new Set(analysis.workloads.map((w) => w.ref)));
      if (analysis.workloads.some((w) => w.replica)) perReplica++;
      if (workspace.workloads().some((w) => w.hostNetwork)) hostNetwork++;
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
    assert.ok(perReplica > 20, `only ${perReplica} workspaces had a StatefulSet analysed per replica`);
    assert.ok(hostNetwork > 20, `only ${hostNetwork} workspaces had a hostNetwork workload`);
  });

  it('explaining one pair from the policies of its two namespaces gives the verdict of the whole analysis (200 seeds)', () => {
    // explain reads only the policies of the two namespaces (isolation is per namespace, a pod is
    // selected only by policies of its own namespace); any difference would show in some verdict.
    let compared = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const whole = randomWorkspace(seed);
      const full = analyseWorkspace(whole);
      const refs = full.workloads.map((w) => w.ref);
      const random = seededRandom(seed);
      for (let pair = 0; pair < 6 && refs.length > 1; pair++) {
        const from = refs[Math.floor(random() * refs.length)];
        const to = random() < 0.15 ? '203.0.113.7' : refs[Math.floor(random() * refs.length)];
        const namespaces = new Set([from, to].flatMap((ref) => parseWorkloadRef(ref)?.namespace ?? []));
        const focused = analyseNamespaces(randomWorkspace(seed), namespaces);
        const verdict = (analysis: Parameters<typeof prepareExplain>[0]) => {
          const prepared = prepareExplain(analysis, from, to);
          assert.ok(!('problem' in prepared), `seed ${seed}: ${from} -> ${to}`);
          return explainConnection(prepared.from, prepared.to, prepared.port);
        };
        assert.deepEqual(verdict(focused), verdict(full), `seed ${seed}: ${from} -> ${to}`);
        compared++;
      }
    }
    assert.ok(compared > 800, `${compared} pairs compared`);
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
