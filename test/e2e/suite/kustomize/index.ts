// Entry point of the in-editor suite for a window on the KUSTOMIZE workspace (a temp copy of
// test/fixtures/kustomize-contexts the runner opens as the folder): every *.test.ts beside this file.
import { runSuite } from '../runSuite';

export function run(): Promise<void> {
  return runSuite('kustomize workspace', __dirname);
}
