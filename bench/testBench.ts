// `netpol test` as CI runs it: 200 expectations of every endpoint form (refs, namespaces,
// selectors, CIDRs, hypothetical pods, and "*" x "*") against the synthetic workspace,
// the bundled CLI in a process of its own, set against the parse yardstick of the same
// files; and the evaluation alone, in process, on a loaded workspace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { evaluateExpectations } from '../server/src/engine/expectations';
import { analyseWorkspace } from '../server/src/engine/reach';
import { Workspace } from '../server/src/engine/workspace';
import { CLI_PATH } from '../test/cli/cliHarness';
import { ensureBundledServer } from '../test/lsp/lspClient';
import { parseYardstickMs } from './cliScaleBench';
import { writeWorkspaceToDisk } from './lspWorkspaceOnDisk';
import { median, report, time } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const EXPECTATION_COUNT = 200;

/** 200 expectations over the synthetic namespaces (team-NNN, workloads web-0[Deployment], api-0[StatefulSet]...). */
export function syntheticExpectations(namespaces: number): string {
  const ns = (n: number) => `team-${String(n % namespaces).padStart(3, '0')}`;
  const items: string[] = [];
  for (let i = 0; items.length < EXPECTATION_COUNT; i++) {
    const here = ns(i);
    const next = ns(i + 1);
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        items.push(`- {from: "${here}/web-0[Deployment]", to: "${here}/api-0[StatefulSet]", expect: allowed, ports: [http]}`);
        break;
      case 3:
        items.push(`- {from: "${here}/web-0[Deployment]", to: "${next}/db-0[Deployment]", expect: denied}`);
        break;
      case 4:
        items.push(`- {from: {namespace: ${here}}, to: {namespace: ${next}}, expect: denied, ports: [23/TCP]}`);
        break;
      case 5:
        items.push(
          `- {from: {namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {tier: frontend}}}, to: "${here}/cache-0[Deployment]", expect: denied, ports: [5432]}`,
        );
        break;
      case 6:
        items.push(`- {from: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}, to: {namespace: ${here}}, expect: denied}`);
        break;
      case 7:
        items.push(
          `- {from: {hypothetical: {namespace: ${here}, labels: {app: debug}}}, to: "${here}/db-0[Deployment]", expect: denied}`,
        );
        break;
      case 8:
        items.push(`- {from: "${here}/web-0[Deployment]", to: "${here}/cache-0[Deployment]", expect: exactly, ports: [http]}`);
        break;
      case 9:
        items.push(
          i % 20 === 9
            ? `- {from: "*", to: "*", expect: denied, ports: [23/TCP]}`
            : `- {from: "*", to: "${here}/db-0[Deployment]", expect: denied, ports: [22]}`,
        );
        break;
    }
  }
  const withIds = items.map((item, i) => item.replace('- {', `- {id: e${i}, `));
  return `apiVersion: netpol-navigator.dev/v1alpha1\nkind: ReachabilityExpectations\nmetadata:\n  name: bench\nspec:\n  expectations:\n${withIds.map((item) => `  ${item}`).join('\n')}\n`;
}

export function benchTest(synthetic: SyntheticWorkspace, runs: number): string[] {
  ensureBundledServer();
  const disk = writeWorkspaceToDisk(synthetic);
  const folder = fileURLToPath(disk.folderUri);
  const text = syntheticExpectations(synthetic.namespaces);
  writeFileSync(join(folder, 'netpol-expectations.yaml'), text);
  const texts = [...disk.files.values(), text];
  try {
    const parse: number[] = [];
    const processes: number[] = [];
    let status: number | null = null;
    let summary = '';
    for (let run = 0; run < runs; run++) {
      parse.push(parseYardstickMs(texts));
      const start = performance.now();
      const result = spawnSync(process.execPath, [CLI_PATH, 'test', '.', '--format', 'json'], {
        cwd: folder,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      processes.push(performance.now() - start);
      status = result.status;
      if (status !== 0 && status !== 1) throw new Error(`netpol test exited ${status}: ${result.stderr}`);
      summary = JSON.stringify((JSON.parse(result.stdout) as { summary: unknown }).summary);
    }
    const workspace = new Workspace();
    for (const [uri, content] of disk.files) workspace.setFile(uri, content);
    const evaluation: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A new text each run: results are kept per analysis and parse, and a kept one would time nothing.
      workspace.setFile(pathToFileURL(join(folder, 'netpol-expectations.yaml')).href, `${text}# run ${run}\n`);
      const analysis = analyseWorkspace(workspace);
      analysis.results.classMatrix();
      evaluation.push(time(() => evaluateExpectations(analysis, workspace)).ms);
    }
    const parseMs = median(parse);
    const processMs = median(processes);
    return [
      `netpol test, ${EXPECTATION_COUNT} expectations (${synthetic.workloads.toLocaleString('en')} workloads; median of ${runs}; exit ${status}, ${summary})`,
      report('parse yardstick of the same files', parseMs),
      `${report('netpol test . --format json, as a process', processMs)}  = ${(processMs / parseMs).toFixed(2)}× parse`,
      `${report('  in-process: evaluating the 200 on a loaded analysis (matrix built)', median(evaluation))}  = ${(median(evaluation) / parseMs).toFixed(2)}× parse`,
    ];
  } finally {
    disk.remove();
  }
}
