// Helpers for the API-server rule tests: run the rules on a YAML text and read the result compactly.
import { parseKubernetesVersion } from '../../server/src/engine/kubernetesVersion';
import { validateApiServerRules } from '../../server/src/engine/validate/apiServer';
import type { EngineDiagnostic } from '../../server/src/engine/types';
import { firstObject, summarize } from '../helpers';

export interface RuleRun {
  diagnostics: EngineDiagnostic[];
  /** `code@source text` per diagnostic, sorted: order does not matter to the caller. */
  found: string[];
  messages: string[];
}

export function runRules(text: string, kubernetesVersion = '1.36'): RuleRun {
  const version = parseKubernetesVersion(kubernetesVersion);
  if (!version) throw new Error(`bad version ${kubernetesVersion}`);
  const diagnostics = validateApiServerRules(firstObject(text), { kubernetesVersion: version });
  return { diagnostics, found: summarize(text, diagnostics).sort(), messages: diagnostics.map((d) => d.message) };
}
