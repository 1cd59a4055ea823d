// Editor answers about policies of other kinds (foreignPolicies.ts): what one selects
// (its hover and CodeLens: "selects 3 workloads · not modelled"), and, on a workload, the
// policies of other kinds that govern it. Plain data: hover.ts and the CodeLens adapter render it.
import type { ForeignPolicy, NotModelledPolicy } from '../foreignPolicies';
import { contains } from '../ranges';
import type { Position, Range } from '../types';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { workloadAt } from './navigation';
import { plural } from './policySummary';

export interface ForeignPolicyAnswer {
  policy: ForeignPolicy;
  range: Range;
  workloads: Workload[];
  /** Sentences about its selection: its selectors, what is not understood, nodes, scope notes. */
  details: string[];
}

/** The foreign policy whose metadata.name (key or value) holds the position. */
export function foreignPolicyAnswerAt(workspace: Workspace, uri: string, position: Position): ForeignPolicyAnswer | undefined {
  const policy = workspace.foreignPoliciesIn(uri).find((p) => {
    const name = p.object.locate(['metadata', 'name']);
    return (
      name.exact && (contains(name.valueRange, position) || (name.keyRange !== undefined && contains(name.keyRange, position)))
    );
  });
  if (!policy) return undefined;
  const selection = workspace.foreignSelection(policy);
  const details = [
    ...policy.matchers.map(
      (m) => `Selects by ${m.text}${policy.namespace !== undefined ? ` in namespace ${policy.namespace}` : ''}.`,
    ),
    ...policy.nodeSelectors.map((text) => `Selects nodes, not pods, by ${text}: no workload is governed through it.`),
    ...selection.notUnderstood.map(
      (reason) =>
        `Not understood: ${reason}; it may govern any workload ${policy.namespace !== undefined ? `of namespace ${policy.namespace}` : 'of the cluster'}.`,
    ),
    ...(policy.note ? [policy.note] : []),
    `Governs ${policy.directions.join(' and ')} of the pods it selects.`,
  ];
  return { policy, range: policy.nameRange, workloads: selection.workloads, details };
}

/** The sentence every answer about a foreign policy ends with. */
export function notModelledExplanation(policy: Pick<ForeignPolicy, 'kindLabel'>): string {
  return `This analysis does not model ${policy.kindLabel} rules: verdicts about these workloads say so, and the cluster may decide differently.`;
}

/** The workload whose metadata.name or pod labels hold the position, when policies of other kinds govern it. */
export function workloadNotModelledAt(
  workspace: Workspace,
  uri: string,
  position: Position,
): { workload: Workload; range: Range; policies: readonly NotModelledPolicy[] } | undefined {
  const workload = workloadAt(workspace, uri, position);
  if (!workload) return undefined;
  const policies = workspace.notModelledFor(workload.ref);
  if (policies.length === 0) return undefined;
  const object = workspace.manifest(uri)?.objects.find((o) => contains(o.range, position));
  const name = object?.locate(['metadata', 'name']);
  const source = workload.sources.find((s) => s.uri === uri && contains(s.range, position));
  const range = name?.exact && contains(name.valueRange, position) ? name.valueRange : (source?.labelsRange ?? name?.valueRange);
  return range && { workload, range, policies };
}

export interface ForeignPolicyLens {
  range: Range;
  /** `selects 3 workloads · not modelled`. */
  title: string;
  workloads: Workload[];
}

/** One lens per foreign policy of a file. */
export function foreignPolicyLenses(workspace: Workspace, uri: string): ForeignPolicyLens[] {
  return workspace.foreignPoliciesIn(uri).map((policy) => {
    const selection = workspace.foreignSelection(policy);
    const parts = [`selects ${plural(selection.workloads.length, 'workload')}`];
    if (selection.notUnderstood.length > 0) parts.push('selector not understood');
    if (policy.nodeSelectors.length > 0) parts.push('selects nodes');
    parts.push('not modelled');
    return { range: policy.nameRange, title: parts.join(' · '), workloads: selection.workloads };
  });
}
