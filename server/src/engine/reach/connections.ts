// Connections between workloads and external blocks, listed from the class matrix.
import { formatConnectionSet, type ConnectionSet } from '../ports';
import { compareStrings } from '../selectors';
import type { Workspace } from '../workspace';
import { analyseWorkspace, type ReachAnalysis, type ReachOptions, type WorkloadClass } from './analysis';
import { externalBlocks } from './classSides';
import { classMatrix } from './matrix';

/** A connection between two refs (workload refs, or an external block's text). */
export interface ReachConnection {
  from: string;
  to: string;
  /** Which side is outside the cluster, if one is. */
  external?: 'from' | 'to';
  ports: ConnectionSet;
}

const matrices = new WeakMap<ReachAnalysis, ReachConnection[]>();

/** Every connection with something allowed, workloads and external blocks, sorted by from then to; a workload to itself is left out. */
export function reachConnections(analysis: ReachAnalysis): ReachConnection[] {
  const cached = matrices.get(analysis);
  if (cached) return cached;
  const matrix = classMatrix(analysis);
  const outgoing = new Map<string, ReachConnection[]>();
  const inbound = new Map<string, ReachConnection[]>();
  for (const a of analysis.classes) {
    const outside = externalBlocks(a.egress, []);
    expandRow(analysis, a, matrix.get(a.id), outside).forEach((list, i) => outgoing.set(a.members[i].ref, list));
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
  matrices.set(analysis, connections);
  return connections;
}

const byTo = (x: ReachConnection, y: ReachConnection): number => compareStrings(x.to, y.to);

/** Per row of the class matrix (rows survive a policy edit that does not touch them): the members' outgoing connections, sorted by `to`. */
const expansions = new WeakMap<Map<number, ConnectionSet>, { outside: string; byMember: ReachConnection[][] }>();

function expandRow(
  analysis: ReachAnalysis,
  a: WorkloadClass,
  row: Map<number, ConnectionSet> | undefined,
  outside: Map<string, ConnectionSet>,
): ReachConnection[][] {
  const signature = [...outside].map(([block, ports]) => `${block} ${formatConnectionSet(ports)}`).join('\n');
  const known = row && expansions.get(row);
  if (known && known.outside === signature) return known.byMember;
  const byMember = a.members.map((from) => {
    const list: ReachConnection[] = [];
    for (const [id, ports] of row ?? []) {
      for (const to of analysis.classes[id].members) if (to !== from) list.push({ from: from.ref, to: to.ref, ports });
    }
    for (const [block, ports] of outside) list.push({ from: from.ref, to: block, external: 'to', ports });
    return list.sort(byTo);
  });
  if (row) expansions.set(row, { outside: signature, byMember });
  return byMember;
}

/** The full reach of a workspace: its analysis and every connection. */
export function reach(
  workspace: Workspace,
  options: ReachOptions = {},
): { analysis: ReachAnalysis; connections: ReachConnection[] } {
  const analysis = analyseWorkspace(workspace, options);
  return { analysis, connections: reachConnections(analysis) };
}

const byWorkload = new WeakMap<ReachAnalysis, Map<string, { inbound: ReachConnection[]; outbound: ReachConnection[] }>>();

/** Connections into and out of one workload (reasons come from explainConnection, per peer). */
export function connectionsOf(analysis: ReachAnalysis, ref: string): { inbound: ReachConnection[]; outbound: ReachConnection[] } {
  let index = byWorkload.get(analysis);
  if (!index) {
    index = new Map();
    const entry = (key: string) => {
      let found = index!.get(key);
      if (!found) index!.set(key, (found = { inbound: [], outbound: [] }));
      return found;
    };
    for (const connection of reachConnections(analysis)) {
      if (connection.external !== 'from') entry(connection.from).outbound.push(connection);
      if (connection.external !== 'to') entry(connection.to).inbound.push(connection);
    }
    byWorkload.set(analysis, index);
  }
  return index.get(ref) ?? { inbound: [], outbound: [] };
}
