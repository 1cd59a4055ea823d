// Evaluation on classes (the class matrix, one answer per pair of classes) against a
// naive reference on seeded random small workspaces: every pair of workloads resolved
// straight from the expectation (selectors matched workload by workload, NetworkPolicyPeer
// AND semantics, named ports looked up on each destination's own container ports) and
// asked of explainConnection one by one. Status, exact totals and the witnesses shown
// must agree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateExpectations } from '../../server/src/engine/expectations';
import {
  ALL,
  equals,
  fromCanonicalJson,
  intersect,
  isEmpty,
  isSubset,
  NONE,
  portRange,
  resolveRulePort,
  union,
  type ConnectionSet,
  type Protocol,
} from '../../server/src/engine/ports';
import { analyseWorkspace, explainConnection, resolveEndpoint, type Endpoint } from '../../server/src/engine/reach';
import { compareStrings } from '../../server/src/engine/selectors';
import type { Workload } from '../../server/src/engine/workloads';
import { Workspace } from '../../server/src/engine/workspace';
import { seededRandom } from '../../bench/seededRandom';

type Json = Record<string, unknown>;
type EndpointJson = string | Json;
interface ExpectationJson {
  from: EndpointJson | EndpointJson[];
  to: EndpointJson | EndpointJson[];
  expect: 'allowed' | 'denied' | 'exactly';
  ports?: (string | number)[] | 'any' | 'all';
}

function randomCase(seed: number): { manifests: string[]; expectations: ExpectationJson[] } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  const namespaces = ['n0', 'n1', 'n2'];
  const manifests: string[] = [];
  const refs: string[] = [];
  for (const ns of namespaces) {
    manifests.push(
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { env: pick(['x', 'y']) } } }),
    );
    const count = 1 + Math.floor(random() * 3);
    for (let w = 0; w < count; w++) {
      const labels: Record<string, string> = {};
      if (chance(0.85)) labels.app = pick(['a', 'b', 'c']);
      const seen = new Set<string>();
      const ports = Array.from({ length: Math.floor(random() * 3) }, () => ({
        ...(chance(0.7) ? { name: pick(['http', 'dns']) } : {}),
        containerPort: pick([80, 53, 8080]),
        protocol: pick(['TCP', 'TCP', 'UDP']),
      })).filter((p) => !p.name || (!seen.has(p.name) && seen.add(p.name)));
      manifests.push(
        JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `w${w}`, namespace: ns },
          spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', ports }] } } },
        }),
      );
      refs.push(`${ns}/w${w}[Deployment]`);
    }
  }
  const peer = (): Json =>
    pick([
      () => ({ podSelector: { matchLabels: { app: pick(['a', 'b', 'c']) } } }),
      () => ({ namespaceSelector: { matchLabels: { env: pick(['x', 'y']) } } }),
      () => ({
        namespaceSelector: { matchLabels: { env: pick(['x', 'y']) } },
        podSelector: { matchLabels: { app: pick(['a', 'b']) } },
      }),
      () => ({ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }),
      () => ({ ipBlock: { cidr: '10.0.0.0/8' } }),
    ])();
  const rulePorts = (): Json[] | undefined =>
    pick([
      undefined,
      [{ port: 80 }],
      [{ port: 'http' }],
      [{ port: 53, protocol: 'UDP' }],
      [{ port: 'dns', protocol: 'UDP' }, { port: 8080 }],
    ]);
  const policies = Math.floor(random() * 5);
  for (let p = 0; p < policies; p++) {
    const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    const rule = () => {
      const ports = rulePorts();
      const peers = chance(0.2) ? undefined : [peer()];
      return { ...(peers ? { [types.includes('Ingress') ? 'from' : 'to']: peers } : {}), ...(ports ? { ports } : {}) };
    };
    const rules = (key: string) =>
      Array.from({ length: Math.floor(random() * 3) }, () => {
        const r = rule();
        // `from`/`to` by direction.
        if (key === 'egress' && 'from' in r) return { to: r.from, ...(r.ports ? { ports: r.ports } : {}) };
        if (key === 'ingress' && 'to' in r) return { from: r.to, ...(r.ports ? { ports: r.ports } : {}) };
        return r;
      });
    manifests.push(
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `p${p}`, namespace: pick(namespaces) },
        spec: {
          podSelector: chance(0.4) ? {} : { matchLabels: { app: pick(['a', 'b', 'c']) } },
          policyTypes: types,
          ...(types.includes('Ingress') ? { ingress: rules('ingress') } : {}),
          ...(types.includes('Egress') ? { egress: rules('egress') } : {}),
        },
      }),
    );
  }
  const endpoint = (): EndpointJson =>
    pick([
      () => '*',
      () => pick(refs),
      () => ({ namespace: pick(namespaces), allowEmpty: true }),
      () => ({
        namespaceSelector: { matchLabels: { env: pick(['x', 'y']) } },
        podSelector: { matchLabels: { app: pick(['a', 'b']) } },
        allowEmpty: true,
      }),
      () => ({ namespaceSelector: {}, except: [pick(refs)], allowEmpty: true }),
      () => ({ cidr: pick(['203.0.113.7/32', '10.1.2.3/32', '192.0.2.1/32']) }),
    ])();
  const ports = (): ExpectationJson['ports'] =>
    pick([['80'], [80, '53/UDP'], ['http'], ['8000-8100/TCP'], 'any', 'all', []] as ExpectationJson['ports'][]);
  const expectations: ExpectationJson[] = Array.from({ length: 6 }, () => {
    const expect = pick(['allowed', 'denied', 'exactly'] as const);
    let chosen = ports();
    if (expect !== 'allowed' && chosen === 'any') chosen = 'all';
    if (expect === 'allowed' && Array.isArray(chosen) && chosen.length === 0) chosen = 'any';
    return {
      from: chance(0.2) ? [endpoint(), endpoint()] : endpoint(),
      to: chance(0.2) ? [endpoint(), endpoint()] : endpoint(),
      expect,
      ...(expect === 'denied' && chance(0.5) ? {} : { ports: chosen }),
    };
  });
  return { manifests, expectations };
}

/** The reference: every pair, one by one. */
function naive(workspace: Workspace, expectation: ExpectationJson, maxWitnesses: number) {
  const analysis = analyseWorkspace(workspace);
  const namespaceLabels = new Map(workspace.namespaces().map((ns) => [ns.name, ns.labels]));
  const matches = (selector: unknown, labels: Record<string, string>): boolean => {
    const wanted = ((selector as Json | undefined)?.matchLabels ?? {}) as Record<string, string>;
    return Object.entries(wanted).every(([k, v]) => labels[k] === v);
  };
  const side = (value: EndpointJson | EndpointJson[]): { workloads: Workload[]; cidrs: string[] } => {
    const workloads = new Map<string, Workload>();
    const cidrs: string[] = [];
    for (const spec of [value].flat()) {
      let found: Workload[] = [];
      if (spec === '*') found = [...analysis.workloads];
      else if (typeof spec === 'string') found = analysis.workloads.filter((w) => w.ref === spec);
      else if ('cidr' in spec) cidrs.push(spec.cidr as string);
      else if ('namespace' in spec) found = analysis.workloads.filter((w) => w.namespace === spec.namespace);
      else
        found = analysis.workloads.filter(
          (w) =>
            matches(spec.namespaceSelector, namespaceLabels.get(w.namespace) ?? {}) &&
            (!spec.podSelector || matches(spec.podSelector, w.labels)),
        );
      const except = new Set(typeof spec === 'object' && Array.isArray(spec.except) ? (spec.except as string[]) : []);
      for (const w of found) if (!except.has(w.ref)) workloads.set(w.ref, w);
    }
    return { workloads: [...workloads.values()].sort((a, b) => compareStrings(a.ref, b.ref)), cidrs };
  };
  const from = side(expectation.from);
  const to = side(expectation.to);
  const endpointOf = (text: string): Endpoint => {
    const found = resolveEndpoint(analysis, text);
    if ('error' in found) throw new Error(found.error);
    return found;
  };
  const expectedFor = (destination: Workload | undefined): ConnectionSet | undefined => {
    const ports = expectation.ports;
    if (ports === undefined || ports === 'all' || ports === 'any') return ALL;
    let set = NONE;
    for (const port of ports) {
      const text = String(port);
      const [body, protocolText] = text.split('/');
      const protocol = (protocolText ?? 'TCP') as Protocol;
      if (/^\d/.test(body)) {
        const [lo, hi] = body.split('-').map(Number);
        set = union(set, portRange(protocol, lo, hi ?? lo));
      } else {
        const resolved = resolveRulePort({ kind: 'named', protocol, name: body }, destination?.ports ?? []);
        if (isEmpty(resolved)) return undefined;
        set = union(set, resolved);
      }
    }
    return set;
  };
  let total = 0;
  // A named port is looked up on every destination of the expectation, pairs or not.
  let unresolved = [...to.workloads, ...to.cidrs].some((t) => !expectedFor(typeof t === 'string' ? undefined : t));
  const violations: string[] = [];
  let violating = 0;
  const pairs: [string, string, Workload | undefined][] = [];
  for (const f of [...from.workloads.map((w) => w.ref), ...from.cidrs])
    for (const t of [...to.workloads, ...to.cidrs]) {
      const toRef = typeof t === 'string' ? t : t.ref;
      if (f === toRef) continue;
      if (from.cidrs.includes(f) && typeof t === 'string') continue;
      pairs.push([f, toRef, typeof t === 'string' ? undefined : t]);
    }
  pairs.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]));
  for (const [f, t, destination] of pairs) {
    total++;
    const expected = expectedFor(destination);
    if (!expected) {
      unresolved = true;
      continue;
    }
    const actual = fromCanonicalJson(explainConnection(endpointOf(f), endpointOf(t)).ports) ?? NONE;
    const bad =
      expectation.expect === 'allowed'
        ? expectation.ports === 'any'
          ? isEmpty(actual)
          : !isSubset(expected, actual)
        : expectation.expect === 'denied'
          ? !isEmpty(intersect(actual, expected))
          : !equals(actual, expected);
    if (!bad) continue;
    violating++;
    if (violations.length < maxWitnesses) violations.push(`${f} -> ${t}`);
  }
  return { total, violating, violations, unresolved };
}

describe('expectations: evaluation on classes agrees with a naive per-pair evaluation', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const { manifests, expectations } = randomCase(seed);
      const workspace = new Workspace();
      manifests.forEach((text, i) => workspace.setFile(`file:///ws/m${i}.json`, text));
      workspace.setFile(
        'file:///ws/expectations.json',
        JSON.stringify({
          apiVersion: 'netpol-navigator.dev/v1alpha1',
          kind: 'ReachabilityExpectations',
          metadata: { name: 'random' },
          spec: { expectations },
        }),
      );
      const results = evaluateExpectations(analyseWorkspace(workspace), workspace, { maxWitnesses: 4 });
      assert.equal(results.length, expectations.length);
      results.forEach((result, i) => {
        const reference = naive(workspace, expectations[i], 4);
        const label = `${JSON.stringify(expectations[i])}: ${JSON.stringify(result.errors)}`;
        if (reference.unresolved) {
          assert.equal(result.status, 'error', label);
          return;
        }
        if (reference.total === 0) {
          assert.equal(result.pairs.total, 0, label);
          return;
        }
        assert.deepEqual(result.errors, [], label);
        assert.deepEqual([result.pairs.total, result.pairs.violating], [reference.total, reference.violating], label);
        assert.deepEqual(
          result.violations.map((v) => `${v.from} -> ${v.to}`),
          reference.violations,
          label,
        );
        const status = reference.total === 0 ? result.status : reference.violating > 0 ? 'failed' : 'passed';
        assert.equal(result.status, status, label);
      });
    });
  }
});
