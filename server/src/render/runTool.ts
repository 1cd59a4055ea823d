// One bounded run of a renderer: a child process killed, with everything it started, when it
// outlives the timeout, prints more than the output limit, or its caller gives up.
import { spawn } from 'node:child_process';
import { rendererEnv } from './offlineEnv';
import type { RenderLimits } from './limits';

export type ToolRun =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout' | 'tooMuchOutput' | 'cancelled' }
  | { kind: 'notStarted'; error: NodeJS.ErrnoException };

/** Enough of stderr for any message a renderer prints; the rest is dropped, never held. */
const MAX_STDERR_BYTES = 256 * 1024;

export function runTool(
  argv: readonly string[],
  limits: RenderLimits,
  signal: AbortSignal | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolRun> {
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  const [program, ...args] = argv;
  if (program === undefined) {
    return Promise.resolve({ kind: 'notStarted', error: Object.assign(new Error('empty command'), { code: 'ENOENT' }) });
  }
  return new Promise((resolve) => {
    // Its own process group (POSIX), so a kill reaches what it started too (kubectl's git, helm's plugins).
    const child = spawn(program, args, {
      env: rendererEnv(env, limits.allowNetwork),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stopped: 'timeout' | 'tooMuchOutput' | 'cancelled' | undefined;
    let settled = false;
    let exited = false;

    const finish = (run: ToolRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(run);
    };
    const stop = (reason: 'timeout' | 'tooMuchOutput' | 'cancelled') => {
      if (stopped !== undefined || settled) return;
      stopped = reason;
      killTree(child.pid, () => child.kill('SIGKILL'));
      // Exited already, but something it started still holds the pipes: no 'exit' is coming.
      if (exited) finish({ kind: reason });
    };
    const onAbort = () => stop('cancelled');
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped !== undefined) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > limits.maxOutputBytes) stop('tooMuchOutput');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR_BYTES) return;
      stderr.push(chunk.subarray(0, MAX_STDERR_BYTES - stderrBytes));
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only a failed start reports here with no pid; errors of a running child end in 'exit'.
      if (child.pid === undefined) finish({ kind: 'notStarted', error });
    });
    // Once stopped, 'exit' is enough: a process that escaped the group may hold the pipes open.
    child.on('exit', () => {
      exited = true;
      if (stopped !== undefined) finish({ kind: stopped });
    });
    child.on('close', (code: number | null, exitSignal: NodeJS.Signals | null) => {
      if (stopped !== undefined) finish({ kind: stopped });
      else
        finish({
          kind: 'exited',
          code,
          signal: exitSignal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
    });
  });
}

function killTree(pid: number | undefined, killChild: () => void): void {
  if (pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-pid, 'SIGKILL');
      return;
    } catch {
      // The group is gone already, or was never made: fall back to the child alone.
    }
  }
  killChild();
}
