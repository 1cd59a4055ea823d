// What the commands that read a workspace share: the --default-namespace and --extra options
// and reading the collected files into one Workspace.
import { pathToFileURL } from 'node:url';
import { dns1123LabelErrors } from '../engine/validate/names';
import { Workspace } from '../engine/workspace';
import { DEFAULT_NAMESPACE } from '../engine/workloads';
import { readIntoWorkspace, templateReason, type FileResult, type NotRead } from './analyseFile';
import { formatChartNotices, formatNotAnalysed } from './formats/text';
import { unrenderedCharts } from './unrenderedCharts';
import { collectFiles, helmChartsOnDisk, type CandidateFile } from './collectFiles';
import { commonOptionHelp, commonOptionSpecs, type CommonOptions, type OptionHelp } from './options';
import type { Terminal } from './terminal';
import { BuildFailedError, UsageError } from './usage';
import type { BuildOptions } from './buildOptions';
import { displayPathOf, renderIntoWorkspace } from './renderBuilds';

/** Options of the commands that read a workspace, on top of the common ones. */
export const workspaceOptionSpecs = {
  ...commonOptionSpecs,
  'default-namespace': { type: 'string' },
  extra: { type: 'string', multiple: true },
} as const;

export const workspaceOptionHelp: OptionHelp[] = [
  ...commonOptionHelp.filter((option) => !option.flag.startsWith('--format')),
  {
    flag: '--default-namespace NS',
    description: `namespace of objects that name none and no kustomization places (default: ${DEFAULT_NAMESPACE})`,
  },
  {
    flag: '--extra PATH',
    description:
      'stand-in manifests (file or directory; repeatable): their pods, Namespaces and Services count, nothing in them is reported',
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
export async function loadWorkspace(
  paths: readonly string[],
  terminal: Terminal,
  command: string,
  options: CommonOptions,
  defaultNamespace: string,
  extraPaths: readonly string[] = [],
  builds?: BuildOptions,
): Promise<LoadedWorkspace> {
  const standIns = collectStandIns(extraPaths, terminal.cwd, command);
  const files = [...standIns, ...withoutStandIns(collectFiles(paths, terminal.cwd, command), standIns)];
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
  // Templates hold no objects for the answer: said as `check` says it, one line per chart,
  // and each chart not rendered with what it leaves out.
  const standInPaths = new Set(standIns.map((file) => file.displayPath));
  const given = new Map([...displayPaths].filter(([, path]) => !standInPaths.has(path)));
  if (builds) {
    const failed = (await renderIntoWorkspace(builds, workspace, terminal.env, options.maxFileSize)).filter((b) => b.failure);
    if (failed.length > 0) throw new BuildFailedError(failed.map((b) => b.failure).join('\n'));
    for (const uri of workspace.renderedFiles())
      if (!displayPaths.has(uri)) displayPaths.set(uri, displayPathOf(uri, terminal.cwd));
  }
  // A chart rendered with --helm is analysed: its templates are no longer left out.
  const leftOut = templates.filter((t) => !workspace.isBuildInput(pathToFileURL(t.file.absolutePath).href));
  terminal.stderr(formatNotAnalysed(leftOut) + formatChartNotices(unrenderedCharts(workspace, given)));
  return { workspace, displayPaths };
}

/**
 * The files of the --extra paths: stand-in manifests, read into the workspace and never
 * reported on. A path that does not exist is a usage error, as for the paths to analyse.
 */
export function collectStandIns(extraPaths: readonly string[], cwd: string, command: string): CandidateFile[] {
  try {
    return collectFiles(extraPaths, cwd, command);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`--extra ${error.message}`, command);
    throw error;
  }
}

/** The files to analyse without the stand-ins: a file given both ways is a stand-in. */
export function withoutStandIns(files: readonly CandidateFile[], standIns: readonly CandidateFile[]): CandidateFile[] {
  const paths = new Set(standIns.map((file) => file.absolutePath));
  return files.filter((file) => !paths.has(file.absolutePath));
}

/** Reads the stand-ins into the workspace; those without text are announced on stderr and left out. */
export function readStandIns(
  standIns: readonly CandidateFile[],
  workspace: Workspace,
  terminal: Terminal,
  maxFileSize: number,
): void {
  for (const read of readIntoWorkspace(standIns, workspace, maxFileSize)) {
    if ('notRead' in read)
      terminal.stderr(`netpol: skipped ${read.file.displayPath} (--extra): ${skipReason(read.notRead, maxFileSize)}\n`);
  }
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
