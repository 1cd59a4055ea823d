// Output of `netpol reach`: text table, JSON, Graphviz dot, CSV.
import type { NotModelledPolicy } from '../../engine/foreignPolicies';
import type { LeftOutPolicyInfo, ReachConnection } from '../../engine/reach';
import { formatConnectionSet, PROTOCOLS, toCanonicalJson } from '../../engine/ports';
import type { Workload } from '../../engine/workloads';
import { compareRangeStarts } from '../../engine/ranges';
import { compareStrings } from '../../engine/selectors';
import { jsonDocumentChunks } from './jsonStream';
import { oneBased } from './positions';

export interface ReachReport {
  workloads: readonly Workload[];
  /** The connections to list, in order; each call walks them anew (text walks them twice: widths, then rows). */
  connections(): Iterable<ReachConnection>;
  leftOut: readonly LeftOutPolicyInfo[];
  /** Policies analysed as the API server stores them, without their unknown fields. */
  adjusted: readonly LeftOutPolicyInfo[];
  /** What the answers rest on beyond the policies (ReachAnalysis.notes). */
  notes?: readonly string[];
  /** Per workload ref, the policies of other kinds that also govern it (ReachAnalysis.notModelled). */
  notModelled?: ReadonlyMap<string, readonly NotModelledPolicy[]>;
  /** File URI -> the path to print. */
  displayPath(uri: string): string;
}

const where = (report: Pick<ReachReport, 'displayPath'>, uri: string, range: LeftOutPolicyInfo['range']): string =>
  `${report.displayPath(uri)}:${oneBased(range).line}`;

/** One line per left-out policy (`left out policy ns/name (file:line): reason`), then per adjusted one. */
export function leftOutNotices(report: Pick<ReachReport, 'leftOut' | 'adjusted' | 'displayPath'>): string[] {
  return [
    ...report.leftOut.map((p) => `left out policy ${p.policy} (${where(report, p.uri, p.range)}): ${p.reason}`),
    ...report.adjusted.map((p) => `policy ${p.policy} (${where(report, p.uri, p.range)}) ${p.reason}`),
  ];
}

/** Left-out and adjusted policies for JSON documents: `{policy, file, line, reason}`. */
export function policyNoticesJson(report: Pick<ReachReport, 'leftOut' | 'adjusted' | 'displayPath'>) {
  const json = (p: LeftOutPolicyInfo) => ({
    policy: p.policy,
    file: report.displayPath(p.uri),
    line: oneBased(p.range).line,
    reason: p.reason,
  });
  return { leftOut: report.leftOut.map(json), adjusted: report.adjusted.map(json) };
}

/** One line per note: `note: ...`. */
export function analysisNotices(report: Pick<ReachReport, 'notes'>): string[] {
  return (report.notes ?? []).map((note) => `note: ${note}`);
}

/** The policies of other kinds governing the report's workloads, each with the workloads it governs. */
function notModelledPolicies(report: ReachReport): Array<{ policy: NotModelledPolicy; certain: string[]; possible: string[] }> {
  const byPolicy = new Map<string, { policy: NotModelledPolicy; certain: string[]; possible: string[] }>();
  for (const workload of report.workloads) {
    for (const policy of report.notModelled?.get(workload.ref) ?? []) {
      const key = `${policy.location.uri}#${policy.title}`;
      const entry = byPolicy.get(key) ?? { policy, certain: [], possible: [] };
      (policy.certain ? entry.certain : entry.possible).push(workload.ref);
      byPolicy.set(key, entry);
    }
  }
  return [...byPolicy.values()].sort(
    (a, b) =>
      compareStrings(a.policy.location.uri, b.policy.location.uri) ||
      compareRangeStarts(a.policy.location.range, b.policy.location.range),
  );
}

function governedText(entry: { certain: string[]; possible: string[] }): string {
  const list = (refs: string[]): string =>
    refs.length > 5 ? `${refs.slice(0, 5).join(', ')} and ${refs.length - 5} more` : refs.join(', ');
  const parts: string[] = [];
  if (entry.certain.length > 0) parts.push(`governs ${list(entry.certain)}`);
  if (entry.possible.length > 0) parts.push(`may govern ${list(entry.possible)} (selector not understood)`);
  return parts.join('; ');
}

/** One line per policy of another kind: `not modelled: CiliumNetworkPolicy ns/name (file:line) governs ...`. */
export function notModelledNotices(report: ReachReport): string[] {
  return notModelledPolicies(report).map(
    (entry) =>
      `not modelled: ${entry.policy.title} (${where(report, entry.policy.location.uri, entry.policy.location.range)}) ${governedText(entry)}: the cluster may decide differently for ${entry.certain.length + entry.possible.length === 1 ? 'it' : 'them'}`,
  );
}

/** The text table, in pieces: a listing of a large workspace is written out as it is made. */
export function* formatReachText(report: ReachReport): Generator<string> {
  const lines: string[] = [];
  const foreign = notModelledPolicies(report);
  if (foreign.length > 0) {
    lines.push(
      `Not modelled (${foreign.length === 1 ? '1 policy of another kind' : `${foreign.length} policies of other kinds`}; the cluster may decide differently for the workloads named):`,
    );
    for (const entry of foreign)
      lines.push(
        `  ${entry.policy.title}  ${where(report, entry.policy.location.uri, entry.policy.location.range)}  ${governedText(entry)}`,
      );
    lines.push('');
  }
  if (report.leftOut.length > 0) {
    lines.push(`Left out of the analysis (${report.leftOut.length} polic${report.leftOut.length === 1 ? 'y' : 'ies'}):`);
    for (const p of report.leftOut) lines.push(`  ${p.policy}  ${where(report, p.uri, p.range)}  ${p.reason}`);
    lines.push('');
  }
  if (report.adjusted.length > 0) {
    lines.push(
      `Analysed as the API server stores them (${report.adjusted.length} polic${report.adjusted.length === 1 ? 'y' : 'ies'}):`,
    );
    for (const p of report.adjusted) lines.push(`  ${p.policy}  ${where(report, p.uri, p.range)}  ${p.reason}`);
    lines.push('');
  }
  if (report.notes && report.notes.length > 0) {
    lines.push('Notes:');
    for (const note of report.notes) lines.push(`  ${note}`);
    lines.push('');
  }
  const header = ['FROM', 'TO', 'PORTS'];
  const widths = [header[0].length, header[1].length];
  let count = 0;
  for (const c of report.connections()) {
    widths[0] = Math.max(widths[0], c.from.length);
    widths[1] = Math.max(widths[1], c.to.length);
    count++;
  }
  const line = (row: string[]): string => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`.trimEnd();
  if (count === 0) lines.push('No connections allowed.');
  else {
    lines.push(line(header));
    yield `${lines.join('\n')}\n`;
    lines.length = 0;
    for (const c of report.connections()) yield `${line([c.from, c.to, formatConnectionSet(c.ports)])}\n`;
  }
  lines.push(
    '',
    `${count} connection${count === 1 ? '' : 's'} (${report.workloads.length} workload${report.workloads.length === 1 ? '' : 's'}).`,
    'Legend: namespace/name[Kind] is a workload; a CIDR is an address range outside the cluster allowed by an ipBlock',
    '(0.0.0.0/0 and ::/0: anywhere); "all ports" is every port of TCP, UDP and SCTP; namespace/name[StatefulSet]#N is',
    'one replica of a StatefulSet analysed per replica. A workload to itself is not listed: a pod may always connect',
    'to itself, and between the pods of one workload explain answers.',
    '',
  );
  // Without rows the first lines are still held: they go out with the rest.
  yield lines.join('\n');
}

/** Exactly {"workloads":[{ref,namespace,kind,name}],"connections":[{from,to,allowed}],"leftOut","adjusted","notModelled","notes"}, in pieces. */
export function* formatReachJson(report: ReachReport): Generator<string> {
  const notices = policyNoticesJson(report);
  yield* jsonDocumentChunks([
    ['workloads', report.workloads.map((w) => ({ ref: w.ref, namespace: w.namespace, kind: w.kind, name: w.name }))],
    ['connections', mapIterable(report.connections(), (c) => ({ from: c.from, to: c.to, allowed: toCanonicalJson(c.ports) }))],
    ['leftOut', notices.leftOut],
    ['adjusted', notices.adjusted],
    [
      'notModelled',
      notModelledPolicies(report).map(({ policy, certain, possible }) => ({
        policy: policy.policy,
        kind: policy.kind,
        title: policy.title,
        file: report.displayPath(policy.location.uri),
        line: oneBased(policy.location.range).line,
        governs: certain,
        mayGovern: possible,
      })),
    ],
    ['notes', [...(report.notes ?? [])]],
  ]);
  yield '\n';
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** A Graphviz digraph: one cluster per namespace, external ranges as separate boxes, edges labelled with ports; in pieces. */
export function* formatReachDot(report: ReachReport): Generator<string> {
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['// netpol reach: allowed connections (edge label = ports)'];
  for (const notice of [...leftOutNotices(report), ...analysisNotices(report), ...notModelledNotices(report)])
    lines.push(`// ${notice}`);
  lines.push(
    'digraph reach {',
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  );
  const namespaces = new Map<string, Workload[]>();
  for (const workload of report.workloads)
    namespaces.set(workload.namespace, [...(namespaces.get(workload.namespace) ?? []), workload]);
  let index = 0;
  for (const [namespace, workloads] of namespaces) {
    lines.push(`  subgraph ${quote(`cluster_${index++}`)} {`, `    label=${quote(namespace)};`);
    for (const workload of workloads)
      lines.push(`    ${quote(workload.ref)} [label=${quote(`${workload.name}\n${workload.kind}`)}];`);
    lines.push('  }');
  }
  const externals = new Set<string>();
  for (const c of report.connections()) {
    if (c.external === 'from') externals.add(c.from);
    if (c.external === 'to') externals.add(c.to);
  }
  for (const external of [...externals].sort()) lines.push(`  ${quote(external)} [shape=ellipse, style=dashed];`);
  yield `${lines.join('\n')}\n`;
  for (const c of report.connections())
    yield `  ${quote(c.from)} -> ${quote(c.to)} [label=${quote(formatConnectionSet(c.ports))}];\n`;
  yield '}\n';
}

/** `from,to,protocol,ports`: one row per protocol; ports as `80;8000-8080`, or `all`; in pieces. */
export function* formatReachCsv(report: ReachReport): Generator<string> {
  const cell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  yield 'from,to,protocol,ports\n';
  for (const c of report.connections()) {
    for (const protocol of PROTOCOLS) {
      const intervals = c.ports[protocol];
      if (intervals.length === 0) continue;
      const isEvery = intervals.length === 1 && intervals[0][0] === 1 && intervals[0][1] === 65535;
      const ports = isEvery ? 'all' : intervals.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(';');
      yield `${[c.from, c.to, protocol, ports].map(cell).join(',')}\n`;
    }
  }
}
