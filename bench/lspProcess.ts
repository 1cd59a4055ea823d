// The language server as a Linux process: which child of this process it is, and
// its memory as the kernel counts it (/proc/<pid>/status).
import { readFileSync, readdirSync } from 'node:fs';

/** Child processes of this process (every thread's children). */
export function childPids(): Set<number> {
  const pids = new Set<number>();
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    for (const pid of children.split(/\s+/).filter(Boolean)) pids.add(Number(pid));
  }
  return pids;
}

/** The one child started since `before` whose command line runs the bundled server. */
export function newServerPid(before: ReadonlySet<number>): number {
  const started = [...childPids()].filter(
    (pid) => !before.has(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.js'),
  );
  if (started.length !== 1) throw new Error(`expected one new server process, found ${started.length}`);
  return started[0];
}

/** VmRSS (resident now) and VmHWM (peak resident) of a process, in MB. */
export function residentMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/** CPU time (user + system) a process has used, in ms (the kernel counts in ticks of 10 ms). */
export function cpuMs(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
