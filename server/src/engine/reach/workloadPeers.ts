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

const counters = new WeakMap<ReachAnalysis, PeerCounter>();

/**
 * Per workload ref, its peer counts, from the analysis's class matrix. The view asks for one
 * namespace's workloads after each edit: the column sums are taken once per analysis, and a
 * class's counts (its external blocks) when one of its members is first asked for.
 */
export function peerCounts(analysis: ReachAnalysis): { get(ref: string): PeerCounts | undefined } {
  let counter = counters.get(analysis);
  if (!counter) counters.set(analysis, (counter = new PeerCounter(analysis)));
  return counter;
}

class PeerCounter {
  private reachedBy: number[] | undefined;
  private readonly byClass = new Map<number, PeerCounts>();

  constructor(private readonly analysis: ReachAnalysis) {}

  get(ref: string): PeerCounts | undefined {
    const own = this.analysis.classOf.get(ref);
    if (!own) return undefined;
    let counts = this.byClass.get(own.id);
    if (counts) return counts;
    const { classes } = this.analysis;
    const matrix = this.analysis.results.classMatrix();
    const row = matrix.get(own.id);
    let reaches = 0;
    for (const id of row?.keys() ?? []) reaches += classes[id].members.length;
    // A workload is no peer of its own: take it out when its class reaches itself.
    const self = row?.has(own.id) ? 1 : 0;
    const outside = externalBlocks(own.egress, []).size;
    const fromOutside = [...externalBlocks(own.ingress, own.ports).keys()].sort(compareStrings);
    counts = {
      outbound: reaches - self + outside,
      inbound: this.columnSums(matrix)[own.id] - self + fromOutside.length,
      fromOutside,
    };
    this.byClass.set(own.id, counts);
    return counts;
  }

  /** How many workloads reach each class. */
  private columnSums(matrix: ClassMatrix): number[] {
    if (this.reachedBy) return this.reachedBy;
    const { classes } = this.analysis;
    const reachedBy = new Array<number>(classes.length).fill(0);
    for (const [id, row] of matrix) for (const to of row.keys()) reachedBy[to] += classes[id].members.length;
    return (this.reachedBy = reachedBy);
  }
}
