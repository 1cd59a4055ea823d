// What the server renders, and when. The root builds of the workspace (kustomizations no
// other one lists, charts with a release) are offered as analysis contexts; the builds of
// the active context are handed to the BuildRenderer when something they read may have
// changed on disk (a save, a file event, the first scan), when the context or the settings
// change, or when trust is granted. Keystrokes never render: kustomize reads the disk.
import { chartFolderOf, chartNameOf } from '../engine/helmCharts';
import { buildInputs, rootKustomizations } from '../engine/kustomizeRoots';
import type { Kustomization } from '../engine/kustomizations';
import { resolveHelmCommand, resolveKustomizeCommand } from '../render';
import type { Workspace } from '../engine/workspace';
import { parseManifest, type KubeObject } from '../engine/manifests';
import { valueAt } from '../engine/values';
import type { ActiveContext, AnalysisContextsService, RootBuild } from './analysisContexts';
import { fileUriToPath, relativePath, resolveSettingPath } from './fileUris';
import type { Log } from './log';
import type { BuildRenderer, BuildTarget, RenderConfig, RenderProgress } from './rendering';
import type { RenderSettings, Settings } from './settings';
import { HELM_NOT_FOUND_REASON, type ChartRendering } from './unrenderedCharts';
import type { WorkspaceIndex } from './workspaceIndex';

const VALUES_FILE = 'values.yaml';

/** Why nothing is rendered, when it is so: said once in the log and in the status bar. */
type Off = { reason: string } | undefined;

/** Why builds of one tool are not run, when they are not: their folders are read as written. */
interface ToolsOff {
  kustomize?: string;
  helm?: string;
}

export class RenderedContext {
  private roots: (RootBuild & { target: BuildTarget })[] = [];
  private folders: readonly string[] = [];
  private off: Off;
  private toolsOff: ToolsOff = {};
  private learning: Promise<void> = Promise.resolve();
  /** Why the status bar says rendering is off, while it does: the renderer's own "idle" after an empty request must not replace it. */
  private offStatus: string | undefined;
  private rendering: RenderSettings | undefined;
  /**
   * What each build rendered the last time it was in the index: kept after it leaves, so a
   * context that dropped a colliding build does not take it back once the collision is out of sight.
   */
  private readonly rendered = new Map<string, string>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: Pick<Settings, 'forRendering'>,
    private readonly contexts: AnalysisContextsService,
    private readonly renderer: BuildRenderer,
    private readonly log: Log,
  ) {
    contexts.contexts.onDidChangeActive(() => this.refresh());
  }

  setFolders(folderUris: readonly string[]): void {
    this.folders = [...folderUris];
  }

  /** The workspace settled: the root builds may have changed (a kustomization or Chart.yaml added, edited, removed). */
  workspaceSettled(workspace: Workspace): void {
    if (!this.index.scanned) return;
    let collisionsMayDiffer = false;
    for (const build of workspace.renderedBuilds()) {
      const identities = identitiesOf(workspace.buildObjects(build.id));
      if (identities === '' || this.rendered.get(build.id) === identities) continue;
      this.rendered.set(build.id, identities);
      collisionsMayDiffer = true;
    }
    const roots = this.rootsOf(workspace);
    const key = (list: readonly RootBuild[]) => JSON.stringify(list.map((root) => [root.id, root.uri]));
    const same = key(roots) === key(this.roots);
    this.roots = roots;
    if (!same) this.learnCollisions(roots);
    else if (collisionsMayDiffer) this.contexts.contexts.setRoots(roots);
  }

  /**
   * Which roots collide is known only from what they render: the roots not rendered yet are
   * built first (their outputs are kept, so the context's own builds cost no second run), and
   * the contexts hear of the roots once, with their collisions, so the default is chosen once.
   */
  private learnCollisions(roots: (RootBuild & { target: BuildTarget })[]): void {
    const learn = async () => {
      const settings = await this.settings.forRendering(this.folders[0]);
      const toolsOff = this.toolsOffFor(settings);
      const unknown = settings.trusted ? roots.filter((root) => !this.rendered.has(root.id) && !toolsOff[root.target.tool]) : [];
      if (unknown.length > 0) {
        this.contexts.reportStatus('building', `finding which of ${unknown.length} builds describe one cluster`);
        const outputs = await this.renderer.probe(
          unknown.map((root) => root.target),
          this.configOf(settings),
        );
        for (const [id, output] of outputs) this.rendered.set(id, identitiesOf(parseManifest(id, output).objects));
      }
      // Roots may have changed again meanwhile: the latest are told.
      this.contexts.contexts.setRoots(this.roots);
    };
    this.learning = this.learning
      .then(learn)
      .catch((error: unknown) => this.log.error('Could not learn which builds collide.', error));
  }

  /** Whether two root builds put an object of the same kind, namespace and name into the cluster: they describe different clusters. Unknown (false) until both rendered. */
  collides(a: RootBuild, b: RootBuild): boolean {
    const left = new Set(this.rendered.get(a.id)?.split('\n') ?? []);
    return (this.rendered.get(b.id)?.split('\n') ?? []).some((identity) => identity !== '' && left.has(identity));
  }

  /** Renders what the active context names, now that inputs, settings or the context may have changed. */
  refresh(): void {
    void this.render().catch((error: unknown) => this.log.error('Could not plan the builds of the analysis context.', error));
  }

  /** The builds the renderer reports on, for the status bar. */
  progress(progress: RenderProgress): void {
    if (this.offStatus !== undefined) return;
    this.contexts.reportStatus(progress.state, progress.detail);
  }

  /** Which charts are rendered (those with a helm build in the index), and why the others are not. */
  charts(): ChartRendering {
    const reason = this.off?.reason ?? this.toolsOff.helm ?? HELM_NOT_FOUND_REASON;
    // A chart that has a build is rendered, or its failure is said on the same Chart.yaml (NP0009): chartSummaries leaves it out.
    return { rendered: new Set(), reasonFor: () => reason };
  }

  private async render(): Promise<void> {
    const settings = await this.settings.forRendering(this.folders[0]);
    this.rendering = settings;
    const off: Off = !settings.trusted
      ? { reason: 'the workspace is not trusted: rendering runs programs, so it waits for trust' }
      : undefined;
    if (off?.reason !== this.off?.reason && off) this.log.info(`Nothing is rendered: ${off.reason}.`);
    this.off = off;
    const toolsOff = this.toolsOffFor(settings);
    for (const [tool, reason] of Object.entries(toolsOff))
      if (reason !== this.toolsOff[tool as keyof ToolsOff]) this.log.info(`No ${tool} build is rendered: ${reason}.`);
    this.toolsOff = toolsOff;
    const active = this.contexts.contexts.active();
    // The context's plain folders apply whether or not its builds can be rendered: they are the user's choice of files.
    this.index.setReadFolders(active.folders);
    const targets = off ? [] : this.targetsOf(active, settings).filter((t) => !toolsOff[t.tool]);
    this.offStatus = off
      ? off.reason
      : targets.length === 0 && this.roots.some((root) => toolsOff[root.target.tool])
        ? Object.values(toolsOff).join('; ')
        : undefined;
    if (this.offStatus !== undefined) this.contexts.reportStatus('off', this.offStatus);
    this.renderer.request(targets, this.configOf(settings));
  }

  private configOf(settings: RenderSettings): RenderConfig {
    return {
      kustomizeCommand: settings.kustomize.command,
      helmCommand: settings.helm.command,
      limits: {
        timeoutMs: settings.timeoutMs,
        maxOutputBytes: settings.maxOutputBytes,
        allowNetwork: settings.allowNetwork,
        enableHelm: settings.kustomize.enableHelm,
      },
    };
  }

  /**
   * The tools that cannot or may not run, and what to do about it: without them the folders
   * they would build are read as written (the truthful raw reading), said once, not as an error per build.
   */
  private toolsOffFor(settings: RenderSettings): ToolsOff {
    const off: ToolsOff = {};
    if (!settings.kustomize.enabled) off.kustomize = 'netpol.kustomize.enable is off, so kustomizations are read as written';
    else if (!resolveKustomizeCommand(settings.kustomize.command))
      off.kustomize = 'neither kustomize nor kubectl was found on PATH: install one, or set netpol.kustomize.command';
    if (!resolveHelmCommand(settings.helm.command)) off.helm = HELM_NOT_FOUND_REASON;
    return off;
  }

  /** The active context's builds, as the renderer runs them; kustomize builds only while netpol.kustomize.enable is on. */
  private targetsOf(active: ActiveContext, settings: RenderSettings): BuildTarget[] {
    return active.builds.flatMap((build) => {
      const root = this.roots.find((candidate) => candidate.id === build.rootId || candidate.uri === build.folderUri);
      const target = root?.target ?? this.kustomizeTarget(build.folderUri);
      if (!target || (target.tool === 'kustomize' && !settings.kustomize.enabled)) return [];
      return [target];
    });
  }

  private rootsOf(workspace: Workspace): (RootBuild & { target: BuildTarget })[] {
    const kustomizations = workspace.kustomizations();
    const uris = workspace.uris();
    const kustomize = rootKustomizations(kustomizations).map((root) => {
      const target = this.kustomizeTargetFor(root, kustomizations, uris);
      return {
        id: target.id,
        label: target.label.replace(/^kustomize build /, ''),
        uri: target.folderUri,
        tool: 'kustomize' as const,
        target,
      };
    });
    return [...kustomize, ...this.helmRoots(workspace, uris)].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  private kustomizeTarget(folderUri: string): BuildTarget | undefined {
    const workspace = this.index.current();
    const kustomizations = workspace.kustomizations();
    const kustomization = kustomizations.find((k) => folderOf(k.uri) === folderUri);
    return kustomization && this.kustomizeTargetFor(kustomization, kustomizations, workspace.uris());
  }

  private kustomizeTargetFor(root: Kustomization, all: readonly Kustomization[], uris: readonly string[]): BuildTarget {
    const folderUri = folderOf(root.uri);
    return {
      id: root.uri,
      tool: 'kustomize',
      label: `kustomize build ${this.shown(folderUri)}`,
      anchorUri: root.uri,
      folderUri,
      inputs: buildInputs(root, all, uris),
    };
  }

  /**
   * The chart releases to render: those of netpol.helm.releases, or every chart with its own
   * values.yaml under the chart's name (a subchart, under another chart's charts/, is rendered by its parent).
   */
  private helmRoots(workspace: Workspace, uris: readonly string[]): (RootBuild & { target: BuildTarget })[] {
    const charts = uris.flatMap((uri) => chartFolderOf(uri) ?? []);
    const topLevel = charts.filter((chart) => !charts.some((other) => other !== chart && chart.startsWith(`${other}/charts/`)));
    const configured = this.rendering?.helm.releases ?? [];
    const folder = this.folders[0];
    const releases =
      configured.length > 0 && folder !== undefined
        ? configured.map((release) => ({ ...release, chartUri: resolveSettingPath(folder, release.chart) }))
        : topLevel
            .filter((chart) => workspace.text(`${chart}/${VALUES_FILE}`) !== undefined)
            .map((chartUri) => ({ chartUri, releaseName: undefined, namespace: 'default', valuesFiles: [] as string[] }));
    return releases.map((release) => {
      const name =
        release.releaseName ??
        chartNameOf(workspace.text(`${release.chartUri}/Chart.yaml`) ?? '') ??
        lastSegment(release.chartUri);
      const target: BuildTarget = {
        id: `${release.chartUri}#${name}`,
        tool: 'helm',
        label: `helm template ${name} ${this.shown(release.chartUri)}`,
        anchorUri: `${release.chartUri}/Chart.yaml`,
        folderUri: release.chartUri,
        release: {
          releaseName: name,
          namespace: release.namespace,
          valuesFiles: release.valuesFiles.flatMap(
            (file) => fileUriToPath(resolveSettingPath(folder ?? release.chartUri, file)) ?? [],
          ),
        },
        inputs: uris.filter((uri) => uri.startsWith(`${release.chartUri}/`)),
      };
      return {
        id: target.id,
        label: `${this.shown(release.chartUri)} (${name})`,
        uri: release.chartUri,
        tool: 'helm' as const,
        target,
      };
    });
  }

  /** A folder as people name it: relative to its workspace folder. */
  private shown(uri: string): string {
    const folder = this.folders.find((candidate) => uri === candidate || uri.startsWith(`${candidate}/`));
    // The workspace folder itself is named by its name: "showing ." says nothing.
    return folder === undefined ? uri : (relativePath(uri, folder) ?? lastSegment(uri));
  }
}

/** The identities (kind, namespace as written, name) of rendered objects: two builds sharing one describe different clusters. */
function identitiesOf(objects: readonly KubeObject[]): string {
  const identity = (object: KubeObject) =>
    [object.kind, valueAt(object.value, ['metadata', 'namespace']), valueAt(object.value, ['metadata', 'name'])]
      .map(String)
      .join('/');
  return objects.map(identity).sort().join('\n');
}

const folderOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/'));

const lastSegment = (uri: string): string => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
