// One server per describe, so an LSP test file states only what it opens and what it asks:
//
//   describe('lsp hover', () => {
//     const server = withServer(INSIGHT_FILES);
//     it('...', async () => assert.ok(await server.hover(POLICIES_URI, position)));
//   });
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startServer, type StartOptions, type TestServer } from './lspClient';

/**
 * Starts the bundled server in before() and opens `files` (URI -> text) in that order, stops it in after().
 * The server exists only once before() has run, so the value returned stands in for it: use it in tests and hooks.
 */
export function withServer(files: Readonly<Record<string, string>> = {}, options: StartOptions = {}): TestServer {
  let server: TestServer | undefined;
  before(async () => {
    server = await startServer(options);
    for (const [uri, text] of Object.entries(files)) await server.open(uri, text);
  });
  after(() => server?.stop());
  return new Proxy({} as TestServer, {
    get(_, key) {
      if (!server) throw new Error('withServer: the server starts in before(); use it inside tests and hooks');
      const value: unknown = Reflect.get(server, key, server);
      return typeof value === 'function' ? value.bind(server) : value;
    },
  });
}

/** A server whose workspace folder is a temporary directory on disk, for tests of the scan and of file watching. */
export interface FolderServer {
  dir: string;
  /** The folder's file URI, as sent to the server. */
  root: string;
  server: TestServer;
  uri(relative: string): string;
  read(relative: string): string;
  /** Waits for the n-th "Indexed ..." log line (the first scan is 1). */
  scanned(count?: number): Promise<void>;
  /** Stops the server and removes the directory. */
  dispose(): Promise<void>;
}

export type FolderOptions = Omit<StartOptions, 'workspaceFolders' | 'rootUri'> & { asRootUri?: boolean };

/**
 * Starts a server on a fresh copy of `source` (a fixture directory, or files by relative path), sent as the
 * workspace folder (or as rootUri, as older clients do). Each test gets its own copy, so it may change files freely.
 */
export async function startInFolder(
  source: string | Readonly<Record<string, string>>,
  options: FolderOptions = {},
): Promise<FolderServer> {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-workspace-'));
  if (typeof source === 'string') cpSync(source, dir, { recursive: true });
  else
    for (const [relative, text] of Object.entries(source)) {
      mkdirSync(dirname(join(dir, relative)), { recursive: true });
      writeFileSync(join(dir, relative), text);
    }
  const root = pathToFileURL(dir).href;
  const { asRootUri, ...startOptions } = options;
  let server: TestServer;
  try {
    server = await startServer({ ...startOptions, ...(asRootUri ? { rootUri: root } : { workspaceFolders: [root] }) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const isIndexedLine = (m: { message: string }) => m.message.startsWith('Indexed ');
  return {
    dir,
    root,
    server,
    uri: (relative) => `${root}/${relative}`,
    read: (relative) => readFileSync(join(dir, relative), 'utf8'),
    scanned: (count = 1) => server.waitForLogs(isIndexedLine, count, 'workspace scan'),
    dispose: async () => {
      try {
        await server.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
