// What the reachability view shows at any moment, and when to ask the server again.
// Plain (no `vscode`): the tree provider forwards VS Code's calls here.
//
// Answers are cached per workspace `version`. A stale answer stays on screen until
// the new one arrives (or forever, when the server cannot answer), so a refresh never
// empties the view; ids are stable, so VS Code keeps what was expanded.
import type { WorkloadSummary, WorkloadsRequest } from '../../../server/src/protocol';
import type { ReachabilityServer } from './serverRequests';
import type { FileNamer } from './sourceLinks';
import {
  buildRootNodes,
  buildWorkloadChildren,
  NO_FILTER,
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
  private readonly pending = new Map<string, Promise<readonly TreeNode[]>>();
  private readonly byId = new Map<string, TreeNode>();
  /** The answer the root was built from: a filter change rebuilds it without asking the server. */
  private rootAnswer: WorkloadsRequest.Result | undefined;
  private currentFilter: ViewFilter = NO_FILTER;

  constructor(
    private readonly server: Pick<ReachabilityServer, 'workloads' | 'reachability'>,
    private readonly onRequestFailed: (what: string, error: unknown) => void,
    private readonly options: TreeDataOptions = {},
  ) {}

  get filter(): ViewFilter {
    return this.currentFilter;
  }

  /** Rebuilds the root from the last answer under the new filter (the caller refreshes the view). */
  setFilter(filter: ViewFilter): void {
    this.currentFilter = filter;
    if (this.roots && this.rootAnswer) this.roots = { ...this.roots, nodes: this.buildRoots(this.rootAnswer) };
    this.reindex();
  }

  /** `netpol/resultsChanged`: true when the view should refresh its root (once per version). */
  resultsChanged(version: number): boolean {
    this.see(version);
    if (version === this.lastNotifiedVersion) return false;
    this.lastNotifiedVersion = version;
    return true;
  }

  /** "Refresh": ask everything again on the next look, keeping what is shown until then. */
  invalidate(): void {
    this.generation++;
    if (this.roots) this.roots.stale = true;
    for (const cached of this.workloadChildren.values()) cached.stale = true;
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
    return this.fetch('roots', cached, async () => {
      const result = await this.server.workloads();
      this.see(result.version);
      this.rootAnswer = result;
      const nodes = this.buildRoots(result);
      this.roots = { version: result.version, stale: false, nodes };
      this.reindex();
      return nodes;
    });
  }

  async childNodes(node: TreeNode): Promise<readonly TreeNode[]> {
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
    const find = (roots: readonly TreeNode[]) =>
      roots.flatMap((root) => (root.role === 'namespace' ? (root.children ?? []) : [])).find((node) => node.workloadRef === ref);
    const found = find(await this.rootNodes());
    // Known but filtered out: asking again would not show it.
    if (found || this.hiddenByFilter(ref)) return found;
    this.invalidate();
    return find(await this.rootNodes());
  }

  /** The workload as the last root answer describes it, filtered out or not. */
  workloadSummary(ref: string): WorkloadSummary | undefined {
    for (const namespace of this.rootAnswer?.namespaces ?? []) {
      const found = namespace.workloads.find((workload) => workload.ref === ref);
      if (found) return found;
    }
    return undefined;
  }

  /** True when the workload is in the last answer but the filter hides it. */
  hiddenByFilter(ref: string): boolean {
    return (
      this.workloadSummary(ref) !== undefined &&
      ![...this.byId.values()].some((node) => node.role === 'workload' && node.workloadRef === ref)
    );
  }

  private buildRoots(result: WorkloadsRequest.Result): TreeNode[] {
    const nodes = buildRootNodes(result, { fileName: this.options.fileName, filter: this.currentFilter });
    this.options.onRoots?.(summarizeRoot(result, nodes));
    return nodes;
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
    for (const cached of this.workloadChildren.values()) this.index(cached.nodes);
  }

  private index(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      this.byId.set(node.id, node);
      this.index(node.children ?? []);
    }
  }
}
