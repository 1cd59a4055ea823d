// Which files' workspace findings (diagnosticsInWorkspace) a change of some file texts can
// change, so that the editor's problems of the whole workspace re-check those only. A file
// that holds NetworkPolicies and nothing else, before and after its change, gives the others
// nothing but its policies: workloads, namespaces, Services, kustomizations and charts stay as
// they were. What other files read of policies is of their own namespace: the DNS egress other
// policies of the namespace allow (NP2005, NP2010) and the copies of one namespace/name
// (NP3011, and the duplicates grouped per pair of files), so the files holding a policy of the
// namespaces such a file held or holds are the ones whose findings may change. Any other
// change (a workload, a Namespace, a kustomization, a chart template, a rendered build's input)
// can change any file's findings.
import { isNetworkPolicy } from '../manifests';
import type { Workspace } from '../workspace';

/**
 * The namespaces of the policies of a file that holds NetworkPolicies and nothing else (none
 * for an empty file); undefined when it holds anything else, or when what it gives the
 * workspace is not its text alone (a rendered build's input, a kustomize patch, a Helm template).
 */
export function policyOnlyNamespaces(workspace: Workspace, uri: string): readonly string[] | undefined {
  if (workspace.isBuildInput(uri) || workspace.kustomizePatchOf(uri) !== undefined || workspace.helmChartOf(uri) !== undefined)
    return undefined;
  const file = workspace.manifest(uri);
  if (!file) return [];
  if (!file.objects.every(isNetworkPolicy)) return undefined;
  return [...new Set(file.objects.map((object) => workspace.namespaceOf(object)))];
}

/** The files holding a NetworkPolicy (any copy) of one of the namespaces. */
export function filesWithPoliciesIn(workspace: Workspace, namespaces: ReadonlySet<string>): Set<string> {
  const files = new Set<string>();
  for (const copies of workspace.networkPolicyCopies())
    for (const entry of copies) if (namespaces.has(entry.namespace)) files.add(entry.object.uri);
  return files;
}
