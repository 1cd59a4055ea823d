// A real VS Code for the tests: code-server (VS Code's server + web workbench) on a loopback
// port, with throw-away user data and extensions, started detached so that stopping it
// kills its whole process group (extension host and language server included).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
export const EXTENSION_ID = 'netpol-navigator.netpol-navigator';

/** Runs scripts/install-code-server.sh (a no-op once installed) and returns code-server's entry point. */
export function ensureCodeServer(): string {
  const result = spawnSync('bash', [join(repoRoot, 'scripts/install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`scripts/install-code-server.sh failed (exit ${result.status})`);
  const prefix = result.stdout.trim().split('\n').pop() ?? '';
  return join(prefix, 'node_modules/code-server/out/node/entry.js');
}

// Turn Ctrl+C and CI cancellation into a normal exit, so the 'exit' hooks below stop code-server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(130));
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  port: number;
  origin: string;
  /** Where the packaged extension was installed: the extension instance under test. */
  extensionPath: string;
  /** code-server's --user-data-dir: its logs/ hold the extension host's output channels. */
  userDataDir: string;
  /** Workbench URL opening `folder` (or an empty window), with an optional test payload. */
  url(options: { folder?: string; payload?: [string, string][] }): string;
  /** `vscode-remote://` form of a path on the server, as the payload wants it. */
  remoteUri(path: string): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  entry: string;
  vsix: string;
  /** Extra environment for the server and so for its extension host (the suite reads NETPOL_E2E_*). */
  env?: Record<string, string>;
  /** User settings on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  log?: (line: string) => void;
}

/** No welcome page or prompts that have nothing to do with us: they steal focus and clutter screenshots. Workspace trust stays on. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
};

export async function startCodeServer({
  entry,
  vsix,
  env = {},
  settings = {},
  log = () => {},
}: StartOptions): Promise<CodeServer> {
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-e2e-'));
  const userData = join(scratch, 'user-data');
  const extensions = join(scratch, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const serverEnv = {
    ...process.env,
    // Otherwise code-server writes a password file under ~/.config.
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_DATA_HOME: join(scratch, 'data'),
    EXTENSIONS_GALLERY: '{}',
    ...env,
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check'];

  const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], {
    env: serverEnv,
    encoding: 'utf8',
  });
  if (install.status !== 0)
    throw new Error(`installing ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  const installed = readdirSync(extensions).filter((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1)
    throw new Error(`expected one installed ${EXTENSION_ID} in ${extensions}, found: ${readdirSync(extensions).join(', ')}`);
  const extensionPath = join(extensions, installed[0]);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-proxy', '--ignore-last-opened'],
    { env: { ...serverEnv, NETPOL_E2E_EXTENSION_PATH: extensionPath }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  // However this process ends (a failure, Ctrl+C), the editor's process group ends with it.
  const killGroup = () => {
    if (child.pid !== undefined && exited === undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  process.once('exit', killGroup);

  const stop = async () => {
    if (child.pid !== undefined && exited === undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000));
      if ((await Promise.race([gone, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    process.removeListener('exit', killGroup);
    rmSync(scratch, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`code-server exited (${exited}) before it was healthy:\n${output}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz within 60 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }

  const remoteUri = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  const url = ({ folder, payload }: { folder?: string; payload?: [string, string][] }) => {
    const query = new URLSearchParams();
    if (folder) query.set('folder', folder);
    else query.set('ew', 'true'); // an empty window, not the last one opened
    if (payload) query.set('payload', JSON.stringify(payload));
    return `${origin}/?${query.toString()}`;
  };
  return { port, origin, extensionPath, userDataDir: userData, url, remoteUri, stop };
}
