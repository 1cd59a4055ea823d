// Runs the bundled CLI (dist/cli.js) as CI would, on throw-away directories.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '..', '..');
export const CLI_PATH = join(repositoryRoot, 'dist', 'cli.js');

/** Builds dist/ when a test run starts without one (npm test builds first; a single test file may not). */
export function ensureBuilt(): void {
  if (existsSync(CLI_PATH)) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runNetpol(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const { NO_COLOR: _ignored, ...inherited } = process.env;
  const run = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ...env },
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A directory entry to create: text or bytes for a file, `{ symlinkTo }` for a symbolic link. */
export type Entry = string | Uint8Array | { symlinkTo: string };

/** Creates a temporary directory holding `entries` (paths relative to it; parents created). */
export function workspace(entries: Record<string, Entry>): string {
  const root = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
  for (const [path, entry] of Object.entries(entries)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof entry === 'object' && 'symlinkTo' in entry) symlinkSync(entry.symlinkTo, target);
    else writeFileSync(target, entry);
  }
  return root;
}

export function removeWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** A NetworkPolicy the API server accepts and no lint rule questions. */
export const VALID_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backend
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: frontend
      ports:
        - protocol: TCP
          port: 8080
`;

/** NP1701 at line 1, columns 13-31 (1-based): extensions/v1beta1 is no longer served. */
export const REMOVED_API_POLICY = `apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: old}
spec: {}
`;

/** Not a NetworkPolicy: netpol leaves it alone. */
export const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: "1"}
`;
