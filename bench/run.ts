// `npm run bench`: generates the synthetic workspace and runs every benchmark.
// Figures are medians/percentiles of repeated runs on this machine; no test asserts them.
import { loadavg } from 'node:os';
import { benchCheck } from './checkBench';
import { benchColdIndex } from './indexBench';
import { benchLanguageServer } from './lspBench';
import { benchReach } from './reachBench';
import { benchRender } from './renderBench';
import { machine } from './stats';
import { generateSyntheticWorkspace } from './syntheticWorkspace';

async function main(): Promise<void> {
  const synthetic = generateSyntheticWorkspace();
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
  for (const line of await benchLanguageServer(synthetic)) console.log(line);
  console.log('');
  for (const line of await benchRender()) console.log(line);
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
