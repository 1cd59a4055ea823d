// NP2004, the AND/OR trap: `namespaceSelector` and `podSelector` in one peer mean
// pods matching both; in two list items they mean either. A stray "-" flips it.
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { describeSelector, isEmptySelector, isValidSelector, type LabelSelector } from '../../selectors';
import { directions, isRecord, peerListOf, policyNamespace, rulesOf, selectorOf } from './shapes';

/**
 * Warned: two adjacent peers, one with only a namespaceSelector and one with
 * only a podSelector, which is what the stray "-" produces.
 *
 * Not warned, on purpose:
 * - an empty podSelector next to the namespaceSelector: joined, it would add
 *   nothing to the namespaceSelector alone, so the split is meant ("my namespace
 *   as well as those");
 * - a peer that already combines both selectors next to a separate peer: its
 *   author knows the AND form, and the separate peer cannot be merged into it
 *   (that would repeat a key), so lists like "prometheus in monitoring, or
 *   frontend here" are the normal way to write two sources;
 * - peers that are not adjacent, or with an ipBlock in between: the layout no
 *   longer looks like one peer split in two.
 */
export function lintPeers(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  const ownNamespace = policyNamespace(policy);
  const namespace = ownNamespace ? `namespace ${ownNamespace}` : "the policy's namespace";
  const diagnostics: EngineDiagnostic[] = [];
  for (const direction of directions) {
    const listKey = peerListOf[direction];
    for (const ruleAt of rulesOf(spec, direction)) {
      const peers = ruleAt.rule[listKey];
      if (!Array.isArray(peers)) continue;
      for (let index = 1; index < peers.length; index++) {
        const pair = splitPair(peers[index - 1], peers[index]);
        if (!pair) continue;
        const pods = describeSelector(pair.podSelector);
        const namespaces = describeNamespaces(pair.namespaceSelector);
        diagnostics.push(
          makeDiagnostic(
            'NP2004',
            policy.locate([...ruleAt.path, listKey, index]).valueRange,
            `These two peers are read as OR: they allow pods labelled ${pods} in ${namespace}, OR any pod in ${namespaces}. If you meant pods labelled ${pods} in ${namespaces}, put podSelector and namespaceSelector in one list item.`,
          ),
        );
      }
    }
  }
  return diagnostics;
}

function splitPair(
  first: unknown,
  second: unknown,
): { podSelector: LabelSelector; namespaceSelector: LabelSelector } | undefined {
  const a = onlySelector(first);
  const b = onlySelector(second);
  if (!a || !b || a.key === b.key) return undefined;
  const podSelector = selectorOf(a.key === 'podSelector' ? a.selector : b.selector);
  const namespaceSelector = selectorOf(a.key === 'namespaceSelector' ? a.selector : b.selector);
  // A selector the API server rejects is reported as such; what it would mean is moot.
  if (!isValidSelector(podSelector) || !isValidSelector(namespaceSelector)) return undefined;
  if (isEmptySelector(podSelector)) return undefined;
  return { podSelector, namespaceSelector };
}

/** The single selector of a peer that has exactly one of podSelector / namespaceSelector and no ipBlock. */
function onlySelector(peer: unknown): { key: 'podSelector' | 'namespaceSelector'; selector: unknown } | undefined {
  if (!isRecord(peer) || peer.ipBlock !== undefined) return undefined;
  const hasPod = peer.podSelector !== undefined;
  const hasNamespace = peer.namespaceSelector !== undefined;
  if (hasPod === hasNamespace) return undefined;
  const key = hasPod ? 'podSelector' : 'namespaceSelector';
  const selector = peer[key];
  if (selector !== null && !isRecord(selector)) return undefined;
  return { key, selector };
}

/** Every namespace carries kubernetes.io/metadata.name=<name>, so a selector on that label alone names one namespace. */
function describeNamespaces(selector: LabelSelector): string {
  if (isEmptySelector(selector)) return 'any namespace';
  const [only] = selector.matchLabels;
  if (selector.matchExpressions.length === 0 && selector.matchLabels.length === 1 && only.key === 'kubernetes.io/metadata.name')
    return `namespace ${only.value}`;
  return `namespaces labelled ${describeSelector(selector)}`;
}
