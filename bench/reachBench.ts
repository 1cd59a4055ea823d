// Reachability on the synthetic workspace: the full analysis from a loaded workspace
// (cold: validation and policy models included), and the recompute after one policy
// edit (per-object caches warm). RSS is this process's peak while it holds one workspace.
import { reach } from '../server/src/engine/reach';
import { Workspace } from '../server/src/engine/workspace';
import { median, report, rssMb, time } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

export function benchReach(synthetic: SyntheticWorkspace, runs = 5): string[] {
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const full: number[] = [];
  const edits: number[] = [];
  let connections = 0;
  let peakRss = 0;
  for (let run = 0; run < runs; run++) {
    collect();
    const workspace = new Workspace();
    for (const [uri, text] of synthetic.files) workspace.setFile(uri, text);

    const analysis = time(() => reach(workspace));
    connections = analysis.value.connections.length;
    full.push(analysis.ms);
    peakRss = Math.max(peakRss, rssMb());

    // One policy edit: a port number changes in one namespace's policies file.
    const uri = `file:///bench/team-${String(run % synthetic.namespaces).padStart(3, '0')}/policies.yaml`;
    workspace.setFile(uri, synthetic.files.get(uri)!.replace('port: 443', 'port: 8443'));
    edits.push(time(() => reach(workspace)).ms);
    peakRss = Math.max(peakRss, rssMb());
  }
  return [
    `reachability (${synthetic.workloads} workloads, ${synthetic.policies} policies, ${connections} connections)`,
    report(`full reach, median of ${runs}`, median(full), 2000),
    report(`recompute after one policy edit, median of ${runs}`, median(edits), 200),
    report('peak RSS (this process, one workspace alive)', peakRss, 500, 'MB'),
  ];
}
