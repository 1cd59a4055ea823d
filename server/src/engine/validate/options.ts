// What validation depends on besides the text: its own module, so that the rule
// modules and the face (index.ts) import it without importing each other.
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../kubernetesVersion';
import type { KubeObject } from '../manifests';

export interface ValidationOptions {
  kubernetesVersion: KubernetesVersion;
  /**
   * Whether another policy of this policy's namespace allows DNS egress to every pod
   * (NP2005 is then not reported). validateManifest answers from the same file when
   * the caller knows no more (e.g. the language server knows the whole workspace).
   */
  dnsAllowedElsewhere?: (policy: KubeObject) => boolean;
}

export const defaultValidationOptions: ValidationOptions = { kubernetesVersion: DEFAULT_KUBERNETES_VERSION };
