// Expectations in the editor at scale: the bundled language server on the 5,000-workload
// workspace (on disk) with the 200 expectations of testBench.ts open; an unsaved edit of one
// policy, timed from didChange to `netpol/expectationsChanged` (which waits for the 150 ms
// settle), and the server's own time for the evaluation (its debug log). Part of `npm run bench`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExpectationsChangedNotification } from '../server/src/protocol';
import { startServer } from '../test/lsp/lspClient';
import { writeWorkspaceToDisk } from './lspWorkspaceOnDisk';
import { machine, median, percentile, report } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';
import { syntheticExpectations } from './testBench';

export async function benchExpectationsInEditor(synthetic: SyntheticWorkspace, runs: number): Promise<string[]> {
  const lines: string[] = [];
  const disk = writeWorkspaceToDisk(synthetic);
  const folder = fileURLToPath(disk.folderUri);
  const expectations = syntheticExpectations(synthetic.namespaces);
  const expectationsUri = pathToFileURL(join(folder, 'netpol-expectations.yaml')).href;
  writeFileSync(fileURLToPath(expectationsUri), expectations);
  const server = await startServer({
    workspaceFolders: [disk.folderUri],
    timeoutMs: 120_000,
    settings: { 'netpol.log.level': 'debug' },
  });
  try {
    await server.waitForLog((m) => m.message.startsWith('Indexed '), 'workspace scan');
    await server.open(expectationsUri, expectations);
    await server.eventuallyPublished(expectationsUri, () => true, 'first diagnostics of the expectations file');
    // A policy file of one namespace: its first ingress rule's port is toggled on every run.
    const policyUri = [...disk.files.keys()].find((uri) => /team-007.*polic/.test(uri))!;
    const original = readFileSync(fileURLToPath(policyUri), 'utf8');
    await server.open(policyUri, original);
    const toNotification: number[] = [];
    for (let run = 0; run < runs; run++) {
      const notified = server.notifications.length;
      const text = run % 2 === 0 ? original.replace(/port: (\d+)/, (_, port: string) => `port: ${Number(port) + 1}`) : original;
      const start = performance.now();
      await server.change(policyUri, text);
      await server.notification(ExpectationsChangedNotification.method, () => true, notified);
      toNotification.push(performance.now() - start);
    }
    lines.push(
      `expectations in the editor: ${synthetic.workloads.toLocaleString('en')} workloads, 200 expectations; ${runs} edits (${machine()})`,
      report('edit -> netpol/expectationsChanged, median', median(toNotification)),
      report('edit -> netpol/expectationsChanged, p95', percentile(toNotification, 95)),
    );
    const evaluations = server.logs
      .map((m) => /expectation\(s\) evaluated in ([\d.]+) ms/.exec(m.message)?.[1])
      .filter((ms): ms is string => ms !== undefined)
      .map(Number)
      // The first is the evaluation after the scan, before any edit.
      .slice(1);
    if (evaluations.length > 0) lines.push(report('  of which the evaluation (analysis included), median', median(evaluations)));
  } finally {
    await server.stop();
    disk.remove();
  }
  return lines;
}
