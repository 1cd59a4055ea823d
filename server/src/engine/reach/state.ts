// The state that makes reachability incremental. An edit re-validates and re-reads
// only the policies of the edited file, and a policy edit recomputes only the matrix
// rows it touches: what makes that possible is kept here, by one owner per workspace
// and Kubernetes version, instead of by the modules that compute it.
import type { KubeObject } from '../manifests';
import type { NetworkPolicyModel } from '../policy';
import type { EngineDiagnostic } from '../types';
import { defaultValidationOptions, validationErrors, type ValidationOptions } from '../validate';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { analyse, type AnalysisCaches } from './analysis';
import { classKey, structureFor, type ClassStructure } from './classes';
import { connectionsByWorkload, listConnections, streamConnections, type ExpandedRow } from './connections';
import { ReplicaExpansion } from './replicas';
import { computeMatrix, updateMatrix } from './matrix';
import { workloadConnections } from './workloadPeers';
import type {
  ClassMatrix,
  FocusedAnalysis,
  ClassRow,
  CompiledPolicy,
  ReachAnalysis,
  ReachConnection,
  ReachOptions,
  ReachResults,
  WorkloadConnections,
} from './model';

/**
 * The reachability state of one workspace under one set of validation options: what
 * an edit leaves valid, per indexed object (validation errors, compiled policies,
 * class keys, expanded matrix rows), and the latest analysis, from which the next
 * one starts. It lives as long as its workspace (`analyseWorkspace`).
 */
export class ReachState implements AnalysisCaches {
  private readonly errors = new WeakMap<KubeObject, readonly EngineDiagnostic[]>();
  private readonly compiledPolicies = new WeakMap<NetworkPolicyModel, CompiledPolicy>();
  private readonly classKeys = new WeakMap<Workload, string>();
  private readonly expandedRows = new WeakMap<ClassRow, ExpandedRow>();
  private readonly replicas: ReplicaExpansion;
  private latest: AnalysisResults | undefined;

  constructor(private readonly validation: ValidationOptions) {
    this.replicas = new ReplicaExpansion(validation.kubernetesVersion);
  }

  /** The analysis of the workspace at its current version. */
  analysis(workspace: Workspace): ReachAnalysis {
    const previous = this.latest;
    if (previous && previous.analysis.version === workspace.version) return previous.analysis;
    const structure = structureFor(
      workspace,
      previous?.structure,
      (workload) => this.classKey(workload),
      (workloads) => this.replicas.expand(workspace, workloads),
    );
    // The previous analysis seeds the new one's matrix when their classes are the same;
    // one step back at most, so it lets go of its own seed.
    previous?.dropSeed();
    const seed = previous?.structure === structure ? previous : undefined;
    this.latest = new AnalysisResults(analyse(workspace, structure, this), structure, seed, this.expandedRows);
    return this.latest.analysis;
  }

  /**
   * An analysis of the policies of `namespaces` only, on every workload: what a question
   * about workloads of those namespaces needs (explain), without validating and compiling
   * every policy of the workspace. Kept by nobody, and without connections: listing them
   * would need every policy.
   */
  focusedAnalysis(workspace: Workspace, namespaces: ReadonlySet<string>): FocusedAnalysis {
    const structure = structureFor(
      workspace,
      this.latest?.structure,
      (workload) => this.classKey(workload),
      (workloads) => this.replicas.expand(workspace, workloads),
    );
    return analyse(workspace, structure, this, namespaces);
  }

  errorsOf(object: KubeObject): readonly EngineDiagnostic[] {
    let errors = this.errors.get(object);
    if (!errors) {
      errors = validationErrors(object, this.validation);
      this.errors.set(object, errors);
    }
    return errors;
  }

  compiledPolicy(ref: string, model: NetworkPolicyModel, caveat?: string): CompiledPolicy {
    let policy = this.compiledPolicies.get(model);
    if (!policy || policy.caveat !== caveat)
      this.compiledPolicies.set(model, (policy = { ref, model, ...(caveat && { caveat }) }));
    return policy;
  }

  /** Class keys by workload object: an edit leaves the other workloads' objects, and so their keys, as they were. */
  private classKey(workload: Workload): string {
    let key = this.classKeys.get(workload);
    if (key === undefined) this.classKeys.set(workload, (key = classKey(workload)));
    return key;
  }
}

/** One analysis and what is derived from it, each computed once, when first asked. */
class AnalysisResults implements ReachResults {
  readonly analysis: ReachAnalysis;
  private matrix: ClassMatrix | undefined;
  private connectionList: ReachConnection[] | undefined;
  private byWorkload: Map<string, WorkloadConnections> | undefined;
  /** One workload's connections, read from the matrix before (or instead of) the full listing. */
  private readonly ofOne = new Map<string, WorkloadConnections>();

  constructor(
    parts: Omit<ReachAnalysis, 'results'>,
    readonly structure: ClassStructure,
    /** The previous analysis, on the same classes: its matrix, when computed, is where this one's starts. */
    private seed: AnalysisResults | undefined,
    private readonly expandedRows: WeakMap<ClassRow, ExpandedRow>,
  ) {
    this.analysis = { ...parts, results: this };
  }

  /** Lets go of the previous analysis (a newer one now starts from this one). */
  dropSeed(): void {
    this.seed = undefined;
  }

  classMatrix(): ClassMatrix {
    if (!this.matrix) {
      const seed = this.seed;
      this.seed = undefined;
      this.matrix = seed?.matrix
        ? updateMatrix(seed.analysis.classes, seed.matrix, this.analysis.classes)
        : computeMatrix(this.analysis.classes);
    }
    return this.matrix;
  }

  connections(): ReachConnection[] {
    this.connectionList ??= listConnections(this.analysis, this.classMatrix(), this.expandedRows);
    return this.connectionList;
  }

  eachConnection(): Iterable<ReachConnection> {
    return this.connectionList ?? streamConnections(this.analysis, this.classMatrix());
  }

  connectionsOf(ref: string): WorkloadConnections {
    if (this.connectionList) {
      this.byWorkload ??= connectionsByWorkload(this.connectionList);
      return this.byWorkload.get(ref) ?? { inbound: [], outbound: [] };
    }
    let found = this.ofOne.get(ref);
    if (!found) this.ofOne.set(ref, (found = workloadConnections(this.analysis, this.classMatrix(), ref)));
    return found;
  }
}

/** The states of each workspace, by Kubernetes version; a workspace's go with it. */
const states = new WeakMap<Workspace, Map<string, ReachState>>();

/** The analysis of a workspace at its current version (kept per version and validation options). */
export function analyseWorkspace(workspace: Workspace, options: ReachOptions = {}): ReachAnalysis {
  return stateFor(workspace, options).analysis(workspace);
}

function stateFor(workspace: Workspace, options: ReachOptions): ReachState {
  const validation = options.validation ?? defaultValidationOptions;
  const key = `${validation.kubernetesVersion.major}.${validation.kubernetesVersion.minor}`;
  let byVersion = states.get(workspace);
  if (!byVersion) states.set(workspace, (byVersion = new Map<string, ReachState>()));
  let state = byVersion.get(key);
  if (!state) byVersion.set(key, (state = new ReachState(validation)));
  return state;
}

/** The analysis of the policies of some namespaces only (ReachState.focusedAnalysis): for questions about their workloads. */
export function analyseNamespaces(
  workspace: Workspace,
  namespaces: ReadonlySet<string>,
  options: ReachOptions = {},
): FocusedAnalysis {
  return stateFor(workspace, options).focusedAnalysis(workspace, namespaces);
}

/** The full reach of a workspace: its analysis and every connection. */
export function reach(
  workspace: Workspace,
  options: ReachOptions = {},
): { analysis: ReachAnalysis; connections: ReachConnection[] } {
  const analysis = analyseWorkspace(workspace, options);
  return { analysis, connections: analysis.results.connections() };
}

/** Connections into and out of one workload (reasons come from explainConnection, per peer). */
export function connectionsOf(analysis: ReachAnalysis, ref: string): WorkloadConnections {
  return analysis.results.connectionsOf(ref);
}
