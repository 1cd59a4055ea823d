// The Kubernetes release whose rules apply (setting netpol.kubernetesVersion, CLI --kubernetes-version).

export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The release of the reference data in ../shared/reference (schemas and validation rules). */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 36 };

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
