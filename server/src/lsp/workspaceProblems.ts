// netpol.problems.scope: the diagnostics of files that are not open. In scope `workspace`
// every indexed file gets what `netpol check` reports for it (files with a NetworkPolicy,
// and files with index problems such as duplicates), as ESLint's and TypeScript's
// project-wide modes do; open documents stay with DiagnosticsPublisher. A pass runs when
// the workspace settles (WorkspaceIndex.onDidSettle) and publishes only the files whose
// diagnostics changed; what a file's text alone gives (NP0-NP2) is remembered per text.
// A pass re-checks only the files whose findings the changes since the last pass can change
// (engine/validate/workspaceCheckScope.ts): after an edit of a policy file, the files with
// policies of its namespaces; after any other change, every file.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { filesWithPoliciesIn, policyOnlyNamespaces } from '../engine/validate/workspaceCheckScope';
import type { Workspace } from '../engine/workspace';
import { WORKSPACE_PROBLEMS_MAX_FILES } from '../protocol';
import { toLspDiagnostic, type ClosedFileProblems, type DocumentMemo, type ValidateText } from './diagnostics';
import type { Log } from './log';
import { MAX_QUIET_WAIT_MS } from './requestActivity';
import type { DocumentSettings, Settings } from './settings';
import type { ChartRendering } from './unrenderedCharts';
import type { WorkspaceIndex } from './workspaceIndex';

/** Work between two looks at the event loop: a request (hover, completion) that comes meanwhile waits at most about that long. */
const SLICE_MS = 4;

const NONE = '[]';

interface ClosedFile {
  /** The diagnostics the client shows for the file now (JSON), so a pass publishes only changes. */
  published: string;
  memo: DocumentMemo;
  /** The settings it was last checked with (read again after a settings change: another object); absent until checked. */
  settings?: DocumentSettings;
}

/** What the last completed pass checked against: every indexed file's text, and what each holds beside policies. */
interface Checked {
  workspace: Workspace;
  nonTextChanges: number;
  texts: Map<string, string | undefined>;
  /** {@link policyOnlyNamespaces} of each file. */
  policyOnly: Map<string, readonly string[] | undefined>;
}

export class WorkspaceProblems implements ClosedFileProblems {
  private readonly closed = new Map<string, ClosedFile>();
  /** Bumped by each pass: a pass that finds another number has been overtaken and stops. */
  private pass = 0;
  private scope: 'workspace' | 'openFiles' = 'openFiles';
  /** The size that made `auto` mean openFiles, already logged. */
  private loggedTooLarge = false;
  private checked: Checked | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: Pick<Settings, 'forDocuments' | 'problemsScope'>,
    private readonly log: Log,
    private readonly connection: Pick<Connection, 'sendDiagnostics'>,
    private readonly isOpen: (uri: string) => boolean,
    private readonly validateText: ValidateText,
    private readonly charts: () => ChartRendering,
    /**
     * Resolves when the client's requests leave the server alone, or at the deadline given (requestActivity.ts):
     * closed files are nobody's answer to wait for, but a pass must end however busy the client keeps the server.
     */
    private readonly whenQuiet: (deadline?: number) => Promise<void>,
  ) {}

  /** Whether closed files keep their diagnostics (the scope in effect since the last pass). */
  get coversClosedFiles(): boolean {
    return this.scope === 'workspace';
  }

  /** An opened document is published by its own validation from now on. */
  documentOpened(uri: string): void {
    this.closed.delete(uri);
  }

  /** A closed document keeps the diagnostics it showed until a pass finds those of its file on disk. */
  documentClosed(uri: string, published: string | undefined): void {
    this.closed.set(uri, { published: published ?? NONE, memo: {} });
    void this.refresh();
  }

  /** Validates every closed file against the workspace as it is now (or clears them all in scope openFiles). */
  async refresh(): Promise<void> {
    const pass = ++this.pass;
    try {
      await this.run(pass);
    } catch (error) {
      this.log.error('Publishing the problems of the workspace failed.', error);
    }
  }

  private async run(pass: number): Promise<void> {
    const setting = await this.settings.problemsScope();
    if (pass !== this.pass) return;
    if (setting === 'openFiles') return this.clearAll();
    // Findings against half a workspace would be false (NP3xxx): the pass after the scan publishes.
    if (!this.index.scanned) return;
    const started = Date.now();
    const workspace = this.index.current();
    const changes = this.index.changes;
    const indexed = workspace.uris();
    if (setting === 'auto' && indexed.length > WORKSPACE_PROBLEMS_MAX_FILES) {
      if (!this.loggedTooLarge)
        this.log.info(
          `The workspace has ${indexed.length} manifest files, more than ${WORKSPACE_PROBLEMS_MAX_FILES}: problems are shown for open files only (set netpol.problems.scope to workspace to see them all).`,
        );
      this.loggedTooLarge = true;
      return this.clearAll();
    }
    this.scope = 'workspace';
    const uris = indexed.filter((uri) => !this.isOpen(uri) && !this.index.isStandIn(uri));
    const settings = await this.settings.forDocuments(uris);
    // One wait for the whole pass: past it, the slices take turns with the requests.
    const deadline = performance.now() + MAX_QUIET_WAIT_MS;
    await this.whenQuiet(deadline);
    // A change meanwhile settles again, and that pass validates against it.
    if (pass !== this.pass || this.index.changes !== changes) return;
    const context = { workspace, maxFileSize: this.index.maxFileSize, charts: this.charts() };
    const { recheck, checked } = this.changedSinceLastPass(workspace, indexed);
    let published = 0;
    let rechecked = 0;
    let sliceStart = performance.now();
    for (let i = 0; i < uris.length; i++) {
      if (performance.now() - sliceStart >= SLICE_MS) {
        await this.whenQuiet(deadline);
        if (pass !== this.pass || this.index.changes !== changes) return;
        sliceStart = performance.now();
      }
      const uri = uris[i];
      const text = workspace.text(uri);
      if (this.isOpen(uri) || text === undefined) continue;
      const state = this.closed.get(uri) ?? { published: NONE, memo: {} };
      if (recheck !== 'all' && !recheck.has(uri) && state.settings === settings[i]) continue;
      rechecked++;
      let diagnostics: Diagnostic[] = [];
      if (settings[i].validationEnabled) {
        try {
          diagnostics = this.validateText(uri, text, settings[i], context, state.memo).map(toLspDiagnostic);
        } catch (error) {
          this.log.error(`Validation of ${uri} failed; its diagnostics are left as they were.`, error);
          continue;
        }
      }
      const key = JSON.stringify(diagnostics);
      if (key !== state.published) {
        this.publish(uri, diagnostics);
        published++;
      }
      state.published = key;
      state.settings = settings[i];
      this.closed.set(uri, state);
    }
    this.checked = checked;
    const listed = new Set(uris);
    for (const [uri, state] of this.closed) {
      if (listed.has(uri)) continue;
      // Deleted, excluded, a stand-in now, or opened: what the client shows of it is no longer ours to keep.
      this.closed.delete(uri);
      if (!this.isOpen(uri) && state.published !== NONE) this.publish(uri, []);
    }
    this.log.debug(
      () =>
        `Problems of ${uris.length} closed file(s) checked in ${Date.now() - started} ms (${rechecked} checked again); ${published} published.`,
    );
  }

  /**
   * The files whose findings may differ from the last pass's (every file when that pass checked
   * another workspace, or something else than texts changed since), and what this pass checks against.
   */
  private changedSinceLastPass(
    workspace: Workspace,
    uris: readonly string[],
  ): { recheck: Set<string> | 'all'; checked: Checked } {
    const previous = this.checked;
    const texts = new Map(uris.map((uri) => [uri, workspace.text(uri)]));
    const nonTextChanges = this.index.nonTextChanges;
    const everything = (): { recheck: 'all'; checked: Checked } => ({
      recheck: 'all',
      checked: {
        workspace,
        nonTextChanges,
        texts,
        policyOnly: new Map(uris.map((uri) => [uri, policyOnlyNamespaces(workspace, uri)])),
      },
    });
    if (!previous || previous.workspace !== workspace || previous.nonTextChanges !== nonTextChanges) return everything();
    const changed = [...uris, ...previous.texts.keys()].filter((uri) => texts.get(uri) !== previous.texts.get(uri));
    const policyOnly = new Map(previous.policyOnly);
    const namespaces = new Set<string>();
    for (const uri of new Set(changed)) {
      // A file that was not there held nothing; one that is gone holds nothing.
      const before = previous.texts.has(uri) ? previous.policyOnly.get(uri) : [];
      const after = texts.has(uri) ? policyOnlyNamespaces(workspace, uri) : [];
      if (before === undefined || after === undefined) return everything();
      for (const namespace of [...before, ...after]) namespaces.add(namespace);
      if (texts.has(uri)) policyOnly.set(uri, after);
      else policyOnly.delete(uri);
    }
    const recheck = new Set([...changed, ...filesWithPoliciesIn(workspace, namespaces)]);
    return { recheck, checked: { workspace, nonTextChanges, texts, policyOnly } };
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    this.connection
      .sendDiagnostics({ uri, diagnostics })
      .catch((error: unknown) => this.log.error(`Could not publish diagnostics for ${uri}.`, error));
  }

  private clearAll(): void {
    this.scope = 'openFiles';
    this.checked = undefined;
    this.log.debug(() => 'Problems are shown for open files only (netpol.problems.scope).');
    for (const [uri, state] of this.closed) if (!this.isOpen(uri) && state.published !== NONE) this.publish(uri, []);
    this.closed.clear();
  }
}
