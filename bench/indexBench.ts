// Cold index: every file of the synthetic workspace into a fresh engine Workspace.
import { Workspace } from '../server/src/engine/workspace';
import { median, report, rssMb, time } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

export function benchColdIndex(synthetic: SyntheticWorkspace, runs = 5): string[] {
  const samples: number[] = [];
  let workspace: Workspace | undefined;
  for (let run = 0; run < runs; run++) {
    // Let the previous run's workspace be collected before the next is built: never two alive at once.
    // eslint-disable-next-line no-useless-assignment
    workspace = undefined;
    const { ms, value } = time(() => {
      const fresh = new Workspace();
      for (const [uri, text] of synthetic.files) fresh.setFile(uri, text);
      // Asking for the workloads forces the lazy parts (merging, label index, namespaces).
      fresh.workloads();
      fresh.namespaces();
      return fresh;
    });
    workspace = value;
    samples.push(ms);
  }
  const indexed = workspace!;
  // RSS with one indexed workspace alive, after garbage from earlier runs is collected.
  (globalThis as { gc?: () => void }).gc?.();
  return [
    `cold index (${synthetic.files.size} files, ${synthetic.documents} documents, ${indexed.workloads().length} workloads, ${indexed.networkPolicies().length} policies)`,
    report('cold index, median of ' + runs, median(samples), 1500),
    // Not the server's memory (see the language-server section): this process also holds tsx, the generated texts and earlier runs.
    report('benchmark process RSS (for reference)', rssMb(), undefined, 'MB'),
  ];
}
