// Entry point of the in-editor suite for an EMPTY window (no folder): there only opening a
// YAML file can activate the extension, which is what activation.test.ts measures.
import { runSuite } from '../runSuite';

export function run(): Promise<void> {
  return runSuite('empty window', __dirname);
}
