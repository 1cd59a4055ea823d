// The example workspace (examples/, the one README shows) copied to a temp dir, so the tests
// that edit and save files never touch the sources. The copy keeps the folder name `examples`:
// that is what the workbench's title and explorer show (and the screenshots).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './codeServer';

export const EXAMPLES = join(repoRoot, 'examples');

export interface ExampleWorkspace {
  /** Absolute path of the copy, to open as the workspace folder. */
  readonly path: string;
  remove(): void;
}

export function copyExamples(): ExampleWorkspace {
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-examples-'));
  const path = join(scratch, 'examples');
  cpSync(EXAMPLES, path, { recursive: true });
  const remove = () => {
    rmSync(scratch, { recursive: true, force: true });
    process.removeListener('exit', remove);
  };
  // However the runner ends, the copy goes with it.
  process.once('exit', remove);
  return { path, remove };
}
