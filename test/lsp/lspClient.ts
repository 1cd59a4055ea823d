// A language client for tests: spawns the bundled server (dist/server.js --stdio, or --node-ipc)
// and speaks real JSON-RPC to it, so tests see exactly what an editor sees.
//
//   const server = await startServer({ settings: { [SettingKeys.kubernetesVersion]: '1.35' } });
//   await server.open(uri, text);
//   const diagnostics = await server.diagnostics(uri);   // the publish for the text just sent
//   await server.change(uri, fixedText);
//   await server.stop();                                 // shutdown + exit; kills the process if needed
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  HoverRequest,
  ReferencesRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type ConfigurationItem,
  type Definition,
  type DefinitionLink,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type Location,
  type Position,
  type TextDocumentClientCapabilities,
  type InitializeResult,
  type LogMessageParams,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
} from 'vscode-languageserver-protocol/node';
import {
  ExpectationsChangedNotification,
  IndexingProgressNotification,
  RenderStatusNotification,
  ResultsChangedNotification,
  WhatIfChangedNotification,
  type InitializationOptions,
  type SettingKey,
} from '../../server/src/protocol';
import { textAt } from '../helpers';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = 10_000;
/** Custom notifications the server sends; each is recorded in `notifications`. */
const SERVER_NOTIFICATIONS = [
  ResultsChangedNotification.method,
  RenderStatusNotification.method,
  IndexingProgressNotification.method,
  ExpectationsChangedNotification.method,
  WhatIfChangedNotification.method,
];

/** Settings by full key (`netpol.kubernetesVersion`, or VS Code's `files.exclude`), as a user would write them in settings.json. */
export type TestSettings = Partial<Record<SettingKey | 'files.exclude', unknown>>;

export interface StartOptions {
  /** Settings the server receives from workspace/configuration for every scope. */
  settings?: TestSettings;
  /** How long `diagnostics()` and `waitForLog()` wait before failing. */
  timeoutMs?: number;
  /** `stdio` (default, what most editors use) or `ipc` (what the VS Code client uses). */
  transport?: 'stdio' | 'ipc';
  /** Workspace folder URIs sent as `workspaceFolders` (the server scans them). */
  workspaceFolders?: string[];
  /** Sent as `rootUri` (what older clients send instead of folders). */
  rootUri?: string;
  /** Answers workspace/configuration this much later, as a busy editor may (the server must not answer from an unscanned workspace meanwhile). */
  configurationDelayMs?: number;
  /**
   * Sends workspace/didChangeConfiguration as soon as the server registers for it, as VS Code's language client
   * does (its DidChangeConfiguration feature reports the section once on registration).
   */
  settingsChangeOnRegistration?: boolean;
  /** Whether the client announces `window.workDoneProgress` (VS Code does; default true). */
  workDoneProgress?: boolean;
  /** Sent as `initializationOptions`, as the VS Code client sends them (workspace trust, the analysis context chosen before). */
  initializationOptions?: InitializationOptions;
  /** Replaces parts of the textDocument capabilities announced in initialize (e.g. plain-text-only hover). */
  textDocument?: TextDocumentClientCapabilities;
}

/** One $/progress notification of a work-done progress the server created. */
export interface WorkDoneProgressParams {
  token: string | number;
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

interface OpenDocument {
  languageId: string;
  version: number;
  text: string;
  /** Publishes before this index answer earlier actions; `diagnostics()` looks from here. */
  firstAwaited: number;
  closed: boolean;
}

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
}

/** Builds dist/server.js when it is missing or older than the sources, so a single test file can run alone. */
export function ensureBundledServer(): void {
  if (existsSync(SERVER) && newestMtime(join(ROOT, 'server', 'src')) <= statSync(SERVER).mtimeMs) return;
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  ensureBundledServer();
  const server = new TestServer(options);
  try {
    await server.initialize();
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

export class TestServer {
  readonly connection: ProtocolConnection;
  /** Every window/logMessage, in order. */
  readonly logs: LogMessageParams[] = [];
  /** Every item the server asked for with workspace/configuration. */
  readonly configurationRequests: ConfigurationItem[] = [];
  /** Dynamic registrations the server made (client/registerCapability). */
  readonly registrations: Registration[] = [];
  /** Tokens the server created with window/workDoneProgress/create. */
  readonly progressTokens: Array<string | number> = [];
  /** Every $/progress notification, in order. */
  readonly progress: WorkDoneProgressParams[] = [];
  /** How many workspace/codeLens/refresh requests the server sent. */
  codeLensRefreshes = 0;
  /** The server's custom notifications (`netpol/resultsChanged`, `netpol/renderStatus`), in order. */
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  initializeResult: InitializeResult | undefined;

  private readonly process: ChildProcess;
  private readonly publishes = new Map<string, PublishDiagnosticsParams[]>();
  private readonly documents = new Map<string, OpenDocument>();
  private readonly waiters = new Set<Waiter>();
  private readonly timeoutMs: number;
  private readonly textDocumentCapabilities: TextDocumentClientCapabilities;
  private settings: TestSettings;
  private readonly scopedSettings = new Map<string, TestSettings>();
  private stderr = '';
  private exited = false;
  private readonly options: StartOptions;

  constructor(options: StartOptions) {
    this.options = options;
    this.settings = { ...options.settings };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.textDocumentCapabilities = {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      definition: { linkSupport: true },
      ...options.textDocument,
    };
    const ipc = options.transport === 'ipc';
    this.process = spawn(process.execPath, [SERVER, ipc ? '--node-ipc' : '--stdio'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])],
    });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.on('exit', () => {
      this.exited = true;
      this.wakeWaiters();
    });
    this.connection = ipc
      ? createProtocolConnection(new IPCMessageReader(this.process), new IPCMessageWriter(this.process))
      : createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.publishes.get(params.uri) ?? [];
      list.push(params);
      this.publishes.set(params.uri, list);
      this.wakeWaiters();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.wakeWaiters();
    });
    for (const method of SERVER_NOTIFICATIONS) {
      this.connection.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params });
        this.wakeWaiters();
      });
    }
    this.connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.configurationRequests.push(...params.items);
      const delay = this.options.configurationDelayMs;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      return params.items.map((item) => this.configurationFor(item));
    });
    this.connection.onRequest(RegistrationRequest.type, async (params) => {
      this.registrations.push(...params.registrations);
      if (
        this.options.settingsChangeOnRegistration &&
        params.registrations.some((r) => r.method === DidChangeConfigurationNotification.method)
      )
        await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      this.wakeWaiters();
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      this.progressTokens.push(token);
      this.connection.onProgress(WorkDoneProgress.type, token, (value) => {
        this.progress.push({ token, value });
        this.wakeWaiters();
      });
    });
    this.connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshes++;
      this.wakeWaiters();
    });
    this.connection.onRequest(UnregistrationRequest.type, (params) => {
      const gone = new Set(params.unregisterations.map((u) => u.id));
      this.registrations.splice(0, this.registrations.length, ...this.registrations.filter((r) => !gone.has(r.id)));
    });
    this.connection.listen();
  }

  /** initialize + initialized, with the client capabilities VS Code's language client announces for what we use. */
  async initialize(): Promise<void> {
    this.initializeResult = await this.withTimeout(
      'initialize',
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: this.options.rootUri ?? null,
        ...(this.options.initializationOptions ? { initializationOptions: this.options.initializationOptions } : {}),
        workspaceFolders:
          this.options.workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) })) ?? null,
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            workspaceFolders: true,
            codeLens: { refreshSupport: true },
          },
          window: { workDoneProgress: this.options.workDoneProgress ?? true },
          textDocument: this.textDocumentCapabilities,
        },
      }),
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Opens a document; its language comes from the extension (.json is json, everything else yaml). */
  async open(uri: string, text: string, languageId = uri.endsWith('.json') ? 'json' : 'yaml'): Promise<void> {
    const document: OpenDocument = { languageId, version: 1, text, firstAwaited: this.publishesOf(uri).length, closed: false };
    this.documents.set(uri, document);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replaces the whole text (a full-document content change) and bumps the version. */
  async change(uri: string, text: string): Promise<void> {
    const document = this.openDocument(uri);
    document.version += 1;
    document.text = text;
    document.firstAwaited = this.publishesOf(uri).length;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text }],
    });
  }

  async close(uri: string): Promise<void> {
    const document = this.openDocument(uri);
    document.closed = true;
    document.firstAwaited = this.publishesOf(uri).length;
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Changes settings (merged into the current ones, for every scope or for one
   * document URI) and tells the server, as VS Code does, with didChangeConfiguration.
   */
  async configure(settings: TestSettings, scopeUri?: string): Promise<void> {
    if (scopeUri) this.scopedSettings.set(scopeUri, { ...this.scopedSettings.get(scopeUri), ...settings });
    else this.settings = { ...this.settings, ...settings };
    for (const [uri, document] of this.documents) document.firstAwaited = this.publishesOf(uri).length;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /**
   * Tells the server about files changed on disk (workspace/didChangeWatchedFiles);
   * `diagnostics()` of every open document then waits for a publish after it.
   */
  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    for (const [uri, document] of this.documents) document.firstAwaited = this.publishesOf(uri).length;
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Adds and removes workspace folders (workspace/didChangeWorkspaceFolders); `diagnostics()` then waits for a publish after it. */
  async changeWorkspaceFolders(added: string[], removed: string[]): Promise<void> {
    for (const [uri, document] of this.documents) document.firstAwaited = this.publishesOf(uri).length;
    const folder = (uri: string) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) });
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: added.map(folder), removed: removed.map(folder) },
    });
  }

  /**
   * The diagnostics the server publishes in answer to the last open, change, close
   * or configure of this document: the first publish after that action for the
   * document's current version (stale publishes for older versions are skipped).
   */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const document = this.openDocument(uri);
    const answer = (): PublishDiagnosticsParams | undefined =>
      this.publishesOf(uri)
        .slice(document.firstAwaited)
        .find((p) => (document.closed ? p.version === undefined : p.version === undefined || p.version === document.version));
    await this.waitFor(() => answer() !== undefined, `diagnostics for ${uri} v${document.version}`);
    return answer()!.diagnostics;
  }

  /**
   * Waits until the newest publish for a document satisfies `predicate`: for
   * re-checks the server does on its own (another file changed), which answer no action of the document.
   */
  async eventuallyPublished(
    uri: string,
    predicate: (diagnostics: readonly Diagnostic[]) => boolean,
    what: string,
  ): Promise<Diagnostic[]> {
    const newest = (): PublishDiagnosticsParams | undefined => this.publishesOf(uri).at(-1);
    await this.waitFor(() => {
      const publish = newest();
      return publish !== undefined && predicate(publish.diagnostics);
    }, what);
    return newest()!.diagnostics;
  }

  // ---- language features (requests at a position) --------------------------------

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.withTimeout('hover', this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  }

  codeLens(uri: string): Promise<CodeLens[] | null> {
    return this.withTimeout('codeLens', this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }));
  }

  definition(uri: string, position: Position): Promise<Definition | DefinitionLink[] | null> {
    return this.withTimeout(
      'definition',
      this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }),
    );
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Promise<Location[] | null> {
    return this.withTimeout(
      'references',
      this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } }),
    );
  }

  completion(uri: string, position: Position): Promise<CompletionItem[] | CompletionList | null> {
    return this.withTimeout(
      'completion',
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
    );
  }

  /** Waits until the server has asked the client to refresh CodeLenses more than `seen` times. */
  async codeLensRefreshAfter(seen: number): Promise<void> {
    await this.waitFor(() => this.codeLensRefreshes > seen, 'workspace/codeLens/refresh');
  }

  /** Every publish received for a URI, oldest first. */
  publishesOf(uri: string): readonly PublishDiagnosticsParams[] {
    return this.publishes.get(uri) ?? [];
  }

  /** Sends a request (e.g. a `netpol/*` one) and returns its result, failing after the timeout. */
  request<Result>(method: string, params?: unknown): Promise<Result> {
    return this.withTimeout(method, this.connection.sendRequest<Result>(method, params));
  }

  /** Waits for a notification of `method` (received after the first `after` ones) that the predicate accepts. */
  async notification<Params>(method: string, predicate: (params: Params) => boolean = () => true, after = 0): Promise<Params> {
    const find = () => this.notifications.slice(after).find((n) => n.method === method && predicate(n.params as Params));
    await this.waitFor(() => find() !== undefined, `notification ${method}`);
    return find()!.params as Params;
  }

  /** Waits for a log message the predicate accepts, and returns it. */
  async waitForLog(predicate: (message: LogMessageParams) => boolean, what = 'log message'): Promise<LogMessageParams> {
    await this.waitFor(() => this.logs.some(predicate), what);
    return this.logs.find(predicate)!;
  }

  /** Waits until `count` log messages the predicate accepts have arrived (e.g. the second "Indexed" line). */
  async waitForLogs(predicate: (message: LogMessageParams) => boolean, count: number, what = 'log messages'): Promise<void> {
    await this.waitFor(() => this.logs.filter(predicate).length >= count, `${count} × ${what}`);
  }

  /** Waits for a $/progress notification the predicate accepts. */
  async waitForProgress(
    predicate: (params: WorkDoneProgressParams) => boolean,
    what = 'progress',
  ): Promise<WorkDoneProgressParams> {
    await this.waitFor(() => this.progress.some(predicate), what);
    return this.progress.find(predicate)!;
  }

  /** Waits for the server to register a capability dynamically (it does so after `initialized`). */
  async registration(method: string): Promise<Registration> {
    const find = () => this.registrations.find((r) => r.method === method);
    await this.waitFor(() => find() !== undefined, `registration of ${method}`);
    return find()!;
  }

  /** shutdown + exit; kills the process when it does not go quietly. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.exited) return this.connection.dispose();
    try {
      await this.withTimeout('shutdown', this.connection.sendRequest(ShutdownRequest.type));
      await this.connection.sendNotification(ExitNotification.type);
      await this.waitFor(() => this.exited, 'server exit');
    } finally {
      this.kill();
    }
  }

  kill(): void {
    this.connection.dispose();
    if (!this.exited) this.process.kill('SIGKILL');
  }

  private configurationFor(item: ConfigurationItem): unknown {
    const flat: TestSettings = { ...this.settings, ...(item.scopeUri ? this.scopedSettings.get(item.scopeUri) : undefined) };
    if (!item.section) return nest(flat, '');
    if (item.section in flat) return flat[item.section as SettingKey];
    return nest(flat, `${item.section}.`);
  }

  private openDocument(uri: string): OpenDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} was never opened`);
    return document;
  }

  private waitFor(ready: () => boolean, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    return this.withTimeout(
      what,
      new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          ready: () => ready() || this.exited,
          resolve: () => {
            this.waiters.delete(waiter);
            if (ready()) resolve();
            else reject(new Error(`server exited while waiting for ${what}${this.stderrTail()}`));
          },
        };
        this.waiters.add(waiter);
      }),
    );
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) if (waiter.ready()) waiter.resolve();
  }

  private withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${this.timeoutMs} ms waiting for ${what}${this.stderrTail()}`)),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private stderrTail(): string {
    return this.stderr ? `\nserver stderr:\n${this.stderr.slice(-2000)}` : '';
  }
}

/** `{'netpol.validation.enable': false}` with prefix `netpol.` -> `{validation: {enable: false}}`. */
function nest(flat: TestSettings, prefix: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (!key.startsWith(prefix)) continue;
    const parts = key.slice(prefix.length).split('.');
    let target = result;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return result;
}

function newestMtime(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(directory, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);
}

const severityNames = ['', 'error', 'warning', 'information', 'hint'];

/** `NP0005 warning@name` for each diagnostic: code, severity and the exact text its range covers. */
export function summarizeDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)} ${severityNames[d.severity ?? 0] ?? d.severity}@${textAt(text, d.range)}`);
}
