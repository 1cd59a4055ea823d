// The base of the what-if: which texts stand in place of the editor's (the saved files, or
// those of a git ref the client read), and the engine Workspace that holds them. The base
// Workspace shares every file whose text is the index's (parsed once, by the index:
// WorkspaceOptions.parsedElsewhere) and parses only the files that differ, so it costs the
// changed files and the workloads' bookkeeping, not a second scan. It is kept between edits:
// typing in a dirty buffer changes the index, not the base, whose analysis stays cached.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isManifestFileName } from '../engine/manifestFiles';
import type { RenderedBuild } from '../engine/renderedBuilds';
import { Workspace } from '../engine/workspace';
import type { WhatIfBase, WhatIfBaseChoice, WhatIfRefTexts } from '../protocol';

/** A file's text in the base, or null when the base has no such file. */
export type BaseTexts = ReadonlyMap<string, string | null>;

/**
 * The text on disk of each open document: what it was opened with, corrected by reading the
 * disk (a document restored with unsaved edits opens dirty), then what it was saved with.
 */
export class SavedTexts {
  private readonly saved = new Map<string, string | null>();
  /** Bumped per document by each save, so that a disk read started before it cannot undo it. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly readDisk: (uri: string) => Promise<string | undefined>,
    /** Saved texts changed other than by an edit (a disk read came back, a save, a change on disk). */
    private readonly changed: () => void,
  ) {
    documents.onDidOpen(({ document }) => {
      this.saved.set(document.uri, document.getText());
      this.reread(document.uri);
    });
    documents.onDidSave(({ document }) => {
      this.generation.set(document.uri, (this.generation.get(document.uri) ?? 0) + 1);
      this.saved.set(document.uri, document.getText());
      this.changed();
    });
    documents.onDidClose(({ document }) => {
      this.saved.delete(document.uri);
      this.generation.delete(document.uri);
    });
  }

  /** Files changed on disk (a checkout, another program): the saved texts of those open are read again. */
  filesChanged(uris: readonly string[]): void {
    for (const uri of uris) if (this.saved.has(uri)) this.reread(uri);
  }

  /** Every open document whose text differs from its saved text, with the saved text (null: not on disk). */
  dirty(): Map<string, string | null> {
    const dirty = new Map<string, string | null>();
    for (const document of this.documents.all()) {
      const saved = this.saved.get(document.uri);
      if (saved !== undefined && saved !== document.getText()) dirty.set(document.uri, saved);
    }
    return dirty;
  }

  private reread(uri: string): void {
    const generation = this.generation.get(uri) ?? 0;
    void this.readDisk(uri).then((text) => {
      if (!this.saved.has(uri) || (this.generation.get(uri) ?? 0) !== generation) return;
      // A file that cannot be read keeps the text it was opened with (the server cannot tell it from one not written
      // yet); a document that is no file (untitled) has no saved text: all it holds is new.
      if (text === undefined && uri.startsWith('file:')) return;
      const onDisk = text ?? null;
      if (onDisk === this.saved.get(uri)) return;
      this.saved.set(uri, onDisk);
      this.changed();
    });
  }
}

/** The base a what-if is computed against: which, and the texts that differ from the index. */
export interface ResolvedBase {
  base: WhatIfBase;
  texts: BaseTexts;
  notice?: string;
}

/** The chosen base and the texts of the git refs the client sent. */
export class WhatIfBases {
  private chosen: WhatIfBaseChoice = { kind: 'auto' };
  private readonly refs = new Map<string, BaseTexts>();
  private gitUnavailable: string | undefined;
  /** Bumped when the texts of a ref change: cached results of another revision are stale. */
  revision = 0;

  get choice(): WhatIfBaseChoice {
    return this.chosen;
  }

  set(choice: WhatIfBaseChoice, refs: readonly WhatIfRefTexts[] = [], gitUnavailable?: string): void {
    this.chosen = normalised(choice);
    for (const { ref, files } of refs) {
      // Only manifests can change an answer; the rest of a branch's changes are not kept.
      this.refs.set(ref, new Map(files.filter((f) => isManifestFileName(f.uri)).map((f) => [f.uri, f.text])));
    }
    this.gitUnavailable = gitUnavailable;
    this.revision++;
  }

  /**
   * The texts the base puts in place of the index's. `dirty` are the unsaved buffers with their
   * saved texts: the saved base is exactly those; a ref's base is the ref's texts of the files git
   * reports changed, and the saved text of the other dirty buffers (git compares the ref with the disk).
   */
  resolve(dirty: ReadonlyMap<string, string | null>, choice: WhatIfBaseChoice = this.chosen): ResolvedBase {
    const { kind, ref } = normalised(choice);
    if (kind === 'saved' || (kind === 'auto' && dirty.size > 0)) return { base: { kind: 'saved', label: 'saved' }, texts: dirty };
    const name = kind === 'ref' && ref ? ref : 'HEAD';
    const base: WhatIfBase =
      name === 'HEAD' ? { kind: 'head', ref: 'HEAD', label: 'HEAD' } : { kind: 'ref', ref: name, label: name };
    const known = this.refs.get(name);
    if (!known)
      return {
        base,
        texts: new Map(),
        notice: `${name} is not known: ${this.gitUnavailable ?? 'no git repository holds these files'}.`,
      };
    const texts = new Map(known);
    for (const [uri, text] of dirty) if (!texts.has(uri)) texts.set(uri, text);
    return { base, texts };
  }
}

function normalised(choice: WhatIfBaseChoice): WhatIfBaseChoice {
  if (choice.kind === 'ref' && (choice.ref === undefined || choice.ref === 'HEAD')) return { kind: 'head', ref: 'HEAD' };
  return choice.kind === 'ref' ? { kind: 'ref', ref: choice.ref } : { kind: choice.kind };
}

/** The engine Workspace of the base, kept in step with the index's. */
export class BaseWorkspace {
  private workspace: Workspace | undefined;
  private primary: Workspace | undefined;
  private readonly builds = new Map<string, RenderedBuild>();
  private synced: { version: number; texts: BaseTexts; readFolders: readonly string[] | undefined } | undefined;

  /** The index's workspace with `texts` in place of its own; the same object from one call to the next while the index keeps its workspace. */
  of(primary: Workspace, texts: BaseTexts, readFolders: readonly string[] | undefined, maxFileSize: number): Workspace {
    if (this.primary !== primary || !this.workspace) {
      // A rescan or a new default namespace starts a new index workspace: the base starts over too.
      this.primary = primary;
      this.builds.clear();
      this.synced = undefined;
      this.workspace = new Workspace({
        defaultNamespace: primary.defaultNamespace,
        parse: { maxFileSize },
        parsedElsewhere: (uri, text, chart) => this.primary?.parsedAs(uri, text, chart),
      });
    }
    const base = this.workspace;
    const synced = this.synced;
    if (synced && synced.version === primary.version && sameTexts(synced.texts, texts) && synced.readFolders === readFolders)
      return base;
    base.setReadFolders(readFolders);
    const textOf = (uri: string): string | undefined => {
      const text = texts.has(uri) ? texts.get(uri) : primary.text(uri);
      return text ?? undefined;
    };
    // Equal texts are the index's own strings: setFile compares them and returns.
    for (const uri of primary.uris()) {
      const text = textOf(uri);
      if (text === undefined) base.removeFile(uri);
      else base.setFile(uri, text);
    }
    for (const [uri, text] of texts) if (text !== null && primary.text(uri) === undefined) base.setFile(uri, text);
    for (const uri of base.uris()) if (textOf(uri) === undefined) base.removeFile(uri);
    // Builds render the disk: the base takes the index's (a saved base is the disk; a ref's rendering is not known).
    const builds = primary.renderedBuilds();
    const ids = new Set(builds.map((build) => build.id));
    for (const id of [...this.builds.keys()]) {
      if (ids.has(id)) continue;
      base.removeBuild(id);
      this.builds.delete(id);
    }
    for (const build of builds) {
      if (this.builds.get(build.id) === build) continue;
      base.setBuild(build, textOf);
      this.builds.set(build.id, build);
    }
    this.synced = { version: primary.version, texts, readFolders };
    return base;
  }
}

function sameTexts(a: BaseTexts, b: BaseTexts): boolean {
  if (a.size !== b.size) return false;
  for (const [uri, text] of a) if (!b.has(uri) || b.get(uri) !== text) return false;
  return true;
}
