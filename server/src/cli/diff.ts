// `netpol diff`: what a change of the manifests opens, closes, widens or narrows, between
// a base (a directory or a git ref) and a head (the working tree by default).
import { CHANGE_KINDS, diffReachability, type ChangeKind, type ReachDiff } from '../engine/diff';
import { pathToFileURL } from 'node:url';
import { EXPECTATIONS_KIND, expectationsFiles, readExpectationsFile, type ExpectationsFile } from '../engine/expectations';
import { parseManifest } from '../engine/manifests';
import { analyseWorkspace } from '../engine/reach';
import { readManifestFile } from './analyseFile';
import { collectFiles } from './collectFiles';
import { buildOptionHelpWithoutNamespaceAlias, buildOptionSpecs, namesBuilds } from './buildOptions';
import type { Command } from './command';
import { loadVersion, removeTemporary, resolveVersionSpec, versionRoot, type VersionSpec } from './diffVersions';
import {
  formatDiffCsv,
  formatDiffDot,
  formatDiffJson,
  formatDiffMarkdown,
  formatDiffSarif,
  formatDiffText,
  type DiffReport,
} from './formats/diff';
import { helpFor } from './help';
import { parseCommandLine, resolveCommonOptions } from './options';
import { writeChunks, type Terminal } from './terminal';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { resolveDefaultNamespace, workspaceOptionHelp, workspaceOptionSpecs } from './workspaceFiles';

export const DIFF_FORMATS = ['text', 'json', 'md', 'csv', 'dot', 'sarif'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** What makes the exit status 1: kinds of change, `any` change, an expectation that flips to failed, or nothing. */
type FailOn = { kinds: ReadonlySet<ChangeKind>; expectations: boolean };

const FAIL_ON_WORDS = [...CHANGE_KINDS, 'any', 'expectations', 'none'] as const;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'what a change opens, closes, widens or narrows (against a git ref or a directory)',
  synopsis:
    'diff [<file|dir>...] [-k DIR]... --base <dir|git-ref> [--head <dir|git-ref>] [--format text|json|md|csv|dot|sarif] [--fail-on KINDS] [options]',
  description: [
    'Reads the manifests twice, as the base and as the head (default: the working tree), and lists',
    'every connection whose allowed ports differ: opened (nothing before), closed (nothing after),',
    'widened (more ports), narrowed (fewer), changed (neither), each with the rules that cause it in',
    'either version; unknown when a version has a policy left out as invalid or a file that does not',
    'parse that may decide it. Workloads found in one version only are new or gone peers.',
    '',
    'A git ref is read from the repository holding the paths (git ls-tree / cat-file, no checkout);',
    'a directory compares two trees. Paths are relative to each version: the current folder for the',
    'working tree and a ref, the directory given otherwise (a directory wins over a ref of that name).',
    'Without paths, the whole of each version (.) is read.',
    '',
    'Expectations (the --expectations files, or without it ReachabilityExpectations found by kind under the',
    "head's paths, as netpol test finds them) are evaluated in both versions; those whose status differs",
    'are listed. --fail-on expectations (the default) exits 1 when one turns failed.',
    '',
    'Exit status: 0 nothing --fail-on names happened, 1 it did, 2 wrong command line (bad ref, not a',
    'git repository...).',
  ].join('\n'),
  options: [
    { flag: '--base DIR|REF', description: 'the version to compare against (required)' },
    { flag: '--head DIR|REF', description: 'the version compared (default: the working tree)' },
    {
      flag: '--format text|json|md|csv|dot|sarif',
      description: 'output format (default: text); md is for pull-request comments',
    },
    {
      flag: '--fail-on KINDS',
      description:
        'exit 1 on these, comma-separated: opened, widened, narrowed, closed, changed, unknown, any, expectations, or none (default: expectations)',
    },
    {
      flag: '--expectations FILE|DIR',
      description:
        "reachability expectations evaluated in both versions (repeatable; default: found by kind under the head's paths)",
    },
    ...workspaceOptionHelp,
    ...buildOptionHelpWithoutNamespaceAlias,
  ],
  async run(args, terminal) {
    const specs = {
      ...workspaceOptionSpecs,
      ...buildOptionSpecs,
      base: { type: 'string' },
      head: { type: 'string' },
      'fail-on': { type: 'string' },
      expectations: { type: 'string', multiple: true },
    } as const;
    const { values, positionals, tokens } = parseCommandLine('diff', args, specs);
    if (values.help) {
      terminal.stdout(helpFor(diffCommand));
      return EXIT_OK;
    }
    const format = resolveDiffFormat(values.format);
    const failOn = resolveFailOn(values['fail-on']);
    const options = resolveCommonOptions('diff', { ...values, format: undefined });
    const defaultNamespace = resolveDefaultNamespace('diff', values['default-namespace']);
    if (values.base === undefined) throw new UsageError('--base DIR|REF is required: what to compare against', 'diff');
    const paths = positionals.length === 0 && !namesBuilds(tokens) ? ['.'] : positionals;
    const cwd = terminal.cwd;
    const baseSpec = resolveVersionSpec('--base', values.base, cwd, paths);
    const headSpec: VersionSpec =
      values.head === undefined ? { kind: 'tree' } : resolveVersionSpec('--head', values.head, cwd, paths);
    const headRoot = versionRoot(headSpec, cwd);
    const cleanup: string[] = [];
    try {
      const inputs = {
        paths,
        terminal,
        options,
        defaultNamespace,
        extra: values.extra ?? [],
        buildValues: values,
        buildTokens: tokens,
        cleanup,
      };
      const head = await loadVersion(headSpec, headRoot, inputs);
      const base = await loadVersion(baseSpec, headRoot, inputs);
      const validation = { validation: { kubernetesVersion: options.kubernetesVersion } };
      const given = readGivenExpectations(values.expectations ?? [], terminal, options.maxFileSize);
      // The head's expectations (those given, or, as `netpol test` finds them, by kind under the paths) in both versions.
      const found = values.expectations === undefined ? expectationsFiles(head.workspace) : [];
      const diff = diffReachability(
        { workspace: base.workspace, analysis: analyseWorkspace(base.workspace, validation) },
        { workspace: head.workspace, analysis: analyseWorkspace(head.workspace, validation) },
        { expectations: [...found, ...given.files] },
      );
      const headPath = (uri: string) => given.displayPaths.get(uri) ?? head.displayPath(uri);
      const report: DiffReport = { diff, base, head: { label: head.label, displayPath: headPath }, cwd };
      if (format !== 'text' && format !== 'md')
        for (const doubt of diff.doubts)
          terminal.stderr(
            `netpol: not decided: ${(doubt.version === 'before' ? base : head).displayPath(doubt.location.uri)}: ${doubt.reason}\n`,
          );
      const write = (text: string) => terminal.stdout(text);
      if (format === 'sarif') write(formatDiffSarif(report));
      else {
        const formats = {
          text: formatDiffText,
          json: formatDiffJson,
          md: formatDiffMarkdown,
          csv: formatDiffCsv,
          dot: formatDiffDot,
        };
        writeChunks(write, formats[format](report));
      }
      return fails(diff, failOn) ? EXIT_PROBLEMS : EXIT_OK;
    } finally {
      removeTemporary(cleanup);
    }
  },
};

/** The files of --expectations (walked as directories are), those holding ReachabilityExpectations documents. */
function readGivenExpectations(
  paths: readonly string[],
  terminal: Terminal,
  maxFileSize: number,
): { files: ExpectationsFile[]; displayPaths: Map<string, string> } {
  const files: ExpectationsFile[] = [];
  const displayPaths = new Map<string, string>();
  if (paths.length === 0) return { files, displayPaths };
  for (const candidate of collectFiles(paths, terminal.cwd, 'diff')) {
    const read = readManifestFile(candidate, maxFileSize);
    const uri = pathToFileURL(candidate.absolutePath).href;
    const file = 'text' in read ? readExpectationsFile(parseManifest(uri, read.text, { maxFileSize })) : undefined;
    if (!file) {
      terminal.stderr(`netpol: --expectations ${candidate.displayPath}: no ${EXPECTATIONS_KIND} document in it\n`);
      continue;
    }
    files.push(file);
    displayPaths.set(uri, candidate.displayPath);
  }
  return { files, displayPaths };
}

function fails(diff: ReachDiff, failOn: FailOn): boolean {
  if (diff.changes.some((change) => failOn.kinds.has(change.kind))) return true;
  return failOn.expectations && diff.expectations.some((e) => e.after === 'failed');
}

function resolveDiffFormat(text: string | undefined): DiffFormat {
  if (text === undefined) return 'text';
  const format = DIFF_FORMATS.find((name) => name === text);
  if (!format) throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(', ')}, not "${text}"`, 'diff');
  return format;
}

export function resolveFailOn(text: string | undefined): FailOn {
  const words = (text ?? 'expectations').split(',').map((word) => word.trim());
  const unknown = words.filter((word) => !(FAIL_ON_WORDS as readonly string[]).includes(word));
  if (unknown.length > 0 || words.length === 0)
    throw new UsageError(
      `--fail-on takes ${FAIL_ON_WORDS.join(', ')} (comma-separated), not "${unknown.join(',') || text}"`,
      'diff',
    );
  if (words.includes('none')) {
    if (words.length > 1) throw new UsageError('--fail-on none cannot be combined with other kinds', 'diff');
    return { kinds: new Set(), expectations: false };
  }
  const kinds = new Set<ChangeKind>(words.includes('any') ? CHANGE_KINDS : CHANGE_KINDS.filter((kind) => words.includes(kind)));
  return { kinds, expectations: words.includes('expectations') };
}
