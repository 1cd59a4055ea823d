// A NetworkPolicy in plain words (hover on metadata.name) and in one line
// (CodeLens). Counts are of distinct workloads; ipBlock peers count as external.
import { describeRulePorts } from '../ports';
import {
  describeIpBlock,
  effectiveRules,
  isolates,
  type Direction,
  type NetworkPolicyModel,
  type Peer,
  type PolicyRule,
} from '../policy';
import type { Range } from '../types';
import type { Workspace } from '../workspace';
import type { Workload } from '../workloads';
import { peerSelection, podSelectorSelection } from './selectionAnswers';

/** What one direction of a policy does to the selected pods. */
export type DirectionVerdict =
  /** The policy's types lack this direction: it leaves that traffic alone. */
  | { kind: 'not-isolated' }
  /** Isolated with no rule: nothing is allowed by this policy. */
  | { kind: 'isolated' }
  /** A rule without peers (`from`/`to` absent or empty) allows every peer. */
  | { kind: 'open' }
  /** Allowed peers: distinct workloads and distinct external address blocks. */
  | { kind: 'peers'; workloads: Workload[]; external: string[] };

export interface PolicyOverview {
  selected: Workload[];
  ingress: DirectionVerdict;
  egress: DirectionVerdict;
}

export function policyOverview(workspace: Workspace, policy: NetworkPolicyModel): PolicyOverview {
  return {
    selected: podSelectorSelection(workspace, policy).workloads,
    ingress: directionVerdict(workspace, policy, 'ingress'),
    egress: directionVerdict(workspace, policy, 'egress'),
  };
}

function directionVerdict(workspace: Workspace, policy: NetworkPolicyModel, direction: Direction): DirectionVerdict {
  if (!isolates(policy, direction)) return { kind: 'not-isolated' };
  const rules = effectiveRules(policy, direction);
  if (rules.length === 0) return { kind: 'isolated' };
  if (rules.some((rule) => rule.peers.some((peer) => peer.kind === 'all'))) return { kind: 'open' };
  const workloads = new Map<string, Workload>();
  const external = new Set<string>();
  for (const peer of rules.flatMap((rule) => rule.peers)) {
    if (peer.kind === 'selector') for (const w of peerSelection(workspace, policy, peer).workloads) workloads.set(w.ref, w);
    if (peer.kind === 'ipBlock') external.add(describeIpBlock(peer));
  }
  return { kind: 'peers', workloads: [...workloads.values()], external: [...external] };
}

/**
 * The CodeLens line: `selects 3 workloads · ingress from 2 +1 external · egress isolated`.
 * A direction the policy does not isolate is left out; `open` means a rule allows every peer.
 */
export function overviewTitle(overview: PolicyOverview): string {
  const parts = [`selects ${plural(overview.selected.length, 'workload')}`];
  for (const direction of ['ingress', 'egress'] as const) {
    const verdict = overview[direction];
    if (verdict.kind === 'isolated' || verdict.kind === 'open') parts.push(`${direction} ${verdict.kind}`);
    if (verdict.kind === 'peers')
      parts.push(
        `${direction} ${direction === 'ingress' ? 'from' : 'to'} ${verdict.workloads.length}${verdict.external.length ? ` +${verdict.external.length} external` : ''}`,
      );
  }
  return parts.join(' · ');
}

export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The policy in sentences: what it selects, per direction what it isolates and allows, and rules that are ignored. */
export function policySentences(
  workspace: Workspace,
  policy: NetworkPolicyModel,
): { selects: string; directions: Array<{ text: string; rules: string[] }>; notes: string[] } {
  const selection = podSelectorSelection(workspace, policy);
  const selects = `Applies to ${selection.meaning}: ${plural(selection.workloads.length, 'workload')}.`;
  const directions: Array<{ text: string; rules: string[] }> = [];
  const notes: string[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const name = direction === 'ingress' ? 'Ingress' : 'Egress';
    if (!isolates(policy, direction)) {
      directions.push({ text: `${name}: not isolated by this policy.`, rules: [] });
      const ignored = policy[direction].length;
      if (ignored > 0)
        notes.push(
          `${plural(ignored, `${direction} rule`)} ${ignored === 1 ? 'is' : 'are'} ignored: policyTypes does not include ${name}.`,
        );
      continue;
    }
    const rules = effectiveRules(policy, direction);
    if (rules.length === 0) {
      directions.push({ text: `${name}: isolated, nothing allowed.`, rules: [] });
      continue;
    }
    directions.push({ text: `${name}: isolated; allowed:`, rules: rules.map((rule) => ruleSentence(workspace, policy, rule)) });
  }
  return { selects, directions, notes };
}

function ruleSentence(workspace: Workspace, policy: NetworkPolicyModel, rule: PolicyRule): string {
  const preposition = rule.direction === 'ingress' ? 'from' : 'to';
  const peers = rule.peers.map((peer) => peerPhrase(workspace, policy, peer)).join('; or ');
  return `${preposition} ${peers || 'nothing (every peer is invalid)'} on ${describeRulePorts(rule.ports)}`;
}

function peerPhrase(workspace: Workspace, policy: NetworkPolicyModel, peer: Peer): string {
  switch (peer.kind) {
    case 'all':
      return 'anywhere';
    case 'selector': {
      const selection = peerSelection(workspace, policy, peer);
      return `${selection.meaning} (${plural(selection.workloads.length, 'workload')})`;
    }
    case 'ipBlock':
      return `addresses ${describeIpBlock(peer)}`;
    case 'invalid':
      return `nothing: ${peer.reason}`;
  }
}

export interface PolicyLens {
  /** Where the lens sits: metadata.name, or the object's start when the policy has no name. */
  range: Range;
  title: string;
  /** Definitions of the workloads the title counts: selected first, then peers. */
  workloads: Workload[];
}

/** One lens per NetworkPolicy of a file. */
export function policyLenses(workspace: Workspace, uri: string): PolicyLens[] {
  return workspace.networkPoliciesIn(uri).map((entry) => {
    const policy = workspace.policyModel(entry.object);
    const overview = policyOverview(workspace, policy);
    const workloads = new Map<string, Workload>();
    for (const w of overview.selected) workloads.set(w.ref, w);
    for (const verdict of [overview.ingress, overview.egress])
      if (verdict.kind === 'peers') for (const w of verdict.workloads) if (!workloads.has(w.ref)) workloads.set(w.ref, w);
    const range = policy.name ? policy.nameRange : { start: policy.range.start, end: policy.range.start };
    return { range, title: overviewTitle(overview), workloads: [...workloads.values()] };
  });
}
