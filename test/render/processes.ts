// Waiting on processes and files the stand-ins leave behind. A killed process may stay a zombie
// until its parent (here often init, which a container may not run) reaps it: a zombie counts as gone.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", state Z for a zombie (proc(5)).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** True once `pid` is no longer running; false if it still runs after a generous wait. */
export async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!running(pid)) return true;
    await sleep(50);
  }
  return false;
}

/** Resolves once `path` exists (a stand-in writes it when it has started). */
export async function waitForFile(path: string): Promise<void> {
  while (!existsSync(path)) await sleep(20);
}
