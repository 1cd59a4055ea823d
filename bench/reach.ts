// Reachability benchmark on the synthetic workspace (bench/syntheticWorkspace.ts):
// full reach from a loaded workspace (cold: validation and policy models included),
// and the recompute after one policy edit (per-object caches warm).
// Run: node --expose-gc --import tsx bench/reach.ts [--runs N] [--namespaces N] [--workloads N]
// (--expose-gc lets each run start from a collected heap, so RSS is that of one workspace.)
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { reach } from '../server/src/engine/reach';
import { Workspace } from '../server/src/engine/workspace';
import { generateSyntheticWorkspace } from './syntheticWorkspace';

const { values } = parseArgs({ options: { runs: { type: 'string' }, namespaces: { type: 'string' }, workloads: { type: 'string' } } });
const runs = Number(values.runs ?? 5);
const synthetic = generateSyntheticWorkspace({ namespaces: Number(values.namespaces ?? 200), workloadsPerNamespace: Number(values.workloads ?? 25) });

const median = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

function load(): Workspace {
  const workspace = new Workspace();
  for (const [uri, text] of synthetic.files) workspace.setFile(uri, text);
  return workspace;
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${mb(totalmem())} RAM, node ${process.version}`);
console.log(`workspace: ${synthetic.namespaces} namespaces, ${synthetic.workloads} workloads, ${synthetic.policies} policies, ${synthetic.documents} documents`);

const loads: number[] = [];
const full: number[] = [];
const edits: number[] = [];
let connections = 0;
let peakRss = 0;
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
for (let run = 0; run < runs; run++) {
  collect();
  let started = performance.now();
  const workspace = load();
  loads.push(performance.now() - started);

  started = performance.now();
  connections = reach(workspace).connections.length;
  full.push(performance.now() - started);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  // One policy edit: a port number changes in one namespace's policies file.
  const uri = `file:///bench/team-${String(run % synthetic.namespaces).padStart(3, '0')}/policies.yaml`;
  workspace.setFile(uri, synthetic.files.get(uri)!.replace('port: 443', 'port: 8443'));
  started = performance.now();
  reach(workspace);
  edits.push(performance.now() - started);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

console.log(`load workspace (parse ${synthetic.documents} documents): median ${ms(median(loads))}`);
console.log(`full reach (validation, classes, rules, ${connections} connections): median ${ms(median(full))}  [${full.map(ms).join(', ')}]`);
console.log(`reach after one policy edit: median ${ms(median(edits))}  [${edits.map(ms).join(', ')}]`);
console.log(`peak RSS: ${mb(peakRss)}${(globalThis as { gc?: unknown }).gc ? '' : ' (without --expose-gc: earlier runs may still be in the heap)'}`);
