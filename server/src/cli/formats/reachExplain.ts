// Text output of `netpol explain`: the verdict, then why, side by side.
import { fromCanonicalJson, formatConnectionSet } from '../../engine/ports';
import type { LeftOutPolicyInfo, ReachReason, ReachSide, ReachVerdict } from '../../engine/reach';
import { oneBased } from './positions';

export function formatExplainText(
  verdict: ReachVerdict,
  {
    leftOut,
    adjusted,
    displayPath,
  }: { leftOut: readonly LeftOutPolicyInfo[]; adjusted: readonly LeftOutPolicyInfo[]; displayPath: (uri: string) => string },
): string {
  const at = (location: ReachReason['location']): string => `${displayPath(location.uri)}:${oneBased(location.range).line}`;
  const lines: string[] = [];
  const asked = verdict.port ? ` on ${verdict.port}` : '';
  const decision = verdict.perReplica
    ? `DIFFERS PER REPLICA (every replica: ${verdict.allowed ? verdict.portsText : 'nothing'})`
    : verdict.allowed
      ? `ALLOWED (${verdict.portsText})`
      : 'DENIED';
  // A bare ALLOWED/DENIED would claim more than is known when other policy kinds apply, or a hostNetwork end's traffic is the node's.
  const titles = [...new Set(verdict.notModelled.map((entry) => entry.title))];
  const hostNetwork = [verdict.from, verdict.to].filter((end) => end.hostNetwork).map((end) => end.ref);
  const caveats = [
    ...(titles.length > 0 ? [`NOT MODELLED: ${titles.join(', ')}`] : []),
    ...(hostNetwork.length > 0 ? [`HOST NETWORK: ${[...new Set(hostNetwork)].join(', ')} (the CNI decides)`] : []),
  ];
  const caveat = caveats.length > 0 ? ` as far as NetworkPolicies go, ${caveats.join('; ')}` : '';
  lines.push(`${verdict.from.ref} -> ${verdict.to.ref}${asked}: ${decision}${caveat}`);
  lines.push(verdict.summary);
  for (const replica of verdict.perReplica ?? [])
    lines.push(`  ${replica.from} -> ${replica.to}: ${replica.allowed ? `ALLOWED (${replica.portsText})` : 'DENIED'}`);
  for (const note of verdict.notes ?? []) lines.push(`Note: ${note}`);
  lines.push('');
  lines.push(...describeSide(`egress of ${verdict.from.ref}`, verdict.from.kind, verdict.egress, at));
  lines.push('');
  lines.push(...describeSide(`ingress of ${verdict.to.ref}`, verdict.to.kind, verdict.ingress, at));
  if (verdict.notModelled.length > 0) {
    lines.push('', 'Not modelled (policies of other kinds: the cluster may decide differently):');
    for (const entry of verdict.notModelled) lines.push(`  ${entry.title}  ${at(entry.location)}  ${governsText(entry)}`);
  }
  if (leftOut.length > 0) {
    lines.push('', 'Left out of the analysis:');
    for (const p of leftOut) lines.push(`  ${p.policy}  ${displayPath(p.uri)}:${oneBased(p.range).line}  ${p.reason}`);
  }
  if (adjusted.length > 0) {
    lines.push('', 'Analysed as the API server stores them:');
    for (const p of adjusted) lines.push(`  ${p.policy}  ${displayPath(p.uri)}:${oneBased(p.range).line}  ${p.reason}`);
  }
  lines.push('');
  return lines.join('\n');
}

function describeSide(
  title: string,
  kind: 'workload' | 'external',
  side: ReachSide,
  at: (location: ReachReason['location']) => string,
): string[] {
  const allowed = formatConnectionSet(fromCanonicalJson(side.allowed)!);
  if (kind === 'external') return [`${title}: outside the cluster, not subject to NetworkPolicies (${allowed})`];
  if (!side.isolated) return [`${title}: not isolated (no policy selects it for this direction): ${allowed}`];
  const lines = [`${title}: isolated, allows ${allowed}`, '  isolated by:'];
  for (const reason of side.isolatingPolicies) lines.push(`    ${reason.policy}  ${at(reason.location)}  ${reason.description}`);
  if (side.allowingRules.length === 0) lines.push('  no rule allows this traffic');
  else {
    lines.push('  allowed by:');
    for (const reason of side.allowingRules)
      lines.push(`    ${reason.policy} ${reason.direction}[${reason.ruleIndex}]  ${at(reason.location)}  ${reason.description}`);
  }
  if (side.unresolvedRules) {
    lines.push('  matched, but a port name cannot resolve on an address:');
    for (const reason of side.unresolvedRules)
      lines.push(`    ${reason.policy} ${reason.direction}[${reason.ruleIndex}]  ${at(reason.location)}  ${reason.description}`);
  }
  return lines;
}

const governsText = (entry: ReachVerdict['notModelled'][number]): string =>
  `${entry.certain ? 'governs' : 'may govern (selector not understood)'} the ${entry.direction} of ${entry.workload}`;

/** For --format json, on stderr: `not modelled: CiliumNetworkPolicy ns/name (file:line) governs the ingress of ...`. */
export function explainNotModelledNotices(verdict: ReachVerdict, displayPath: (uri: string) => string): string[] {
  return verdict.notModelled.map(
    (entry) =>
      `not modelled: ${entry.title} (${displayPath(entry.location.uri)}:${oneBased(entry.location.range).line}) ${governsText(entry)}: the cluster may decide differently`,
  );
}
