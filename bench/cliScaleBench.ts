// The commands as a CI job runs them: the bundled dist/cli.js in a process of its own,
// on the synthetic workspace written to disk, each timed from spawn to exit with the
// process's peak RSS. Every figure is set against the yardstick of the same run: one
// single-threaded pass of the `yaml` package over the same files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as YAML from 'yaml';
import { analyseNamespaces, explainConnection, prepareExplain, reach } from '../server/src/engine/reach';
import { parseWorkloadRef } from '../server/src/engine/workloadRef';
import { Workspace } from '../server/src/engine/workspace';
import { CLI_PATH } from '../test/cli/cliHarness';
import { ensureBundledServer } from '../test/lsp/lspClient';
import { writeWorkspaceToDisk } from './lspWorkspaceOnDisk';
import { median, report, time } from './stats';
import { generateSyntheticWorkspace, type SyntheticWorkspace } from './syntheticWorkspace';

/** One run of a command: wall time and the peak RSS the process reached. */
interface CommandRun {
  ms: number;
  peakMb: number;
  status: number | null;
}

// The process reports its own peak: /usr/bin/time is not on every machine.
export const PEAK_REPORTER = `process.on('exit', () => require('node:fs').writeFileSync(process.env.NETPOL_BENCH_PEAK, String(process.resourceUsage().maxRSS)));`;

/** `netpol <args>` in `cwd`, output to /dev/null (reach's output is still made and written). */
export function runCli(cli: string, args: readonly string[], cwd: string, preload: string, peakFile: string): CommandRun {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--require', preload, cli, ...args], {
    cwd,
    env: { ...process.env, NETPOL_BENCH_PEAK: peakFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`netpol ${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return { ms, peakMb: Math.round(Number(readFileSync(peakFile, 'utf8')) / 1024), status: run.status };
}

/** The yaml package over every file: what any tool reading these manifests pays. */
export function parseYardstickMs(texts: Iterable<string>): number {
  return time(() => {
    for (const text of texts) for (const document of YAML.parseAllDocuments(text)) document.toJS();
  }).ms;
}

export interface ScaleFigures {
  workloads: number;
  parseMs: number;
  checkMs: number;
  reachMs: number;
  reachPeakMb: number;
  checkPeakMb: number;
}

/**
 * check, reach --format json and explain of one pair on the workspace, as processes;
 * explain also in-process against a full reach of the same loaded workspace.
 */
export function benchCliAtScale(synthetic: SyntheticWorkspace, runs: number): { lines: string[]; figures: ScaleFigures } {
  // One build makes all three bundles: the server's freshness check covers the CLI's sources too.
  ensureBundledServer();
  const cli = CLI_PATH;
  const disk = writeWorkspaceToDisk(synthetic);
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-bench-cli-'));
  const preload = join(scratch, 'peak.cjs');
  const peakFile = join(scratch, 'peak');
  writeFileSync(preload, PEAK_REPORTER);
  const folder = fileURLToPath(disk.folderUri);
  const [from, to] = ['team-000/web-1', 'team-001/api-1'];
  try {
    const parse: number[] = [];
    const check: CommandRun[] = [];
    const reachRuns: CommandRun[] = [];
    const explain: CommandRun[] = [];
    const empty: CommandRun[] = [];
    for (let run = 0; run < runs; run++) {
      parse.push(parseYardstickMs(disk.files.values()));
      check.push(runCli(cli, ['check', '.'], folder, preload, peakFile));
      reachRuns.push(runCli(cli, ['reach', '.', '--format', 'json'], folder, preload, peakFile));
      explain.push(runCli(cli, ['explain', from, to, '.'], folder, preload, peakFile));
      empty.push(runCli(cli, ['check', preload], scratch, preload, peakFile));
    }
    const parseMs = median(parse);
    const ms = (runs: CommandRun[]) => median(runs.map((r) => r.ms));
    const peak = (runs: CommandRun[]) => Math.max(...runs.map((r) => r.peakMb));
    const baseline = peak(empty);
    const perWorkload = (runs: CommandRun[]) =>
      `${Math.round(((peak(runs) - baseline) * 1024 * 1024) / synthetic.workloads).toLocaleString('en')} bytes per workload above a bare netpol process (${baseline} MB)`;
    const ratio = (value: number, of: number, target?: number) =>
      `  = ${(value / of).toFixed(2)}×${target === undefined ? '' : value / of <= target ? ` ≤ ${target}× ✓` : ` > ${target}× ✗ (target missed)`}`;
    const inProcess = explainInProcess(synthetic, from, to, runs);
    const lines = [
      `netpol commands as processes (${synthetic.workloads.toLocaleString('en')} workloads, ${synthetic.files.size} files, ${(totalBytes(disk.files) / 1e6).toFixed(1)} MB; median of ${runs}; parse of the same files in this run)`,
      report('parse yardstick (yaml parseAllDocuments + toJS)', parseMs),
      report('netpol check (with workspace checks)', ms(check)) +
        ratio(ms(check), parseMs, 1.0) +
        ` parse; peak ${peak(check)} MB`,
      `    ${perWorkload(check)}`,
      report('netpol reach --format json', ms(reachRuns)) +
        ratio(ms(reachRuns), parseMs, 1.0) +
        ` parse; peak ${peak(reachRuns)} MB`,
      `    ${perWorkload(reachRuns)}`,
      report(`netpol explain ${from} ${to}`, ms(explain)) + ratio(ms(explain), ms(reachRuns)) + ' reach (both read every file)',
      report('  in-process, workspace loaded: explain', inProcess.explainMs) +
        ratio(inProcess.explainMs, inProcess.reachMs, 0.2) +
        ` a full reach (${Math.round(inProcess.reachMs)} ms)`,
    ];
    return {
      lines,
      figures: {
        workloads: synthetic.workloads,
        parseMs,
        checkMs: ms(check),
        reachMs: ms(reachRuns),
        reachPeakMb: peak(reachRuns),
        checkPeakMb: peak(check),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    disk.remove();
  }
}

/** explain of one pair against a full reach, each on a freshly loaded workspace (loading not timed). */
function explainInProcess(synthetic: SyntheticWorkspace, from: string, to: string, runs: number) {
  const loaded = (): Workspace => {
    const workspace = new Workspace();
    for (const [uri, text] of synthetic.files) workspace.setFile(uri, text);
    workspace.workloads();
    workspace.namespaces();
    return workspace;
  };
  const explainMs: number[] = [];
  const reachMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const forExplain = loaded();
    explainMs.push(
      time(() => {
        const namespaces = new Set([from, to].flatMap((ref) => parseWorkloadRef(ref)?.namespace ?? []));
        const prepared = prepareExplain(analyseNamespaces(forExplain, namespaces), from, to);
        if ('problem' in prepared) throw new Error(prepared.problem.message);
        return explainConnection(prepared.from, prepared.to, prepared.port);
      }).ms,
    );
    const forReach = loaded();
    reachMs.push(time(() => reach(forReach).connections.length).ms);
  }
  return { explainMs: median(explainMs), reachMs: median(reachMs) };
}

const totalBytes = (files: ReadonlyMap<string, string>): number =>
  [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);

/**
 * One file of 10,000 NetworkPolicies (the synthetic generator's 7 per namespace, over
 * 1,429 namespaces), beside the workloads of two namespaces: check, reach and explain of
 * one pair there, as processes.
 */
export function benchManyPolicies(runs: number): string[] {
  ensureBundledServer();
  const synthetic = generateSyntheticWorkspace({ namespaces: 1429, workloadsPerNamespace: 25 });
  const policies: string[] = [];
  const workloads: string[] = [];
  for (const [uri, text] of synthetic.files) {
    if (uri.endsWith('/policies.yaml')) policies.push(text);
    if (uri.endsWith('/workloads.yaml') && /team-00[01]\//.test(uri)) workloads.push(text);
  }
  const folder = mkdtempSync(join(tmpdir(), 'netpol-bench-policies-'));
  const preload = join(folder, '..', `${folder.split('/').pop()}-peak.cjs`);
  const peakFile = `${preload}.out`;
  writeFileSync(preload, PEAK_REPORTER);
  const policyText = policies.join('---\n');
  writeFileSync(join(folder, 'policies.yaml'), policyText);
  writeFileSync(join(folder, 'workloads.yaml'), workloads.join('---\n'));
  try {
    const parse: number[] = [];
    const runsOf = { check: [] as CommandRun[], reach: [] as CommandRun[], explain: [] as CommandRun[] };
    for (let run = 0; run < runs; run++) {
      parse.push(parseYardstickMs([policyText]));
      runsOf.check.push(runCli(CLI_PATH, ['check', '.'], folder, preload, peakFile));
      runsOf.reach.push(runCli(CLI_PATH, ['reach', '.', '--format', 'json'], folder, preload, peakFile));
      runsOf.explain.push(runCli(CLI_PATH, ['explain', 'team-000/web-1', 'team-001/api-1', '.'], folder, preload, peakFile));
    }
    const ms = (list: CommandRun[]) => median(list.map((r) => r.ms));
    const peak = (list: CommandRun[]) => Math.max(...list.map((r) => r.peakMb));
    return [
      `one file of ${synthetic.policies.toLocaleString('en')} NetworkPolicies (${(Buffer.byteLength(policyText) / 1e6).toFixed(1)} MB) beside 50 workloads, as processes; median of ${runs}`,
      report('parse yardstick of the policy file', median(parse)),
      report('netpol check', ms(runsOf.check)) + `  peak ${peak(runsOf.check)} MB`,
      report('netpol reach --format json', ms(runsOf.reach)) + `  peak ${peak(runsOf.reach)} MB`,
      report('netpol explain team-000/web-1 team-001/api-1', ms(runsOf.explain), 500) + `  peak ${peak(runsOf.explain)} MB`,
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(preload, { force: true });
    rmSync(peakFile, { force: true });
  }
}
