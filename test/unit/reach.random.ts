// Seeded random small workspaces for property tests (reach, diff): three namespaces with
// Deployments and StatefulSets (some hostNetwork), and up to four policies whose
// selectors, peers and ports are drawn from a small alphabet so they often overlap.
// `policySeed` draws other policies over the same workloads: an edit of the policies.
import { POD_INDEX_LABEL, POD_NAME_LABEL } from '../../server/src/engine/podLabels';
import { seededRandom } from '../../bench/seededRandom';

export function randomTexts(seed: number, policySeed = seed): { workloads: string[]; policies: string[] } {
  let random = seededRandom(seed);
  // A stream of its own for StatefulSets, replicas and hostNetwork, so the other choices stay as they were.
  const extra = seededRandom(seed * 104729 + 3);
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
      const statefulSet = extra() < 0.35;
      const hostNetwork = extra() < 0.1;
      texts.push(
        JSON.stringify({
          apiVersion: 'apps/v1',
          kind: statefulSet ? 'StatefulSet' : 'Deployment',
          metadata: { name: `w${w}`, namespace: ns },
          spec: {
            ...(statefulSet ? { replicas: 1 + Math.floor(extra() * 3) } : {}),
            template: {
              metadata: { labels },
              spec: { ...(hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'c', ports: unique }] },
            },
          },
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
  const replicaSelector = () =>
    extra() < 0.5
      ? selector([POD_NAME_LABEL], ['w0-0', 'w0-1', 'w1-0', 'w1-2', 'w2-1'])
      : selector([POD_INDEX_LABEL], ['0', '1', '2']);
  const podSelector = () => (extra() < 0.15 ? replicaSelector() : selector(['app', 'tier'], ['a', 'b', 'c', 'front', 'back']));
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
