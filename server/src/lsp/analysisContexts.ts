// Analysis contexts: which rendered builds (and which plain folders) the workspace index
// analyses. Several root kustomizations (overlays/dev, overlays/prod) usually describe
// different clusters, and analysing them together would report every object twice; a
// context picks the builds that make one cluster. The contexts offered are those of
// netpol.contexts, one per root build the index found, and the plain reading of every
// file. This module owns that list and the choice; the index renders what `active()`
// names and re-renders when `onDidChangeActive` fires.
import type { Connection as LspConnection } from 'vscode-languageserver/node';
import { ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import type { RenderTool } from '../engine/renderedBuilds';
import {
  ContextsRequest,
  PLAIN_CONTEXT_ID,
  RenderStatusNotification,
  SetContextRequest,
  SettingKeys,
  type AnalysisContextInfo,
} from '../protocol';
import { relativePath, resolveSettingPath } from './fileUris';
import type { Log } from './log';
import type { FolderContextSettings, Settings } from './settings';

/** A build no other kustomization of the workspace lists (or a chart release), as the index found it. */
export interface RootBuild {
  /** The build's identity, as `RenderedBuild.id`. */
  id: string;
  /** How people name it, e.g. `overlays/prod` (workspace-relative). */
  label: string;
  /** The folder of the build: the kustomization's folder, or the chart folder. */
  uri: string;
  /** Words the notice with "kustomize overlays" or "Helm releases"; absent = "builds". */
  tool?: RenderTool;
}

/** One build of a context: its folder, and the root build it is when the index found it as one. */
export interface ContextBuild {
  folderUri: string;
  /** The `RootBuild.id` of that folder; undefined for a folder netpol.contexts names that is not a root (a base, say). */
  rootId: string | undefined;
}

/** What the index analyses. */
export interface ActiveContext {
  id: string;
  label: string;
  builds: ContextBuild[];
  /** Folder URIs whose files are read as they are; undefined = every file that is not an input of a rendered build. */
  folders: string[] | undefined;
}

/** `collides(a, b)`: whether two root builds put objects of the same kind, namespace and name into the cluster. */
export type Collides = (a: RootBuild, b: RootBuild) => boolean;

/** The id of the context of every root build that collides with no other. */
export const ALL_BUILDS_CONTEXT_ID = 'builds';

/** Ids of the contexts of netpol.contexts: the prefix, the workspace folder's URI, `#`, the name. */
const SETTING_CONTEXT_PREFIX = 'setting:';

const PICK_HINT = `Pick another with 'NetworkPolicy: Pick Analysis Context'`;

interface Computed {
  contexts: Array<AnalysisContextInfo & { active: ActiveContext }>;
  defaultId: string;
  /** Why the default leaves roots out. */
  defaultNotice: string | undefined;
}

export class AnalysisContexts {
  private folders: string[] = [];
  private roots: RootBuild[] = [];
  /** False until the index first reports its roots: a chosen root context is not "gone" before then. */
  private rootsKnown = false;
  private settingContexts: FolderContextSettings[] = [];
  /** The context chosen (by the user, now or in an earlier session); undefined = the default. */
  private chosen: string | undefined;
  private computed: Computed | undefined;
  private lastActive: string | undefined;
  private readonly listeners = new Set<(active: ActiveContext) => void>();

  constructor(private readonly collides: Collides) {}

  setFolders(folderUris: readonly string[]): void {
    this.folders = [...folderUris];
    this.changed();
  }

  /** The root builds the index found; call again whenever they change, or `collides` may answer differently. */
  setRoots(roots: readonly RootBuild[]): void {
    this.roots = [...roots];
    this.rootsKnown = true;
    this.changed();
  }

  setSettingContexts(byFolder: readonly FolderContextSettings[]): void {
    this.settingContexts = [...byFolder];
    this.changed();
  }

  /** The choice of an earlier session (initializationOptions): kept even while unknown, as the roots may come later. */
  restoreChoice(id: string | undefined): void {
    this.chosen = id;
    this.changed();
  }

  /** The user's choice; undefined goes back to the default. Throws {@link UnknownContextError} for an id not offered. */
  choose(id: string | undefined): ContextsRequest.Result {
    const { contexts } = this.compute();
    if (id !== undefined && !contexts.some((context) => context.id === id))
      throw new UnknownContextError(
        id,
        contexts.map((context) => context.label),
      );
    this.chosen = id;
    this.changed();
    return this.list();
  }

  list(): ContextsRequest.Result {
    const { contexts, defaultId, defaultNotice } = this.compute();
    const active = this.activeId();
    let notice: string | undefined;
    // A root build chosen before may only not be found yet; a context of the setting is read before any answer.
    const mayComeLater = !this.rootsKnown && !this.chosen?.startsWith(SETTING_CONTEXT_PREFIX);
    if (this.chosen !== undefined && active !== this.chosen && !mayComeLater)
      notice = `The analysis context chosen before is not in this workspace any more; showing ${this.labelOf(active)}. ${PICK_HINT}.`;
    else if (this.chosen === undefined) notice = defaultNotice;
    return {
      contexts: contexts.map(({ id, label, description, builds, folders }) => ({ id, label, description, builds, folders })),
      active,
      defaultId,
      ...(notice === undefined ? {} : { notice }),
    };
  }

  active(): ActiveContext {
    const id = this.activeId();
    return this.compute().contexts.find((context) => context.id === id)!.active;
  }

  /** Fires when the active context changes (after the first inputs arrive): another choice, or the same choice naming other builds. */
  onDidChangeActive(listener: (active: ActiveContext) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private activeId(): string {
    const { contexts, defaultId } = this.compute();
    return this.chosen !== undefined && contexts.some((context) => context.id === this.chosen) ? this.chosen : defaultId;
  }

  private labelOf(id: string): string {
    return this.compute().contexts.find((context) => context.id === id)?.label ?? id;
  }

  private changed(): void {
    this.computed = undefined;
    const active = this.active();
    const key = JSON.stringify(active);
    if (key === this.lastActive) return;
    const first = this.lastActive === undefined;
    this.lastActive = key;
    if (first) return;
    for (const listener of this.listeners) listener(active);
  }

  private compute(): Computed {
    if (this.computed) return this.computed;
    const roots = [...this.roots].sort((a, b) => comparePaths(this.display(a.uri), this.display(b.uri)));
    const contexts: Computed['contexts'] = [];

    for (const { folderUri, contexts: settings } of this.settingContexts) {
      for (const setting of settings) {
        const buildUris = setting.builds.map((path) => resolveSettingPath(folderUri, path));
        const folderUris = setting.folders?.map((path) => resolveSettingPath(folderUri, path));
        const parts = [
          ...buildUris.map((uri) => this.display(uri)),
          ...(folderUris ?? []).map((uri) => `${this.display(uri)} as it is`),
        ];
        contexts.push(
          this.context(
            `${SETTING_CONTEXT_PREFIX}${folderUri}#${setting.name}`,
            setting.name,
            `${parts.join(', ') || 'nothing'} (${SettingKeys.contexts})`,
            buildUris.map((uri) => ({ folderUri: uri, rootId: roots.find((root) => sameFolder(root.uri, uri))?.id })),
            folderUris,
          ),
        );
      }
    }

    // The default: the roots in path order, each unless it collides with one taken before.
    const taken: RootBuild[] = [];
    for (const root of roots) if (!taken.some((other) => this.collides(other, root))) taken.push(root);
    const left = roots.filter((root) => !taken.includes(root));

    if (taken.length > 1)
      contexts.push(
        this.context(
          ALL_BUILDS_CONTEXT_ID,
          left.length === 0 ? 'All builds' : 'All builds that do not collide',
          taken.map((root) => root.label).join(', '),
          taken.map((root) => ({ folderUri: root.uri, rootId: root.id })),
          undefined,
        ),
      );
    for (const root of roots)
      contexts.push(this.context(root.id, root.label, describeTool(root), [{ folderUri: root.uri, rootId: root.id }], undefined));
    contexts.push(this.context(PLAIN_CONTEXT_ID, 'All plain folders (no rendering)', 'every file read as it is', [], undefined));

    const defaultId = taken.length === 0 ? PLAIN_CONTEXT_ID : taken.length === 1 ? taken[0].id : ALL_BUILDS_CONTEXT_ID;
    const defaultNotice =
      left.length === 0
        ? undefined
        : `Several ${toolWords([...taken, ...left])} describe different clusters; showing ${taken.map((root) => root.label).join(', ')}. ${PICK_HINT}.`;
    this.computed = { contexts, defaultId, defaultNotice };
    return this.computed;
  }

  private context(
    id: string,
    label: string,
    description: string,
    builds: ContextBuild[],
    folders: string[] | undefined,
  ): Computed['contexts'][number] {
    return {
      id,
      label,
      description,
      builds: builds.map((build) => this.display(build.folderUri)),
      folders: (folders ?? []).map((uri) => this.display(uri)),
      active: { id, label, builds, folders },
    };
  }

  /** A folder as the picker shows it: relative to its workspace folder, prefixed with the folder's name when there are several. */
  private display(uri: string): string {
    for (const folder of this.folders) {
      const relative = sameFolder(uri, folder) ? '.' : relativePath(uri, folder);
      if (relative === undefined) continue;
      if (this.folders.length === 1) return relative;
      // The folder's own name, decoded as relativePath decodes: its path relative to its parent.
      const trimmed = folder.replace(/\/+$/, '');
      const name = relativePath(trimmed, trimmed.slice(0, trimmed.lastIndexOf('/'))) ?? trimmed;
      return relative === '.' ? name : `${name}/${relative}`;
    }
    return uri;
  }
}

/** `netpol/setContext` with an id that `netpol/contexts` does not offer. */
export class UnknownContextError extends Error {
  constructor(
    readonly id: string,
    offered: readonly string[],
  ) {
    super(`No analysis context has the id "${id}"; the contexts offered are: ${offered.join('; ')}.`);
  }
}

/** What server.ts tells the contexts, and what the index tells the status bar. */
export interface AnalysisContextsService {
  readonly contexts: AnalysisContexts;
  /** After workspace/didChangeConfiguration: netpol.contexts is read again. */
  settingsChanged(): Promise<void>;
  foldersChanged(folderUris: readonly string[]): Promise<void>;
  /** netpol/renderStatus for the status bar; the active context's id is added. Sent again, with the same state, when the active context changes. */
  reportStatus(state: RenderStatusNotification.State, detail?: string): void;
}

export function registerAnalysisContexts(
  connection: LspConnection,
  settings: Settings,
  log: Log,
  collides: Collides,
): AnalysisContextsService {
  const contexts = new AnalysisContexts(collides);
  let folders: readonly string[] = [];
  let status: { state: RenderStatusNotification.State; detail?: string } = { state: 'idle' };
  const send = () =>
    void connection
      .sendNotification(RenderStatusNotification.type, { ...status, active: contexts.list().active })
      .catch((error: unknown) => log.error('Could not send netpol/renderStatus.', error));

  contexts.onDidChangeActive((active) => {
    log.info(`Analysis context: ${active.label} (${describeCounts(active.builds.length, active.folders)}).`);
    send();
  });

  // Requests wait for the settings read in progress, so an answer after a settings change includes it.
  let settingsRead: Promise<void> = Promise.resolve();
  const readSettings = (): Promise<void> => {
    // Chained, so that an older read never lands after a newer one.
    settingsRead = settingsRead
      .then(() => settings.contexts(folders))
      .then((byFolder) => contexts.setSettingContexts(byFolder))
      .catch((error: unknown) => log.error('Could not apply netpol.contexts.', error));
    return settingsRead;
  };

  connection.onRequest(ContextsRequest.type, async () => {
    await settingsRead;
    return contexts.list();
  });
  connection.onRequest(SetContextRequest.type, async ({ id }) => {
    await settingsRead;
    try {
      return contexts.choose(typeof id === 'string' ? id : undefined);
    } catch (error) {
      if (error instanceof UnknownContextError) {
        log.warning(`${SetContextRequest.method}: ${error.message}`);
        return new ResponseError(ErrorCodes.InvalidParams, `${error.message} ${PICK_HINT.replace('another', 'one')}.`);
      }
      throw error;
    }
  });

  return {
    contexts,
    settingsChanged: readSettings,
    foldersChanged: async (folderUris) => {
      folders = [...folderUris];
      contexts.setFolders(folders);
      await readSettings();
    },
    reportStatus: (state, detail) => {
      status = detail === undefined ? { state } : { state, detail };
      send();
    },
  };
}

function describeCounts(builds: number, folders: readonly unknown[] | undefined): string {
  const buildWords = `${builds} build${builds === 1 ? '' : 's'}`;
  if (folders === undefined) return `${buildWords}, and every file that is not an input of a build`;
  return `${buildWords}, ${folders.length} plain folder${folders.length === 1 ? '' : 's'}`;
}

function describeTool(root: RootBuild): string {
  if (root.tool === 'kustomize') return `kustomize build ${root.label}`;
  if (root.tool === 'helm') return `helm template ${root.label}`;
  return root.label;
}

function toolWords(roots: readonly RootBuild[]): string {
  if (roots.every((root) => root.tool === 'kustomize')) return 'kustomize overlays';
  if (roots.every((root) => root.tool === 'helm')) return 'Helm releases';
  return 'builds';
}

const sameFolder = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Path order: segment by segment, so `overlays/dev` comes before `overlays/dev-eu` and `overlays/prod`. */
function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  return left.length - right.length;
}
