// Go to definition (selector -> the workloads it selects) and find references
// (workload -> the policies that select it or admit it as a peer).
import { isNetworkPolicy } from '../manifests';
import { effectiveRules, type NetworkPolicyModel } from '../policy';
import type { Position, Range } from '../types';
import { workloadShape } from '../contributions';
import type { SourceLocation, Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { contains } from '../ranges';
import { elementAt } from './policyElement';
import { peerSelection, selectionOf } from './selectionAnswers';

export interface DefinitionTarget {
  /** The text the request came from (selector, peer, label). */
  originRange: Range;
  uri: string;
  /** The whole object. */
  range: Range;
  /** The pod labels, where the match happens; the object start when it has none. */
  selectionRange: Range;
}

/** The definitions of the workloads a selector, a part of it, or a peer selects. */
export function definitionsAt(workspace: Workspace, uri: string, position: Position): DefinitionTarget[] | undefined {
  const element = elementAt(workspace, uri, position);
  if (!element || (element.kind !== 'podSelector' && element.kind !== 'peer')) return undefined;
  const part = element.part;
  const partRange =
    part?.kind === 'matchLabel' ? (part.on === 'key' ? part.match.keyRange : part.match.valueRange) : part?.requirement.range;
  const originRange = partRange ?? element.range;
  return selectionOf(workspace, element)!.workloads.flatMap((workload) =>
    workload.sources.map((source) => ({
      originRange,
      uri: source.uri,
      range: source.range,
      selectionRange: labelsOrStart(source),
    })),
  );
}

const labelsOrStart = (source: SourceLocation): Range =>
  source.labelsRange ?? { start: source.range.start, end: source.range.start };

export interface ReferenceTarget {
  uri: string;
  range: Range;
  role: 'declaration' | 'selected' | 'ingress-peer' | 'egress-peer';
}

/**
 * The policies that reach a workload: their spec.podSelector when they select it,
 * each peer item (of a rule that counts) that admits it. The cursor must be on the
 * workload's metadata.name or its pod template labels.
 */
export function referencesAt(
  workspace: Workspace,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
): ReferenceTarget[] | undefined {
  const workload = workloadAt(workspace, uri, position);
  if (!workload) return undefined;
  const targets: ReferenceTarget[] = [];
  if (includeDeclaration) {
    for (const source of workload.sources)
      targets.push({ uri: source.uri, range: nameRangeOf(workspace, source) ?? labelsOrStart(source), role: 'declaration' });
  }
  for (const entry of workspace.networkPolicies()) {
    const policy = workspace.policyModel(entry.object);
    targets.push(...policyReferences(workspace, policy, workload));
  }
  return targets;
}

function policyReferences(workspace: Workspace, policy: NetworkPolicyModel, workload: Workload): ReferenceTarget[] {
  const targets: ReferenceTarget[] = [];
  const same = (w: Workload): boolean => w.ref === workload.ref;
  if (workspace.workloadsSelectedBy(policy.podSelector.selector, policy.namespace).some(same)) {
    targets.push({
      uri: policy.uri,
      range: policy.podSelector.written ? policy.podSelector.range : policy.nameRange,
      role: 'selected',
    });
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of effectiveRules(policy, direction)) {
      for (const peer of rule.peers) {
        if (peer.kind === 'selector' && peerSelection(workspace, policy, peer).workloads.some(same)) {
          targets.push({ uri: policy.uri, range: peer.range, role: direction === 'ingress' ? 'ingress-peer' : 'egress-peer' });
        }
      }
    }
  }
  return targets;
}

/** The workload whose metadata.name or pod template labels hold the position. */
export function workloadAt(workspace: Workspace, uri: string, position: Position): Workload | undefined {
  const object = workspace
    .manifest(uri)
    ?.objects.find((o) => !isNetworkPolicy(o) && workloadShape(o) && contains(o.range, position));
  if (!object) return undefined;
  const name = object.locate(['metadata', 'name']);
  const workload = workspace
    .workloadsDefinedIn(uri)
    .find((w) => w.sources.some((s) => s.uri === uri && sameRange(s.range, object.range)));
  if (!workload) return undefined;
  const source = workload.sources.find((s) => s.uri === uri && sameRange(s.range, object.range))!;
  const onName =
    name.exact && (contains(name.valueRange, position) || (name.keyRange !== undefined && contains(name.keyRange, position)));
  const onLabels = source.labelsRange !== undefined && contains(source.labelsRange, position);
  return onName || onLabels ? workload : undefined;
}

function nameRangeOf(workspace: Workspace, source: SourceLocation): Range | undefined {
  const object = workspace.manifest(source.uri)?.objects.find((o) => sameRange(o.range, source.range));
  const name = object?.locate(['metadata', 'name']);
  return name?.exact ? name.valueRange : undefined;
}

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;
