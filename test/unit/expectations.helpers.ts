// Expectations tests: a workspace from YAML texts plus one expectations document, evaluated.
import {
  evaluateExpectations,
  expectationsFiles,
  type ExpectationResult,
  type ExpectationsFile,
} from '../../server/src/engine/expectations';
import { analyseWorkspace } from '../../server/src/engine/reach';
import { Workspace } from '../../server/src/engine/workspace';

export const EXPECTATIONS_URI = 'file:///ws/netpol-expectations.yaml';

/** An expectations document around `items` (YAML list items, written at column 0), with optional spec.defaults. */
export function expectations(items: string, defaults = ''): string {
  const indented = items
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `apiVersion: netpol-navigator.dev/v1alpha1\nkind: ReachabilityExpectations\nmetadata:\n  name: suite\nspec:\n${defaults ? `  defaults: ${defaults}\n` : ''}  expectations:\n${indented}\n`;
}

export function workspaceWith(manifests: readonly string[], expectationsText: string): Workspace {
  const workspace = new Workspace();
  manifests.forEach((text, i) => workspace.setFile(`file:///ws/m${i}.yaml`, text));
  workspace.setFile(EXPECTATIONS_URI, expectationsText);
  return workspace;
}

export function evaluate(
  manifests: readonly string[],
  items: string,
  options: { defaults?: string; maxWitnesses?: number; tags?: string[] } = {},
): ExpectationResult[] {
  const workspace = workspaceWith(manifests, expectations(items, options.defaults));
  return evaluateExpectations(analyseWorkspace(workspace), workspace, options);
}

/** The one result of one expectation. */
export function one(manifests: readonly string[], item: string, options: { defaults?: string; maxWitnesses?: number } = {}) {
  const results = evaluate(manifests, item, options);
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0];
}

export function fileOf(text: string): ExpectationsFile {
  const workspace = new Workspace();
  workspace.setFile(EXPECTATIONS_URI, text);
  const [file] = expectationsFiles(workspace);
  return file;
}

/** `status pairs violating`, for compact assertions. */
export const outcome = (result: ExpectationResult): string => `${result.status} ${result.pairs.violating}/${result.pairs.total}`;
