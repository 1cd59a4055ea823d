// What the reachability view shows at any moment, and when to ask the server again.
// Plain (no `vscode`): the tree provider forwards VS Code's calls here.
//
// Answers are cached per workspace `version`. A stale answer stays on screen until
// the new one arrives (or forever, when the server cannot answer), so a refresh never
// empties the view; ids are stable, so VS Code keeps what was expanded.
//
// Unfiltered, the root comes from `netpol/namespaces` and a namespace's workloads from
// `netpol/namespaceWorkloads` when it opens: what a refresh asks grows with what is open,
// not with the workspace. Before the first analysed answer, the index's answer shows the
// namespaces at once and the analysis fills in their counts. A filter needs every workload:
// filtered, the root comes from `netpol/workloads`, as one answer.
import type { NamespacesRequest, WorkloadSummary, WorkloadsRequest } from '../../../server/src/protocol';
import type { ReachabilityServer } from './serverRequests';
import type { FileNamer } from './sourceLinks';
import {
  buildNamespaceChildren,
  buildNamespaceRootNodes,
  buildRootNodes,
  buildWorkloadChildren,
  isFiltering,
  NO_FILTER,
  summarizeNamespaces,
  summarizeRoot,
  type RootSummary,
  type TreeNode,
  type ViewFilter,
} from './treeModel';

/** What the view shows beyond the server's answers. */
export interface TreeDataOptions {
  /** How files are named in tooltips (VS Code's workspace-relative path). */
  fileName?: FileNamer;
  /** Told each time the root is built (an answer, a filter change): for the view's badge and filter message. */
  onRoots?: (summary: RootSummary) => void;
  /** Told when the root changed without being asked (the analysis filled in the namespaces' counts): show it again. */
  onRootsFilledIn?: () => void;
  /** Whether the view is on screen: a hidden view asks nothing ahead of VS Code (by default it is). */
  visible?: () => boolean;
}

interface CachedNodes {
  readonly version: number;
  /** Set by a manual refresh or a server restart: ask again even if the version did not move. */
  stale: boolean;
  readonly nodes: readonly TreeNode[];
}

export class ReachabilityTreeData {
  /** Newest workspace version seen in a notification or an answer since the server (re)started. */
  private latestVersion: number | undefined;
  /** Last version a refresh was asked for: one refresh per version. */
  private lastNotifiedVersion: number | undefined;
  /** Bumped by a manual refresh or restart, so requests started before it are not shared after it. */
  private generation = 0;
  private roots: CachedNodes | undefined;
  private readonly workloadChildren = new Map<string, CachedNodes>();
  /** Workload nodes of namespaces opened, by namespace node id (the unfiltered root only). */
  private readonly namespaceChildren = new Map<string, CachedNodes>();
  /** The workloads of the namespaces opened, by ref. */
  private readonly summaries = new Map<string, WorkloadSummary>();
  /** The last `netpol/namespaces` answer: the unfiltered root. */
  private namespacesAnswer: NamespacesRequest.Result | undefined;
  /** Whether the root shown was built from {@link namespacesAnswer} (else from {@link rootAnswer}, under a filter). */
  private rootFromNamespaces = false;
  /** The analysed `netpol/namespaces` request asked after an answer from the index, while it runs. */
  private fillingIn: Promise<void> | undefined;
  private readonly pending = new Map<string, Promise<readonly TreeNode[]>>();
  private readonly byId = new Map<string, TreeNode>();
  /** The answer the root was built from: a filter change rebuilds it without asking the server. */
  private rootAnswer: WorkloadsRequest.Result | undefined;
  private currentFilter: ViewFilter = NO_FILTER;
  /** The nodes open in the view now, by id (VS Code's expand and collapse events). */
  private readonly open = new Map<string, TreeNode>();

  constructor(
    private readonly server: Pick<ReachabilityServer, 'workloads' | 'reachability' | 'namespaces' | 'namespaceWorkloads'>,
    private readonly onRequestFailed: (what: string, error: unknown) => void,
    private readonly options: TreeDataOptions = {},
  ) {}

  get filter(): ViewFilter {
    return this.currentFilter;
  }

  /** Rebuilds the root from the last answer under the new filter (the caller refreshes the view). */
  setFilter(filter: ViewFilter): void {
    this.currentFilter = filter;
    if (isFiltering(filter) && this.rootAnswer) this.showWorkloads(this.rootAnswer, this.roots?.stale === true);
    else if (!isFiltering(filter) && this.namespacesAnswer)
      this.showNamespaces(this.namespacesAnswer, this.roots?.stale === true);
    // The other root's answer was never asked: the next look asks for it.
    else if (this.roots) this.roots = { ...this.roots, version: -1 };
    this.reindex();
  }

  /** `netpol/resultsChanged`: true when the view should refresh its root (once per version). */
  resultsChanged(version: number): boolean {
    this.see(version);
    if (version === this.lastNotifiedVersion) return false;
    this.lastNotifiedVersion = version;
    this.askForOpenNodes();
    return true;
  }

  /** A node was opened in the view: its children are asked again with the root after each change. */
  expanded(node: TreeNode): void {
    this.open.set(node.id, node);
  }

  collapsed(node: TreeNode): void {
    this.open.delete(node.id);
  }

  /**
   * The root and the children of the open nodes, asked at once: VS Code would ask for them one
   * level at a time, each once the level above is shown, and every turn costs a round trip through
   * the workbench (and, on the server, a gap in which background work may start). The answers wait
   * in {@link pending} for VS Code's own calls.
   */
  private askForOpenNodes(): void {
    // A view never shown, or not shown now, is asked for when it shows.
    if (!this.roots || this.options.visible?.() === false) return;
    void this.rootNodes();
    for (const node of this.open.values()) {
      // Not in the tree shown now (under a filter, or gone): VS Code keeps it open for when it shows again.
      if (!this.byId.has(node.id)) continue;
      if ((node.role === 'namespace' && node.children === undefined) || node.role === 'workload') void this.childNodes(node);
    }
  }

  /** "Refresh": ask everything again on the next look, keeping what is shown until then. */
  invalidate(): void {
    this.generation++;
    if (this.roots) this.roots.stale = true;
    for (const cached of [...this.workloadChildren.values(), ...this.namespaceChildren.values()]) cached.stale = true;
  }

  /** A restarted server counts versions from scratch: forget the numbers, keep the nodes on screen. */
  serverRestarted(): void {
    this.latestVersion = undefined;
    this.lastNotifiedVersion = undefined;
    this.invalidate();
  }

  async rootNodes(): Promise<readonly TreeNode[]> {
    const cached = this.roots;
    if (cached && this.isFresh(cached)) return cached.nodes;
    if (isFiltering(this.currentFilter)) {
      return this.fetch('roots', cached, async () => {
        const result = await this.server.workloads();
        this.see(result.version);
        return this.showWorkloads(result);
      });
    }
    return this.fetch('namespaces', cached, async () => {
      // Once the analysis has answered, a refresh waits for it: the counts on screen stay until the new ones come.
      const result = await this.server.namespaces(this.namespacesAnswer?.analysed === true);
      this.see(result.version);
      const nodes = this.showNamespaces(result);
      if (!result.analysed) this.fillIn();
      return nodes;
    });
  }

  async childNodes(node: TreeNode): Promise<readonly TreeNode[]> {
    if (node.role === 'namespace' && node.children === undefined) return this.namespaceWorkloads(node);
    if (node.role !== 'workload' || node.workloadRef === undefined) return node.children ?? [];
    const ref = node.workloadRef;
    const cached = this.workloadChildren.get(ref);
    if (cached && this.isFresh(cached)) return cached.nodes;
    return this.fetch(`workload ${ref}`, cached, async () => {
      const result = await this.server.reachability(ref);
      // null: the workload went away since the root was built; the next refresh drops its node.
      if (result === null) return [];
      this.see(result.version);
      const nodes = buildWorkloadChildren(result, { fileName: this.options.fileName });
      this.workloadChildren.set(ref, { version: result.version, stale: false, nodes });
      this.index(nodes);
      return nodes;
    });
  }

  /** For TreeView.reveal: every node shown has its parent indexed. */
  parentNode(node: TreeNode): TreeNode | undefined {
    return node.parentId === undefined ? undefined : this.byId.get(node.parentId);
  }

  /** The workload's node, after asking for the root again once if it is not (yet) there; undefined when the filter hides it. */
  async findWorkload(ref: string): Promise<TreeNode | undefined> {
    // A namespace can hold no `/`: what precedes the first one is the workload's namespace.
    const namespace = ref.slice(0, ref.indexOf('/'));
    const find = async (roots: readonly TreeNode[]) => {
      for (const root of roots) {
        if (root.role !== 'namespace') continue;
        if (root.children) {
          const found = root.children.find((node) => node.workloadRef === ref);
          if (found) return found;
        } else if (root.label === namespace) {
          return (await this.childNodes(root)).find((node) => node.workloadRef === ref);
        }
      }
      return undefined;
    };
    const found = await find(await this.rootNodes());
    // Known but filtered out: asking again would not show it.
    if (found || this.hiddenByFilter(ref)) return found;
    this.invalidate();
    return find(await this.rootNodes());
  }

  /** The workload as the last answers describe it, filtered out or not. */
  workloadSummary(ref: string): WorkloadSummary | undefined {
    for (const namespace of this.rootAnswer?.namespaces ?? []) {
      const found = namespace.workloads.find((workload) => workload.ref === ref);
      if (found) return found;
    }
    return this.summaries.get(ref);
  }

  /** True when the workload is in the last answer but the filter hides it. */
  hiddenByFilter(ref: string): boolean {
    return (
      isFiltering(this.currentFilter) &&
      this.workloadSummary(ref) !== undefined &&
      ![...this.byId.values()].some((node) => node.role === 'workload' && node.workloadRef === ref)
    );
  }

  /** The root from `netpol/workloads` (under a filter). `stale`: a newer version is known, so the next look asks again. */
  private showWorkloads(result: WorkloadsRequest.Result, stale = false): readonly TreeNode[] {
    this.rootAnswer = result;
    const nodes = buildRootNodes(result, { fileName: this.options.fileName, filter: this.currentFilter });
    this.options.onRoots?.(summarizeRoot(result, nodes));
    this.roots = { version: result.version, stale, nodes };
    this.rootFromNamespaces = false;
    this.reindex();
    return nodes;
  }

  /** The root from `netpol/namespaces` (no filter). */
  private showNamespaces(result: NamespacesRequest.Result, stale = false): readonly TreeNode[] {
    this.namespacesAnswer = result;
    const nodes = buildNamespaceRootNodes(result, { fileName: this.options.fileName });
    this.options.onRoots?.(summarizeNamespaces(result, nodes));
    this.roots = { version: result.version, stale, nodes };
    this.rootFromNamespaces = true;
    this.reindex();
    return nodes;
  }

  /** The analysed counts, after the index's answer: shown when they come (one request at a time). */
  private fillIn(): void {
    if (this.fillingIn) return;
    this.fillingIn = this.server
      .namespaces(true)
      .then((result) => {
        this.see(result.version);
        const shown = this.roots;
        if (isFiltering(this.currentFilter) || (shown && this.rootFromNamespaces && shown.version > result.version)) return;
        this.showNamespaces(result);
        this.options.onRootsFilledIn?.();
      })
      .catch((error: unknown) => this.onRequestFailed('namespaces', error))
      .finally(() => (this.fillingIn = undefined));
  }

  private namespaceWorkloads(node: TreeNode): Promise<readonly TreeNode[]> {
    const cached = this.namespaceChildren.get(node.id);
    if (cached && this.isFresh(cached)) return Promise.resolve(cached.nodes);
    return this.fetch(`namespace ${node.label}`, cached, async () => {
      const result = await this.server.namespaceWorkloads(node.label);
      this.see(result.version);
      for (const workload of result.workloads) this.summaries.set(workload.ref, workload);
      const nodes = buildNamespaceChildren(node.id, result.workloads, { fileName: this.options.fileName });
      this.namespaceChildren.set(node.id, { version: result.version, stale: false, nodes });
      this.index(nodes);
      return nodes;
    });
  }

  private isFresh(cached: CachedNodes): boolean {
    return !cached.stale && cached.version === this.latestVersion;
  }

  private see(version: number): void {
    if (this.latestVersion === undefined || version > this.latestVersion) this.latestVersion = version;
  }

  /** One request per key and version at a time; on failure the stale nodes (or nothing) stay. */
  private fetch(
    key: string,
    fallback: CachedNodes | undefined,
    request: () => Promise<readonly TreeNode[]>,
  ): Promise<readonly TreeNode[]> {
    const pendingKey = `${key}@${this.latestVersion ?? '-'}#${this.generation}`;
    const existing = this.pending.get(pendingKey);
    if (existing) return existing;
    const started = request()
      .catch((error: unknown) => {
        this.onRequestFailed(key, error);
        return fallback?.nodes ?? [];
      })
      .finally(() => this.pending.delete(pendingKey));
    this.pending.set(pendingKey, started);
    return started;
  }

  private reindex(): void {
    this.byId.clear();
    this.index(this.roots?.nodes ?? []);
    // Under a filter, the namespaces opened unfiltered are not shown (theirs are other nodes).
    if (this.rootFromNamespaces) for (const cached of this.namespaceChildren.values()) this.index(cached.nodes);
    for (const cached of this.workloadChildren.values()) this.index(cached.nodes);
  }

  private index(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      this.byId.set(node.id, node);
      this.index(node.children ?? []);
    }
  }
}
