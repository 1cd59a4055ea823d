// The synthetic workspace written to a temporary folder, so that the language
// server reads it from disk exactly as it reads a user's folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const SYNTHETIC_ROOT = 'file:///bench/';

export interface WorkspaceOnDisk {
  folderUri: string;
  /** file URI on disk -> text, in the generator's order (namespace by namespace). */
  files: Map<string, string>;
  remove(): void;
}

export function writeWorkspaceToDisk(synthetic: SyntheticWorkspace): WorkspaceOnDisk {
  const directory = mkdtempSync(join(tmpdir(), 'netpol-bench-'));
  const files = new Map<string, string>();
  for (const [syntheticUri, text] of synthetic.files) {
    if (!syntheticUri.startsWith(SYNTHETIC_ROOT)) throw new Error(`unexpected synthetic URI ${syntheticUri}`);
    const path = join(directory, ...syntheticUri.slice(SYNTHETIC_ROOT.length).split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    files.set(pathToFileURL(path).href, text);
  }
  return { folderUri: pathToFileURL(directory).href, files, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
