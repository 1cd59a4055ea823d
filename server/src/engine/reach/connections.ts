// Connections between workloads and external blocks, listed from the class matrix.
import { formatConnectionSet, type ConnectionSet } from '../ports';
import { compareStrings } from '../selectors';
import { externalBlocks } from './classSides';
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
  const inbound = new Map<string, ReachConnection[]>();
  for (const a of analysis.classes) {
    const outside = externalBlocks(a.egress, []);
    expandRow(analysis.classes, a, matrix.get(a.id), outside, expandedRows).forEach((list, i) =>
      outgoing.set(a.members[i].ref, list),
    );
    for (const [block, ports] of externalBlocks(a.ingress, a.ports)) {
      const list = inbound.get(block) ?? [];
      for (const to of a.members) list.push({ from: block, to: to.ref, external: 'from', ports });
      inbound.set(block, list);
    }
  }
  // Sorted by from, then to: workload refs are in order already; external sources are merged in.
  const connections: ReachConnection[] = [];
  const blocks = [...inbound.keys()].sort(compareStrings);
  let next = 0;
  for (const workload of analysis.workloads) {
    for (; next < blocks.length && compareStrings(blocks[next], workload.ref) < 0; next++)
      connections.push(...inbound.get(blocks[next])!.sort(byTo));
    for (const connection of outgoing.get(workload.ref) ?? []) connections.push(connection);
  }
  for (; next < blocks.length; next++) connections.push(...inbound.get(blocks[next])!.sort(byTo));
  return connections;
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
  const byMember = a.members.map((from) => {
    const list: ReachConnection[] = [];
    for (const [id, ports] of row ?? []) {
      for (const to of classes[id].members) if (to !== from) list.push({ from: from.ref, to: to.ref, ports });
    }
    for (const [block, ports] of outside) list.push({ from: from.ref, to: block, external: 'to', ports });
    return list.sort(byTo);
  });
  if (row) expandedRows.set(row, { outside: signature, byMember });
  return byMember;
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
