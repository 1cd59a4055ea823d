// The workspaces the editor tiers open, each a temp copy so that tests that edit and save files
// never touch the sources: examples/ (the one README shows) and the kustomize overlays fixture.
// A copy keeps its folder's name (`examples`): that is what the workbench's title and explorer
// show (and the screenshots).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from './codeServer';

export const EXAMPLES = join(repoRoot, 'examples');
/** base/ + overlays/dev + overlays/prod, both overlays in namespace shop (test/lsp/rendering.test.ts reads it too). */
export const KUSTOMIZE_CONTEXTS = join(repoRoot, 'test/fixtures/kustomize-contexts');

export interface ExampleWorkspace {
  /** Absolute path of the copy, to open as the workspace folder. */
  readonly path: string;
  remove(): void;
}

export function copyExamples(): ExampleWorkspace {
  return copyWorkspace(EXAMPLES);
}

export function copyWorkspace(source: string): ExampleWorkspace {
  const scratch = mkdtempSync(join(tmpdir(), `netpol-${basename(source)}-`));
  const path = join(scratch, basename(source));
  cpSync(source, path, { recursive: true });
  const remove = () => {
    rmSync(scratch, { recursive: true, force: true });
    process.removeListener('exit', remove);
  };
  // However the runner ends, the copy goes with it.
  process.once('exit', remove);
  return { path, remove };
}
