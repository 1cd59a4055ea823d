// One server per describe, so an LSP test file states only what it opens and what it asks:
//
//   describe('lsp hover', () => {
//     const server = withServer(INSIGHT_FILES);
//     it('...', async () => assert.ok(await server.hover(POLICIES_URI, position)));
//   });
import { after, before } from 'node:test';
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
