// The Kubernetes release whose rules apply (setting netpol.kubernetesVersion, CLI --kubernetes-version).

export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The release of the reference data in ../shared/reference (schemas and validation rules). */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 36 };

/**
 * The oldest release whose rules are modelled exactly. Before 1.33 kube-apiserver
 * validated ipBlock CIDRs with other code (kubernetes-validation-rules.md §4.4: the
 * message `not a valid CIDR`, checking stopped at the first bad except, and none of
 * the KEP-4858 CIDR warnings of §7), which the validation here does not reproduce.
 */
export const OLDEST_MODELLED_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 33 };

/** Parses "1.36", "v1.36" or "1.36.3"; undefined when it is not a version. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `version` is at least major.minor. */
export function atLeast(version: KubernetesVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export const formatKubernetesVersion = (version: KubernetesVersion): string => `${version.major}.${version.minor}`;

/**
 * Whether the rules of `version` are modelled: from the oldest modelled release to
 * the release of the reference data (a later one may have rules nobody has read yet).
 */
export function isModelledKubernetesVersion(version: KubernetesVersion): boolean {
  const oldest = OLDEST_MODELLED_KUBERNETES_VERSION;
  const newest = DEFAULT_KUBERNETES_VERSION;
  return atLeast(version, oldest.major, oldest.minor) && atLeast(newest, version.major, version.minor);
}

/** "1.33 to 1.36", for messages that refuse another version. */
export const modelledKubernetesVersions = (): string =>
  `${formatKubernetesVersion(OLDEST_MODELLED_KUBERNETES_VERSION)} to ${formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION)}`;
