// What a policy element selects: the workloads and namespaces behind
// spec.podSelector or a peer, the peer's meaning in plain words, and near misses
// when a selector selects nothing. Shared by hover, definition and CodeLens.
import { selectPods } from '../podLabels';
import type { NetworkPolicyModel, PolicyRule } from '../policy';
import { compareStrings, describeSelector, isEmptySelector, isValidSelector, type LabelSelector } from '../selectors';
import type { NamespaceInfo } from '../namespaces';
import type { Workspace } from '../workspace';
import type { Workload } from '../workloads';
import { rankedByCloseness } from '../validate/nearMisses';
import type { PolicyElement, SelectorPeer } from './policyElement';

/** The workloads and namespaces an element stands for. */
export interface Selection {
  /** Plain-language meaning, e.g. "pods labelled app=web in namespaces labelled team=infra". */
  meaning: string;
  workloads: Workload[];
  namespaces: NamespaceInfo[];
  /** Suggestions when nothing is selected: label values in use for the keys written. */
  nearMisses: string[];
}

/** The selection of a selector element (spec.podSelector or a peer); `undefined` for other elements. */
export function selectionOf(workspace: Workspace, element: PolicyElement): Selection | undefined {
  if (element.kind === 'podSelector') return podSelectorSelection(workspace, element.policy);
  if (element.kind === 'peer') return peerSelection(workspace, element.policy, element.peer);
  return undefined;
}

/** The pods a policy applies to: spec.podSelector in the policy's namespace. */
export function podSelectorSelection(workspace: Workspace, policy: NetworkPolicyModel): Selection {
  const selector = policy.podSelector.selector;
  const workloads = workspace.workloadsSelectedBy(selector, policy.namespace);
  const namespace = workspace.namespace(policy.namespace);
  return {
    meaning: `${podsPhrase(selector)} in this policy's namespace ${policy.namespace}`,
    workloads,
    namespaces: namespace ? [namespace] : [],
    nearMisses:
      workloads.length === 0
        ? [
            ...nearMisses(selector, (key) => workspace.labelValues(key, policy.namespace), `in namespace ${policy.namespace}`),
            ...elsewhere(workspace, selector, policy.namespace, 'spec.podSelector'),
          ]
        : [],
  };
}

/** A selector peer: podSelector AND namespaceSelector, as the API documents. */
export function peerSelection(workspace: Workspace, policy: NetworkPolicyModel, peer: SelectorPeer): Selection {
  const podSelector = peer.podSelector?.selector;
  const namespaceSelector = peer.namespaceSelector?.selector;
  const workloads = workspace.workloadsForPeer({ podSelector, namespaceSelector }, policy.namespace) ?? [];
  const namespaces = namespaceSelector
    ? workspace.namespacesSelectedBy(namespaceSelector)
    : [workspace.namespace(policy.namespace)].filter((ns) => ns !== undefined);
  const where = namespaceSelector ? namespacesPhrase(namespaceSelector) : `this policy's namespace ${policy.namespace}`;
  const misses: string[] = [];
  if (workloads.length === 0) {
    if (namespaceSelector && namespaces.length === 0)
      misses.push(...nearMisses(namespaceSelector, (key) => workspace.namespaceLabelValues(key), 'on namespaces'));
    const scope = namespaceSelector ? undefined : policy.namespace;
    if (podSelector)
      misses.push(
        ...nearMisses(podSelector, (key) => workspace.labelValues(key, scope), scope ? `in namespace ${scope}` : 'on pods'),
      );
    if (podSelector && scope) misses.push(...elsewhere(workspace, podSelector, scope, 'a podSelector without namespaceSelector'));
  }
  return { meaning: `${podsPhrase(podSelector)} in ${where}`, workloads, namespaces, nearMisses: misses };
}

const podsPhrase = (selector: LabelSelector | undefined): string => {
  if (!selector || isEmptySelector(selector)) return 'every pod';
  if (!isValidSelector(selector)) return 'no pod (the pod selector is invalid)';
  return `pods labelled ${describeSelector(selector)}`;
};

const namespacesPhrase = (selector: LabelSelector): string => {
  if (isEmptySelector(selector)) return 'every namespace';
  if (!isValidSelector(selector)) return 'no namespace (the namespace selector is invalid)';
  return `namespaces labelled ${describeSelector(selector)}`;
};

/** For each key the selector requires a value of, the other values in use ("app: frontend, web in namespace shop"). */
function nearMisses(selector: LabelSelector, valuesOf: (key: string) => string[], scope: string): string[] {
  if (!isValidSelector(selector)) return [];
  const wanted = new Map<string, string[]>();
  for (const match of selector.matchLabels) wanted.set(match.key, [...(wanted.get(match.key) ?? []), match.value]);
  for (const expression of selector.matchExpressions) {
    if (expression.operator === 'In' || expression.operator === 'Exists')
      wanted.set(expression.key, [...(wanted.get(expression.key) ?? []), ...expression.values]);
  }
  return [...wanted]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, written]) => {
      const others = valuesOf(key).filter((value) => !written.includes(value));
      if (others.length === 0) return valuesOf(key).length === 0 ? `no label ${key} ${scope}` : `${key}: no other value ${scope}`;
      // The values closest to what is written: the typo's fix first, not the alphabet's first few.
      return `${key}: ${capped(written.length > 0 ? rankedByCloseness(written, others) : others, CLOSEST_SHOWN)} ${scope}`;
    });
}

const MAX_NEAR_MISSES = 10;
/** The closest values a near miss names; a few are what a person reads, the rest is "and N more". */
const CLOSEST_SHOWN = 5;

/** A namespace-bound pod selector that would match pods of other namespaces: the usual cause is a missing namespaceSelector. */
function elsewhere(workspace: Workspace, selector: LabelSelector, namespace: string, what: string): string[] {
  if (isEmptySelector(selector) || !isValidSelector(selector)) return [];
  const found = workspace
    .namespaces()
    .filter((ns) => ns.name !== namespace && workspace.workloadsSelectedBy(selector, ns.name).length > 0);
  return found.length === 0
    ? []
    : [
        `matching pods run in ${capped(
          found.map((ns) => ns.name),
          MAX_NEAR_MISSES,
        )}, but ${what} only selects in ${namespace}`,
      ];
}

/** `a, b, c and 4 more`. */
export function capped(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * The pods a rule's traffic goes to, where a named port is looked up: the
 * selected pods for ingress, the rule's peers for egress (every workload when a
 * rule has no peers).
 */
export function ruleDestinations(workspace: Workspace, policy: NetworkPolicyModel, rule: PolicyRule): readonly Workload[] {
  if (rule.direction === 'ingress') return podSelectorSelection(workspace, policy).workloads;
  if (rule.peers.some((peer) => peer.kind === 'all')) return workspace.workloads();
  const found = new Map<string, Workload>();
  for (const peer of rule.peers)
    if (peer.kind === 'selector') for (const w of peerSelection(workspace, policy, peer).workloads) found.set(w.ref, w);
  return [...found.values()];
}

/**
 * What a list of selected workloads says beside one workload, when it is not simply "all its pods":
 * some replicas of a StatefulSet only, a match that depends on labels no manifest tells, or a
 * hostNetwork workload, to which NetworkPolicies do not apply. '' otherwise.
 */
export function selectionNote(selector: LabelSelector | undefined, workload: Workload): string {
  if (workload.hostNetwork) return "hostNetwork: NetworkPolicies do not apply to its traffic, which is the node's";
  if (!selector) return '';
  const selection = selectPods(selector, workload);
  if (selection.kind === 'replicas')
    return `only ${selection.ordinals.length === 1 ? 'replica' : 'replicas'} ${selection.ordinals.map((o) => `#${o} (${workload.name}-${o})`).join(', ')}: analysed per replica`;
  if (selection.kind === 'unknown')
    return `may be selected: depends on ${selection.keys.join(', ')}, which its controller sets to a value the manifests do not tell (not modelled)`;
  return '';
}
