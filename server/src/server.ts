// Language server entry point: wiring only. Transport (stdio, node-ipc, socket)
// is whatever the client asks for on the command line.
import { createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { createDocuments, guarded, listenToDocuments } from './lsp/documents';
import { Log } from './lsp/log';
import { registerReachability } from './lsp/reachability';
import { Settings } from './lsp/settings';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import { SETTINGS_SECTION } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const log = new Log(connection.console);
const settings = new Settings(connection, log);
const documents = createDocuments();
const index = new WorkspaceIndex();
const diagnostics = new DiagnosticsPublisher(connection, settings, log, (uri) => documents.get(uri));
let registerForConfigurationChanges = false;

// Only document sync: formatting, schemas, completion and hover of YAML stay with the YAML extension.
connection.onInitialize((params): InitializeResult => {
  const workspace = params.capabilities.workspace;
  settings.setClientSupportsConfiguration(workspace?.configuration === true);
  registerForConfigurationChanges = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  return {
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    serverInfo: { name: 'netpol-language-server' },
  };
});

connection.onInitialized(() => {
  if (registerForConfigurationChanges) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((error: unknown) => log.error('Could not register for settings changes.', error));
  }
  void refreshLogLevel();
  log.info('NetworkPolicy language server started.');
});

connection.onDidChangeConfiguration(() =>
  guarded(log, 'settings change', () => {
    settings.invalidate();
    void refreshLogLevel();
    diagnostics.revalidate(documents.all());
  }),
);

async function refreshLogLevel(): Promise<void> {
  log.setLevel(await settings.logLevel());
}

// The last line of defence: a bug in one handler must not take the server down.
process.on('uncaughtException', (error) => log.error('Uncaught exception.', error));
process.on('unhandledRejection', (reason) => log.error('Unhandled rejection.', reason));

listenToDocuments(connection, documents, diagnostics, settings, index, log);
registerReachability(connection, index, documents, log);
connection.listen();
