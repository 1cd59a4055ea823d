// What the commands that read a workspace share: the --default-namespace option and
// reading the collected files into one Workspace.
import { dns1123LabelErrors } from '../engine/validate/names';
import { Workspace } from '../engine/workspace';
import { DEFAULT_NAMESPACE } from '../engine/workloads';
import { readIntoWorkspace, templateReason, type FileResult, type NotRead } from './analyseFile';
import { formatNotAnalysed } from './formats/text';
import { collectFiles, helmChartsOnDisk } from './collectFiles';
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
  {
    flag: '--default-namespace NS',
    description: `namespace of objects that name none and no kustomization places (default: ${DEFAULT_NAMESPACE})`,
  },
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
export function loadWorkspace(
  paths: readonly string[],
  terminal: Terminal,
  command: string,
  options: CommonOptions,
  defaultNamespace: string,
): LoadedWorkspace {
  const files = collectFiles(paths, terminal.cwd, command);
  const helmCharts = helmChartsOnDisk(files);
  const workspace = new Workspace({ defaultNamespace, parse: { maxFileSize: options.maxFileSize }, helmCharts });
  const displayPaths = new Map<string, string>();
  const templates: FileResult[] = [];
  for (const read of readIntoWorkspace(files, workspace, options.maxFileSize)) {
    if ('uri' in read) {
      displayPaths.set(read.uri, read.file.displayPath);
      const manifest = workspace.manifest(read.uri)!;
      if (manifest.template)
        templates.push({ file: read.file, diagnostics: [], notAnalysed: templateReason(read.file, manifest) });
      continue;
    }
    terminal.stderr(`netpol: skipped ${read.file.displayPath}: ${skipReason(read.notRead, options.maxFileSize)}\n`);
  }
  // Templates hold no objects for the answer: said as `check` says it, one line per chart.
  terminal.stderr(formatNotAnalysed(templates));
  return { workspace, displayPaths };
}

function skipReason(notRead: NotRead, maxFileSize: number): string {
  if ('unreadable' in notRead) return notRead.unreadable;
  if ('notRegularFile' in notRead) return 'not a regular file';
  if ('tooLarge' in notRead) return `larger than --max-file-size (${notRead.tooLarge} > ${maxFileSize} bytes)`;
  if ('danglingSymlink' in notRead) return `a symbolic link to ${notRead.danglingSymlink}, which does not exist`;
  return notRead.notText;
}

export function resolveDefaultNamespace(command: string, text: string | undefined): string {
  if (text === undefined) return DEFAULT_NAMESPACE;
  if (dns1123LabelErrors(text).length > 0)
    throw new UsageError(`--default-namespace must be a namespace name (an RFC 1123 label), not "${text}"`, command);
  return text;
}
