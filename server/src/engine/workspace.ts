// The workspace index: parsed files by URI, what each contributes (workloads,
// namespaces, NetworkPolicies), and label indexes for selector queries.
//
// Pure and synchronous. `setFile` parses that one file once and replaces only its
// contributions; other files are never re-parsed. A kustomization change can move
// other files' objects to another namespace: their already parsed objects are then
// re-read, not re-parsed.
//
// Namespaces of objects: a kustomization's `namespace:` wins (kustomize's
// namespace transformer sets it on every namespaced resource, overriding one that
// is set: kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/),
// then metadata.namespace, then the default namespace (kubectl without `-n`).
import { appliedNetworkPolicies, type AppliedPolicies } from './appliedPolicies';
import { unreadablePolicies, type UnreadablePolicy } from './unreadablePolicies';
import { emptyContributions, explicitNamespace, extractContributions } from './contributions';
import { notModelledEntry, selectForeign, type ForeignPolicy, type NotModelledPolicy } from './foreignPolicies';
import { groupDuplicatesByFiles } from './duplicateFiles';
import { groupBy } from './groupBy';
import { chartFolderOf, chartOfTemplate } from './helmCharts';
import { decodeUri, KustomizeNamespaces, readKustomization, sameKustomization, type Kustomization } from './kustomizations';
import { parseManifest, type KubeObject, type ManifestFile, type ParseOptions } from './manifests';
import type { RenderedBuild } from './renderedBuilds';
import { readRenderedBuild } from './renderedObjects';
import { collectNamespaces, type NamespaceInfo } from './namespaces';
import { normalizePolicy, type NetworkPolicyModel } from './policy';
import { compareRangeStarts } from './ranges';
import { SourceText } from './sourceText';
import { compareStrings, selectorKey, type LabelSelector } from './selectors';
import { LabelIndex } from './labelIndex';
import { WorkloadIndex } from './workloadIndex';
import {
  DEFAULT_NAMESPACE,
  type FileContributions,
  type IndexProblem,
  type NetworkPolicyEntry,
  type ServiceEntry,
  type Workload,
} from './workloads';
import { parseWorkloadRef } from './workloadRef';

/** What a foreign policy selects among the workloads of the workspace. */
export interface ForeignSelection {
  workloads: Workload[];
  /** Why some of its selectors could not be resolved: it may then govern any workload of its scope. */
  notUnderstood: readonly string[];
}

export interface WorkspaceOptions {
  /** Namespace of objects without metadata.namespace and outside any namespaced kustomization. */
  defaultNamespace?: string;
  parse?: ParseOptions;
  /**
   * Folder URIs of Helm charts known besides the `Chart.yaml` files read into the
   * workspace (the CLI looks on disk for the chart of a template named alone).
   */
  helmCharts?: readonly string[];
  /**
   * Where a file already parsed with the same text, chart and parse options may be taken from instead of
   * parsing it again: a what-if base shares the editor's parses and parses only the files that differ.
   * Parsed files are never changed after parsing, so two workspaces can hold the same one.
   */
  parsedElsewhere?: (uri: string, text: string, helmChart: string | undefined) => ManifestFile | undefined;
}

/**
 * A NetworkPolicy peer's selectors. `undefined` means the field is absent, which
 * differs from `{}` (present, selects everything).
 */
export interface PeerSelectors {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

interface FileEntry {
  uri: string;
  text: string;
  manifest: ManifestFile;
  kustomization?: Kustomization;
  /** The kustomization namespace used when the contributions were extracted. */
  kustomizeNamespace: string | undefined;
  /** The kustomization that applies the file as a patch, when the contributions were extracted. */
  kustomizePatchOf: string | undefined;
  contributions: FileContributions;
}

/** A rendered build in the index: its objects, placed in their origin files, and what they add. */
interface BuildEntry {
  build: RenderedBuild;
  objects: KubeObject[];
  /** The objects by origin file URI, by position. */
  byOrigin: Map<string, KubeObject[]>;
  /** The build's inputs and the files its objects came from. */
  inputs: readonly string[];
  contributions: FileContributions;
}

/** The namespaces of one workspace version, and the indexes over them. */
interface DerivedNamespaces {
  version: number;
  namespaces: Map<string, NamespaceInfo>;
  namespaceProblems: IndexProblem[];
  sorted: NamespaceInfo[];
  labelIndex: LabelIndex<NamespaceInfo>;
  /** Position in `sorted`, to keep selections in name order. */
  rank: Map<NamespaceInfo, number>;
  undeclared?: string[];
  /** namespacesWithWorkloadsSelectedBy, by selector key: findings repeat the same selectors in every namespace. */
  withSelected?: Map<string, string[]>;
}

/**
 * The index over every manifest file of a workspace. Feed it with
 * `setFile`/`removeFile`/`removeFolder`/`renameFolder` as files change; ask it
 * which workloads and namespaces selectors select. Results are sorted, so equal
 * workspaces give equal answers whatever order files arrived in.
 */
export class Workspace {
  /** Increases on every change of the indexed content; use it to key caches. */
  get version(): number {
    return this.currentVersion;
  }

  readonly defaultNamespace: string;
  private currentVersion = 0;
  private readonly parseOptions: ParseOptions;
  private readonly files = new Map<string, FileEntry>();
  /** Rendered builds by id; the files in their inputs contribute nothing of their own while they are in. */
  private readonly builds = new Map<string, BuildEntry>();
  /** Folders whose files are read as written (an analysis context's `folders`); undefined: every file no build reads. */
  private readFolders: readonly string[] | undefined;
  /** Input file URI -> the ids of the builds that read it. */
  private readonly inputsOf = new Map<string, Set<string>>();
  /** What `manifest(uri)` shows for an input file: the rendered objects that came from it, until the file or a build changes. */
  private renderedViews: { version: number; views: Map<string, ManifestFile> } | undefined;
  private readonly workloadIndex = new WorkloadIndex();
  /** Folders of the `Chart.yaml` files read, and those the options name: their `templates/` hold templates. */
  private readonly charts = new Set<string>();
  private readonly knownCharts: ReadonlySet<string>;
  private readonly parsedElsewhere: WorkspaceOptions['parsedElsewhere'];
  private kustomizeNamespaces: KustomizeNamespaces | undefined;
  private derived: DerivedNamespaces | undefined;
  private servicesCache: { version: number; byNamespace: Map<string, ServiceEntry[]> } | undefined;
  private foreignCache:
    | { version: number; selections: Map<ForeignPolicy, ForeignSelection>; governing: Map<string, NotModelledPolicy[]> }
    | undefined;
  private policies: ({ version: number } & ReturnType<typeof appliedNetworkPolicies>) | undefined;
  private sharedProblemsCache: { version: number; byUri: Map<string, IndexProblem[]> } | undefined;
  private duplicatesCache:
    ({ version: number; problems: IndexProblem[] } & ReturnType<typeof groupDuplicatesByFiles>) | undefined;
  /** The policy documents of each file that could not be read (unreadablePolicies.ts), until the file changes. */
  private readonly unreadable = new WeakMap<FileEntry, UnreadablePolicy[]>();
  /**
   * The model of each policy object (a re-parsed file brings new objects), with the
   * kustomization namespaces it was read under: only a change of those can move it.
   */
  private readonly policyModels = new WeakMap<KubeObject, { model: NetworkPolicyModel; kustomize: KustomizeNamespaces }>();

  constructor(options: WorkspaceOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? DEFAULT_NAMESPACE;
    this.parseOptions = options.parse ?? {};
    this.knownCharts = new Set(options.helmCharts ?? []);
    this.parsedElsewhere = options.parsedElsewhere;
  }

  // ---- updates ----------------------------------------------------------------

  /** Adds or replaces a file. Parses it once; other files are not re-parsed, except a chart's templates when its `Chart.yaml` arrives. */
  setFile(uri: string, text: string): void {
    const previous = this.files.get(uri);
    if (previous && previous.text === text) return;
    this.load(uri, text, previous);
    const chart = chartFolderOf(uri);
    if (chart !== undefined && !this.charts.has(chart)) {
      this.charts.add(chart);
      this.reloadTemplatesOf(chart);
    }
  }

  private load(uri: string, text: string, previous: FileEntry | undefined): void {
    const helmChart = this.helmChartOf(uri);
    const manifest =
      this.parsedElsewhere?.(uri, text, helmChart) ?? parseManifest(uri, text, { ...this.parseOptions, helmChart });
    const kustomization = readKustomization(uri, text, manifest);
    const entry: FileEntry = {
      uri,
      text,
      manifest,
      kustomization,
      kustomizeNamespace: undefined,
      kustomizePatchOf: undefined,
      contributions: emptyContributions(),
    };
    this.files.set(uri, entry);
    this.currentVersion++;
    if (!sameKustomization(previous?.kustomization, kustomization)) {
      this.replaceContributions(previous, undefined);
      this.extract(entry, undefined);
      this.kustomizationsChanged();
    } else {
      this.extract(entry, previous);
    }
  }

  /** A chart came or went: the files under its `templates/` are parsed again, as templates or as manifests. */
  private reloadTemplatesOf(chart: string): void {
    for (const uri of this.urisUnder(`${chart}/templates`)) {
      const entry = this.files.get(uri)!;
      this.load(uri, entry.text, entry);
    }
  }

  removeFile(uri: string): void {
    const entry = this.files.get(uri);
    if (!entry) return;
    this.files.delete(uri);
    this.currentVersion++;
    this.replaceContributions(entry, undefined);
    if (entry.kustomization) this.kustomizationsChanged();
    const chart = chartFolderOf(uri);
    if (chart !== undefined && this.charts.delete(chart)) this.reloadTemplatesOf(chart);
  }

  /** Removes every file under a folder URI (folder deleted, or the old side of a rename). */
  removeFolder(folderUri: string): void {
    const removed = this.urisUnder(folderUri);
    let kustomizations = false;
    for (const uri of removed) {
      const entry = this.files.get(uri)!;
      this.files.delete(uri);
      this.replaceContributions(entry, undefined);
      kustomizations ||= entry.kustomization !== undefined;
      // The chart's templates are under its folder: they leave with it.
      const chart = chartFolderOf(uri);
      if (chart !== undefined) this.charts.delete(chart);
    }
    if (removed.length === 0) return;
    this.currentVersion++;
    if (kustomizations) this.kustomizationsChanged();
  }

  /** Moves every file under a folder to a new folder URI, keeping their texts. */
  renameFolder(fromUri: string, toUri: string): void {
    const from = stripSlash(fromUri);
    const moved = this.urisUnder(fromUri).map((uri) => ({
      uri: stripSlash(toUri) + uri.slice(from.length),
      text: this.files.get(uri)!.text,
    }));
    this.removeFolder(fromUri);
    for (const file of moved) this.setFile(file.uri, file.text);
  }

  /**
   * Adds or replaces a rendered build (renderedObjects.ts): its objects join the index,
   * placed in their origin files, and its input files stop contributing objects of their
   * own, because the cluster gets the build, not them. `readText` gives the text of an
   * origin file the workspace has not read (the CLI reads only what it is given).
   */
  setBuild(build: RenderedBuild, readText: (uri: string) => string | undefined = () => undefined): void {
    const previous = this.builds.get(build.id);
    const parsedOrigins = new Map<string, ManifestFile | undefined>();
    const spelled = new Map<string, string>();
    const readOrigin = (uri: string): ManifestFile | undefined => {
      // The renderer's spelling of a URI may escape fewer characters than the editor's ('+', '('): looked up once per URI.
      if (!this.files.has(uri) && !spelled.has(uri)) spelled.set(uri, this.uriSpelledAsIndexed(uri));
      const own = this.files.get(spelled.get(uri) ?? uri)?.manifest;
      if (own) return own;
      if (!parsedOrigins.has(uri)) {
        const text = readText(uri);
        parsedOrigins.set(uri, text === undefined ? undefined : parseManifest(uri, text, this.parseOptions));
      }
      return parsedOrigins.get(uri);
    };
    const { objects, problems } = readRenderedBuild(build, readOrigin);
    const contributions = extractContributions(objects, (object) => this.namespaceOf(object));
    for (const problem of problems) contributions.problems.push({ kind: 'render', uri: build.anchorUri, ...problem });
    const byOrigin = groupBy(objects, (object) => object.uri);
    for (const list of byOrigin.values()) list.sort((a, b) => compareRangeStarts(a.range, b.range));
    this.workloadIndex.replace(previous?.contributions.workloads ?? [], contributions.workloads);
    const inputs = [...new Set([...build.inputs, ...byOrigin.keys()])];
    this.builds.set(build.id, { build, objects, byOrigin, contributions, inputs });
    this.currentVersion++;
    this.inputsChanged(previous?.inputs ?? [], inputs);
  }

  /**
   * A build that failed: its error sits on the kustomization file (or Chart.yaml), and its
   * inputs are read as they are written, as without rendering.
   */
  setBuildFailure(build: Pick<RenderedBuild, 'id' | 'tool' | 'label' | 'anchorUri'>, message: string): void {
    const failed: RenderedBuild = { ...build, output: '', originBase: build.anchorUri, inputs: [] };
    const contributions = emptyContributions();
    contributions.problems.push({ kind: 'render', uri: build.anchorUri, range: FIRST_LINE, message });
    const previous = this.builds.get(build.id);
    this.workloadIndex.replace(previous?.contributions.workloads ?? [], []);
    this.builds.set(build.id, { build: failed, objects: [], byOrigin: new Map(), contributions, inputs: [] });
    this.currentVersion++;
    this.inputsChanged(previous?.inputs ?? [], []);
  }

  /** The URI of an indexed file that decodes to the same path as `uri`; `uri` itself when none does. */
  private uriSpelledAsIndexed(uri: string): string {
    const path = decodeUri(uri);
    for (const indexed of this.files.keys()) if (decodeUri(indexed) === path) return indexed;
    return uri;
  }

  /** Removes a rendered build; its input files are read as objects of their own again. */
  removeBuild(id: string): void {
    const entry = this.builds.get(id);
    if (!entry) return;
    this.builds.delete(id);
    this.workloadIndex.replace(entry.contributions.workloads, []);
    this.currentVersion++;
    this.inputsChanged(entry.inputs, []);
  }

  /**
   * Which plain folders the cluster gets besides the builds (an analysis context's `folders`):
   * files elsewhere that no build reads contribute nothing. Undefined: every such file counts.
   */
  setReadFolders(folderUris: readonly string[] | undefined): void {
    const next = folderUris?.map(stripSlash);
    if (JSON.stringify(next) === JSON.stringify(this.readFolders)) return;
    this.readFolders = next;
    this.currentVersion++;
    for (const entry of this.files.values()) this.extract(entry, entry);
  }

  /** The rendered builds in the index, by id. */
  renderedBuilds(): RenderedBuild[] {
    return [...this.builds.values()].map((entry) => entry.build).sort((a, b) => compareStrings(a.id, b.id));
  }

  /** The objects a rendered build made, in output order; none for a build not in the index or one that failed. */
  buildObjects(id: string): readonly KubeObject[] {
    return this.builds.get(id)?.objects ?? [];
  }

  /** True when a rendered build read the file: the objects it gives the cluster are the build's. */
  isBuildInput(uri: string): boolean {
    return this.inputsOf.has(uri);
  }

  /** The files rendered builds placed objects in, and the anchors of failed builds, sorted: what `check` reports on besides the files it is given. */
  renderedFiles(): string[] {
    const uris = [...this.builds.values()].flatMap((entry) => [
      ...entry.byOrigin.keys(),
      ...entry.contributions.problems.map((problem) => problem.uri),
    ]);
    return [...new Set(uris)].sort(compareStrings);
  }

  // ---- queries ----------------------------------------------------------------

  /** URIs of the indexed files, sorted. */
  uris(): string[] {
    return [...this.files.keys()].sort(compareStrings);
  }

  /** The text a file was read with. */
  text(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  /** The file as parsed here, when it was read with this text and chart (for WorkspaceOptions.parsedElsewhere). */
  parsedAs(uri: string, text: string, helmChart: string | undefined): ManifestFile | undefined {
    const entry = this.files.get(uri);
    return entry !== undefined && entry.text === text && this.helmChartOf(uri) === helmChart ? entry.manifest : undefined;
  }

  /**
   * The parsed file, as `parseManifest` returned it; for an input of a rendered build,
   * the objects the build made from it instead, with the file's own syntax problems.
   */
  manifest(uri: string): ManifestFile | undefined {
    const entry = this.files.get(uri);
    if (!this.inputsOf.has(uri)) return entry?.manifest;
    return this.renderedView(uri, entry?.manifest);
  }

  /** The kustomization files read, sorted by URI (kustomizeRoots.ts finds the roots and what each build reads). */
  kustomizations(): Kustomization[] {
    return this.uris().flatMap((uri) => this.files.get(uri)!.kustomization ?? []);
  }

  /** The Helm chart whose `templates/` holds a file (helmCharts.ts); undefined when the file is not a chart template. */
  helmChartOf(uri: string): string | undefined {
    return chartOfTemplate(uri, (folder) => this.charts.has(folder) || this.knownCharts.has(folder));
  }

  /** True when some file defines a workload; cheaper than `workloads().length`. */
  hasWorkloads(): boolean {
    return this.workloadIndex.hasWorkloads();
  }

  /** Every workload, sorted by ref (duplicates by source URI); callers must not change the array. */
  workloads(): readonly Workload[] {
    return this.workloadIndex.all();
  }

  /** The workloads with a source in this file, sorted by ref. */
  workloadsDefinedIn(uri: string): readonly Workload[] {
    return this.workloadIndex.definedIn(uri);
  }

  /** Workloads of one namespace, sorted by ref. */
  workloadsIn(namespace: string): Workload[] {
    return this.workloadIndex.inNamespace(namespace);
  }

  /** Every known namespace, sorted by name (one array per workspace version: callers must not change it). */
  namespaces(): readonly NamespaceInfo[] {
    return this.namespaceMap().sorted;
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaceMap().namespaces.get(name);
  }

  /**
   * The NetworkPolicies the cluster would hold, with their effective namespace, by URI then
   * position: of copies with one namespace and name, the one applied last (appliedPolicies.ts).
   */
  networkPolicies(): NetworkPolicyEntry[] {
    return this.policyMap().applied;
  }

  /**
   * Every NetworkPolicy, grouped by namespace and name, each group in apply order; a
   * policy defined once is a group of one. Reachability keeps the last copy the API
   * server accepts, which needs validation, a layer above this one.
   */
  networkPolicyCopies(): readonly (readonly NetworkPolicyEntry[])[] {
    return this.policyMap().copies;
  }

  /** The Services with a selector in one namespace, by URI then position. */
  servicesIn(namespace: string): readonly ServiceEntry[] {
    if (this.servicesCache?.version !== this.currentVersion) {
      const services = this.allContributions().flatMap((contributions) => contributions.services);
      this.servicesCache = { version: this.currentVersion, byNamespace: groupBy(services, (service) => service.namespace) };
    }
    return this.servicesCache.byNamespace.get(namespace) ?? [];
  }

  /** Policies of other kinds (Cilium, Calico, AdminNetworkPolicy, Istio), by URI then position: indexed, not modelled. */
  foreignPolicies(): ForeignPolicy[] {
    return [...this.foreignState().selections.keys()];
  }

  /** The foreign policies of one file, by position. */
  foreignPoliciesIn(uri: string): ForeignPolicy[] {
    return this.contributionsIn(uri).flatMap((contributions) => contributions.foreignPolicies);
  }

  /** The workloads a foreign policy of this workspace selects, and what of its selectors is not understood. */
  foreignSelection(policy: ForeignPolicy): ForeignSelection {
    return this.foreignState().selections.get(policy) ?? { workloads: [], notUnderstood: [] };
  }

  /**
   * The foreign policies that select a workload (certain), or whose selectors are not
   * understood and whose scope holds it (uncertain), by URI then position.
   */
  notModelledFor(workloadRef: string): readonly NotModelledPolicy[] {
    return this.foreignState().governing.get(workloadRef) ?? [];
  }

  /** The NetworkPolicies of one file, by position; per-file features need not list the workspace's. */
  networkPoliciesIn(uri: string): NetworkPolicyEntry[] {
    return this.contributionsIn(uri).flatMap((contributions) => contributions.networkPolicies);
  }

  /** The effective namespace of a namespaced object of an indexed file; a renderer already gave its objects theirs. */
  namespaceOf(object: KubeObject): string {
    if (object.rendered) return explicitNamespace(object) ?? this.defaultNamespace;
    return this.kustomizeNamespaceOf(object.uri) ?? explicitNamespace(object) ?? this.defaultNamespace;
  }

  /**
   * The kustomization that applies a file as a patch (`patches`, `patchesStrategicMerge`,
   * `patchesJson6902`): the file holds partial objects, none of which the cluster holds.
   */
  kustomizePatchOf(uri: string): string | undefined {
    return this.files.get(uri)?.kustomizePatchOf;
  }

  /**
   * NetworkPolicy documents written in the workspace but not read (syntax error,
   * alias with no anchor, file over the size limit), by URI then line, with the
   * namespace they would land in as far as their text shows it.
   */
  unreadablePolicies(): (UnreadablePolicy & { namespace: string })[] {
    return this.sortedEntries().flatMap((entry) => {
      // A patch holds no objects, and a template is said to be one (NP0008, check's notices), not a broken manifest.
      // A build's input that cannot be read makes the build fail, which says so.
      if (
        entry.kustomizePatchOf !== undefined ||
        entry.manifest.template ||
        this.inputsOf.has(entry.uri) ||
        !this.readAsWritten(entry.uri)
      )
        return [];
      let found = this.unreadable.get(entry);
      if (!found) this.unreadable.set(entry, (found = unreadablePolicies(entry.manifest)));
      const namespace = (written?: string) => this.kustomizeNamespaceOf(entry.uri) ?? written ?? this.defaultNamespace;
      return found.map((policy) => ({ ...policy, namespace: namespace(policy.namespace) }));
    });
  }

  /**
   * The model of a NetworkPolicy object of an indexed file, in its effective namespace.
   * Built once and shared by every consumer; built again when the file changes (its
   * objects are new) or when a kustomization moves the policy to another namespace.
   */
  policyModel(object: KubeObject): NetworkPolicyModel {
    const kustomize = this.kustomizeState();
    const known = this.policyModels.get(object);
    if (known?.kustomize === kustomize) return known.model;
    const namespace = this.namespaceOf(object);
    const model = known?.model.namespace === namespace ? known.model : normalizePolicy(object, namespace);
    this.policyModels.set(object, { model, kustomize });
    return model;
  }

  /** Workloads of one namespace whose pod labels a selector selects (a pod selector never reaches other namespaces). */
  workloadsSelectedBy(selector: LabelSelector, namespace: string): Workload[] {
    return this.workloadIndex.selectedBy(selector, namespace);
  }

  /** Namespaces whose labels (with `kubernetes.io/metadata.name`) a selector selects, sorted by name. */
  namespacesSelectedBy(selector: LabelSelector): NamespaceInfo[] {
    // Every policy has peers with a namespaceSelector: scanning every namespace for each made checks quadratic.
    const { labelIndex, rank } = this.namespaceMap();
    return labelIndex.select(selector, '').sort((a, b) => rank.get(a)! - rank.get(b)!);
  }

  /** Namespaces holding a workload the pod selector selects, sorted (kept per selector and workspace version). */
  namespacesWithWorkloadsSelectedBy(selector: LabelSelector): readonly string[] {
    const derived = this.namespaceMap();
    derived.withSelected ??= new Map();
    const key = selectorKey(selector);
    let found = derived.withSelected.get(key);
    if (!found) {
      found = derived.sorted.map((ns) => ns.name).filter((name) => this.workloadsSelectedBy(selector, name).length > 0);
      derived.withSelected.set(key, found);
    }
    return found;
  }

  /** True when some namespace has the label key=value. */
  hasNamespaceLabel(key: string, value: string): boolean {
    return this.namespaceMap().labelIndex.has(key, value);
  }

  /** Namespaces holding workloads that no Namespace object declares: their labels other than the name are unknown. */
  undeclaredNamespacesWithWorkloads(): readonly string[] {
    const derived = this.namespaceMap();
    derived.undeclared ??= derived.sorted
      .filter((ns) => ns.source === undefined && this.workloadsIn(ns.name).length > 0)
      .map((ns) => ns.name);
    return derived.undeclared;
  }

  /**
   * The workloads a NetworkPolicy peer selects: `podSelector` alone in the policy's
   * namespace; `namespaceSelector` alone, every workload of the selected namespaces;
   * both, the pods matching podSelector inside the selected namespaces (AND).
   * @returns `undefined` when neither selector is present (not a selector peer).
   */
  workloadsForPeer(peer: PeerSelectors, policyNamespace: string): Workload[] | undefined {
    const { podSelector, namespaceSelector } = peer;
    if (!namespaceSelector) return podSelector ? this.workloadsSelectedBy(podSelector, policyNamespace) : undefined;
    const namespaces = this.namespacesSelectedBy(namespaceSelector).map((ns) => ns.name);
    return this.workloadIndex.selectedIn(namespaces, podSelector);
  }

  /** Pod label keys in use, in one namespace or everywhere (for completion). */
  labelKeys(namespace?: string): string[] {
    return this.workloadIndex.labelKeys(namespace);
  }

  /** Values in use for a pod label key, in one namespace or everywhere (for completion). */
  labelValues(key: string, namespace?: string): string[] {
    return this.workloadIndex.labelValues(key, namespace);
  }

  /** Namespace label keys, the implicit `kubernetes.io/metadata.name` included. */
  namespaceLabelKeys(): string[] {
    return this.namespaceMap().labelIndex.keys();
  }

  namespaceLabelValues(key: string): string[] {
    return this.namespaceMap().labelIndex.values(key);
  }

  /**
   * Workloads a ref names: `ns/name[Kind]` exactly, or `ns/name` of any kind.
   * More than one means duplicates or an ambiguous short ref.
   */
  workloadsByRef(ref: string): Workload[] {
    const parts = parseWorkloadRef(ref);
    if (!parts) return [];
    return this.workloadsIn(parts.namespace).filter(
      (w) => w.name === parts.name && (parts.kind === undefined || w.kind === parts.kind),
    );
  }

  /** The one workload a ref names; `undefined` when none, or when it is ambiguous. */
  workloadByRef(ref: string): Workload | undefined {
    const found = this.workloadsByRef(ref);
    return found.length === 1 ? found[0] : undefined;
  }

  /** What the index had to skip or guess, for one file or all, in URI order. */
  problems(uri?: string): IndexProblem[] {
    const shared = this.sharedProblems();
    // A file's own problems carry its URI; the others may sit in any file (a duplicate, a kustomization).
    const all =
      uri === undefined
        ? [...this.allContributions().flatMap((contributions) => contributions.problems), ...[...shared.values()].flat()]
        : [
            ...(this.files.get(uri)?.contributions.problems ?? []),
            ...[...this.builds.values()].flatMap((entry) => entry.contributions.problems.filter((p) => p.uri === uri)),
            ...(shared.get(uri) ?? []),
          ];
    return all.sort((a, b) => compareStrings(a.uri, b.uri) || compareRangeStarts(a.range, b.range));
  }

  // ---- internals --------------------------------------------------------------

  /**
   * The problems that need the whole workspace (duplicates, kustomization conflicts), by
   * the URI they sit in, once per version: a check asks for each file's, and working them
   * out per file made `check` quadratic in the number of files.
   */
  private sharedProblems(): Map<string, IndexProblem[]> {
    if (this.sharedProblemsCache?.version === this.currentVersion) return this.sharedProblemsCache.byUri;
    const duplicates = this.duplicates();
    const kustomize = this.kustomizeState();
    const shared = [
      ...duplicates.problems.filter((problem) => !duplicates.grouped.has(problem)),
      ...duplicates.byFiles,
      ...[...this.files.keys()].flatMap((uri) => kustomize.conflictOf(decodeUri(uri)) ?? []),
    ];
    this.sharedProblemsCache = { version: this.currentVersion, byUri: groupBy(shared, (problem) => problem.uri) };
    return this.sharedProblemsCache.byUri;
  }

  private extract(entry: FileEntry, previous: FileEntry | undefined): void {
    entry.kustomizeNamespace = this.kustomizeNamespaceOf(entry.uri);
    entry.kustomizePatchOf = this.kustomizeState().patchOf(decodeUri(entry.uri))?.uri;
    const contributions = extractContributions(
      entry.kustomizePatchOf === undefined && !this.inputsOf.has(entry.uri) && this.readAsWritten(entry.uri)
        ? entry.manifest.objects
        : [],
      (object) => entry.kustomizeNamespace ?? explicitNamespace(object) ?? this.defaultNamespace,
      entry.kustomizeNamespace,
    );
    this.replaceContributions(previous, entry, contributions);
  }

  /** Swaps one file's contributions; its workloads leave and join the workload index. */
  private replaceContributions(
    previous: FileEntry | undefined,
    next: FileEntry | undefined,
    contributions?: FileContributions,
  ): void {
    const removed = previous?.contributions.workloads ?? [];
    if (previous) previous.contributions = emptyContributions();
    if (next && contributions) next.contributions = contributions;
    this.workloadIndex.replace(removed, next && contributions ? contributions.workloads : []);
  }

  /** Re-reads (without re-parsing) the files whose kustomization namespace changed. */
  private kustomizationsChanged(): void {
    this.kustomizeNamespaces = undefined;
    for (const entry of this.files.values()) {
      const patchOf = this.kustomizeState().patchOf(decodeUri(entry.uri))?.uri;
      if (this.kustomizeNamespaceOf(entry.uri) !== entry.kustomizeNamespace || patchOf !== entry.kustomizePatchOf)
        this.extract(entry, entry);
    }
  }

  private kustomizeNamespaceOf(uri: string): string | undefined {
    return this.kustomizeState().namespaceOf(decodeUri(uri));
  }

  private kustomizeState(): KustomizeNamespaces {
    this.kustomizeNamespaces ??= new KustomizeNamespaces(
      [...this.files.values()].flatMap((e) => (e.kustomization ? [e.kustomization] : [])),
    );
    return this.kustomizeNamespaces;
  }

  private namespaceMap(): DerivedNamespaces {
    if (this.derived?.version === this.currentVersion) return this.derived;
    const { namespaces, namespaceProblems } = collectNamespaces(this.allContributions());
    const sorted = [...namespaces.values()].sort((a, b) => compareStrings(a.name, b.name));
    // One bucket: a namespace's labels are cluster-wide, not per namespace.
    const labelIndex = new LabelIndex<NamespaceInfo>((ns) => ns.labels);
    for (const ns of sorted) labelIndex.add('', ns);
    const rank = new Map(sorted.map((ns, index) => [ns, index]));
    this.derived = { version: this.currentVersion, namespaces, namespaceProblems, sorted, labelIndex, rank };
    return this.derived;
  }

  private policyMap(): AppliedPolicies {
    if (this.policies?.version === this.currentVersion) return this.policies;
    const all = this.allContributions().flatMap((contributions) => contributions.networkPolicies);
    this.policies = { version: this.currentVersion, ...appliedNetworkPolicies(all) };
    return this.policies;
  }

  private foreignState(): NonNullable<Workspace['foreignCache']> {
    if (this.foreignCache?.version === this.currentVersion) return this.foreignCache;
    const selections = new Map<ForeignPolicy, ForeignSelection>();
    const governing = new Map<string, NotModelledPolicy[]>();
    const namespaceLabels = (name: string) => this.namespace(name)?.labels ?? {};
    for (const policy of this.allContributions().flatMap((contributions) => contributions.foreignPolicies)) {
      const candidates = policy.namespace === undefined ? this.workloads() : this.workloadsIn(policy.namespace);
      const selection = { workloads: selectForeign(policy, candidates, namespaceLabels), notUnderstood: policy.notUnderstood };
      selections.set(policy, selection);
      const selected = new Set(selection.workloads.map((w) => w.ref));
      const governed = selection.notUnderstood.length > 0 ? candidates : selection.workloads;
      for (const workload of governed) {
        const list = governing.get(workload.ref) ?? [];
        if (!list.some((entry) => entry.location.uri === policy.object.uri && entry.policy === policy.ref))
          list.push(notModelledEntry(policy, selected.has(workload.ref)));
        governing.set(workload.ref, list);
      }
    }
    this.foreignCache = { version: this.currentVersion, selections, governing };
    return this.foreignCache;
  }

  /** Duplicate workloads, Namespaces and policies, with those two files share more than one of grouped per pair of files (duplicateFiles.ts). */
  private duplicates(): { problems: IndexProblem[] } & ReturnType<typeof groupDuplicatesByFiles> {
    if (this.duplicatesCache?.version === this.currentVersion) return this.duplicatesCache;
    const problems = [...this.workloadIndex.problems(), ...this.namespaceMap().namespaceProblems, ...this.policyMap().problems];
    this.duplicatesCache = { version: this.currentVersion, problems, ...groupDuplicatesByFiles(problems) };
    return this.duplicatesCache;
  }

  /** What every file and every rendered build adds, files by URI then builds by id. */
  private allContributions(): FileContributions[] {
    const builds = [...this.builds.values()].sort((a, b) => compareStrings(a.build.id, b.build.id));
    return [...this.sortedEntries().map((entry) => entry.contributions), ...builds.map((entry) => entry.contributions)];
  }

  /**
   * What one file adds: its own contributions, and those of the builds that placed objects
   * in it (the caller filters them by URI where it matters).
   */
  private contributionsIn(uri: string): FileContributions[] {
    const own = this.files.get(uri)?.contributions;
    const fromBuilds = [...this.builds.values()]
      .filter((entry) => entry.byOrigin.has(uri))
      .map((entry) => {
        const objects = new Set(entry.byOrigin.get(uri));
        const c = entry.contributions;
        return {
          ...c,
          networkPolicies: c.networkPolicies.filter((p) => objects.has(p.object)),
          foreignPolicies: c.foreignPolicies.filter((p) => objects.has(p.object)),
        };
      });
    return own ? [own, ...fromBuilds] : fromBuilds;
  }

  private readAsWritten(uri: string): boolean {
    return this.readFolders === undefined || this.readFolders.some((folder) => uri === folder || uri.startsWith(`${folder}/`));
  }

  /** The input files of builds changed: those that joined or left are read again, without re-parsing. */
  private inputsChanged(before: readonly string[], after: readonly string[]): void {
    const touched = new Set([...before, ...after]);
    this.inputsOf.clear();
    for (const entry of this.builds.values())
      for (const uri of entry.inputs) {
        const ids = this.inputsOf.get(uri) ?? new Set<string>();
        ids.add(entry.build.id);
        this.inputsOf.set(uri, ids);
      }
    for (const uri of touched) {
      const entry = this.files.get(uri);
      if (entry) this.extract(entry, entry);
    }
  }

  /** An input file as the cluster gets it: the rendered objects placed in it, its own YAML problems, and no template mark. */
  private renderedView(uri: string, own: ManifestFile | undefined): ManifestFile | undefined {
    if (this.renderedViews?.version !== this.currentVersion)
      this.renderedViews = { version: this.currentVersion, views: new Map() };
    const known = this.renderedViews.views.get(uri);
    if (known) return known;
    const objects = [...this.builds.values()]
      .flatMap((entry) => entry.byOrigin.get(uri) ?? [])
      .sort((a, b) => compareRangeStarts(a.range, b.range));
    if (!own && objects.length === 0) return undefined;
    const view: ManifestFile = {
      uri,
      source: own?.source ?? new SourceText(''),
      objects,
      // A template's NP0008 says it is not analysed: rendered, it is. Asked lazily, as the file's own.
      get diagnostics() {
        return own && !own.template ? own.diagnostics : [];
      },
    };
    this.renderedViews.views.set(uri, view);
    return view;
  }

  private sortedEntries(): FileEntry[] {
    return [...this.files.values()].sort((a, b) => compareStrings(a.uri, b.uri));
  }

  private urisUnder(folderUri: string): string[] {
    const prefix = stripSlash(folderUri) + '/';
    return [...this.files.keys()].filter((uri) => uri.startsWith(prefix));
  }
}

const stripSlash = (uri: string): string => uri.replace(/\/+$/, '');

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
