// `npm run bench`: generates the synthetic workspace and runs every benchmark.
// Figures are medians/percentiles of repeated runs on this machine; no test asserts them.
import { benchColdIndex } from './indexBench';
import { machine } from './stats';
import { generateSyntheticWorkspace } from './syntheticWorkspace';

const synthetic = generateSyntheticWorkspace();
console.log(`NetworkPolicy Navigator benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${machine()}`);
console.log(`workspace: ${synthetic.namespaces} namespaces × ${synthetic.workloads / synthetic.namespaces} workloads, ${synthetic.policies} policies, ${synthetic.documents} documents\n`);
for (const line of benchColdIndex(synthetic)) console.log(line);
