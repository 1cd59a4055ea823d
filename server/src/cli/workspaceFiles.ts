// What the commands that read a workspace share: the --default-namespace option and
// reading the collected files into one Workspace.
import { pathToFileURL } from 'node:url';
import { dns1123LabelErrors } from '../engine/validate/names';
import { Workspace } from '../engine/workspace';
import { DEFAULT_NAMESPACE } from '../engine/workloads';
import { readManifestFile } from './analyseFile';
import { collectFiles } from './collectFiles';
import { commonOptionHelp, commonOptionSpecs, type CommonOptions, type OptionHelp } from './options';
import type { Terminal } from './terminal';
import { UsageError } from './usage';

/** Options of the commands that read a workspace, on top of the common ones. */
export const workspaceOptionSpecs = {
  ...commonOptionSpecs,
  'default-namespace': { type: 'string' },
} as const;

export const workspaceOptionHelp: OptionHelp[] = [
  ...commonOptionHelp.filter((option) => !option.flag.startsWith('--format')),
  { flag: '--default-namespace NS', description: `namespace of objects that name none and no kustomization places (default: ${DEFAULT_NAMESPACE})` },
];

export interface LoadedWorkspace {
  workspace: Workspace;
  /** File URI -> the path as the user wrote it, for `file:line` in reports. */
  displayPaths: Map<string, string>;
}

/**
 * Reads the collected files into a Workspace (kustomizations and Namespace objects
 * apply across them). Files that cannot be read are announced on stderr and left out.
 */
export function loadWorkspace(paths: readonly string[], terminal: Terminal, command: string, options: CommonOptions, defaultNamespace: string): LoadedWorkspace {
  const workspace = new Workspace({ defaultNamespace, parse: { maxFileSize: options.maxFileSize } });
  const displayPaths = new Map<string, string>();
  for (const file of collectFiles(paths, terminal.cwd, command)) {
    const skip = (reason: string): void => terminal.stderr(`netpol: skipped ${file.displayPath}: ${reason}\n`);
    const read = readManifestFile(file, options.maxFileSize);
    if (!('text' in read)) {
      if ('unreadable' in read) skip(read.unreadable);
      else if ('notRegularFile' in read) skip('not a regular file');
      else if ('tooLarge' in read) skip(`larger than --max-file-size (${read.tooLarge} > ${options.maxFileSize} bytes)`);
      else skip(read.notText);
      continue;
    }
    const uri = pathToFileURL(file.absolutePath).href;
    displayPaths.set(uri, file.displayPath);
    workspace.setFile(uri, read.text);
  }
  return { workspace, displayPaths };
}

export function resolveDefaultNamespace(command: string, text: string | undefined): string {
  if (text === undefined) return DEFAULT_NAMESPACE;
  if (dns1123LabelErrors(text).length > 0) throw new UsageError(`--default-namespace must be a namespace name (an RFC 1123 label), not "${text}"`, command);
  return text;
}
