// Validation of one manifest file: the file's own problems, then every NetworkPolicy in it.
import { atLeast } from '../kubernetesVersion';
import { isNetworkPolicy, type KubeObject, type ManifestFile } from '../manifests';
import type { EngineDiagnostic } from '../types';
import { validateApiServerRules } from './apiServer';
import { byPosition, makeDiagnostic } from '../diagnosticCodes';
import { lintNetworkPolicy } from './lint';
import { allowsDnsEgressForAllPods } from './lint/dns';
import { defaultValidationOptions, type DnsProtocols, type ValidationOptions } from './options';
import { validateSchema } from './schema';

export { defaultValidationOptions, type ValidationOptions } from './options';

/**
 * A file is ours when it holds a NetworkPolicy, or mentions one where a syntax
 * error hides it. Other YAML (Helm templates, CI configs) is left alone: its
 * syntax is the YAML extension's business, not ours.
 */
export function mentionsNetworkPolicy(file: ManifestFile): boolean {
  return file.objects.some(isNetworkPolicy) || /["']?kind["']?\s*:\s*["']?NetworkPolicy\b/.test(file.source.text);
}

/** Diagnostics for a file; none for files that have nothing to do with NetworkPolicies. */
export function validateManifest(file: ManifestFile, options: ValidationOptions = defaultValidationOptions): EngineDiagnostic[] {
  if (!mentionsNetworkPolicy(file)) return [];
  const diagnostics = [...file.diagnostics];
  const policies = file.objects.filter(isNetworkPolicy);
  // The file's policies that allow DNS to every pod, by written namespace, found once: asking
  // each policy about every other made a file of 10,000 policies quadratic.
  const allowingDns = new Map<DnsProtocols, Map<unknown, KubeObject[]>>();
  const allowing = (over: DnsProtocols): Map<unknown, KubeObject[]> => {
    let byNamespace = allowingDns.get(over);
    if (!byNamespace) {
      byNamespace = new Map();
      for (const policy of policies)
        if (allowsDnsEgressForAllPods(policy, over))
          byNamespace.set(writtenNamespace(policy), [...(byNamespace.get(writtenNamespace(policy)) ?? []), policy]);
      allowingDns.set(over, byNamespace);
    }
    return byNamespace;
  };
  const dnsAllowedElsewhere =
    options.dnsAllowedElsewhere ??
    ((policy: KubeObject, over: DnsProtocols) =>
      (allowing(over).get(writtenNamespace(policy)) ?? []).some((other) => other !== policy));
  for (const policy of policies) diagnostics.push(...validateNetworkPolicy(policy, { ...options, dnsAllowedElsewhere }));
  return diagnostics.sort(byPosition);
}

/**
 * Schema errors come first; the API-server rules and lint run on what decodes,
 * each guarding its own types, so one wrong type does not hide other findings.
 */
export function validateNetworkPolicy(
  policy: KubeObject,
  options: ValidationOptions = defaultValidationOptions,
  { lint = true }: { lint?: boolean } = {},
): EngineDiagnostic[] {
  if (policy.apiVersion !== 'networking.k8s.io/v1') {
    const where = policy.locate(['apiVersion']).valueRange;
    // extensions/v1beta1 was served, deprecated, until Kubernetes 1.16 removed it.
    if (policy.apiVersion === 'extensions/v1beta1' && !atLeast(options.kubernetesVersion, 1, 16)) {
      const message = `extensions/v1beta1 NetworkPolicy is deprecated and no longer served from Kubernetes 1.16: use apiVersion networking.k8s.io/v1 (the spec is the same).`;
      return [makeDiagnostic('NP1701', where, message, 'warning')];
    }
    return [
      makeDiagnostic(
        'NP1701',
        where,
        `NetworkPolicy is not served as ${policy.apiVersion}: use apiVersion networking.k8s.io/v1.`,
      ),
    ];
  }
  return [
    ...validateSchema(policy, options),
    ...validateApiServerRules(policy, options),
    ...(lint ? lintNetworkPolicy(policy, options) : []),
  ];
}

/**
 * What the API server would refuse of a policy: its error diagnostics. The lints are
 * not run: their findings are all warnings, and some locate what they report, which
 * parses the file with positions.
 */
export function validationErrors(policy: KubeObject, options: ValidationOptions = defaultValidationOptions): EngineDiagnostic[] {
  return validateNetworkPolicy(policy, options, { lint: false }).filter((d) => d.severity === 'error');
}

/** Within one file, two objects without metadata.namespace land in the same namespace too. */
const writtenNamespace = (object: KubeObject): unknown =>
  (object.value.metadata as { namespace?: unknown } | undefined)?.namespace ?? '';

export const hasErrors = (diagnostics: readonly EngineDiagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');
