// Checks of a NetworkPolicy against the rest of the workspace (NP3xxx): selectors
// that match no workload, namespace labels no Namespace has, named ports no
// destination exposes, and what the index had to skip in a file.
//
// These are warnings about the repository, not about the cluster: a workspace may
// hold only part of what runs. So they stay quiet while the workspace has no
// workload at all (a lone policy file), and selectors that cannot match anyway
// (invalid ones, reported as NP1xxx) are not reported again here.
import { isNetworkPolicy, type KubeObject, type ManifestFile } from '../manifests';
import { effectiveRules, type Direction, type NetworkPolicyModel, type Peer, type PolicyRule } from '../policy';
import type { Protocol } from '../ports';
import { compareStrings, describeSelector, isValidSelector, selectorMatches, type LabelSelector } from '../selectors';
import type { EngineDiagnostic, JsonPath, Range, Severity } from '../types';
import { NAMESPACE_NAME_LABEL, type ProblemKind, type Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { describeWhere } from '../applyOrder';
import { rangeKey, settledElsewhereNote } from '../renderedObjects';
import { byPosition, makeDiagnostic } from '../diagnosticCodes';
import { allowsDnsEgress, allowsDnsEgressForAllPods } from './lint/dns';
import type { DnsProtocols } from './options';
import { namespacesMatchingElsewhere, nearMisses, orderedSuggestions, whyNoWorkload } from './nearMisses';
import { checkServicePorts } from './servicePorts';

export interface WorkspaceCheckOptions {
  /** Overrides the catalogue severity of every NP3xxx diagnostic (setting netpol.workspaceDiagnostics.severity). */
  severity?: Severity;
}

/**
 * Namespaces every cluster has (created by the API server and kube-controller-manager).
 * Manifests rarely declare them, yet policies select them, kube-system above all for
 * DNS: a selector that may match one of them is not reported as matching nothing.
 */
const BUILT_IN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

const peerListKey = (direction: Direction): 'from' | 'to' => (direction === 'ingress' ? 'from' : 'to');

/** NP3001-NP3004 and NP3010 for one NetworkPolicy object of a workspace file. */
export function checkPolicyAgainstWorkspace(
  policyObject: KubeObject,
  workspace: Workspace,
  options: WorkspaceCheckOptions = {},
): EngineDiagnostic[] {
  if (!workspace.hasWorkloads()) return [];
  const policy = workspace.policyModel(policyObject);
  const report = (code: string, range: Range, message: string): EngineDiagnostic =>
    makeDiagnostic(code, range, message, options.severity);
  const diagnostics: EngineDiagnostic[] = [];

  const selected = checkPodSelector(policyObject, policy, workspace, report, diagnostics);
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of effectiveRules(policy, direction)) {
      const destinations: Workload[] = direction === 'ingress' ? selected : [];
      let hasSelectorPeer = false;
      for (const peer of rule.peers) {
        if (peer.kind !== 'selector') continue;
        hasSelectorPeer = true;
        const matched = checkPeer(policyObject, policy, rule, peer, workspace, report, diagnostics);
        if (direction === 'egress') destinations.push(...matched);
      }
      // An egress rule to everything, or to addresses only, has no pods to look ports up on.
      if (direction === 'ingress' || hasSelectorPeer) {
        checkNamedPorts(policyObject, rule, destinations, report, diagnostics);
        checkServicePorts(policyObject, rule, destinations, workspace, report, diagnostics);
      }
    }
  }
  return diagnostics;
}

type Report = (code: string, range: Range, message: string) => EngineDiagnostic;

const namespaceList = (names: readonly string[]): string =>
  `${names.length === 1 ? 'namespace' : 'namespaces'} ${names.join(', ')}`;

/** NP3001; returns the workloads the policy selects. */
function checkPodSelector(
  object: KubeObject,
  policy: NetworkPolicyModel,
  workspace: Workspace,
  report: Report,
  out: EngineDiagnostic[],
): Workload[] {
  const { selector } = policy.podSelector;
  if (!isValidSelector(selector)) return [];
  const selected = workspace.workloadsSelectedBy(selector, policy.namespace);
  if (selected.length === 0) {
    const location = object.locate(['spec', 'podSelector']);
    const range = location.exact ? (location.keyRange ?? location.valueRange) : policy.nameRange;
    const why = whyNoWorkload(selector, workspace.workloadsIn(policy.namespace), [policy.namespace], workspace);
    out.push(
      report(
        'NP3001',
        range,
        `spec.podSelector (${describeSelector(selector)}) selects no workload in namespace ${policy.namespace}${why}`,
      ),
    );
  }
  return selected;
}

/** NP3002 and NP3004 for one selector peer; returns the workloads it matches. */
function checkPeer(
  object: KubeObject,
  policy: NetworkPolicyModel,
  rule: PolicyRule,
  peer: Extract<Peer, { kind: 'selector' }>,
  workspace: Workspace,
  report: Report,
  out: EngineDiagnostic[],
): Workload[] {
  const { podSelector, namespaceSelector } = peer;
  if (
    (podSelector && !isValidSelector(podSelector.selector)) ||
    (namespaceSelector && !isValidSelector(namespaceSelector.selector))
  )
    return [];
  const peerPath: JsonPath = ['spec', rule.direction, rule.index, peerListKey(rule.direction), peer.index];
  const keyRange = (key: string): Range => {
    const location = object.locate([...peerPath, key]);
    return location.keyRange ?? location.valueRange;
  };
  const matched =
    workspace.workloadsForPeer(
      { podSelector: podSelector?.selector, namespaceSelector: namespaceSelector?.selector },
      policy.namespace,
    ) ?? [];
  let unknownNamespaceLabels = 0;
  if (namespaceSelector)
    unknownNamespaceLabels = checkNamespaceLabels(
      object,
      [...peerPath, 'namespaceSelector'],
      namespaceSelector.selector,
      workspace,
      report,
      out,
    );
  if (matched.length > 0) return matched;

  const where = `spec.${rule.direction}[${rule.index}].${peerListKey(rule.direction)}[${peer.index}]`;
  // Pods of a namespace the selector may select are unknown, not absent: a built-in namespace the
  // workspace does not describe, or one holding workloads whose labels no Namespace object gives.
  if (namespaceSelector && mayMatchUnknownNamespace(namespaceSelector.selector, workspace)) return [];
  if (namespaceSelector) {
    const namespaces = workspace.namespacesSelectedBy(namespaceSelector.selector);
    if (namespaces.length === 0) {
      // NP3004 already names the label no Namespace has; a second warning would say the same.
      if (unknownNamespaceLabels === 0)
        out.push(
          report(
            'NP3002',
            keyRange('namespaceSelector'),
            `${where}: namespaceSelector (${describeSelector(namespaceSelector.selector)}) matches no namespace in the workspace.`,
          ),
        );
      return [];
    }
    const names = namespaces.map((ns) => ns.name);
    if (!podSelector) {
      out.push(
        report(
          'NP3002',
          keyRange('namespaceSelector'),
          `${where}: the namespaces namespaceSelector (${describeSelector(namespaceSelector.selector)}) matches (${names.join(', ')}) hold no workload.`,
        ),
      );
      return [];
    }
    const candidates = names.flatMap((ns) => workspace.workloadsIn(ns));
    const why = whyNoWorkload(podSelector.selector, candidates, names, workspace);
    const elsewhere = namespacesMatchingElsewhere(podSelector.selector, names, workspace);
    const unselected =
      elsewhere.length === 0
        ? ''
        : ` The podSelector matches workloads in ${namespaceList(elsewhere)}, which the namespaceSelector does not select.`;
    out.push(
      report(
        'NP3002',
        keyRange('podSelector'),
        `${where}: no workload matches podSelector (${describeSelector(podSelector.selector)}) AND namespaceSelector (${describeSelector(namespaceSelector.selector)}) (namespaces ${names.join(', ')})${why}${unselected}`,
      ),
    );
    return [];
  }
  if (podSelector) {
    const why = whyNoWorkload(podSelector.selector, workspace.workloadsIn(policy.namespace), [policy.namespace], workspace);
    // The classic forgotten namespaceSelector: the pods meant are in another namespace.
    const elsewhere = namespacesMatchingElsewhere(podSelector.selector, [policy.namespace], workspace);
    const forgotten =
      elsewhere.length === 0
        ? ''
        : ` It matches workloads in ${namespaceList(elsewhere)}: a podSelector without a namespaceSelector selects only in the policy's namespace; add namespaceSelector: {matchLabels: {${NAMESPACE_NAME_LABEL}: ${elsewhere[0]}}} to this peer to select there.`;
    out.push(
      report(
        'NP3002',
        keyRange('podSelector'),
        `${where}: podSelector (${describeSelector(podSelector.selector)}) matches no workload in the policy's namespace ${policy.namespace}${why}${forgotten}`,
      ),
    );
  }
  return [];
}

/**
 * NP3004: each namespaceSelector label (matchLabels entry, In value) that no
 * namespace has. Labels other than kubernetes.io/metadata.name can only be known
 * from Namespace objects: they are judged only when every namespace holding
 * workloads is declared by one, since an undeclared namespace may carry any label
 * in the cluster. Otherwise only the name label is checked.
 * @returns how many were reported.
 */
function checkNamespaceLabels(
  object: KubeObject,
  selectorPath: JsonPath,
  selector: LabelSelector,
  workspace: Workspace,
  report: Report,
  out: EngineDiagnostic[],
): number {
  const allLabelsKnown = workspace.undeclaredNamespacesWithWorkloads().length === 0;
  const knowable = (key: string): boolean => key === NAMESPACE_NAME_LABEL || allLabelsKnown;
  const hasLabel = (key: string, value: string): boolean => workspace.hasNamespaceLabel(key, value);
  let reported = 0;
  const check = (key: string, value: string, range: Range): void => {
    if (!knowable(key) || hasLabel(key, value)) return;
    if (key === NAMESPACE_NAME_LABEL && BUILT_IN_NAMESPACES.includes(value)) return;
    reported++;
    const hint = nearMisses(key, value, workspace.namespaceLabelValues(key), workspace.namespaceLabelKeys());
    out.push(
      report(
        'NP3004',
        range,
        `No namespace in the workspace has the label ${key}=${value}${hint ? `; namespaces have ${hint}` : ''}.`,
      ),
    );
  };
  for (const match of selector.matchLabels) {
    check(match.key, match.value, match.valueRange ?? object.locate([...selectorPath, 'matchLabels', match.key]).valueRange);
  }
  selector.matchExpressions.forEach((expression, index) => {
    if (expression.operator !== 'In') return;
    expression.values.forEach((value, valueIndex) =>
      check(expression.key, value, object.locate([...selectorPath, 'matchExpressions', index, 'values', valueIndex]).valueRange),
    );
  });
  return reported;
}

function mayMatchUnknownNamespace(selector: LabelSelector, workspace: Workspace): boolean {
  if (
    BUILT_IN_NAMESPACES.some(
      (name) => workspace.namespace(name) === undefined && selectorMatches(selector, { [NAMESPACE_NAME_LABEL]: name }),
    )
  )
    return true;
  // Of an undeclared namespace only the name label is known; requirements on other labels may hold in the cluster.
  const constrainsOtherLabels =
    selector.matchLabels.some((m) => m.key !== NAMESPACE_NAME_LABEL) ||
    selector.matchExpressions.some((e) => e.key !== NAMESPACE_NAME_LABEL);
  if (!constrainsOtherLabels) return false;
  const onName = {
    matchLabels: selector.matchLabels.filter((m) => m.key === NAMESPACE_NAME_LABEL),
    matchExpressions: selector.matchExpressions.filter((e) => e.key === NAMESPACE_NAME_LABEL),
    problems: [],
  };
  return workspace.undeclaredNamespacesWithWorkloads().some((name) => selectorMatches(onName, { [NAMESPACE_NAME_LABEL]: name }));
}

/** NP3003: named ports of a rule that no destination pod exposes with that protocol. */
function checkNamedPorts(
  object: KubeObject,
  rule: PolicyRule,
  destinations: readonly Workload[],
  report: Report,
  out: EngineDiagnostic[],
): void {
  if (destinations.length === 0) return; // NP3001/NP3002 already say there are none
  for (const port of rule.ports) {
    if (port.kind !== 'named') continue;
    if (destinations.some((w) => exposes(w, port.name, port.protocol))) continue;
    const otherProtocol = destinations.flatMap((w) => w.ports.filter((p) => p.name === port.name).map((p) => p.protocol));
    const names = [
      ...new Set(
        destinations.flatMap((w) =>
          w.ports.filter((p) => p.protocol === port.protocol && p.name !== undefined).map((p) => p.name!),
        ),
      ),
    ].sort(compareStrings);
    const role = rule.direction === 'ingress' ? 'pod the policy selects' : 'destination pod of this rule';
    let message = `No ${role} exposes a port named "${port.name}" over ${port.protocol}`;
    if (otherProtocol.length > 0) message += `; "${port.name}" is exposed over ${[...new Set(otherProtocol)].join(', ')} only`;
    else if (names.length > 0)
      message += `; their ${port.protocol} ports are named ${orderedSuggestions(port.name, names).join(', ')}`;
    out.push(
      report(
        'NP3003',
        object.locate(['spec', rule.direction, rule.index, 'ports', port.index, 'port']).valueRange,
        `${message}.`,
      ),
    );
  }
}

const exposes = (workload: Workload, name: string, protocol: Protocol): boolean =>
  workload.ports.some((p) => p.name === name && p.protocol === protocol);

/** Index problem kinds and their codes (NP3005-NP3009, NP3011, NP3012; NP0009 for a build). */
const problemCodes: Record<ProblemKind, string> = {
  'non-string-label': 'NP3005',
  'malformed-workload': 'NP3006',
  'duplicate-workload': 'NP3007',
  kustomization: 'NP3008',
  'duplicate-namespace': 'NP3009',
  'duplicate-policy': 'NP3011',
  'workload-selector': 'NP1801',
  'duplicate-files': 'NP3012',
  render: 'NP0009',
};

/** Problems that are the API server's refusals: errors whatever severity the workspace findings have. */
const refusals: ReadonlySet<ProblemKind> = new Set(['workload-selector', 'render']);

/** What the index had to skip or guess in one file, as diagnostics of that file. */
export function workspaceProblemDiagnostics(
  workspace: Workspace,
  uri: string,
  options: WorkspaceCheckOptions = {},
): EngineDiagnostic[] {
  return workspace.problems(uri).map((problem) => {
    const severity = refusals.has(problem.kind) ? undefined : options.severity;
    const diagnostic = makeDiagnostic(problemCodes[problem.kind], problem.range, problem.message, severity);
    return problem.related ? { ...diagnostic, related: problem.related } : diagnostic;
  });
}

/**
 * Every NP3xxx diagnostic of one indexed file: the policy checks for each
 * NetworkPolicy it holds (served versions only: others get NP1701 and nothing
 * else), and the index problems of the file, whatever its kind of objects.
 */
export function checkFileAgainstWorkspace(
  file: ManifestFile,
  workspace: Workspace,
  options: WorkspaceCheckOptions = {},
): EngineDiagnostic[] {
  const policies = file.objects.filter((object) => isNetworkPolicy(object) && object.apiVersion === 'networking.k8s.io/v1');
  return [
    ...policies.flatMap((policy) => checkPolicyAgainstWorkspace(policy, workspace, options)),
    ...workspaceProblemDiagnostics(workspace, file.uri, options),
  ];
}

/**
 * What a file's validation (`validateManifest`, done alone) becomes in a workspace:
 * the DNS warnings another policy answers are dropped, the NP3xxx findings added
 * (with `severity` instead of the catalogue's; `off`: none).
 * The editor and `netpol check` both report this.
 */
export function diagnosticsInWorkspace(
  ownDiagnostics: readonly EngineDiagnostic[],
  file: ManifestFile,
  workspace: Workspace,
  severity?: Severity | 'off',
): EngineDiagnostic[] {
  const patchOf = workspace.kustomizePatchOf(file.uri);
  if (patchOf !== undefined) return kustomizePatchDiagnostics(ownDiagnostics, file, patchOf);
  const ownFindings = withoutDnsWarningsCoveredByWorkspace(ownDiagnostics, file, workspace);
  if (severity === 'off') return onceEach(withRenderNotes(ownFindings, file));
  return onceEach(
    withRenderNotes([...ownFindings, ...checkFileAgainstWorkspace(file, workspace, { severity })].sort(byPosition), file),
  );
}

/**
 * One document can be the origin of several rendered objects (a base that two variants of one
 * overlay list, or two overlays built together): what is wrong in its text is said once, not
 * once per object. Findings that differ (another namespace, another build's note) all stay.
 */
function onceEach(diagnostics: EngineDiagnostic[]): EngineDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.range, d.severity, d.code, d.message, d.related ?? []]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A finding on a rendered object sits in its origin file; where that file does not write
 * the value the finding is about (a patch or transformer set it), the message says so.
 */
function withRenderNotes(diagnostics: EngineDiagnostic[], file: ManifestFile): EngineDiagnostic[] {
  const rendered = file.objects.filter((object) => object.rendered);
  if (rendered.length === 0) return diagnostics;
  return diagnostics.map((diagnostic) => {
    const key = rangeKey(diagnostic.range);
    const from = rendered.find((object) => object.rendered!.settledElsewhere.has(key))?.rendered;
    return from ? { ...diagnostic, message: diagnostic.message + settledElsewhereNote(from, file.uri) } : diagnostic;
  });
}

/** The DNS warnings another policy may answer, with the DNS each one misses. */
const dnsWarnings = new Map<string, DnsProtocols>([
  ['NP2005', 'UDP or TCP'],
  ['NP2010', 'UDP'],
]);

/**
 * A kustomize patch holds partial objects: a policy patch without podSelector is no
 * policy isolating a namespace, and object rules would judge what kustomize merges.
 * Only what is wrong with the file itself (YAML) stays, and NP3016 says why the rest is gone.
 */
function kustomizePatchDiagnostics(
  ownDiagnostics: readonly EngineDiagnostic[],
  file: ManifestFile,
  kustomization: string,
): EngineDiagnostic[] {
  const fileProblems = ownDiagnostics.filter((d) => d.code.startsWith('NP0'));
  const firstLine = file.source.rangeOf(0, Math.max(0, file.source.text.search(/\r?\n|$/)));
  const note = makeDiagnostic(
    'NP3016',
    firstLine,
    `Kustomize patch, applied by ${describeWhere({ uri: kustomization, range: firstLine }, file.uri).replace(/:1$/, '')}: its partial objects are merged into that kustomization's resources, so they are neither validated nor analysed as objects of their own.`,
  );
  return [note, ...fileProblems].sort(byPosition);
}

/**
 * NP2005 (egress default-deny without DNS) and NP2010 (DNS over TCP only) judge one
 * policy, or one file. In a workspace, other policies of the namespace may give the
 * same pods DNS egress: the common `default-deny` + `allow-dns` pair, or a deny-all
 * beside one allow-all-egress policy per workload (microservices-demo). Such warnings
 * are dropped here, each time the workspace changes, so they follow edits of the
 * other files; a warning some pods are answered for names the others.
 */
export function withoutDnsWarningsCoveredByWorkspace(
  diagnostics: readonly EngineDiagnostic[],
  file: ManifestFile,
  workspace: Workspace,
): EngineDiagnostic[] {
  if (!diagnostics.some((d) => dnsWarnings.has(d.code))) return [...diagnostics];
  const policies = file.objects.filter(isNetworkPolicy);
  return diagnostics.flatMap((d) => {
    const over = dnsWarnings.get(d.code);
    const policy = over && policies.find((p) => containsPosition(p.range, d.range.start));
    if (!over || !policy) return [d];
    const answer = dnsAllowedInWorkspace(policy, over, workspace);
    if (answer === 'all') return [];
    if (answer.length === 0) return [d];
    const refs = answer.map((w) => w.ref).join(', ');
    return [{ ...d, message: `${d.message} Other policies allow it for the other pods, not for ${refs}.` }];
  });
}

/**
 * Whether other policies of the namespace give the pods `policy` selects DNS egress
 * (allowed traffic is the union of the policies selecting a pod): 'all' when one
 * selects every pod, or, when the workspace has workloads, when each workload the
 * policy selects is selected by one of them; else the workloads left without (none
 * named when no other policy helps, or the workspace has no workload to judge by).
 */
function dnsAllowedInWorkspace(policy: KubeObject, over: DnsProtocols, workspace: Workspace): 'all' | Workload[] {
  const namespace = workspace.namespaceOf(policy);
  const others = workspace
    .networkPolicies()
    .filter((entry) => entry.namespace === namespace && !sameObject(entry.object, policy) && allowsDnsEgress(entry.object, over));
  if (others.some((entry) => allowsDnsEgressForAllPods(entry.object, over))) return 'all';
  if (others.length === 0 || !workspace.hasWorkloads()) return [];
  const selectedBy = (object: KubeObject): Workload[] => {
    const { selector } = workspace.policyModel(object).podSelector;
    return isValidSelector(selector) ? workspace.workloadsSelectedBy(selector, namespace) : [];
  };
  const selected = selectedBy(policy);
  const covered = new Set(others.flatMap((entry) => selectedBy(entry.object)));
  const uncovered = selected.filter((workload) => !covered.has(workload));
  if (selected.length > 0 && uncovered.length === 0) return 'all';
  return uncovered.length < selected.length ? uncovered : [];
}

const sameObject = (a: KubeObject, b: KubeObject): boolean =>
  a.uri === b.uri && a.documentIndex === b.documentIndex && a.itemIndex === b.itemIndex;

function containsPosition(range: Range, position: Range['start']): boolean {
  const after =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}
