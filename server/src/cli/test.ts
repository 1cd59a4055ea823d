// `netpol test`: reachability expectations (ReachabilityExpectations files) checked against
// the manifests, for CI: text on stdout, JUnit and SARIF as side files, exit 1 on failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_MAX_WITNESSES,
  evaluateExpectation,
  expectationsFiles,
  ResolveContext,
  type ExpectationResult,
  type ExpectationsFile,
} from '../engine/expectations';
import { analyseWorkspace } from '../engine/reach';
import type { EngineDiagnostic } from '../engine/types';
import { Workspace } from '../engine/workspace';
import { readIntoWorkspace } from './analyseFile';
import { buildOptionHelpWithoutNamespaceAlias, buildOptionSpecs, resolveBuildOptions } from './buildOptions';
import { collectFiles } from './collectFiles';
import type { Command } from './command';
import {
  formatTestJson,
  formatTestJunit,
  formatTestMarkdown,
  formatTestSarif,
  formatTestText,
  type SarifAnchor,
  type TestReport,
  type TimedResult,
} from './formats/expectations';
import { oneBased } from './formats/positions';
import { helpFor } from './help';
import { parseCommandLine, resolveCommonOptions } from './options';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { loadWorkspace, resolveDefaultNamespace, workspaceOptionHelp, workspaceOptionSpecs } from './workspaceFiles';

export const TEST_FORMATS = ['text', 'json', 'junit', 'sarif', 'md'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];
type FailOn = 'failed' | 'error';

export const testCommand: Command = {
  name: 'test',
  summary: 'check reachability expectations (ReachabilityExpectations files) against the manifests',
  synopsis:
    'test [<file|dir>...] [-k DIR]... [--expectations FILE|DIR]... [--tag T]... [--format text|json|junit|sarif|md] [options]',
  description: [
    'Reads the manifests as `netpol reach` does, then evaluates every expectation of the',
    'ReachabilityExpectations documents (apiVersion netpol-navigator.dev/v1alpha1) given with',
    '--expectations, or, without it, found by kind among the files under the paths. Each expectation',
    'holds for every pair of its from x to (a workload to itself left out), or fails with witnesses:',
    'the pair, the ports, and the rules that decide on both sides. An expectation that cannot be',
    'evaluated honestly (an unknown ref, a selector matching nothing, a named port that does not',
    'resolve, an invalid policy left out that may change the answer, a policy of a kind not modelled)',
    'is an error, never a pass.',
    '',
    '--junit FILE and --sarif FILE write those formats beside the one printed, so one CI step gives all.',
    '',
    'Exit status: 0 nothing failed or errored (skips allowed), 1 an expectation failed or errored',
    '(per --fail-on), 2 wrong command line or no expectations to evaluate.',
  ].join('\n'),
  options: [
    { flag: '--format text|json|junit|sarif|md', description: 'output format on stdout (default: text)' },
    {
      flag: '--expectations FILE|DIR',
      description: 'expectations files to evaluate (repeatable; default: found under the paths)',
    },
    { flag: '--tag T', description: 'only expectations tagged T (repeatable: any of them)' },
    { flag: '--junit FILE', description: 'also write JUnit XML to FILE' },
    { flag: '--sarif FILE', description: 'also write SARIF 2.1.0 to FILE' },
    { flag: '--fail-on failed,error|failed|error|none', description: 'which outcomes exit 1 (default: failed,error)' },
    {
      flag: '--max-witnesses N',
      description: `violating pairs shown per expectation (default: ${DEFAULT_MAX_WITNESSES}); totals stay exact`,
    },
    {
      flag: '--sarif-anchor expectation|cause',
      description: 'SARIF location of a failure: the expectation (default) or the first deciding rule',
    },
    ...workspaceOptionHelp,
    ...buildOptionHelpWithoutNamespaceAlias,
  ],
  async run(args, terminal) {
    const specs = {
      ...workspaceOptionSpecs,
      ...buildOptionSpecs,
      expectations: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      junit: { type: 'string' },
      sarif: { type: 'string' },
      'fail-on': { type: 'string' },
      'max-witnesses': { type: 'string' },
      'sarif-anchor': { type: 'string' },
    } as const;
    const { values, positionals, tokens } = parseCommandLine('test', args, specs);
    if (values.help) {
      terminal.stdout(helpFor(testCommand));
      return EXIT_OK;
    }
    const format = resolveTestFormat(values.format);
    const failOn = resolveFailOn(values['fail-on']);
    const maxWitnesses = resolveMaxWitnesses(values['max-witnesses']);
    const anchor = resolveAnchor(values['sarif-anchor']);
    const options = resolveCommonOptions('test', { ...values, format: undefined });
    const defaultNamespace = resolveDefaultNamespace('test', values['default-namespace']);
    const builds = resolveBuildOptions('test', values, tokens, terminal.cwd, defaultNamespace, false);
    if (positionals.length === 0 && builds.requests.length === 0)
      throw new UsageError('no files, directories or builds (-k DIR, --helm CHART) to analyse', 'test');
    const given = values.expectations ? collectFiles(values.expectations, terminal.cwd, 'test') : undefined;

    const { workspace, displayPaths } = await loadWorkspace(
      positionals,
      terminal,
      'test',
      options,
      defaultNamespace,
      values.extra,
      builds,
    );
    let files: readonly ExpectationsFile[];
    const unreadable: { uri: string; d: EngineDiagnostic }[] = [];
    if (given) {
      // Read apart from the manifests: what an expectations file holds besides expectations is not analysed.
      const apart = new Workspace({ defaultNamespace, parse: { maxFileSize: options.maxFileSize } });
      for (const read of readIntoWorkspace(given, apart, options.maxFileSize))
        if ('uri' in read) displayPaths.set(read.uri, read.file.displayPath);
        else terminal.stderr(`netpol: skipped ${read.file.displayPath}: cannot be read\n`);
      files = expectationsFiles(apart);
      // A file given as expectations that YAML cannot read would otherwise just hold no expectations.
      for (const uri of apart.uris())
        for (const d of apart.manifest(uri)?.diagnostics ?? []) if (d.severity === 'error') unreadable.push({ uri, d });
    } else files = expectationsFiles(workspace);
    const displayPath = (uri: string) => displayPaths.get(uri) ?? uri;
    // Problems of a file outside any expectation (a wrong apiVersion...) would otherwise go unseen.
    const attached = new Set(files.flatMap((f) => f.documents.flatMap((d) => d.expectations.flatMap((e) => e.problems))));
    const loose = [
      ...unreadable,
      ...files.flatMap((f) => f.diagnostics.filter((d) => !attached.has(d)).map((d) => ({ uri: f.uri, d }))),
    ];
    for (const { uri, d } of loose) {
      const { line, column } = oneBased(d.range);
      terminal.stderr(`netpol: ${displayPath(uri)}:${line}:${column}: ${d.severity} ${d.code} ${d.message}\n`);
    }

    if (files.length === 0)
      throw new UsageError(
        given
          ? 'no ReachabilityExpectations document in the --expectations files'
          : 'no ReachabilityExpectations document under the paths: give --expectations FILE|DIR',
        'test',
      );

    const analysis = analyseWorkspace(workspace, { validation: { kubernetesVersion: options.kubernetesVersion } });
    const context = new ResolveContext(analysis, workspace);
    const tags = values.tag ?? [];
    const results: TimedResult[] = [];
    for (const file of files)
      for (const document of file.documents)
        for (const expectation of document.expectations) {
          if (tags.length > 0 && !expectation.tags.some((tag) => tags.includes(tag))) continue;
          const start = performance.now();
          const result: ExpectationResult = evaluateExpectation(expectation, context, { maxWitnesses });
          results.push({ result, seconds: (performance.now() - start) / 1000 });
        }
    if (results.length === 0 && tags.length > 0)
      throw new UsageError(`no expectation is tagged ${tags.map((t) => `"${t}"`).join(' or ')}`, 'test');

    const report: TestReport = { results, displayPath, cwd: terminal.cwd };
    const writers = {
      text: formatTestText,
      json: formatTestJson,
      junit: formatTestJunit,
      sarif: (r: TestReport) => formatTestSarif(r, anchor),
      md: formatTestMarkdown,
    };
    const sideFile = (path: string, text: string) => {
      const target = resolve(terminal.cwd, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    };
    if (values.junit !== undefined) sideFile(values.junit, formatTestJunit(report));
    if (values.sarif !== undefined) sideFile(values.sarif, formatTestSarif(report, anchor));
    terminal.stdout(writers[format](report));
    const failing =
      results.some((r) => (r.result.status === 'failed' || r.result.status === 'error') && failOn.has(r.result.status)) ||
      (failOn.has('error') && loose.some(({ d }) => d.severity === 'error'));
    return failing ? EXIT_PROBLEMS : EXIT_OK;
  },
};

function resolveTestFormat(text: string | undefined): TestFormat {
  if (text === undefined) return 'text';
  const format = TEST_FORMATS.find((name) => name === text);
  if (!format) throw new UsageError(`--format must be one of ${TEST_FORMATS.join(', ')}, not "${text}"`, 'test');
  return format;
}

function resolveFailOn(text: string | undefined): Set<FailOn> {
  if (text === undefined) return new Set(['failed', 'error']);
  if (text === 'none') return new Set();
  const parts = text.split(',').map((part) => part.trim());
  const wrong = parts.filter((part) => part !== 'failed' && part !== 'error');
  if (wrong.length > 0 || parts.length === 0)
    throw new UsageError(`--fail-on must be failed,error, failed, error or none, not "${text}"`, 'test');
  return new Set(parts as FailOn[]);
}

function resolveMaxWitnesses(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_WITNESSES;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-witnesses must be a number (0 or more), not "${text}"`, 'test');
  return Number(text);
}

function resolveAnchor(text: string | undefined): SarifAnchor {
  if (text === undefined) return 'expectation';
  if (text !== 'expectation' && text !== 'cause')
    throw new UsageError(`--sarif-anchor must be expectation or cause, not "${text}"`, 'test');
  return text;
}
