// Connections between workloads and external blocks, listed from the class matrix.
import { formatConnectionSet, type ConnectionSet } from '../ports';
import { compareStrings } from '../selectors';
import { externalBlocks } from './classSides';
import type { Workload } from '../workloads';
import type { ClassMatrix, ClassRow, ReachAnalysis, ReachConnection, WorkloadClass, WorkloadConnections } from './model';

/** A matrix row's members' outgoing connections, sorted by `to`, and the external blocks (`outside`) they were listed with. */
export interface ExpandedRow {
  outside: string;
  byMember: ReachConnection[][];
}

/**
 * Every connection with something allowed, sorted by from then to. `expandedRows`
 * keeps each row's member connections: rows survive a policy edit that does not touch them.
 */
export function listConnections(
  analysis: Pick<ReachAnalysis, 'classes' | 'workloads'>,
  matrix: ClassMatrix,
  expandedRows: WeakMap<ClassRow, ExpandedRow>,
): ReachConnection[] {
  const outgoing = new Map<string, ReachConnection[]>();
  for (const a of analysis.classes)
    expandRow(analysis.classes, a, matrix.get(a.id), externalBlocks(a.egress, []), expandedRows).forEach((list, i) =>
      outgoing.set(a.members[i].ref, list),
    );
  return [...inOrder(analysis, (workload) => outgoing.get(workload.ref) ?? [])];
}

/**
 * The same connections in the same order, made one workload at a time and kept by
 * nobody: what a one-shot listing of a large workspace writes out as it goes.
 */
export function* streamConnections(
  analysis: Pick<ReachAnalysis, 'classes' | 'workloads' | 'classOf'>,
  matrix: ClassMatrix,
): Generator<ReachConnection> {
  const outside = new Map<number, Map<string, ConnectionSet>>();
  yield* inOrder(analysis, (from) => {
    const a = analysis.classOf.get(from.ref)!;
    let blocks = outside.get(a.id);
    if (!blocks) outside.set(a.id, (blocks = externalBlocks(a.egress, [])));
    return memberConnections(analysis.classes, from, matrix.get(a.id), blocks);
  });
}

/** Connections from outside the cluster merged, by block, between the workloads' own (each workload's sorted by `to`). */
function* inOrder(
  analysis: Pick<ReachAnalysis, 'classes' | 'workloads'>,
  outgoing: (from: Workload) => Iterable<ReachConnection>,
): Generator<ReachConnection> {
  const inbound = new Map<string, ReachConnection[]>();
  for (const a of analysis.classes)
    for (const [block, ports] of externalBlocks(a.ingress, a.ports)) {
      const list = inbound.get(block) ?? [];
      for (const to of a.members) list.push({ from: block, to: to.ref, external: 'from', ports });
      inbound.set(block, list);
    }
  // Workload refs are in order already; external sources are merged in.
  const blocks = [...inbound.keys()].sort(compareStrings);
  let next = 0;
  for (const workload of analysis.workloads) {
    for (; next < blocks.length && compareStrings(blocks[next], workload.ref) < 0; next++)
      yield* inbound.get(blocks[next])!.sort(byTo);
    yield* outgoing(workload);
  }
  for (; next < blocks.length; next++) yield* inbound.get(blocks[next])!.sort(byTo);
}

const byTo = (x: ReachConnection, y: ReachConnection): number => compareStrings(x.to, y.to);

function expandRow(
  classes: readonly WorkloadClass[],
  a: WorkloadClass,
  row: ClassRow | undefined,
  outside: Map<string, ConnectionSet>,
  expandedRows: WeakMap<ClassRow, ExpandedRow>,
): ReachConnection[][] {
  const signature = [...outside].map(([block, ports]) => `${block} ${formatConnectionSet(ports)}`).join('\n');
  const known = row && expandedRows.get(row);
  if (known && known.outside === signature) return known.byMember;
  const byMember = a.members.map((from) => memberConnections(classes, from, row, outside));
  if (row) expandedRows.set(row, { outside: signature, byMember });
  return byMember;
}

/** One member's outgoing connections, sorted by `to`: its class's row, to every member but itself, then the blocks outside. */
function memberConnections(
  classes: readonly WorkloadClass[],
  from: Workload,
  row: ClassRow | undefined,
  outside: Map<string, ConnectionSet>,
): ReachConnection[] {
  const list: ReachConnection[] = [];
  for (const [id, ports] of row ?? []) {
    for (const to of classes[id].members) if (to !== from) list.push({ from: from.ref, to: to.ref, ports });
  }
  for (const [block, ports] of outside) list.push({ from: from.ref, to: block, external: 'to', ports });
  return list.sort(byTo);
}

/** The connections into and out of each workload, by ref. */
export function connectionsByWorkload(connections: readonly ReachConnection[]): Map<string, WorkloadConnections> {
  const index = new Map<string, WorkloadConnections>();
  const entry = (key: string) => {
    let found = index.get(key);
    if (!found) index.set(key, (found = { inbound: [], outbound: [] }));
    return found;
  };
  for (const connection of connections) {
    if (connection.external !== 'from') entry(connection.from).outbound.push(connection);
    if (connection.external !== 'to') entry(connection.to).inbound.push(connection);
  }
  return index;
}
