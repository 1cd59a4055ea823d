// One line above each workload a file defines: whether policies isolate it and how many
// peers reach it and it reaches ("ingress isolated · 3 inbound · 2 outbound"). Read from the
// reach analysis, whose connections are computed once per analysis: a file's lenses are
// lookups, however many files ask.
import { connectionsOf, type ReachAnalysis } from '../reach';
import type { Range } from '../types';
import type { Workload } from '../workloads';

export interface WorkloadLens {
  /** The start of the workload's object in the file. */
  range: Range;
  title: string;
  /** The endpoint the lens describes (the first replica when replicas are analysed apart). */
  ref: string;
}

/** One lens per workload object of the file, in file order. */
export function workloadLenses(analysis: ReachAnalysis, uri: string): WorkloadLens[] {
  // A StatefulSet analysed per replica is one object and several endpoints: one lens, the first replica's.
  const byStart = new Map<string, { workload: Workload; range: Range; endpoints: number }>();
  for (const workload of analysis.workloads) {
    const source = workload.sources.find((s) => s.uri === uri);
    if (!source) continue;
    const { start } = source.range;
    const key = `${start.line}:${start.character}`;
    const seen = byStart.get(key);
    if (seen) seen.endpoints++;
    else byStart.set(key, { workload, range: { start, end: start }, endpoints: 1 });
  }
  return [...byStart.values()]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map(({ workload, range, endpoints }) => ({
      range,
      ref: workload.ref,
      title: lensTitle(analysis, workload, endpoints),
    }));
}

function lensTitle(analysis: ReachAnalysis, workload: Workload, endpoints: number): string {
  const workloadClass = analysis.classOf.get(workload.ref);
  const ingress = (workloadClass?.ingress.isolating.length ?? 0) > 0;
  const egress = (workloadClass?.egress.isolating.length ?? 0) > 0;
  const isolation =
    ingress && egress ? 'ingress & egress isolated' : ingress ? 'ingress isolated' : egress ? 'egress isolated' : 'not isolated';
  const { inbound, outbound } = connectionsOf(analysis, workload.ref);
  const parts = [
    workload.hostNetwork ? 'hostNetwork: no NetworkPolicy applies' : isolation,
    `${inbound.length} inbound`,
    `${outbound.length} outbound`,
  ];
  if (endpoints > 1) parts.push(`replica ${workload.replica?.ordinal ?? 0} of ${endpoints} analysed apart`);
  const notModelled = analysis.notModelled.get(workload.ref)?.length ?? 0;
  if (notModelled > 0) parts.push(`${notModelled} ${notModelled === 1 ? 'policy' : 'policies'} of another kind not modelled`);
  return parts.join(' · ');
}
