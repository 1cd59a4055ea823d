// `netpol diff` as a pull-request job runs it: the synthetic workspace committed to a
// git repository, one policy edited in the working tree (frontend-to-backend of
// team-000 also allows the metrics port: a widening), and `netpol diff --base HEAD`
// timed from spawn to exit. The yardstick is one parse of the same files in the same
// run; the diff reads the files twice (the commit through git, the working tree) and
// analyses both versions. In-process, the diff of two analysed versions alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffReachability } from '../server/src/engine/diff';
import { analyseWorkspace } from '../server/src/engine/reach';
import { Workspace } from '../server/src/engine/workspace';
import { CLI_PATH } from '../test/cli/cliHarness';
import { ensureBundledServer } from '../test/lsp/lspClient';
import { parseYardstickMs, PEAK_REPORTER, runCli } from './cliScaleBench';
import { writeWorkspaceToDisk } from './lspWorkspaceOnDisk';
import { median, report, time } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const EDITED = 'team-000/policies.yaml';
const BEFORE = '          tier: frontend\n    ports:\n    - port: http\n';
const AFTER = '          tier: frontend\n    ports:\n    - port: http\n    - port: metrics\n';

export function benchDiff(synthetic: SyntheticWorkspace, runs: number): string[] {
  ensureBundledServer();
  const disk = writeWorkspaceToDisk(synthetic);
  const folder = fileURLToPath(disk.folderUri);
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-bench-diff-'));
  const preload = join(scratch, 'peak.cjs');
  const peakFile = join(scratch, 'peak');
  writeFileSync(preload, PEAK_REPORTER);
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: folder, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.name', 'netpol bench');
    git('config', 'user.email', 'bench@example.invalid');
    git('config', 'commit.gpgsign', 'false');
    git('add', '-A');
    git('commit', '-q', '-m', 'synthetic workspace');
    const edited = join(folder, EDITED);
    const text = readFileSync(edited, 'utf8');
    if (!text.includes(BEFORE)) throw new Error(`${EDITED} does not hold the rule the bench edits`);
    writeFileSync(edited, text.replace(BEFORE, AFTER));

    const parse: number[] = [];
    const diffRuns: ReturnType<typeof runCli>[] = [];
    for (let run = 0; run < runs; run++) {
      parse.push(parseYardstickMs(disk.files.values()));
      diffRuns.push(runCli(CLI_PATH, ['diff', '--base', 'HEAD', '--format', 'json'], folder, preload, peakFile));
    }
    const output = execFileSync(process.execPath, [CLI_PATH, 'diff', '--base', 'HEAD', '--format', 'json'], {
      cwd: folder,
      maxBuffer: 1 << 28,
    }).toString('utf8');
    const { summary } = JSON.parse(output) as { summary: Record<string, number> };
    const parseMs = median(parse);
    const diffMs = median(diffRuns.map((r) => r.ms));
    const inProcess = diffInProcess(synthetic, runs);
    const changes = Object.entries(summary)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    return [
      `netpol diff against a one-policy change (${synthetic.workloads.toLocaleString('en')} workloads, ${disk.files.size} files; ${EDITED} frontend-to-backend also allows metrics: ${changes || 'no changes'}); median of ${runs}`,
      report('parse yardstick (yaml parseAllDocuments + toJS)', parseMs),
      report('netpol diff --base HEAD --format json', diffMs) +
        `  = ${(diffMs / parseMs).toFixed(2)}× parse (reads and analyses both versions); peak ${Math.max(...diffRuns.map((r) => r.peakMb))} MB`,
      report('  in-process, both versions analysed: the diff', inProcess.diffMs) +
        `  (analysing both versions, class matrices included: ${Math.round(inProcess.analyseMs)} ms)`,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    disk.remove();
  }
}

/** The engine's diff alone, on two loaded and analysed versions (loading and analysing timed apart). */
function diffInProcess(synthetic: SyntheticWorkspace, runs: number): { diffMs: number; analyseMs: number } {
  const version = (edit: boolean) => {
    const workspace = new Workspace();
    for (const [uri, text] of synthetic.files)
      workspace.setFile(uri, edit && uri.endsWith(`/${EDITED}`) ? text.replace(BEFORE, AFTER) : text);
    return workspace;
  };
  const diffMs: number[] = [];
  const analyseMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = version(false);
    const after = version(true);
    // The class matrices are part of an analysis (computed when first asked): made here, not in the diff.
    const analysed = time(() => {
      const versions = {
        before: { workspace: before, analysis: analyseWorkspace(before) },
        after: { workspace: after, analysis: analyseWorkspace(after) },
      };
      versions.before.analysis.results.classMatrix();
      versions.after.analysis.results.classMatrix();
      return versions;
    });
    analyseMs.push(analysed.ms);
    diffMs.push(time(() => diffReachability(analysed.value.before, analysed.value.after)).ms);
  }
  return { diffMs: median(diffMs), analyseMs: median(analyseMs) };
}
