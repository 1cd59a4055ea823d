// The NetworkPolicies a cluster would hold. Two objects with one namespace and name
// are one NetworkPolicy: the copy applied last replaces the other (applyOrder.ts),
// so its rules alone count. Unioning both would allow what neither cluster state allows.
import { describeWhere, groupByIdentity } from './applyOrder';
import { valueAt } from './values';
import type { IndexProblem, NetworkPolicyEntry } from './workloads';

/**
 * The only apiVersion any supported Kubernetes serves NetworkPolicy under
 * (extensions/v1beta1 went in 1.16). A copy under another one is refused (NP1701)
 * and replaces nothing.
 */
const SERVED_API_VERSION = 'networking.k8s.io/v1';

export interface AppliedPolicies {
  /** Of each group of copies, the one applied last; a policy defined once is its own group. */
  applied: NetworkPolicyEntry[];
  /** Every policy, grouped by identity, each group in apply order. */
  copies: NetworkPolicyEntry[][];
  problems: IndexProblem[];
}

export function appliedNetworkPolicies(entries: readonly NetworkPolicyEntry[]): AppliedPolicies {
  const located = entries.map((entry, index) => ({ entry, index, uri: entry.object.uri, range: entry.object.range }));
  // Reported on the name, the part two copies share, rather than on the whole object.
  const nameOf = (copy: (typeof located)[number]) => ({
    uri: copy.uri,
    range: copy.entry.object.locate(['metadata', 'name']).valueRange,
  });
  const groups = groupByIdentity(located, ({ entry, index }) => {
    const name = valueAt(entry.object.value, ['metadata', 'name']);
    // Without a name there is no identity to share (the API server refuses such a policy anyway).
    const served = entry.object.apiVersion === SERVED_API_VERSION;
    return served && typeof name === 'string' && name !== '' ? `${entry.namespace}/${name}` : `\0${index}`;
  });
  const problems: IndexProblem[] = [];
  for (const [ref, group] of groups) {
    if (group.length < 2) continue;
    const last = group[group.length - 1];
    const earlier = group.slice(0, -1);
    for (const copy of earlier) {
      problems.push({
        kind: 'duplicate-policy',
        ...nameOf(copy),
        message: `NetworkPolicy ${ref} is defined again at ${describeWhere(last, copy.uri)}, which is applied after this one and replaces it if the API server accepts it: a cluster holds one copy, and the rules of this one then count for nothing.`,
        related: [{ ...nameOf(last), message: `the copy of ${ref} applied last` }],
        duplicateOf: { object: `${ref}[NetworkPolicy]`, copies: [nameOf(last)] },
      });
    }
    problems.push({
      kind: 'duplicate-policy',
      ...nameOf(last),
      message: `NetworkPolicy ${ref} is also defined at ${earlier.map((copy) => describeWhere(copy, last.uri)).join(', ')}; this copy is applied last (kubectl applies files in path order, documents in order) and replaces the other, so only its rules count, unless the API server refuses it (then the copy before it stays).`,
      related: earlier.map((copy) => ({ ...nameOf(copy), message: `a replaced copy of ${ref}` })),
      duplicateOf: { object: `${ref}[NetworkPolicy]`, copies: earlier.map(nameOf) },
    });
  }
  const copies = [...groups.values()].map((group) => group.map((copy) => copy.entry));
  const applied = new Set(copies.map((group) => group[group.length - 1]));
  return { applied: entries.filter((entry) => applied.has(entry)), copies, problems };
}
