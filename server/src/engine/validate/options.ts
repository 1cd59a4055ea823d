// What validation depends on besides the text: its own module, so that the rule
// modules and the face (index.ts) import it without importing each other.
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../kubernetesVersion';
import type { KubeObject } from '../manifests';

/**
 * Which DNS a warning misses: NP2005 any (port 53 over UDP or TCP), NP2010 UDP
 * (lookups are asked over UDP first).
 */
export type DnsProtocols = 'UDP or TCP' | 'UDP';

/**
 * Whether another policy gives the pods `policy` selects the DNS egress it lacks:
 * allowed traffic is the union of the policies selecting a pod.
 */
export type DnsAllowedElsewhere = (policy: KubeObject, over: DnsProtocols) => boolean;

export interface ValidationOptions {
  kubernetesVersion: KubernetesVersion;
  /**
   * Whether another policy of this policy's namespace allows DNS egress to every pod
   * (NP2005 and NP2010 are then not reported). validateManifest answers from the same
   * file; the workspace refines it (withoutDnsWarningsCoveredByWorkspace).
   */
  dnsAllowedElsewhere?: DnsAllowedElsewhere;
}

export const defaultValidationOptions: ValidationOptions = { kubernetesVersion: DEFAULT_KUBERNETES_VERSION };
