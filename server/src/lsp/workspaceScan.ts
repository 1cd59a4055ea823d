// Reads the manifests of the workspace folders from disk into the WorkspaceIndex:
// once after `initialized` (with work-done progress), then one file at a time as
// the client reports file changes. This is the only server code that touches the
// file system. Operations run one after another, so a change reported during the
// first scan is applied after it, never overwritten by it.
//
// Open documents win over disk: their files are not read while they are open,
// and their disk content comes back when they are closed.
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FileChangeType, type Connection, type FileEvent } from 'vscode-languageserver/node';
import { decodeManifestBytes, isManifestFileName, isSkippedFolderName } from '../engine/manifestFiles';
import { childUri, fileUriToPath, isUnder, pathToFileUri, relativePath } from './fileUris';
import { GlobSet } from './glob';
import type { Log } from './log';
import type { FolderScanSettings, Settings } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';
import { IndexingProgressNotification, SettingKeys } from '../protocol';

/** The glob the server asks the client to watch. */
// Glob matching is case-sensitive where isManifestFileName's extensions are not: both cases are listed.
export const WATCHED_FILES_GLOB = '**/{*.yaml,*.yml,*.json,*.YAML,*.YML,*.JSON,Kustomization}';
/** Files read at the same time during a scan. */
const READ_CONCURRENCY = 16;

/** The open documents, as the scanner needs to see them. */
export interface OpenDocuments {
  isOpen(uri: string): boolean;
  /** URIs of the open documents. */
  uris(): string[];
  /** Makes the index read an open document's text from the editor again. */
  track(uri: string): void;
}

interface FolderState {
  uri: string;
  path: string;
  settings: FolderScanSettings;
  excluded: GlobSet;
  /** netpol.extraManifests resolved against the folder: stand-in files and folders, read whatever excludes say. */
  standIns: StandInRoot[];
}

interface StandInRoot {
  /** The setting's entry as written, for messages. */
  entry: string;
  uri: string;
  path: string;
}

type Outcome = 'indexed' | 'skipped';

export class WorkspaceScanner {
  private folderUris: string[] = [];
  private folders: FolderState[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** What the last full scan was made with; a settings change that alters it rescans. */
  private fingerprint: string | undefined;

  constructor(
    private readonly connection: Pick<Connection, 'window' | 'sendNotification'>,
    private readonly index: WorkspaceIndex,
    private readonly settings: Pick<Settings, 'defaultNamespace' | 'forFolder'>,
    private readonly log: Log,
    private readonly documents: OpenDocuments,
  ) {}

  /** From initialize: `workspaceFolders`, else `rootUri`. Only `file:` folders can be scanned. */
  setFolders(uris: readonly string[]): void {
    this.folderUris = [...new Set(uris.filter((uri) => fileUriToPath(uri) !== undefined).map(stripSlash))];
  }

  /** workspace/didChangeWorkspaceFolders: removed folders leave the index, added ones are read; the others stay as they are. */
  foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    return this.enqueue('workspace folders change', async () => {
      const gone = new Set(removed.map(stripSlash));
      this.setFolders([...this.folderUris.filter((uri) => !gone.has(uri)), ...added]);
      const before = this.index.defaultNamespace;
      const { defaultNamespace, folders, fingerprint } = await this.readSettings();
      if (defaultNamespace !== before) {
        await this.fullScan();
        return;
      }
      const known = new Set(this.folders.map((folder) => folder.uri));
      // Stand-ins may lie anywhere, and be shared: a folder that brings or takes some rescans everything.
      const standInsMove = [...this.folders.filter((f) => gone.has(f.uri)), ...folders.filter((f) => !known.has(f.uri))].some(
        (folder) => folder.standIns.length > 0,
      );
      if (standInsMove) {
        await this.fullScan();
        return;
      }
      this.folders = folders;
      this.fingerprint = fingerprint;
      for (const uri of gone) {
        this.index.removeFolder(uri);
        for (const open of this.documents.uris()) if (isUnder(open, uri)) this.documents.track(open);
      }
      for (const folder of folders.filter((f) => !known.has(f.uri))) {
        const files = await this.listFiles(folder, folder.uri, folder.path);
        for (const uri of files) await this.readFile(uri, folder);
        this.log.info(`Indexed ${files.length} manifest file(s) of the added folder ${folder.uri}.`);
      }
    });
  }

  /** Resolves when every operation queued so far is done (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Reads every folder from scratch into a new index. */
  scanAll(): Promise<void> {
    return this.enqueue('workspace scan', () => this.fullScan());
  }

  /**
   * After a settings change: rescans when the default namespace, the excludes or the size limit changed.
   * Before the first scan there is nothing to redo: VS Code's client reports a settings change as soon as
   * the server registers for them, while the first scan waits for its settings, which it reads then.
   */
  settingsChanged(): Promise<void> {
    return this.enqueue('settings change', async () => {
      if (this.fingerprint === undefined) return;
      const { fingerprint } = await this.readSettings();
      if (fingerprint !== this.fingerprint) await this.fullScan();
    });
  }

  /** workspace/didChangeWatchedFiles: each event touches one file or one folder, never the whole workspace. */
  filesChanged(changes: readonly FileEvent[]): Promise<void> {
    return this.enqueue('file changes', async () => {
      for (const change of changes) {
        if (change.type === FileChangeType.Deleted) this.deleted(change.uri);
        else await this.createdOrChanged(change.uri);
      }
    });
  }

  /** A closed document: the index goes back to the file on disk, or drops it when there is none (or it is not ours to read). */
  documentClosed(uri: string): Promise<void> {
    return this.enqueue(`close of ${uri}`, async () => {
      if (this.documents.isOpen(uri)) return;
      const folder = this.folderOf(uri);
      if (!folder || (await this.readFile(uri, folder)) === 'skipped') this.index.removeFile(uri);
    });
  }

  private enqueue(what: string, operation: () => Promise<void>): Promise<void> {
    this.queue = this.queue
      .then(operation)
      .catch((error: unknown) => this.log.error(`Workspace indexing (${what}) failed.`, error));
    return this.queue;
  }

  private async readSettings(): Promise<{ defaultNamespace: string; folders: FolderState[]; fingerprint: string }> {
    const defaultNamespace = await this.settings.defaultNamespace();
    const folders: FolderState[] = [];
    for (const uri of this.folderUris) {
      const settings = await this.settings.forFolder(uri);
      const path = fileUriToPath(uri)!;
      const standIns = settings.extraManifests.map((entry) => standInRoot(uri, path, entry));
      folders.push({ uri, path, settings, excluded: new GlobSet(settings.exclude), standIns });
    }
    const fingerprint = JSON.stringify([defaultNamespace, folders.map((f) => [f.uri, f.settings])]);
    return { defaultNamespace, folders, fingerprint };
  }

  private async fullScan(): Promise<void> {
    const started = Date.now();
    const { defaultNamespace, folders, fingerprint } = await this.readSettings();
    this.folders = folders;
    this.fingerprint = fingerprint;
    this.index.reset({ defaultNamespace });
    this.index.setStandInRoots(folders.flatMap((folder) => folder.standIns.map((root) => root.uri)));
    for (const uri of this.documents.uris()) this.documents.track(uri);

    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Indexing Kubernetes manifests', 0, `${folders.length} folder(s)`);
    const viewProgress = new ViewProgress(this.connection, this.log);
    viewProgress.report(0, 0);
    let indexed = 0;
    let skipped = 0;
    let standIns = 0;
    try {
      const byUri = new Map<string, FolderState>();
      for (const folder of folders) {
        for (const uri of await this.listFiles(folder, folder.uri, folder.path)) byUri.set(uri, folder);
      }
      for (const folder of folders) {
        for (const root of folder.standIns) {
          const found = await this.listStandIns(folder, root);
          standIns += found.length;
          for (const uri of found) if (!byUri.has(uri)) byUri.set(uri, folder);
        }
      }
      const files = [...byUri].map(([uri, folder]) => ({ uri, folder }));
      for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
        const batch = files.slice(start, start + READ_CONCURRENCY);
        const outcomes = await Promise.all(batch.map(({ uri, folder }) => this.readFile(uri, folder)));
        indexed += outcomes.filter((o) => o === 'indexed').length;
        skipped += outcomes.filter((o) => o === 'skipped').length;
        const done = start + batch.length;
        progress.report(Math.round((done / files.length) * 100), `${done}/${files.length} files`);
        viewProgress.report(done, files.length);
      }
    } finally {
      progress.done();
      viewProgress.done(indexed + skipped);
      this.index.markScanned();
    }
    this.log.info(
      `Indexed ${indexed} manifest file(s) in ${Date.now() - started} ms (${skipped} skipped, ${standIns} stand-in(s) of netpol.extraManifests, default namespace ${defaultNamespace}).`,
    );
  }

  /** Manifest files under a directory, not excluded, in name order. */
  private async listFiles(
    folder: FolderState,
    directoryUri: string,
    directoryPath: string,
    seen = new Set<string>(),
    excluded = (uri: string): boolean => this.isExcluded(uri, folder),
  ): Promise<string[]> {
    let entries: Dirent[];
    try {
      const real = await fs.realpath(directoryPath);
      if (seen.has(real)) return []; // a symlink back into a folder already walked
      seen.add(real);
      entries = await fs.readdir(directoryPath, { withFileTypes: true });
    } catch (error) {
      this.log.warning(`Could not list ${directoryPath}: ${describe(error)}`);
      return [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: string[] = [];
    for (const entry of entries) {
      const uri = childUri(directoryUri, entry.name);
      const path = join(directoryPath, entry.name);
      if (excluded(uri)) continue;
      const directory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(path)));
      if (directory) files.push(...(await this.listFiles(folder, uri, path, seen, excluded)));
      else if (isManifestFileName(entry.name)) files.push(uri);
    }
    return files;
  }

  /**
   * The files of one netpol.extraManifests entry: the file itself whatever its name, or the
   * manifests of the folder (node_modules and .git skipped, netpol.exclude not applied).
   */
  private async listStandIns(folder: FolderState, root: StandInRoot): Promise<string[]> {
    let directory: boolean;
    try {
      directory = (await fs.stat(root.path)).isDirectory();
    } catch (error) {
      this.log.warning(
        `${SettingKeys.extraManifests}: "${root.entry}" (${root.path}) cannot be read: ${describe(error)}; ignored.`,
      );
      return [];
    }
    if (!directory) return [root.uri];
    return this.listFiles(folder, root.uri, root.path, new Set(), isSkippedStandIn);
  }

  /** Reads one file into the index; files that cannot or must not be read leave it. */
  private async readFile(uri: string, folder: FolderState): Promise<Outcome> {
    if (this.documents.isOpen(uri)) return 'indexed';
    const path = fileUriToPath(uri);
    if (!path || !this.isReadable(uri, path, folder)) return this.skip(uri);
    try {
      // The size is checked before reading, so a huge file costs no memory.
      const stat = await fs.stat(path);
      if (!stat.isFile()) return this.skip(uri);
      if (stat.size > folder.settings.maxFileSize) {
        this.log.debug(() => `${uri}: ${stat.size} bytes is over netpol.maxFileSize; not indexed.`);
        return this.skip(uri);
      }
      const decoded = decodeManifestBytes(await fs.readFile(path));
      if ('notText' in decoded) {
        this.log.debug(() => `${uri}: ${decoded.notText}; not indexed.`);
        return this.skip(uri);
      }
      // The document may have been opened while the file was read: the editor wins.
      if (this.documents.isOpen(uri)) return 'indexed';
      this.index.setFile(uri, decoded.text);
      return 'indexed';
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') this.log.warning(`Could not read ${path}: ${describe(error)}`);
      return this.skip(uri);
    }
  }

  private skip(uri: string): Outcome {
    if (!this.documents.isOpen(uri)) this.index.removeFile(uri);
    return 'skipped';
  }

  /** A deleted file, or a deleted folder (a single event for the folder URI). Open documents stay. */
  private deleted(uri: string): void {
    if (!this.documents.isOpen(uri)) this.index.removeFile(uri);
    this.index.removeFolder(uri);
    for (const open of this.documents.uris()) if (isUnder(open, uri)) this.documents.track(open);
  }

  /** A created or changed file, or a created folder (the new side of a rename): only it is read. */
  private async createdOrChanged(uri: string): Promise<void> {
    const folder = this.folderOf(uri);
    const path = fileUriToPath(uri);
    if (!folder || !path || (this.isExcluded(uri, folder) && !this.index.isStandIn(uri))) return;
    if (await isDirectory(path)) {
      const files = this.index.isStandIn(uri)
        ? await this.listFiles(folder, uri, path, new Set(), isSkippedStandIn)
        : await this.listFiles(folder, uri, path);
      for (const file of files) await this.readFile(file, folder);
    } else {
      await this.readFile(uri, folder);
    }
  }

  private folderOf(uri: string): FolderState | undefined {
    return (
      this.folders.find((folder) => isUnder(uri, folder.uri)) ??
      this.folders.find((folder) => folder.standIns.some((root) => isUnder(uri, root.uri)))
    );
  }

  /** A manifest the folder does not exclude, or a stand-in: a file named in netpol.extraManifests, or a manifest under a folder named there. */
  private isReadable(uri: string, path: string, folder: FolderState): boolean {
    if (this.index.isStandIn(uri))
      return isManifestFileName(path) || this.folders.some((f) => f.standIns.some((root) => root.uri === uri));
    return isManifestFileName(path) && !this.isExcluded(uri, folder);
  }

  private isExcluded(uri: string, folder: FolderState): boolean {
    const relative = relativePath(uri, folder.uri);
    if (relative === undefined) return false;
    return relative.split('/').some((segment) => isSkippedFolderName(segment)) || folder.excluded.matches(relative);
  }
}

/** Between two reports of how far a scan is, for the view: a progress bar needs no more. */
const VIEW_PROGRESS_INTERVAL_MS = 100;

/** netpol/indexingProgress for one scan: the first report and the first with a count, then at most one per interval, and the end. */
class ViewProgress {
  private lastSent = 0;
  private lastTotal = -1;

  constructor(
    private readonly connection: Pick<Connection, 'sendNotification'>,
    private readonly log: Log,
  ) {}

  report(done: number, total: number): void {
    const now = Date.now();
    if (total === this.lastTotal && now - this.lastSent < VIEW_PROGRESS_INTERVAL_MS) return;
    this.lastSent = now;
    this.lastTotal = total;
    this.send({ indexing: true, done, total });
  }

  done(total: number): void {
    this.send({ indexing: false, done: total, total });
  }

  private send(params: IndexingProgressNotification.Params): void {
    this.connection
      .sendNotification(IndexingProgressNotification.type, params)
      .catch((error: unknown) => this.log.error('Could not report the indexing progress.', error));
  }
}

const stripSlash = (uri: string): string => uri.replace(/\/+$/, '');

/** A netpol.extraManifests entry resolved against its folder; inside the folder its URI is built as the scan builds the folder's. */
function standInRoot(folderUri: string, folderPath: string, entry: string): StandInRoot {
  const path = resolve(folderPath, entry);
  const inside = relative(folderPath, path);
  const under = inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
  return {
    entry,
    path,
    uri: under ? childUri(folderUri, ...inside.split(sep)) : inside === '' ? folderUri : pathToFileUri(path),
  };
}

/** Under a stand-in folder only node_modules and .git are skipped: netpol.exclude is for the workspace's own files. */
function isSkippedStandIn(uri: string): boolean {
  return isSkippedFolderName(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A file's text on disk, read outside the scan: the saved text of an open document, which the
 * what-if's `saved` base compares with (whatIfBase.ts). Undefined when there is no such file or it is not text.
 */
export async function readTextOnDisk(uri: string): Promise<string | undefined> {
  const path = fileUriToPath(uri);
  if (!path) return undefined;
  try {
    const decoded = decodeManifestBytes(await fs.readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
