// The language client: how the server is started and which documents it sees.
import * as path from 'node:path';
import type { ExtensionContext, OutputChannel } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { initializationOptions } from './analysisContext/register';
import { LoggingErrorHandler } from './errorHandler';

/** Client id: VS Code reads `<id>.trace.server` (netpol.trace.server) for protocol tracing. */
export const CLIENT_ID = 'netpol';
/** Port of the server's inspector when the extension runs in debug mode ("Attach to Server" in .vscode/launch.json). */
export const SERVER_DEBUG_PORT = 6009;

/** YAML and JSON, saved or not yet saved; other schemes (git diffs, output panes) are left out. */
export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
];

export function createLanguageClient(context: ExtensionContext, outputChannel: OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
  };
  const errorHandler = new LoggingErrorHandler();
  // Settings are pulled by the server (workspace/configuration), which also registers
  // for changes of the netpol section itself: nothing to synchronize from here.
  // Trust and the chosen analysis context are read again at each (re)start.
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    errorHandler,
    initializationOptions: () => initializationOptions(context),
  };
  const client = new LanguageClient(CLIENT_ID, outputChannel.name, serverOptions, clientOptions);
  errorHandler.attach(client);
  return client;
}
