// The server's one Workspace (engine index). Open documents override what is on
// disk; their edits are applied lazily, when somebody asks for the workspace, so
// a burst of keystrokes costs one parse, not one per keystroke.
//
// It is also the one "workspace changed" signal of the server: every change that
// can change an answer (edits, files on disk, a scan completed, a reset, settings
// that answers depend on) bumps one counter and, once changes pause, listeners
// hear of it once (`onDidSettle`). Diagnostics, CodeLens and the reachability view
// follow that signal, so they cannot drift apart or miss a kind of change.
import { DEFAULT_MAX_FILE_SIZE } from '../engine/manifestFiles';
import type { RenderedBuild } from '../engine/renderedBuilds';
import { Workspace, type WorkspaceOptions } from '../engine/workspace';
import { isUnder } from './fileUris';

/** How long an answer waits for the first scan of the workspace before it says the scan is still running. */
export const SCAN_WAIT_MS = 5000;

/** What answers say while the workspace is still being read, instead of counts that would be wrong. */
export const INDEXING_MESSAGE = 'NetworkPolicy Navigator: indexing the workspace…';

/**
 * Quiet time after the last change before listeners hear that the workspace settled.
 * Longer than the edited document's own debounce (CHANGE_DEBOUNCE_MS, 50 ms), so that an edited
 * document is validated first (its timer is due first) and the re-check of the others finds its
 * edit applied; short, because the Reachability view and CodeLenses show an edit only after it
 * (issue 14: edit -> view in 500 ms on 5,000 workloads, of which code-server takes about 100 ms
 * to bring the keystroke to the server and 150 ms to show the answers).
 */
export const SETTLE_DEBOUNCE_MS = 60;

export interface WorkspaceSettled {
  workspace: Workspace;
  /** The results version the workspace has now (see {@link WorkspaceIndex.changes}). */
  version: number;
}

export type SettledListener = (settled: WorkspaceSettled) => void;

export class WorkspaceIndex {
  private workspace: Workspace;
  private options: WorkspaceOptions;
  /** Open documents edited since the workspace last saw them, with a way to read their current text (undefined once closed). */
  private readonly pending = new Map<string, () => string | undefined>();
  private readonly listeners = new Set<SettledListener>();
  private complete = false;
  /** Answers waiting for the first scan (ready()); each resolves once. */
  private readonly scanWaiters = new Set<() => void>();
  /** Files and folders of netpol.extraManifests: what lies there is read, never reported on. */
  private standInRoots: readonly string[] = [];
  private changeCount = 0;
  private readFolders: readonly string[] | undefined;
  private settledCount = 0;
  private otherChanges = 0;
  private settleTimer: NodeJS.Timeout | undefined;

  constructor(
    options: WorkspaceOptions = {},
    private readonly settleMs = SETTLE_DEBOUNCE_MS,
    /** Where a failure while settling goes; by default the process's handler (the server logs it there). */
    private readonly reportError: (error: unknown) => void = reportLater,
  ) {
    this.options = withParseLimit(options);
    this.workspace = new Workspace(this.options);
  }

  /** The index with every pending document edit applied. */
  current(): Workspace {
    if (this.pending.size > 0) {
      const edits = [...this.pending];
      this.pending.clear();
      const before = this.workspace.version;
      for (const [uri, read] of edits) {
        const text = read();
        if (text !== undefined) this.workspace.setFile(uri, text);
      }
      // Counted, not rescheduled: the edit scheduled its settle when it arrived.
      if (this.workspace.version !== before) this.changeCount++;
    }
    return this.workspace;
  }

  /**
   * The results version: how many changes the index counted (content, scan completed,
   * reset, answers changed). It only grows, across resets too: a check made against
   * the workspace at one count is current until it grows.
   */
  get changes(): number {
    return this.changeCount;
  }

  /**
   * How many changes were not of file texts (the scan completed, builds, read folders, stand-ins,
   * a reset, answers changed): what was checked against the texts alone is to be checked again.
   */
  get nonTextChanges(): number {
    return this.otherChanges;
  }

  /** Texts longer than this are not parsed by the index (they get NP0002). */
  get maxFileSize(): number {
    return this.options.parse?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  /**
   * False while the workspace folders are being read: until then the index holds
   * only part of the workspace, and checks against it would report false misses.
   */
  get scanned(): boolean {
    return this.complete;
  }

  /** The scanner read every folder: answers that waited for the whole workspace (NP3xxx, lens counts) change. */
  markScanned(): void {
    this.complete = true;
    this.otherChanges++;
    this.changed();
    for (const done of [...this.scanWaiters]) done();
  }

  /**
   * The workspace once its folders have been read, or as it is after `SCAN_WAIT_MS`
   * if the scan takes longer (ask `scanned` then): an answer given from half a
   * workspace says "selects no workload" of workloads not read yet.
   */
  async ready(): Promise<Workspace> {
    if (!this.complete) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.scanWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, SCAN_WAIT_MS);
        this.scanWaiters.add(done);
      });
    }
    return this.current();
  }

  /** Whether a file is a stand-in manifest (netpol.extraManifests): in the index, but no diagnostics of its own. */
  isStandIn(uri: string): boolean {
    return this.standInRoots.some((root) => isUnder(uri, root));
  }

  /** The files and folders whose manifests are stand-ins; open documents there lose their diagnostics at the next settle. */
  setStandInRoots(roots: readonly string[]): void {
    if (roots.length === this.standInRoots.length && roots.every((root, i) => root === this.standInRoots[i])) return;
    this.standInRoots = [...roots];
    this.otherChanges++;
    this.changed();
  }

  get defaultNamespace(): string {
    return this.workspace.defaultNamespace;
  }

  /** An open document changed (or opened): its text is read when the workspace is next needed, at the latest when it settles. */
  documentChanged(uri: string, currentText: () => string | undefined): void {
    this.pending.set(uri, currentText);
    this.settleSoon();
  }

  /** A file's content from disk, or a closed document's text on disk. */
  setFile(uri: string, text: string): void {
    this.pending.delete(uri);
    this.changing(() => this.workspace.setFile(uri, text));
  }

  removeFile(uri: string): void {
    this.pending.delete(uri);
    this.changing(() => this.workspace.removeFile(uri));
  }

  /** Every file under a folder URI leaves the index (the folder was deleted, or renamed away). */
  removeFolder(folderUri: string): void {
    for (const uri of [...this.pending.keys()]) if (isUnder(uri, folderUri)) this.pending.delete(uri);
    this.changing(() => this.workspace.removeFolder(folderUri));
  }

  /** A rendered build joins the index, or replaces its previous rendering (engine Workspace.setBuild). */
  setBuild(build: RenderedBuild): void {
    this.otherChanges++;
    this.changing(() => this.current().setBuild(build));
  }

  /** A build that failed: its message on its kustomization file, its inputs read as written. */
  setBuildFailure(build: Pick<RenderedBuild, 'id' | 'tool' | 'label' | 'anchorUri'>, message: string): void {
    this.otherChanges++;
    this.changing(() => this.current().setBuildFailure(build, message));
  }

  /** What setReadFolders was last given (a what-if base reads the same folders). */
  get readFolderUris(): readonly string[] | undefined {
    return this.readFolders;
  }

  /** The plain folders of the analysis context (undefined: every file no build reads); kept across resets. */
  setReadFolders(folderUris: readonly string[] | undefined): void {
    this.readFolders = folderUris;
    this.otherChanges++;
    this.changing(() => this.current().setReadFolders(folderUris));
  }

  removeBuild(id: string): void {
    this.otherChanges++;
    this.changing(() => this.workspace.removeBuild(id));
  }

  /** Starts over with new options (e.g. another default namespace); the caller feeds the files again. */
  reset(options: WorkspaceOptions): void {
    this.pending.clear();
    this.complete = false;
    this.options = withParseLimit(options);
    this.workspace = new Workspace(this.options);
    this.workspace.setReadFolders(this.readFolders);
    this.otherChanges++;
    this.changed();
  }

  /**
   * The same files now give other answers, because a setting they depend on changed
   * (netpol.kubernetesVersion decides which policies are invalid): counted like a
   * content change, so results versions stay one monotonic number.
   */
  answersChanged(): void {
    this.otherChanges++;
    this.changed();
  }

  /** Called once per settled change, with pending edits applied; returns a function that unsubscribes. */
  onDidSettle(listener: SettledListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changing(change: () => void): void {
    const before = this.workspace.version;
    change();
    if (this.workspace.version !== before) this.changed();
  }

  private changed(): void {
    this.changeCount++;
    this.settleSoon();
  }

  private settleSoon(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), this.settleMs);
    // The signal serves the server's connection; on its own it keeps no process alive.
    this.settleTimer.unref();
  }

  private settle(): void {
    this.settleTimer = undefined;
    let workspace: Workspace;
    try {
      workspace = this.current();
    } catch (error) {
      // An edit the engine failed on must not leave every answer stale: listeners still hear of the other changes.
      this.reportError(error);
      workspace = this.workspace;
    }
    if (this.changeCount === this.settledCount) return;
    this.settledCount = this.changeCount;
    const settled: WorkspaceSettled = { workspace, version: this.changeCount };
    for (const listener of this.listeners) {
      try {
        listener(settled);
      } catch (error) {
        // One failing listener must not keep the others stale.
        this.reportError(error);
      }
    }
  }
}

/** The error reaches the process's handler after the other listeners ran. */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** The limit is made explicit so that validation knows when the index's parse can be reused. */
function withParseLimit(options: WorkspaceOptions): WorkspaceOptions {
  return { ...options, parse: { maxFileSize: DEFAULT_MAX_FILE_SIZE, ...options.parse } };
}
