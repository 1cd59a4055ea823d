// Position -> the NetworkPolicy element under the cursor: the policy name,
// spec.podSelector, a peer, one of its selectors, a matchLabels key or value, a
// matchExpressions item, or a rule's port. Ranges come from `KubeObject.locate`
// (through the policy model), so a cursor on the key `podSelector:` counts too.
import { isNetworkPolicy, type KubeObject } from '../manifests';
import { type NetworkPolicyModel, type Peer, type PolicyPort, type PolicyRule, type SelectorRef } from '../policy';
import type { LabelMatch, LabelRequirement } from '../selectors';
import { contains } from '../ranges';
import type { JsonPath, Position, Range } from '../types';
import type { Workspace } from '../workspace';

export type SelectorKind = 'podSelector' | 'namespaceSelector';

/** The part of a selector under the cursor. */
export type SelectorPart =
  { kind: 'matchLabel'; match: LabelMatch; on: 'key' | 'value' } | { kind: 'expression'; requirement: LabelRequirement };

export type SelectorPeer = Extract<Peer, { kind: 'selector' }>;

export type PolicyElement =
  | { kind: 'name'; policy: NetworkPolicyModel; range: Range }
  | { kind: 'podSelector'; policy: NetworkPolicyModel; range: Range; part?: SelectorPart }
  | {
      kind: 'peer';
      policy: NetworkPolicyModel;
      rule: PolicyRule;
      peer: SelectorPeer;
      range: Range;
      selector?: SelectorKind;
      part?: SelectorPart;
    }
  | { kind: 'port'; policy: NetworkPolicyModel; rule: PolicyRule; port: PolicyPort; range: Range };

/** A NetworkPolicy of an indexed file with its model. */
export interface PolicyInFile {
  object: KubeObject;
  model: NetworkPolicyModel;
}

/** The NetworkPolicy object whose source contains a position, with its model. */
export function policyAt(workspace: Workspace, uri: string, position: Position): PolicyInFile | undefined {
  const object = workspace.manifest(uri)?.objects.find((o) => isNetworkPolicy(o) && contains(o.range, position));
  return object && { object, model: workspace.policyModel(object) };
}

/** What the cursor is on inside a NetworkPolicy; `undefined` for positions no answer is about. */
export function elementAt(workspace: Workspace, uri: string, position: Position): PolicyElement | undefined {
  const found = policyAt(workspace, uri, position);
  if (!found) return undefined;
  const { object, model } = found;
  const nameKey = object.locate(['metadata', 'name']).keyRange;
  if (model.name && (contains(model.nameRange, position) || (nameKey && contains(nameKey, position)))) {
    return { kind: 'name', policy: model, range: model.nameRange };
  }
  const podSelectorPath: JsonPath = ['spec', 'podSelector'];
  if (model.podSelector.written && inSelector(object, podSelectorPath, model.podSelector, position)) {
    return { kind: 'podSelector', policy: model, range: model.podSelector.range, part: partAt(model.podSelector, position) };
  }
  for (const rule of [...model.ingress, ...model.egress]) {
    if (!contains(rule.range, position)) continue;
    const peerList = rule.direction === 'ingress' ? 'from' : 'to';
    for (const peer of rule.peers) {
      if (peer.kind !== 'selector' || !contains(peer.range, position)) continue;
      for (const selector of ['podSelector', 'namespaceSelector'] as const) {
        const ref = peer[selector];
        if (ref && inSelector(object, ['spec', rule.direction, rule.index, peerList, peer.index, selector], ref, position)) {
          return { kind: 'peer', policy: model, rule, peer, range: ref.range, selector, part: partAt(ref, position) };
        }
      }
      return { kind: 'peer', policy: model, rule, peer, range: peer.range };
    }
    for (const port of rule.ports) {
      const location = object.locate(['spec', rule.direction, rule.index, 'ports', port.index, 'port']);
      if (location.exact && contains(location.valueRange, position))
        return { kind: 'port', policy: model, rule, port, range: location.valueRange };
    }
  }
  return undefined;
}

function inSelector(object: KubeObject, path: JsonPath, ref: SelectorRef, position: Position): boolean {
  const key = object.locate(path).keyRange;
  return contains(ref.range, position) || (key !== undefined && contains(key, position));
}

function partAt(ref: SelectorRef, position: Position): SelectorPart | undefined {
  for (const match of ref.selector.matchLabels) {
    if (match.keyRange && contains(match.keyRange, position)) return { kind: 'matchLabel', match, on: 'key' };
    if (match.valueRange && contains(match.valueRange, position)) return { kind: 'matchLabel', match, on: 'value' };
  }
  const requirement = ref.selector.matchExpressions.find((e) => e.range && contains(e.range, position));
  return requirement && { kind: 'expression', requirement };
}
