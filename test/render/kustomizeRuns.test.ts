// How renderKustomization runs its command, seen through stand-ins (test/fixtures/render-standins):
// the wrapper kustomization it writes, the arguments and environment it passes, and what happens
// when the command hangs, floods, is cancelled, cannot be found or asks for unsafe flags.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RENDER_LIMITS, renderKustomization, type RenderOutcome } from '../../server/src/render/index';
import { KUSTOMIZE_FIXTURES, STANDINS, privateTmpdir } from './renderHarness';
import { gone, waitForFile } from './processes';

const overlay = resolve(KUSTOMIZE_FIXTURES, 'overlay');
const standin = (name: string) => [join(STANDINS, name)];

function failed(outcome: RenderOutcome): string {
  if (outcome.ok) assert.fail('expected the run to fail');
  return outcome.message;
}

interface PrintedRun {
  args: string[];
  kustomization: string | null;
  env: Record<string, string | null>;
}

async function printedRun(limits = DEFAULT_RENDER_LIMITS): Promise<{ run: PrintedRun; originBase: string }> {
  const outcome = await renderKustomization(overlay, standin('print-run'), limits);
  if (!outcome.ok) assert.fail(outcome.message);
  return { run: JSON.parse(outcome.output) as PrintedRun, originBase: outcome.originBase };
}

describe('renderKustomization runs its command', () => {
  let tmp: ReturnType<typeof privateTmpdir>;
  let pidFolder: string;
  before(() => {
    pidFolder = mkdtempSync(join(tmpdir(), 'netpol-render-pids-'));
    tmp = privateTmpdir();
  });
  after(() => {
    tmp.restore();
    rmSync(pidFolder, { recursive: true, force: true });
  });

  it('on a wrapper kustomization in the temporary folder that lists the user folder relatively and asks for origin and transformer annotations; originBase is its folder', async () => {
    const { run, originBase } = await printedRun();
    const wrapper = run.args.at(-1) ?? '';
    assert.deepEqual(run.args, [wrapper]);
    assert.match(basename(wrapper), /^netpol-kustomize-/);
    assert.equal(dirname(wrapper), process.env.TMPDIR);
    assert.equal(fileURLToPath(originBase), wrapper);
    const relativeTarget = /^resources:\n- "([^"]+)"$/m.exec(run.kustomization ?? '')?.[1] ?? '';
    // kustomize refuses absolute resource paths ("new root ... cannot be absolute").
    assert.ok(!relativeTarget.startsWith('/'), relativeTarget);
    assert.equal(resolve(wrapper, relativeTarget), overlay);
    assert.match(run.kustomization ?? '', /^buildMetadata: \["originAnnotations","transformerAnnotations"\]$/m);
    // The wrapper was deleted after the run.
    assert.deepEqual(tmp.leftovers(), []);
  });

  it('passes --enable-helm only when the limits allow it, and never plugin or exec flags', async () => {
    assert.deepEqual((await printedRun()).run.args.length, 1);
    const { run } = await printedRun({ ...DEFAULT_RENDER_LIMITS, enableHelm: true });
    assert.deepEqual(run.args.slice(0, -1), ['--enable-helm']);
  });

  it('refuses a configured command that enables plugins, exec functions, or helm when helm is not allowed', async () => {
    for (const flag of ['--enable-alpha-plugins', '--enable-exec', '--enable-helm', '--enable-alpha-plugins=true']) {
      const message = failed(await renderKustomization(overlay, [...standin('print-run'), flag], DEFAULT_RENDER_LIMITS));
      assert.equal(
        message,
        `kustomize build ${overlay} was not run: the kustomize command must not pass ${flag} (plugins, exec functions and helm inflation stay off).`,
      );
    }
  });

  it('without the network: proxies on a closed loopback port, git held to local repositories and never prompting', async () => {
    const { run } = await printedRun();
    assert.deepEqual(run.env, {
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: '',
      no_proxy: '',
      GIT_ALLOW_PROTOCOL: 'file',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

  it('with the network allowed: the environment as it is', async () => {
    const { run } = await printedRun({ ...DEFAULT_RENDER_LIMITS, allowNetwork: true });
    for (const [name, value] of Object.entries(run.env)) assert.equal(value, process.env[name] ?? null, name);
  });

  it('kills a command that does not finish, with everything it started, and says so in seconds', async () => {
    const pidFile = join(pidFolder, 'timeout.json');
    process.env.NETPOL_STANDIN_PID_FILE = pidFile;
    try {
      const limits = { ...DEFAULT_RENDER_LIMITS, timeoutMs: 1500 };
      const message = failed(await renderKustomization(overlay, standin('sleeper'), limits));
      assert.equal(message, `kustomize build ${overlay} did not finish in 1.5 s`);
      const { pid, childPid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; childPid: number };
      assert.ok(await gone(pid), `the stand-in (pid ${pid}) still runs`);
      assert.ok(await gone(childPid), `the process the stand-in started (pid ${childPid}) still runs`);
      assert.deepEqual(tmp.leftovers(), []);
    } finally {
      delete process.env.NETPOL_STANDIN_PID_FILE;
    }
  });

  it('kills a command when its caller aborts', { timeout: 60_000 }, async () => {
    const pidFile = join(pidFolder, 'abort.json');
    process.env.NETPOL_STANDIN_PID_FILE = pidFile;
    try {
      const controller = new AbortController();
      const limits = { ...DEFAULT_RENDER_LIMITS, timeoutMs: 600_000 };
      const running = renderKustomization(overlay, standin('sleeper'), limits, controller.signal);
      await waitForFile(pidFile);
      controller.abort();
      assert.equal(failed(await running), `kustomize build ${overlay} was cancelled`);
      const { pid, childPid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; childPid: number };
      assert.ok(await gone(pid));
      assert.ok(await gone(childPid));
      assert.deepEqual(tmp.leftovers(), []);
    } finally {
      delete process.env.NETPOL_STANDIN_PID_FILE;
    }
  });

  it('an aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await renderKustomization(
      overlay,
      standin('sleeper'),
      { ...DEFAULT_RENDER_LIMITS, timeoutMs: 600_000 },
      controller.signal,
    );
    assert.equal(failed(outcome), `kustomize build ${overlay} was cancelled`);
  });

  it('kills a command whose output passes the limit', { timeout: 60_000 }, async () => {
    const limits = { ...DEFAULT_RENDER_LIMITS, maxOutputBytes: 64 * 1024, timeoutMs: 600_000 };
    const message = failed(await renderKustomization(overlay, standin('flood'), limits));
    assert.equal(message, `kustomize build ${overlay} printed more than 64 KiB; stopped`);
  });

  it('a command that is not there: what to install, or which setting and flag name the command', async () => {
    const message = failed(await renderKustomization(overlay, ['/nonexistent/bin/kubectl', 'kustomize'], DEFAULT_RENDER_LIMITS));
    assert.equal(
      message,
      'kustomize cannot run: /nonexistent/bin/kubectl was not found. Install kubectl (kustomize is built in) or kustomize, or set netpol.kustomize.command (CLI: --kustomize-command) to the command to run, e.g. "kubectl kustomize" or "/usr/local/bin/kustomize".',
    );
    assert.deepEqual(tmp.leftovers(), []);
  });

  it('a command that is not executable says so', async () => {
    const message = failed(
      await renderKustomization(overlay, [join(KUSTOMIZE_FIXTURES, 'base', 'deployment.yaml')], DEFAULT_RENDER_LIMITS),
    );
    assert.match(message, /^kustomize cannot run: .*deployment\.yaml is not executable\. Install kubectl/);
  });
});
