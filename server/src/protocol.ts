// The contract between the client (client/src) and the language server (server/src/lsp):
// setting keys, command ids and every custom `netpol/*` message, declared once and
// imported by both sides so that a rename breaks the build instead of the extension.
//
// Keep this file free of `vscode` imports and engine imports: the client bundles it.
// Each `netpol/*` message is a namespace in the shape of LSP's own (`HoverRequest`):
// `method`, `Params`, `Result`, and `type`, the typed message object both sides pass
// to sendRequest/onRequest and sendNotification/onNotification, so that a changed
// shape is a type error on both sides. They come from vscode-jsonrpc's platform-free
// module: its main would bundle node transports into the CLI, which imports this file too.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc/lib/common/messages';

/** The configuration section every setting of the extension lives under. */
export const SETTINGS_SECTION = 'netpol';

/** Full keys of the contributed settings (package.json `contributes.configuration`). */
export const SettingKeys = {
  validationEnable: 'netpol.validation.enable',
  kubernetesVersion: 'netpol.kubernetesVersion',
  maxFileSize: 'netpol.maxFileSize',
  logLevel: 'netpol.log.level',
  traceServer: 'netpol.trace.server',
  exclude: 'netpol.exclude',
  extraManifests: 'netpol.extraManifests',
  defaultNamespace: 'netpol.defaultNamespace',
  workspaceDiagnosticsSeverity: 'netpol.workspaceDiagnostics.severity',
  kustomizeEnable: 'netpol.kustomize.enable',
  kustomizeCommand: 'netpol.kustomize.command',
  kustomizeEnableHelm: 'netpol.kustomize.enableHelm',
  renderTimeoutSeconds: 'netpol.render.timeoutSeconds',
  renderMaxOutputMegabytes: 'netpol.render.maxOutputMegabytes',
  renderAllowNetwork: 'netpol.render.allowNetwork',
  helmCommand: 'netpol.helm.command',
  helmReleases: 'netpol.helm.releases',
  contexts: 'netpol.contexts',
  problemsScope: 'netpol.problems.scope',
  /** Read by the client only: the Reachability view follows the workload at the cursor. */
  reachabilityFollowCursor: 'netpol.reachability.followCursor',
  expectationsEnable: 'netpol.expectations.enable',
  expectationsMaxWitnesses: 'netpol.expectations.maxWitnesses',
  expectationsShowCodeLens: 'netpol.expectations.showCodeLens',
} as const;
export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

export const LOG_LEVELS = ['off', 'error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The `netpol` section as `workspace/configuration` returns it (nested by dots),
 * before the server checks it: every field may be missing or of the wrong type.
 */
export interface RawSettings {
  validation?: { enable?: unknown };
  kubernetesVersion?: unknown;
  maxFileSize?: unknown;
  log?: { level?: unknown };
  exclude?: unknown;
  extraManifests?: unknown;
  defaultNamespace?: unknown;
  workspaceDiagnostics?: { severity?: unknown };
  kustomize?: { enable?: unknown; command?: unknown; enableHelm?: unknown };
  render?: { timeoutSeconds?: unknown; maxOutputMegabytes?: unknown; allowNetwork?: unknown };
  helm?: { command?: unknown; releases?: unknown };
  contexts?: unknown;
  problems?: { scope?: unknown };
  expectations?: { enable?: unknown; maxWitnesses?: unknown; showCodeLens?: unknown };
}

/** netpol.expectations.maxWitnesses by default: the violating pairs listed per expectation (totals are always exact). */
export const DEFAULT_EXPECTATION_WITNESSES = 20;

/**
 * Values of netpol.problems.scope: which files get diagnostics. `workspace`: every file with a finding, opened or not;
 * `openFiles`: open documents only; `auto`: `workspace` up to {@link WORKSPACE_PROBLEMS_MAX_FILES} manifest files.
 */
export const PROBLEMS_SCOPES = ['auto', 'workspace', 'openFiles'] as const;
export type ProblemsScope = (typeof PROBLEMS_SCOPES)[number];
/** netpol.problems.scope `auto` reports on the whole workspace while it holds at most this many manifest files. */
export const WORKSPACE_PROBLEMS_MAX_FILES = 2000;

/**
 * Settings a folder's own settings.json must not set in an untrusted workspace, because each
 * names a program to run or lets one do more (package.json `capabilities.untrustedWorkspaces`
 * lists the same keys as `restrictedConfigurations`).
 */
export const RESTRICTED_SETTING_KEYS: readonly SettingKey[] = [
  SettingKeys.kustomizeEnable,
  SettingKeys.kustomizeCommand,
  SettingKeys.kustomizeEnableHelm,
  SettingKeys.renderAllowNetwork,
  SettingKeys.helmCommand,
];

/** Defaults of the rendering settings, as package.json declares them. */
export const DEFAULT_RENDER_TIMEOUT_SECONDS = 10;
export const DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES = 50;

/** One entry of netpol.helm.releases, as written: paths relative to the workspace folder. */
export interface HelmReleaseSetting {
  /** The chart folder (the one holding Chart.yaml). */
  chart: string;
  /** `helm template <releaseName>`; the chart's name when absent. */
  releaseName?: string;
  /** `--namespace`; `default` when absent. */
  namespace?: string;
  /** `-f` files, in order; relative to the workspace folder. */
  valuesFiles?: string[];
}

/** One entry of netpol.contexts, as written: paths relative to the workspace folder. */
export interface ContextSetting {
  name: string;
  /** Kustomization folders or chart folders to render. */
  builds: string[];
  /** Folders whose files are read as they are (no rendering); when absent, every file that is not an input of a build, as in the context of a root build. */
  folders?: string[];
}

/**
 * `initializationOptions` the client sends in `initialize`. The server reads each field
 * defensively: other clients send nothing.
 */
export interface InitializationOptions {
  /** `vscode.workspace.isTrusted`: rendering runs programs, so it runs only when true. Absent = trusted (editors without workspace trust). */
  workspaceTrusted?: boolean;
  /** The analysis context chosen in this workspace before (the client keeps it in its workspace state). */
  analysisContext?: string;
}
/** Values of netpol.workspaceDiagnostics.severity: the severity of NP3xxx diagnostics, or none at all. */
/** netpol.workspaceDiagnostics.severity, and `netpol check --workspace-diagnostics`. */
export const WORKSPACE_DIAGNOSTICS_SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type WorkspaceDiagnosticsSeverity = (typeof WORKSPACE_DIAGNOSTICS_SEVERITIES)[number];

/** Commands the client registers; ids match package.json `contributes.commands`. */
export const CommandIds = {
  restartServer: 'netpol.restartServer',
  showOutput: 'netpol.showOutput',
  /** Optional argument `{ from?, to?, port? }` (refs, port text, `''` = any port); all three given = no prompts. Resolves to the ExplainResult or undefined. */
  checkConnection: 'netpol.checkConnection',
  /** From the reachability view's context menu, on a workload or peer node. */
  explainConnection: 'netpol.explainConnection',
  /** Optional argument {@link ShowReachabilityArguments} (a workload lens's click): that workload instead of the one at the cursor. */
  showReachabilityAtCursor: 'netpol.showReachabilityAtCursor',
  refreshReachability: 'netpol.refreshReachability',
  /** The view's filter: a quick pick, or with an argument `{ text?, notIsolated?, fromOutside?, leftOut? }` applied as given (absent = off). */
  filterReachability: 'netpol.filterReachability',
  clearReachabilityFilter: 'netpol.clearReachabilityFilter',
  /** On a workload node (or its ref as argument): Check Connection with that workload as the source, or as the destination. */
  checkConnectionFrom: 'netpol.checkConnectionFrom',
  checkConnectionTo: 'netpol.checkConnectionTo',
  /** On a workload node (or its ref): copies `namespace/name[Kind]`, the ref as the CLI prints it. */
  copyWorkloadRef: 'netpol.copyWorkloadRef',
  /** On a workload node (or its ref): opens its definition and moves the focus there. */
  revealWorkloadInFile: 'netpol.revealWorkloadInFile',
  /** Shows a list of locations under a position (a CodeLens click); arguments {@link ShowReferencesArguments}. */
  showReferences: 'netpol.showReferences',
  /** Quick pick of the what-if's base (Saved / HEAD / Branch…); optional argument a WhatIfBaseChoice: no picker. */
  compareReachabilityWith: 'netpol.compareReachabilityWith',
  /** VS Code's diff editor on the connections of the what-if's base and of now. */
  openReachabilityDiff: 'netpol.openReachabilityDiff',
  /** Focuses the Reachability Changes view (the what-if status bar item). */
  showReachabilityChanges: 'netpol.showReachabilityChanges',
  /**
   * A quick pick of the analysis contexts (`netpol/contexts`); the choice is sent with `netpol/setContext` and kept
   * per workspace. Optional argument `{ id }` (`id` undefined = the default): no picker. Resolves to the new `netpol/contexts` answer or undefined.
   */
  pickContext: 'netpol.pickContext',
  /**
   * Writes an expectation asserting Check Connection's verdict into the workspace's expectations file (created when none).
   * Optional argument {@link AddExpectationArguments}: that question instead of the verdict shown. Resolves to the file's URI or undefined.
   */
  addExpectationFromConnection: 'netpol.addExpectationFromConnection',
  /** Writes `exactly` expectations for a workload's inbound and outbound today. Optional argument: its ref (or a tree node). Resolves to the file's URI or undefined. */
  snapshotWorkloadExpectations: 'netpol.snapshotWorkloadExpectations',
  /** "Explain" on a failed expectation's message in the Testing view (`testing/message/content`): Check Connection on its witness. */
  explainExpectationWitness: 'netpol.explainExpectationWitness',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Argument of `netpol.addExpectationFromConnection`: the connection to assert (as Check Connection takes it); `port` `''` or absent = any port. */
export interface AddExpectationArguments {
  from: string;
  to: string;
  port?: string;
}

/** Arguments of `netpol.showReachabilityAtCursor` from a workload's CodeLens: the workload to reveal in the Reachability view. */
export type ShowReachabilityArguments = [{ ref: string }];

/** Arguments of `netpol.showReferences`: where the list opens, and the locations to list. */
export type ShowReferencesArguments = [uri: string, position: ProtocolPosition, locations: SourceRef[]];

/** Name of the client's output channel, where both the client and the server log. */
export const OUTPUT_CHANNEL_NAME = 'NetworkPolicy Navigator';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'netpol';

// ---- Custom `netpol/*` requests and notifications -----------------------------
// Plain JSON shapes (no engine types: the client bundles this file). Positions and
// ranges are LSP's (0-based); a ref is `namespace/name[Kind]` for a workload, or a
// CIDR text (`0.0.0.0/0`, `10.0.0.0/8 except 10.1.0.0/16`) for an external peer.

export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface ProtocolRange {
  start: ProtocolPosition;
  end: ProtocolPosition;
}

/** Same shape as LSP's Location. */
export interface SourceRef {
  uri: string;
  range: ProtocolRange;
}

/** Ports as the CLI's JSON prints them: every port of every protocol, or merged sorted ranges. */
export type PortsJson = 'all' | Array<{ protocol: 'TCP' | 'UDP' | 'SCTP'; ports: Array<[number, number]> }>;

export interface WorkloadSummary {
  ref: string;
  namespace: string;
  kind: string;
  name: string;
  replicas?: number;
  /** Set for one replica of a StatefulSet analysed per replica (ref `namespace/name[StatefulSet]#<ordinal>`): its ordinal. */
  replica?: number;
  /** hostNetwork pods: NetworkPolicies do not apply to their traffic (the node's); analysed as selected by no policy. */
  hostNetwork?: boolean;
  /** Where the workload (or the first of its pods) is defined. */
  location?: SourceRef;
  /** Whether some policy selects it for that direction (otherwise that direction is open). */
  isolated: { ingress: boolean; egress: boolean };
  /** Policies of other kinds (Cilium, Calico, AdminNetworkPolicy, Istio) that also govern it; absent when none. */
  notModelled?: NotModelledPolicy[];
  /** Pod labels, for the view's filter. Absent from servers before 0.2. */
  labels?: Record<string, string>;
  /** How many peers "Reachable from" (inbound) and "Can reach" (outbound) list: workloads and external blocks. Absent from servers before 0.2. */
  peers?: { inbound: number; outbound: number };
  /** The external blocks its ingress allows (`0.0.0.0/0`, `10.0.0.0/8`): reachable from outside the cluster. Absent when none. */
  fromOutside?: string[];
}

/** A policy of another kind than NetworkPolicy, which the analysis does not model. */
export interface NotModelledPolicy {
  /** The object's kind, e.g. `CiliumNetworkPolicy`, `GlobalNetworkPolicy`. */
  kind: string;
  apiVersion: string;
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  policy: string;
  /** How people read it, e.g. `Calico GlobalNetworkPolicy deny-all`. */
  title: string;
  /** The directions it may govern for the pods it selects. */
  directions: Array<'ingress' | 'egress'>;
  /** False when its selector is not understood: it may select the workload, or not. */
  certain: boolean;
  location: SourceRef;
}

/** A not-modelled policy on one side of a verdict: the source's egress or the destination's ingress. */
export interface NotModelledOnSide extends NotModelledPolicy {
  /** The workload it governs. */
  workload: string;
  direction: 'ingress' | 'egress';
}

/** One policy or rule that takes part in a verdict. */
export interface Reason {
  /** `namespace/name` of the NetworkPolicy. */
  policy: string;
  direction: 'ingress' | 'egress';
  /** Index of the rule in spec.ingress / spec.egress; absent when the policy only isolates. */
  ruleIndex?: number;
  /** One line for people, e.g. "allows from pods app=web in namespace shop on TCP 8080". */
  description: string;
  location: SourceRef;
}

export interface PeerInfo {
  kind: 'workload' | 'external';
  ref: string;
  /** For workloads. */
  location?: SourceRef;
  /** A workload whose pods use the node's network: NetworkPolicies do not decide its traffic, the CNI does. */
  hostNetwork?: boolean;
}

export interface Connection {
  peer: PeerInfo;
  ports: PortsJson;
  /** e.g. "TCP 80, 8080-8090; UDP 53" or "all ports". */
  portsText: string;
  /** The rules on both sides (source egress, destination ingress) that allow it. */
  reasons: Reason[];
}

/** One side of a connection: the source's egress or the destination's ingress. */
export interface SideVerdict {
  isolated: boolean;
  /** Policies that select the pod for this direction. */
  isolatingPolicies: Reason[];
  /** Rules that allow (some of) the asked traffic. */
  allowingRules: Reason[];
  /** Egress rules that match the outside address asked about but whose named ports cannot resolve there; absent when none. */
  unresolvedRules?: Reason[];
  /** What this side allows between the two. */
  allowed: PortsJson;
  /** `allowed` in words, as {@link Connection.portsText}: e.g. "TCP 8080-8090", "all ports", "no ports". */
  allowedText: string;
}

export interface ExplainResult {
  from: PeerInfo;
  to: PeerInfo;
  /** The port asked about, e.g. "8080/TCP", or absent for "any port". */
  port?: string;
  /** True when some traffic (or the asked port) is allowed in both directions. */
  allowed: boolean;
  /** What is allowed end to end: egress ∩ ingress. */
  ports: PortsJson;
  portsText: string;
  egress: SideVerdict;
  ingress: SideVerdict;
  /** Plain-language verdict, one or two sentences. */
  summary: string;
  /** About the port asked: the protocol assumed when none was given, other protocols allowed on it (the summary ends with it too). */
  portNote?: string;
  /** What the verdict rests on beyond the policies (a pod to itself, hostNetwork pods, per-replica analysis). */
  notes?: string[];
  /** Set when a StatefulSet analysed per replica was named without an ordinal and its replicas answer differently. */
  perReplica?: Array<{ from: string; to: string; allowed: boolean; portsText: string; summary: string }>;
  /** Policies of other kinds governing either end: the cluster may decide differently. Servers before 0.2 omit it. */
  notModelled?: NotModelledOnSide[];
}

export interface LeftOutPolicy {
  /** `namespace/name`. */
  policy: string;
  location: SourceRef;
  /** Why it was left out of the analysis, e.g. "3 validation errors". */
  reason: string;
}

/** A Helm chart whose templates are left out of the analysis because it was not rendered. */
export interface UnrenderedChart {
  /** The chart's name (Chart.yaml `name:`). */
  chart: string;
  /** Its Chart.yaml. */
  uri: string;
  /** `kind: NetworkPolicy` lines of its templates. */
  networkPolicyTemplates: number;
  /** `kind:` lines of a workload kind in its templates. */
  workloadTemplates: number;
  /** Why it was not rendered, and what to do, e.g. "helm was not found: install helm or set netpol.helm.command". */
  reason: string;
}

/** client -> server: every namespace and workload of the workspace, for the tree view and pickers. */
export namespace WorkloadsRequest {
  export const method = 'netpol/workloads';
  export interface Result {
    /** Results version the answer belongs to: it grows with the workspace index and with changes of netpol.kubernetesVersion. */
    version: number;
    namespaces: Array<{ name: string; workloads: WorkloadSummary[] }>;
    leftOut: LeftOutPolicy[];
    /** Policies analysed as the API server stores them: without their unknown fields (reason says which). Absent from older servers. */
    adjusted?: LeftOutPolicy[];
    /** What the answers rest on beyond the policies (hostNetwork pods, StatefulSets analysed per replica, selectors not modelled). */
    notes?: string[];
    /** Helm charts not rendered, whose templates are not in the answers (NP0010); absent when there are none, and from older servers. */
    unrenderedCharts?: UnrenderedChart[];
  }
  export const type = new RequestType0<Result, void>(method);
}

/** One namespace as the view's first level shows it. */
export interface NamespaceSummary {
  name: string;
  /** Workloads of the namespace (StatefulSet replicas analysed on their own count one each, once analysed). */
  workloads: number;
  /** Workloads not isolated for ingress or for egress; absent until the answer is analysed. */
  notIsolated?: number;
}

/**
 * client -> server: the namespaces of the workspace, for the view's first level. `analysed: false`
 * is answered from the index at once (names and workload counts); `analysed: true` waits for the
 * analysis and adds what needs it (not isolated counts, the policies left out). Workloads come per
 * namespace ({@link NamespaceWorkloadsRequest}); {@link WorkloadsRequest} still answers all at once.
 */
export namespace NamespacesRequest {
  export const method = 'netpol/namespaces';
  export interface Params {
    analysed: boolean;
  }
  export interface Result {
    version: number;
    /** Whether the counts and the fields below come from the analysis (else they are absent or from the index). */
    analysed: boolean;
    /** Namespaces with workloads, by name. */
    namespaces: NamespaceSummary[];
    leftOut?: LeftOutPolicy[];
    adjusted?: LeftOutPolicy[];
    notes?: string[];
    unrenderedCharts?: UnrenderedChart[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** client -> server: the workloads of one namespace, as {@link WorkloadsRequest} describes them. */
export namespace NamespaceWorkloadsRequest {
  export const method = 'netpol/namespaceWorkloads';
  export interface Params {
    namespace: string;
  }
  export interface Result {
    version: number;
    workloads: WorkloadSummary[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** client -> server: inbound and outbound connections of one workload, with ports and reasons. */
export namespace ReachabilityRequest {
  export const method = 'netpol/reachability';
  export interface Params {
    /** `namespace/name[Kind]`, or `namespace/name` when unambiguous. */
    workload: string;
  }
  /** null when no workload has that ref (or a short ref is ambiguous, or names a StatefulSet analysed per replica without `#N`). */
  export type Result = {
    version: number;
    workload: WorkloadSummary;
    inbound: Connection[];
    outbound: Connection[];
    leftOut: LeftOutPolicy[];
  } | null;
  export const type = new RequestType<Params, Result, void>(method);
}

/** client -> server: can `from` reach `to` (optionally on one port), and why. */
export namespace ExplainRequest {
  export const method = 'netpol/explain';
  export interface Params {
    from: string;
    to: string;
    /** `8080`, `8080/TCP`, `53/udp`. */
    port?: string;
  }
  /** An error message instead of a result when a ref or the port is not understood. */
  export type Result = ExplainResult | { error: string };
  export const type = new RequestType<Params, Result, void>(method);
}

/** client -> server: the workload whose definition (or a policy selecting only it) is at a position. */
export namespace WorkloadAtRequest {
  export const method = 'netpol/workloadAt';
  export interface Params {
    uri: string;
    position: ProtocolPosition;
  }
  export type Result = { ref: string } | null;
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * server -> client: how far the scan of the workspace folders is, so the reachability view says "indexing"
 * instead of "no workloads" while it runs. Sent when a scan starts, as it reads files, and when it ends.
 */
export namespace IndexingProgressNotification {
  export const method = 'netpol/indexingProgress';
  export interface Params {
    /** False once the scan has read every file (the last notification of a scan). */
    indexing: boolean;
    /** Files read so far, of `total` (0 of 0 while the folders are still being listed). */
    done: number;
    total: number;
  }
  export const type = new NotificationType<Params>(method);
}

/** server -> client: the workspace or netpol.kubernetesVersion changed; reachability answers older than `version` are stale. */
export namespace ResultsChangedNotification {
  export const method = 'netpol/resultsChanged';
  export interface Params {
    version: number;
  }
  export const type = new NotificationType<Params>(method);
}

// ---- What an edit changes: the live what-if ------------------------------------
// The workspace as the editor holds it (every dirty buffer over the disk) against a
// base: the saved files, HEAD or another git ref. The client reads git (the built-in
// Git extension); the server diffs. The shape is `netpol diff --format json`'s, with
// LSP locations instead of file:line.

/**
 * Which base the what-if compares with. `auto`: the saved files while a buffer has unsaved
 * edits, HEAD otherwise. `head` and `ref` need the texts of that ref (`netpol/setWhatIfBase`).
 */
export interface WhatIfBaseChoice {
  kind: 'auto' | 'saved' | 'head' | 'ref';
  /** The git ref for `ref` (a branch, a tag, a commit); `HEAD` for `head`. */
  ref?: string;
}

/** The base a result was computed against. */
export interface WhatIfBase {
  kind: 'saved' | 'head' | 'ref';
  ref?: string;
  /** How the status bar names it: `saved`, `HEAD`, `main`. */
  label: string;
}

/** A file of a git ref whose text differs from the disk: its text there, or null when the ref has no such file. */
export interface WhatIfRefFile {
  uri: string;
  text: string | null;
}

/** The texts of one git ref where they differ from the disk (the files git reports as changed). */
export interface WhatIfRefTexts {
  ref: string;
  files: WhatIfRefFile[];
}

export type WhatIfChangeKind = 'opened' | 'closed' | 'widened' | 'narrowed' | 'changed' | 'unknown';

/** A rule or policy that made a change: in the base (`before`, its location is in the base's text) or now (`after`). */
export interface WhatIfCause {
  version: 'before' | 'after';
  side: 'ingress' | 'egress';
  /** `namespace/name`; absent when the cause is that no policy isolates the side. */
  policy?: string;
  /** e.g. `ingress[0]`; absent when the policy only isolates. */
  rule?: string;
  description: string;
  /** Where it is written: in the buffer (`after`), or in the base's text of that file (`before`). */
  location?: SourceRef;
}

/** One pair whose allowed connections differ between the base and now. */
export interface WhatIfChange {
  kind: WhatIfChangeKind;
  from: string;
  to: string;
  before: PortsJson | 'none';
  after: PortsJson | 'none';
  added: PortsJson | 'none';
  removed: PortsJson | 'none';
  /** The delta in words, e.g. `+TCP 50051`, `−UDP 53`, `+TCP 80 −TCP 8080`. */
  deltaText: string;
  /** Whether each end exists in both versions (`persistent`), only now (`added`) or only in the base (`removed`). */
  fromState: 'persistent' | 'added' | 'removed';
  toState: 'persistent' | 'added' | 'removed';
  causes: WhatIfCause[];
}

/** An expectation whose outcome differs between the base and now. */
export interface WhatIfExpectation {
  id: string;
  name: string;
  before: string;
  after: string;
  /** Where the expectation is written, when it is in the workspace now. */
  location?: SourceRef;
  /** The rules the failure rests on now (broken) or rested on in the base (fixed). */
  causes: WhatIfCause[];
}

export interface WhatIfResult {
  /** The results version ({@link ResultsChangedNotification}) the answer is for. */
  version: number;
  base: WhatIfBase;
  /** The files whose text differs from the base (every dirty buffer against `saved`), sorted. */
  overlay: string[];
  summary: {
    opened: number;
    closed: number;
    widened: number;
    narrowed: number;
    changed: number;
    unknown: number;
    expectationsBroken: number;
    expectationsFixed: number;
  };
  changes: WhatIfChange[];
  expectations: WhatIfExpectation[];
  /** Why there is nothing to compare, or what the comparison leaves out, e.g. "HEAD is not known (no git repository)". */
  notice?: string;
}

/** client -> server: the what-if against the chosen base, or against `base` when given. */
export namespace WhatIfRequest {
  export const method = 'netpol/whatIf';
  export interface Params {
    base?: WhatIfBaseChoice;
  }
  export type Result = WhatIfResult;
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * client -> server: the base the what-if compares with from now on, and the texts of the git refs it needs
 * (HEAD for `auto` and `head`, the ref for `ref`; sent again when git's state changes). Answers the new what-if.
 */
export namespace SetWhatIfBaseRequest {
  export const method = 'netpol/setWhatIfBase';
  export interface Params {
    base: WhatIfBaseChoice;
    /** The texts of the refs named; a ref not given keeps the texts it was last given. */
    refs?: WhatIfRefTexts[];
    /** Why git texts are missing (no repository, the Git extension disabled): said in `notice`. */
    gitUnavailable?: string;
  }
  export type Result = WhatIfResult;
  export const type = new RequestType<Params, Result, void>(method);
}

/** server -> client: the workspace settled and the what-if against the chosen base changed. */
export namespace WhatIfChangedNotification {
  export const method = 'netpol/whatIfChanged';
  export type Params = WhatIfResult;
  export const type = new NotificationType<Params>(method);
}

/** client -> server: a file's text in the base (for the read-only `netpol-base:` documents); null when the base has no such file. */
export namespace WhatIfBaseTextRequest {
  export const method = 'netpol/whatIfBaseText';
  export interface Params {
    uri: string;
    base?: WhatIfBaseChoice;
  }
  export interface Result {
    text: string | null;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** client -> server: the connections of the base and of now as `netpol reach` lists them (one table, the same column widths), for VS Code's diff editor. */
export namespace WhatIfReachTextRequest {
  export const method = 'netpol/whatIfReachText';
  export interface Params {
    base?: WhatIfBaseChoice;
  }
  export interface Result {
    base: WhatIfBase;
    before: string;
    after: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

// ---- Analysis contexts and rendering -----------------------------------------

/** One analysis context: which builds are rendered and which folders are read as they are. */
export interface AnalysisContextInfo {
  /** Opaque; what `netpol/setContext` takes and the client persists. */
  id: string;
  /** e.g. `overlays/prod`, or the name given in netpol.contexts. */
  label: string;
  /** One line, e.g. `kustomize build overlays/prod` or `2 builds, 1 folder`. */
  description: string;
  /** The builds rendered, as workspace-relative folders. */
  builds: string[];
  /** The folders read as they are, workspace-relative; empty also when every file that is not an input of a build is read (the description says which). */
  folders: string[];
}

/** The context that reads every file as it is, rendering nothing; always offered. */
export const PLAIN_CONTEXT_ID = 'plain';

/** client -> server: the analysis contexts offered and the one in effect. */
export namespace ContextsRequest {
  export const method = 'netpol/contexts';
  export interface Result {
    /** Setting contexts (netpol.contexts) first, then every build together (when they do not collide), one per root build, and the plain context last. */
    contexts: AnalysisContextInfo[];
    /** The id of the context in effect: the one chosen, or the default. */
    active: string | undefined;
    /** The context used when none is chosen (or the chosen one is gone). */
    defaultId: string;
    /** Why the default is not everything, or why the chosen context is not in effect, and how to pick. */
    notice?: string;
  }
  export const type = new RequestType0<Result, void>(method);
}

/**
 * client -> server: make a context the active one (`id` undefined: back to the default).
 * A request, not a notification, so that an unknown id is refused with an error the client can show.
 */
export namespace SetContextRequest {
  export const method = 'netpol/setContext';
  export interface Params {
    id: string | undefined;
  }
  export type Result = ContextsRequest.Result;
  export const type = new RequestType<Params, Result, void>(method);
}

/** server -> client: whether rendering runs, for the status bar; also sent when the active context changes. */
export namespace RenderStatusNotification {
  export const method = 'netpol/renderStatus';
  export type State = 'idle' | 'building' | 'failed' | 'off';
  export interface Params {
    state: State;
    /** The id of the active analysis context. */
    active: string | undefined;
    /** What failed (the tool's message, shortened), or why rendering is off. */
    detail?: string;
  }
  export const type = new NotificationType<Params>(method);
}

/** client -> server: the user trusted the workspace (VS Code's onDidGrantWorkspaceTrust); rendering may run from now on. */
export namespace TrustChangedNotification {
  export const method = 'netpol/trustChanged';
  export interface Params {
    trusted: boolean;
  }
  export const type = new NotificationType<Params>(method);
}

// ---- Reachability expectations (kind ReachabilityExpectations) -----------------

/** Ports as `netpol test --format json` prints them: reach's form, with `"none"` for nothing (and `"any"` for an expected `ports: any`). */
export type ExpectationPortsJson = PortsJson | 'none' | 'any';

/** One rule or fact that decided a side of a violating pair. */
export interface ExpectationReason {
  side: 'ingress' | 'egress';
  verdict: 'allowed' | 'denied';
  /** `namespace/name` of the NetworkPolicy, when a policy decided. */
  policy?: string;
  /** e.g. `ingress[0]`, when a rule allowed. */
  rule?: string;
  /** One line for people, e.g. "NetworkPolicy shop/allow-frontend allows by ingress rule #1". */
  description: string;
  /** The rule (or the policy, or the workload that no policy isolates). */
  location?: SourceRef;
}

/** A pair that breaks an expectation (a witness). */
export interface ExpectationViolation {
  from: string;
  to: string;
  expected: ExpectationPortsJson;
  actual: ExpectationPortsJson;
  /** `expected` and `actual` in words (e.g. "TCP 5050", "no ports"), so that the client parses no ports. */
  expectedText: string;
  actualText: string;
  reasons: ExpectationReason[];
  /** What Check Connection (`netpol.checkConnection`'s argument) asks to explain it: the pair, on the first port the policies and the expectation disagree on (`''`: any port). */
  explain: { from: string; to: string; port: string };
}

export type ExpectationStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One expectation's result: `netpol test --format json`'s shape, with a URI and an LSP range instead of file:line:column. */
export interface ExpectationResult {
  id: string;
  name: string;
  uri: string;
  /** The list item of the expectation. */
  range: ProtocolRange;
  expect: 'allowed' | 'denied' | 'exactly';
  tags: string[];
  status: ExpectationStatus;
  /** NPT001-NPT004 for failed and error results. */
  code?: string;
  /** The engine's one-line wording of the result (the text output's line). */
  message: string;
  pairs: { total: number; violating: number };
  /** At most netpol.expectations.maxWitnesses, sorted. */
  violations: ExpectationViolation[];
  /** Why an `error` result could not be evaluated, each where it applies (the endpoint, or a left-out policy). */
  errors: Array<{ message: string; location?: SourceRef }>;
  /** The `skip` reason. */
  skipReason?: string;
}

/** A problem of an expectations file itself (schema, YAML), which keeps expectations from being read. */
export interface ExpectationFileProblem {
  range: ProtocolRange;
  message: string;
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
}

export interface ExpectationsFileInfo {
  uri: string;
  /** `metadata.name` of its (first) document. */
  name?: string;
  problems: ExpectationFileProblem[];
}

/** client -> server: the expectations of the workspace (or of one file) and their results on the workspace as it is, unsaved edits included. */
export namespace ExpectationsRequest {
  export const method = 'netpol/expectations';
  export interface Params {
    /** Only this file's; absent = every expectations file. */
    uri?: string;
  }
  export interface Result {
    /** Results version (as `netpol/workloads`'). */
    version: number;
    /** False when netpol.expectations.enable is off: nothing is evaluated. */
    enabled: boolean;
    summary: { total: number; passed: number; failed: number; error: number; skipped: number };
    files: ExpectationsFileInfo[];
    results: ExpectationResult[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** server -> client: expectations were evaluated again after a change of a manifest, an expectations file or a setting. */
export namespace ExpectationsChangedNotification {
  export const method = 'netpol/expectationsChanged';
  export interface Params {
    version: number;
  }
  export const type = new NotificationType<Params>(method);
}
