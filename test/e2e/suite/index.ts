// Entry point of the in-editor suite for a window on the EXAMPLE workspace (a temp copy of
// examples/ the runner opens as the folder): every *.test.ts beside this file.
// Runs inside the real extension host, so the tests see only the public `vscode` API.
import { runSuite } from './runSuite';

export function run(): Promise<void> {
  return runSuite('examples workspace', __dirname);
}
