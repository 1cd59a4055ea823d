// The server's one Workspace (engine index). Open documents override what is on
// disk; their edits are applied lazily, when somebody asks for the workspace, so
// a burst of keystrokes costs one parse, not one per keystroke.
import { Workspace, type WorkspaceOptions } from '../engine/workspace';

export type WorkspaceListener = (workspace: Workspace) => void;

export class WorkspaceIndex {
  private workspace: Workspace;
  /** Open documents edited since the workspace last saw them, with a way to read their current text. */
  private readonly pending = new Map<string, () => string>();
  private readonly listeners = new Set<WorkspaceListener>();

  constructor(options: WorkspaceOptions = {}) {
    this.workspace = new Workspace(options);
  }

  /** The index with every pending document edit applied. */
  current(): Workspace {
    if (this.pending.size > 0) {
      const edits = [...this.pending];
      this.pending.clear();
      const before = this.workspace.version;
      for (const [uri, text] of edits) this.workspace.setFile(uri, text());
      if (this.workspace.version !== before) this.notify();
    }
    return this.workspace;
  }

  /** An open document changed (or opened): its text is read when the workspace is next needed. */
  documentChanged(uri: string, currentText: () => string): void {
    this.pending.set(uri, currentText);
  }

  /** A file's content from disk, or a closed document's text on disk. */
  setFile(uri: string, text: string): void {
    this.pending.delete(uri);
    const before = this.workspace.version;
    this.workspace.setFile(uri, text);
    if (this.workspace.version !== before) this.notify();
  }

  removeFile(uri: string): void {
    this.pending.delete(uri);
    const before = this.workspace.version;
    this.workspace.removeFile(uri);
    if (this.workspace.version !== before) this.notify();
  }

  /** Starts over with new options (e.g. another default namespace); the caller feeds the files again. */
  reset(options: WorkspaceOptions): void {
    this.pending.clear();
    this.workspace = new Workspace(options);
    this.notify();
  }

  /** Called after every change of the indexed content (e.g. to re-check open policies). */
  onDidChange(listener: WorkspaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.workspace);
  }
}
