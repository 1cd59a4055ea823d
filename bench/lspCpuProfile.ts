// CPU profile of the spawned server. Node 20 refuses --cpu-prof in NODE_OPTIONS and
// the harness chooses the server's command line, so a preload (allowed there) starts
// V8's profiler through node:inspector and writes a .cpuprofile when the server exits
// (open it in Chrome DevTools or VS Code).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PRELOAD = `
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // In-thread inspector sessions answer synchronously, so the file is written before the process ends.
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(__dirname, 'server-' + process.pid + '.cpuprofile'), JSON.stringify(result.profile));
  });
});
`;

/** Runs `start` with NODE_OPTIONS set so that the process it spawns is profiled into `directory`. */
export async function withCpuProfile<T>(directory: string, start: () => Promise<T>): Promise<T> {
  mkdirSync(directory, { recursive: true });
  const preload = join(directory, 'cpu-profile-preload.cjs');
  writeFileSync(preload, PRELOAD);
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${saved ?? ''} --require ${JSON.stringify(preload)}`.trim();
  try {
    return await start();
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}
