// `npm run bench`: generates the synthetic workspace and runs every benchmark.
// Figures are medians/percentiles of repeated runs on this machine; no test asserts them.
import { loadavg } from 'node:os';
import { benchCheck } from './checkBench';
import { benchCliAtScale, benchManyPolicies, type ScaleFigures } from './cliScaleBench';
import { benchDiff } from './diffBench';
import { benchEditor } from './editorBench';
import { benchExpectationsInEditor } from './expectationsEditorBench';
import { benchColdIndex } from './indexBench';
import { benchLanguageServer, benchLanguageServerAtScale } from './lspBench';
import { benchReach } from './reachBench';
import { benchRender } from './renderBench';
import { benchTest } from './testBench';
import { machine } from './stats';
import { generateSyntheticWorkspace } from './syntheticWorkspace';
import { benchWhatIf } from './whatIfBench';

/** `npm run bench -- --scale 50000` adds a tier of that many workloads (25 per namespace). */
function scaleArgument(): number | undefined {
  const index = process.argv.indexOf('--scale');
  if (index === -1) return undefined;
  const workloads = Number(process.argv[index + 1]);
  if (!Number.isInteger(workloads) || workloads < 25) throw new Error('--scale needs a number of workloads, e.g. --scale 50000');
  return workloads;
}

async function main(): Promise<void> {
  const scale = scaleArgument();
  const synthetic = generateSyntheticWorkspace();
  // The editor alone, for working on its figures: the other benchmarks take minutes.
  if (process.argv.includes('--editor-only')) {
    console.log(`machine: ${machine()}; load average at start: ${loadavg()[0].toFixed(2)}`);
    for (const line of await benchEditor(synthetic)) console.log(line);
    return;
  }
  console.log(`NetworkPolicy Navigator benchmarks — ${new Date().toISOString()}`);
  console.log(`machine: ${machine()}`);
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (1, 5, 15 min)`,
  );
  console.log(
    `workspace: ${synthetic.namespaces} namespaces × ${synthetic.workloads / synthetic.namespaces} workloads, ${synthetic.policies} policies, ${synthetic.documents} documents\n`,
  );
  for (const line of benchColdIndex(synthetic)) console.log(line);
  console.log('');
  for (const line of benchCheck(synthetic)) console.log(line);
  console.log('');
  for (const line of benchReach(synthetic)) console.log(line);
  console.log('');
  const atDefault = benchCliAtScale(synthetic, 3);
  for (const line of atDefault.lines) console.log(line);
  console.log('');
  for (const line of benchManyPolicies(3)) console.log(line);
  console.log('');
  for (const line of [...benchTest(synthetic, 3), '']) console.log(line);
  for (const line of [...benchDiff(synthetic, 3), '']) console.log(line);
  for (const line of await benchLanguageServer(synthetic)) console.log(line);
  console.log('');
  for (const line of [...(await benchWhatIf(synthetic)), '']) console.log(line);
  for (const line of [...(await benchExpectationsInEditor(synthetic, 10)), '']) console.log(line);
  for (const line of await benchRender()) console.log(line);
  if (process.argv.includes('--editor')) for (const line of ['', ...(await benchEditor(synthetic))]) console.log(line);
  if (scale !== undefined) {
    const large = generateSyntheticWorkspace({ namespaces: Math.round(scale / 25) });
    console.log(
      `\nscale tier: ${large.workloads.toLocaleString('en')} workloads, ${large.policies.toLocaleString('en')} policies, ${large.documents.toLocaleString('en')} documents`,
    );
    const atScale = benchCliAtScale(large, 1);
    for (const line of atScale.lines) console.log(line);
    for (const line of linearity(atDefault.figures, atScale.figures)) console.log(line);
    console.log('');
    for (const line of await benchLanguageServerAtScale(large)) console.log(line);
  }
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
}

/** How the commands grow from the default tier to the scale tier. */
function linearity(small: ScaleFigures, large: ScaleFigures): string[] {
  const times = large.workloads / small.workloads;
  const grown = (name: string, a: number, b: number, target?: number) =>
    `  ${name.padEnd(44)} ${(b / a).toFixed(1).padStart(9)}× for ${times}× the workloads${target === undefined ? '' : b / a <= target ? ` ≤ ${target} ✓` : ` > ${target} ✗ (target missed)`}`;
  return [
    grown('check time grows', small.checkMs, large.checkMs, 12),
    grown('reach time grows', small.reachMs, large.reachMs),
    grown('parse time grows', small.parseMs, large.parseMs),
    grown('check peak RSS grows', small.checkPeakMb, large.checkPeakMb),
    grown('reach peak RSS grows', small.reachPeakMb, large.reachPeakMb),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
