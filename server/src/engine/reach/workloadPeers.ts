// One workload's connections, and every workload's peer counts, read from the class
// matrix: the editor asks for one workload at a time, and listing every connection of
// the workspace to answer for one costs what the whole listing costs.
import { compareStrings } from '../selectors';
import { externalBlocks } from './classSides';
import type { ClassMatrix, ReachAnalysis, ReachConnection, WorkloadConnections } from './model';

/** Connections into and out of `ref`, equal to its entry in the full listing (same order: outbound by `to`, inbound by `from`). */
export function workloadConnections(
  analysis: Pick<ReachAnalysis, 'classes' | 'classOf'>,
  matrix: ClassMatrix,
  ref: string,
): WorkloadConnections {
  const own = analysis.classOf.get(ref);
  if (!own) return { inbound: [], outbound: [] };
  const outbound: ReachConnection[] = [];
  for (const [id, ports] of matrix.get(own.id) ?? [])
    for (const to of analysis.classes[id].members) if (to.ref !== ref) outbound.push({ from: ref, to: to.ref, ports });
  for (const [block, ports] of externalBlocks(own.egress, [])) outbound.push({ from: ref, to: block, external: 'to', ports });
  const inbound: ReachConnection[] = [];
  for (const [id, row] of matrix) {
    const ports = row.get(own.id);
    if (ports)
      for (const from of analysis.classes[id].members) if (from.ref !== ref) inbound.push({ from: from.ref, to: ref, ports });
  }
  for (const [block, ports] of externalBlocks(own.ingress, own.ports))
    inbound.push({ from: block, to: ref, external: 'from', ports });
  outbound.sort((x, y) => compareStrings(x.to, y.to));
  inbound.sort((x, y) => compareStrings(x.from, y.from));
  return { inbound, outbound };
}

/** How many peers a workload has each way (workloads and external blocks, as its connections list them). */
export interface PeerCounts {
  inbound: number;
  outbound: number;
  /** The external blocks its ingress allows (`0.0.0.0/0`, `10.0.0.0/8 except 10.1.0.0/16`): reachable from outside the cluster when not empty. */
  fromOutside: readonly string[];
}

const counted = new WeakMap<ReachAnalysis, ReadonlyMap<string, PeerCounts>>();

/** Per workload ref, its peer counts; computed once per analysis, from its class matrix. */
export function peerCounts(analysis: ReachAnalysis): ReadonlyMap<string, PeerCounts> {
  let counts = counted.get(analysis);
  if (counts) return counts;
  const matrix = analysis.results.classMatrix();
  const { classes } = analysis;
  const reachedBy = new Array<number>(classes.length).fill(0);
  for (const [id, row] of matrix) for (const to of row.keys()) reachedBy[to] += classes[id].members.length;
  const result = new Map<string, PeerCounts>();
  for (const own of classes) {
    const row = matrix.get(own.id);
    let reaches = 0;
    for (const id of row?.keys() ?? []) reaches += classes[id].members.length;
    // A workload is no peer of its own: take it out when its class reaches itself.
    const self = row?.has(own.id) ? 1 : 0;
    const outside = externalBlocks(own.egress, []).size;
    const fromOutside = [...externalBlocks(own.ingress, own.ports).keys()].sort(compareStrings);
    for (const member of own.members)
      result.set(member.ref, {
        outbound: reaches - self + outside,
        inbound: reachedBy[own.id] - self + fromOutside.length,
        fromOutside,
      });
  }
  counted.set(analysis, (counts = result));
  return counts;
}
