// Why one connection changed: the verdicts of both versions (explainConnection), asked
// about the ports that changed, and what differs between their reasons. Ports gained
// point at the allowing rules new in the after version, or at isolation the before
// version had and the after version lost; ports lost point at the allowing rules the
// before version had and lost, or at isolation new in the after version.
import { NO_ADDRESSES } from '../cidrSet';
import { formatConnectionSet, isEmpty, type ConnectionSet } from '../ports';
import { describeRule, endpointOf, explainConnection, type Endpoint, type ReachReason, type ReachVerdict } from '../reach';
import type { ChangeCause, DiffVersion } from './model';

type Version = 'before' | 'after';

interface Connection {
  from: string;
  to: string;
  external?: 'from' | 'to';
}

export function changeCauses(
  versions: Record<Version, DiffVersion>,
  connection: Connection,
  added: ConnectionSet,
  removed: ConnectionSet,
): ChangeCause[] {
  const causes: ChangeCause[] = [];
  if (!isEmpty(added)) {
    const now = verdict(versions, 'after', connection, added);
    const then = verdict(versions, 'before', connection, added);
    const fresh = now ? allowing(now).filter((r) => !then || !has(allowing(then), r)) : [];
    const lifted = then ? isolating(then).filter((r) => !now || !has(isolating(now), r)) : [];
    causes.push(...fresh.map((r) => cause('after', r)), ...lifted.map((r) => cause('before', r)));
    if (fresh.length === 0 && lifted.length === 0 && now) causes.push(...allowing(now).map((r) => cause('after', r)));
  }
  if (!isEmpty(removed)) {
    const then = verdict(versions, 'before', connection, removed);
    const now = verdict(versions, 'after', connection, removed);
    const lost = then ? allowing(then).filter((r) => !now || !has(allowing(now), r)) : [];
    const imposed = now ? isolating(now).filter((r) => !then || !has(isolating(then), r)) : [];
    // A rule lost because it was edited: the edited rule in the after version is the line to look at.
    const edited = lost.flatMap((r) => editedRule(versions, connection, r));
    causes.push(...lost.map((r) => cause('before', r)), ...edited, ...imposed.map((r) => cause('after', r)));
    if (lost.length === 0 && imposed.length === 0 && then) causes.push(...allowing(then).map((r) => cause('before', r)));
  }
  const seen = new Set<string>();
  return causes.filter((c) => {
    // One rule once per version: the edited rule is also the rule that allows the ports gained.
    const key = `${c.version}\0${c.side}\0${c.policy}\0${c.rule ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The verdict of one version on the ports asked; undefined when a workload end does not exist there. */
function verdict(
  versions: Record<Version, DiffVersion>,
  version: Version,
  connection: Connection,
  asked: ConnectionSet,
): ReachVerdict | undefined {
  const from = end(versions, version, connection.from, connection.external === 'from');
  const to = end(versions, version, connection.to, connection.external === 'to');
  if (!from || !to) return undefined;
  return explainConnection(from, to, { text: formatConnectionSet(asked), set: asked });
}

function end(versions: Record<Version, DiffVersion>, version: Version, ref: string, external: boolean): Endpoint | undefined {
  const { analysis } = versions[version];
  if (!external) return analysis.classOf.has(ref) ? endpointOf(analysis, ref, false) : undefined;
  // A block named by the other version's rules only: its addresses come from there.
  const otherBlocks = versions[version === 'before' ? 'after' : 'before'].analysis.blocks;
  return { kind: 'external', ref, addresses: analysis.blocks.get(ref) ?? otherBlocks.get(ref) ?? NO_ADDRESSES };
}

/** The rule at the same place of the same policy in the after version, when it still governs that end. */
function editedRule(versions: Record<Version, DiffVersion>, connection: Connection, reason: ReachReason): ChangeCause[] {
  const ref = reason.direction === 'ingress' ? connection.to : connection.from;
  const external = connection.external === (reason.direction === 'ingress' ? 'to' : 'from');
  const endpoint = end(versions, 'after', ref, external);
  if (endpoint?.kind !== 'workload') return [];
  const rule = endpoint.workloadClass[reason.direction].rules.find(
    (r) => r.policy.ref === reason.policy && r.rule.index === reason.ruleIndex,
  );
  if (!rule) return [];
  return [
    {
      version: 'after',
      side: reason.direction,
      policy: reason.policy,
      rule: `${reason.direction}[${rule.rule.index}]`,
      location: { uri: rule.policy.model.uri, range: rule.rule.range },
      description: `now ${describeRule(rule.rule, rule.policy.model.namespace)}`,
    },
  ];
}

const allowing = (v: ReachVerdict): ReachReason[] => [...v.egress.allowingRules, ...v.ingress.allowingRules];
const isolating = (v: ReachVerdict): ReachReason[] => [...v.egress.isolatingPolicies, ...v.ingress.isolatingPolicies];

/** The same rule or policy, worded alike (its place in the file may have moved). */
const sameReason = (a: ReachReason, b: ReachReason): boolean =>
  a.policy === b.policy && a.direction === b.direction && a.ruleIndex === b.ruleIndex && a.description === b.description;
const has = (reasons: readonly ReachReason[], reason: ReachReason): boolean => reasons.some((r) => sameReason(r, reason));

function cause(version: Version, reason: ReachReason): ChangeCause {
  return {
    version,
    side: reason.direction,
    policy: reason.policy,
    ...(reason.ruleIndex !== undefined ? { rule: `${reason.direction}[${reason.ruleIndex}]` } : {}),
    location: { uri: reason.location.uri, range: reason.location.range },
    description: reason.description,
  };
}
