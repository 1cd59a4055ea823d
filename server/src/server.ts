// Language server entry point: wiring only. Transport (stdio, node-ipc, socket)
// is whatever the client asks for on the command line.
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeLens,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { registerAnalysisContexts } from './lsp/analysisContexts';
import { CODE_ACTION_PROVIDER, registerCodeActions } from './lsp/codeActions';
import { registerCodeLens } from './lsp/codeLens';
import { COMPLETION_TRIGGER_CHARACTERS, registerCompletion } from './lsp/completion';
import { registerDefinition } from './lsp/definition';
import { expectationCompletionAt } from './engine/insight/expectationAnswers';
import { ExpectationsService, registerExpectations, withExpectationDiagnostics } from './lsp/expectations';
import { DiagnosticsPublisher, validateWithEngine } from './lsp/diagnostics';
import { createDocuments, guarded, listenToDocuments, openDocumentsFor, unsavedEdits } from './lsp/documents';
import { BuildRenderer } from './lsp/rendering';
import { RenderedContext } from './lsp/renderedContext';
import { registerHover } from './lsp/hover';
import { Log } from './lsp/log';
import { registerReferences } from './lsp/references';
import { registerReachability } from './lsp/reachability';
import { RequestActivity } from './lsp/requestActivity';
import { Settings } from './lsp/settings';
import { registerWhatIf, WHAT_IF_DIAGNOSTICS, type WhatIfService } from './lsp/whatIf';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import { WorkspaceProblems } from './lsp/workspaceProblems';
import { readTextOnDisk, WATCHED_FILES_GLOB, WorkspaceScanner } from './lsp/workspaceScan';
import { SETTINGS_SECTION, TrustChangedNotification, type InitializationOptions } from './protocol';

// Background work (what-if, expectations, closed files' problems) waits for the client's requests: see requestActivity.ts.
const activity = new RequestActivity();
const connection = activity.observe(createConnection(ProposedFeatures.all));
const log = new Log(connection.console);
const settings = new Settings(connection, log);
const documents = createDocuments();
const index = new WorkspaceIndex();
const unsaved = unsavedEdits(documents);
const expectations = new ExpectationsService(index, settings, log);
// Expectations files get their diagnostics through the one pipeline; other files validate as before.
const validate = withExpectationDiagnostics(validateWithEngine, expectations);
const closedFiles = new WorkspaceProblems(
  index,
  settings,
  log,
  connection,
  (uri) => documents.get(uri) !== undefined,
  validate,
  () => renderedContext.charts(),
  (deadline) => activity.whenQuiet(deadline),
);
const diagnostics = new DiagnosticsPublisher(connection, settings, log, (uri) => documents.get(uri), {
  workspace: index,
  charts: () => renderedContext.charts(),
  closedFiles,
  validate,
});
const scanner = new WorkspaceScanner(connection, index, settings, log, openDocumentsFor(documents, index));
// Two root builds collide when they render an object of the same kind, namespace and name; not known before they rendered.
const analysisContexts = registerAnalysisContexts(connection, settings, log, (a, b) => renderedContext.collides(a, b));
const renderer = new BuildRenderer(index, log, (progress) => renderedContext.progress(progress), unsaved);
const renderedContext = new RenderedContext(index, settings, analysisContexts, renderer, log);
let workspaceFolders: string[] = [];
let registerForConfigurationChanges = false;
let registerFileWatchers = false;
let folderChangeNotifications = false;
let whatIf: WhatIfService | undefined;

// Formatting, schemas, and completion and hover of YAML in general stay with the YAML
// extension; ours answer only inside NetworkPolicy selectors, peers, ports and names.
connection.onInitialize((params): InitializeResult => {
  const workspace = params.capabilities.workspace;
  settings.setClientSupportsConfiguration(workspace?.configuration === true);
  registerForConfigurationChanges = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  registerFileWatchers = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  folderChangeNotifications = workspace?.workspaceFolders === true;
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  scanner.setFolders(folders);
  workspaceFolders = folders;
  analysisContexts.contexts.setFolders(folders);
  renderedContext.setFolders(folders);
  readInitializationOptions(params.initializationOptions);
  registerSelectorIntelligence(params.capabilities);
  return {
    capabilities: {
      // Saves are heard because builds read the disk: a save renders again, a keystroke does not.
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      codeActionProvider: CODE_ACTION_PROVIDER,
      diagnosticProvider: WHAT_IF_DIAGNOSTICS,
    },
    serverInfo: { name: 'netpol-language-server' },
  };
});

connection.onInitialized(() => {
  if (registerForConfigurationChanges) {
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
      .catch((error: unknown) => log.error('Could not register for settings changes.', error));
  }
  if (registerFileWatchers) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES_GLOB }] })
      .catch((error: unknown) => log.error('Could not register file watchers.', error));
  } else {
    log.info('The client cannot watch files for the server: changes on disk are seen when a document is opened or closed.');
  }
  if (folderChangeNotifications) {
    // Subscribing registers workspace/didChangeWorkspaceFolders dynamically.
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) =>
      guarded(log, 'workspace folders change', () => {
        const gone = new Set(removed.map((f) => f.uri));
        workspaceFolders = [...workspaceFolders.filter((uri) => !gone.has(uri)), ...added.map((f) => f.uri)];
        void analysisContexts.foldersChanged(workspaceFolders);
        renderedContext.setFolders(workspaceFolders);
        void scanner.foldersChanged(
          added.map((f) => f.uri),
          removed.map((f) => f.uri),
        );
      }),
    );
  }
  void analysisContexts.foldersChanged(workspaceFolders);
  if (!settings.workspaceTrusted) analysisContexts.reportStatus('off', UNTRUSTED_DETAIL);
  void refreshLogLevel().then(() => scanner.scanAll());
  log.info('NetworkPolicy language server started.');
});

const reachability = registerReachability(connection, index, settings, log, () => renderedContext.charts());
registerExpectations(connection, index, expectations, log, () => activity.whenQuiet());

connection.onDidChangeConfiguration(() => guarded(log, 'settings change', settingsChanged));

// Trust is granted, never taken back: VS Code reloads the window when it is.
connection.onNotification(TrustChangedNotification.type, ({ trusted }) =>
  guarded(log, 'workspace trust change', () => {
    if (typeof trusted !== 'boolean' || trusted === settings.workspaceTrusted) return;
    settings.setTrusted(trusted);
    log.info(
      trusted ? 'The workspace is trusted now: builds may be rendered.' : 'The workspace is not trusted: nothing is rendered.',
    );
    analysisContexts.reportStatus(trusted ? 'idle' : 'off', trusted ? undefined : UNTRUSTED_DETAIL);
    settingsChanged();
  }),
);

/** What the render settings say may change with trust too: everything that reads settings reads them again. */
function settingsChanged(): void {
  settings.invalidate();
  void refreshLogLevel();
  diagnostics.revalidate(documents.all());
  void scanner.settingsChanged();
  void reachability.settingsChanged();
  void expectations.settingsChanged();
  void analysisContexts.settingsChanged();
  renderedContext.refresh();
}

const UNTRUSTED_DETAIL =
  'Rendering runs kustomize and helm, so it waits until you trust this workspace; until then every file is read as it is.';

/** initializationOptions come from our client or from none: each field is checked. */
function readInitializationOptions(raw: unknown): void {
  const options = (typeof raw === 'object' && raw !== null ? raw : {}) as InitializationOptions;
  if (typeof options.workspaceTrusted === 'boolean') settings.setTrusted(options.workspaceTrusted);
  if (typeof options.analysisContext === 'string') analysisContexts.contexts.restoreChoice(options.analysisContext);
}

// Builds read the disk: files changed there, or saved from the editor, are rendered again.
connection.onDidChangeWatchedFiles(({ changes }) =>
  guarded(log, 'file changes', () => {
    whatIf?.filesChanged(changes.map((change) => change.uri));
    void scanner.filesChanged(changes).then(() => renderedContext.refresh());
  }),
);
documents.onDidSave(() => renderedContext.refresh());

// Open documents are checked again when what they are checked against changes.
index.onDidSettle(({ workspace }) => {
  activity.clientWillAsk();
  diagnostics.recheck(documents.all());
  renderedContext.workspaceSettled(workspace);
});
// The first scan read every file: the root builds are known, and the active context's are rendered.
void index.ready().then(() => renderedContext.refresh());

function registerSelectorIntelligence(capabilities: ClientCapabilities): void {
  registerHover(connection, index, capabilities.textDocument?.hover, unsaved, (workspace, uri, position) =>
    expectations.hoverAt(workspace, uri, position),
  );
  const edits = registerWhatIf(connection, index, settings, documents, log, readTextOnDisk, {
    diagnosticsRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    folders: () => workspaceFolders,
    whenQuiet: () => activity.whenQuiet(),
  });
  // The what-if's lenses on edited policies, and the expectations' lenses.
  registerCodeLens(connection, index, settings, capabilities.workspace?.codeLens?.refreshSupport === true, log, async (uri) => {
    const [whatIfLenses, expectationsLenses] = await Promise.all([edits.lenses(uri), expectationLenses(uri)]);
    return [...whatIfLenses, ...expectationsLenses];
  });
  whatIf = edits;
  registerDefinition(connection, index, capabilities.textDocument?.definition);
  registerReferences(connection, index);
  registerCompletion(connection, index, (workspace, uri, position) => expectationCompletionAt(workspace, uri, position));
  registerCodeActions(connection, documents, index);
}

async function expectationLenses(uri: string): Promise<CodeLens[]> {
  await index.ready();
  await expectations.ready();
  // Past the wait, a count would be of the files read so far; the refresh after the scan brings them.
  return index.scanned ? expectations.lensesFor(uri, index.current()) : [];
}

async function refreshLogLevel(): Promise<void> {
  log.setLevel(await settings.logLevel());
}

// The last line of defence: a bug in one handler must not take the server down.
process.on('uncaughtException', (error) => log.error('Uncaught exception.', error));
process.on('unhandledRejection', (reason) => log.error('Unhandled rejection.', reason));

listenToDocuments(connection, documents, diagnostics, settings, index, scanner, log);
connection.listen();
