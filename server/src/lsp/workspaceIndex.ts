// The server's one Workspace (engine index). Open documents override what is on
// disk; their edits are applied lazily, when somebody asks for the workspace, so
// a burst of keystrokes costs one parse, not one per keystroke.
import { DEFAULT_MAX_FILE_SIZE } from '../engine/manifests';
import { Workspace, type WorkspaceOptions } from '../engine/workspace';
import { isUnder } from './fileUris';

export type WorkspaceListener = (workspace: Workspace) => void;

export class WorkspaceIndex {
  private workspace: Workspace;
  private options: WorkspaceOptions;
  /** Open documents edited since the workspace last saw them, with a way to read their current text (undefined once closed). */
  private readonly pending = new Map<string, () => string | undefined>();
  private readonly listeners = new Set<WorkspaceListener>();
  private complete = false;
  private changeCount = 0;

  constructor(options: WorkspaceOptions = {}) {
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
      if (this.workspace.version !== before) this.notify();
    }
    return this.workspace;
  }

  /**
   * How many changes listeners have been told of (content, scan completed, reset):
   * a check made against the workspace at one count is current until it grows.
   */
  get changes(): number {
    return this.changeCount;
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

  /** The scanner read every folder; listeners hear of it so that open documents are checked. */
  markScanned(): void {
    this.complete = true;
    this.notify();
  }

  get defaultNamespace(): string {
    return this.workspace.defaultNamespace;
  }

  /** An open document changed (or opened): its text is read when the workspace is next needed. */
  documentChanged(uri: string, currentText: () => string | undefined): void {
    this.pending.set(uri, currentText);
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

  /** Starts over with new options (e.g. another default namespace); the caller feeds the files again. */
  reset(options: WorkspaceOptions): void {
    this.pending.clear();
    this.complete = false;
    this.options = withParseLimit(options);
    this.workspace = new Workspace(this.options);
    this.notify();
  }

  /** Called after every change of the indexed content (e.g. to re-check open policies). */
  onDidChange(listener: WorkspaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changing(change: () => void): void {
    const before = this.workspace.version;
    change();
    if (this.workspace.version !== before) this.notify();
  }

  private notify(): void {
    this.changeCount++;
    for (const listener of this.listeners) listener(this.workspace);
  }
}

/** The limit is made explicit so that validation knows when the index's parse can be reused. */
function withParseLimit(options: WorkspaceOptions): WorkspaceOptions {
  return { ...options, parse: { maxFileSize: DEFAULT_MAX_FILE_SIZE, ...options.parse } };
}
