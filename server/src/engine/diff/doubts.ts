// Where a diff cannot give a verdict: a policy the analysis left out as invalid (or
// could not read) in one version, or a file that parses in one version only. The
// analysis of that version answers as if the policy or the file's objects did not
// exist, which the cluster would not do (it refuses the apply and keeps what it had),
// so a change between workloads they may govern is `unknown`, never opened or closed.
import type { LeftOutPolicyInfo } from '../reach';
import { isValidSelector } from '../selectors';
import { STOPPING_CODES } from '../unreadablePolicies';
import type { DiffDoubt, DiffVersion } from './model';

/** The doubts of a diff and what they cover: workload refs, or whole namespaces when no selector can be trusted. */
export interface DoubtScope {
  doubts: DiffDoubt[];
  byRef: Map<string, DiffDoubt[]>;
  byNamespace: Map<string, DiffDoubt[]>;
}

type Version = 'before' | 'after';

export function doubtsBetween(before: DiffVersion, after: DiffVersion): DoubtScope {
  const scope: DoubtScope = { doubts: [], byRef: new Map(), byNamespace: new Map() };
  const versions = { before, after };
  const other = (version: Version): Version => (version === 'before' ? 'after' : 'before');
  const textChanged = (uri: string): boolean => before.workspace.text(uri) !== after.workspace.text(uri);

  for (const version of ['before', 'after'] as const) {
    const leftOutThere = new Set(versions[other(version)].analysis.leftOut.map((info) => info.policy));
    for (const info of versions[version].analysis.leftOut) {
      // A copy replaced by a later one is what the cluster holds too: no doubt.
      if (info.reason.startsWith('replaced by')) continue;
      // Left out alike in both versions, unedited: both answers ignore it the same way.
      if (leftOutThere.has(info.policy) && !textChanged(info.uri)) continue;
      const doubt: DiffDoubt = {
        version,
        policy: info.policy,
        location: { uri: info.uri, range: info.range },
        reason: `${info.policy} is left out of the ${version} version (${info.reason}): what it allows there is unknown`,
      };
      add(scope, doubt, policyScope(versions, info));
    }
  }

  for (const uri of new Set([...before.workspace.uris(), ...after.workspace.uris()])) {
    if (!textChanged(uri)) continue;
    const stops = (version: Version): boolean => {
      const manifest = versions[version].workspace.manifest(uri);
      return !!manifest && !manifest.template && manifest.diagnostics.some((d) => STOPPING_CODES.has(d.code));
    };
    for (const version of ['before', 'after'] as const) {
      if (!stops(version)) continue;
      const stop = versions[version].workspace.manifest(uri)!.diagnostics.find((d) => STOPPING_CODES.has(d.code))!;
      const doubt: DiffDoubt = {
        version,
        location: { uri, range: stop.range },
        reason: `a document does not parse in the ${version} version (${stop.code}: ${stop.message}): the objects it holds there are unknown`,
      };
      // What the file defines in either version is what the broken document may hold.
      const refs = new Set<string>();
      const namespaces = new Set<string>();
      for (const v of [before, after]) {
        for (const workload of v.workspace.workloadsDefinedIn(uri)) refs.add(workload.ref);
        for (const entry of v.workspace.networkPoliciesIn(uri)) {
          const model = v.workspace.policyModel(entry.object);
          addSelected(v, model.podSelector.selector, entry.namespace, refs, namespaces);
        }
      }
      add(scope, doubt, { refs, namespaces });
    }
  }
  return scope;
}

/** The workloads a left-out policy may select: by its podSelector in each version that holds it, else its whole namespace. */
function policyScope(
  versions: Record<Version, DiffVersion>,
  info: LeftOutPolicyInfo,
): { refs: Set<string>; namespaces: Set<string> } {
  const refs = new Set<string>();
  const namespaces = new Set<string>();
  const namespace = info.policy.slice(0, info.policy.indexOf('/'));
  let found = false;
  for (const version of Object.values(versions)) {
    for (const copies of version.workspace.networkPolicyCopies())
      for (const entry of copies) {
        const model = version.workspace.policyModel(entry.object);
        if (`${entry.namespace}/${model.name}` !== info.policy) continue;
        found = true;
        addSelected(version, model.podSelector.selector, entry.namespace, refs, namespaces);
      }
  }
  if (!found) namespaces.add(namespace);
  return { refs, namespaces };
}

function addSelected(
  version: DiffVersion,
  selector: Parameters<DiffVersion['workspace']['workloadsSelectedBy']>[0],
  namespace: string,
  refs: Set<string>,
  namespaces: Set<string>,
): void {
  if (!isValidSelector(selector)) namespaces.add(namespace);
  else for (const workload of version.workspace.workloadsSelectedBy(selector, namespace)) refs.add(workload.ref);
}

function add(scope: DoubtScope, doubt: DiffDoubt, covered: { refs: Set<string>; namespaces: Set<string> }): void {
  scope.doubts.push(doubt);
  for (const ref of covered.refs) scope.byRef.set(ref, [...(scope.byRef.get(ref) ?? []), doubt]);
  for (const namespace of covered.namespaces)
    scope.byNamespace.set(namespace, [...(scope.byNamespace.get(namespace) ?? []), doubt]);
}

/** The doubts covering one end of a connection (a workload ref; a replica answers for its StatefulSet). */
export function doubtsOn(scope: DoubtScope, ref: string, external: boolean): DiffDoubt[] {
  if (external || scope.doubts.length === 0) return [];
  const of = ref.replace(/#\d+$/, '');
  return [
    ...(scope.byRef.get(ref) ?? []),
    ...(of !== ref ? (scope.byRef.get(of) ?? []) : []),
    ...(scope.byNamespace.get(ref.slice(0, ref.indexOf('/'))) ?? []),
  ];
}
