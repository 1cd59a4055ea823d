// `netpol check`: validate manifests like kube-apiserver would, report like a compiler.
import { hasErrors } from '../engine/validate';
import { analyseManifest, analyseRead, readIntoWorkspace, type FileResult } from './analyseFile';
import { buildOptionHelp, buildOptionSpecs, resolveBuildOptions } from './buildOptions';
import { displayPathOf, renderIntoWorkspace } from './renderBuilds';
import { SourceText } from '../engine/sourceText';
import { fileURLToPath } from 'node:url';
import { collectFiles, helmChartsOnDisk } from './collectFiles';
import type { Command } from './command';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatChartNotices, formatNotAnalysed, formatNothingAnalysed, formatSummary, formatText } from './formats/text';
import { parseCommandLine, resolveCommonOptions } from './options';
import { helpFor } from './help';
import { colors, noColors, wantsColor } from './terminal';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { Workspace } from '../engine/workspace';
import {
  collectStandIns,
  readStandIns,
  resolveDefaultNamespace,
  withoutStandIns,
  workspaceOptionHelp,
  workspaceOptionSpecs,
} from './workspaceFiles';
import { addChartDiagnostics, displayPathsOf, unrenderedCharts } from './unrenderedCharts';
import { WORKSPACE_DIAGNOSTICS_SEVERITIES, type WorkspaceDiagnosticsSeverity } from '../protocol';

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate NetworkPolicy manifests (API-server rules and lint)',
  synopsis: 'check [<file|dir>...] [-k DIR]... [--helm CHART]... [options]',
  description: [
    'Validates every NetworkPolicy in the given files. Directories are searched recursively for',
    ".yaml, .yml and .json files and kustomize's Kustomization (node_modules and .git are skipped); files named explicitly are",
    'read whatever their extension. Files without a NetworkPolicy get no diagnostics of their own.',
    '',
    'All the files given are also read as one workspace, as the editor reads a folder: the NP3xxx',
    'findings (a selector that matches no workload, a namespace label no Namespace has, a named',
    'port no destination exposes, a Service port where the pod port belongs) come from the',
    'workloads, Namespaces and Services they define; a run whose files define no workload',
    '(policies checked alone) gets none of these. What the index had to',
    'skip or guess (NP3005-NP3009: a label value that is not a string, a duplicate workload or',
    'Namespace) is reported in any file.',
    '',
    'Files not analysed are counted in the summary and named on stderr with the reason: Helm chart',
    'templates (a templates/ folder beside Chart.yaml), Go templates whose {{ ... }} breaks the YAML, files',
    'over --max-file-size, binary or non-UTF-8 files, unreadable files, dangling symlinks. A Helm chart',
    'not rendered gets NP0010 (information) on its Chart.yaml with the number of NetworkPolicy and',
    'workload templates it leaves out, and is counted in the summary (JSON: helmCharts).',
    '',
    'With -k DIR (as kubectl apply -k) the real kustomize renders DIR, and --helm CHART renders a chart with',
    'helm template: the objects they make are checked and reported in the files they came from (the base',
    'file a patch changed, the template of a chart). A build that fails is an error (NP0009) on its',
    "kustomization file or Chart.yaml, with the tool's message.",
    '',
    'Files given with --extra are stand-ins: their workloads, Namespaces, Services and NetworkPolicies',
    'count for the NP3xxx findings, but they are not checked themselves, nor counted.',
    '',
    'Exit status: 0 no errors (warnings allowed; also when nothing could be analysed, which stderr says),',
    '1 at least one error, 2 wrong command line.',
  ].join('\n'),
  options: [
    { flag: '--format text|json|sarif', description: 'output format (default: text)' },
    ...workspaceOptionHelp,
    ...buildOptionHelp,
    {
      flag: '--workspace-diagnostics SEVERITY',
      description: `severity of the NP3xxx findings: ${WORKSPACE_DIAGNOSTICS_SEVERITIES.join(', ')} (default: warning; error fails the check)`,
    },
  ],
  async run(args, terminal) {
    const specs = {
      ...workspaceOptionSpecs,
      ...buildOptionSpecs,
      namespace: { type: 'string' },
      'workspace-diagnostics': { type: 'string' },
    } as const;
    const { values, positionals, tokens } = parseCommandLine('check', args, specs);
    // Help first: someone asking how the options work may have got one wrong.
    if (values.help) {
      terminal.stdout(helpFor(checkCommand));
      return EXIT_OK;
    }
    const options = resolveCommonOptions('check', values);
    const defaultNamespace = resolveDefaultNamespace('check', values['default-namespace']);
    const workspaceDiagnostics = resolveWorkspaceDiagnostics(values['workspace-diagnostics']);
    const builds = resolveBuildOptions('check', values, tokens, terminal.cwd, defaultNamespace);
    if (positionals.length === 0 && builds.requests.length === 0)
      throw new UsageError('no files, directories or builds (-k DIR, --helm CHART) to check', 'check');

    // Stand-ins (--extra) join the workspace first; they are neither checked nor counted.
    const standIns = collectStandIns(values.extra ?? [], terminal.cwd, 'check');
    const files = withoutStandIns(collectFiles(positionals, terminal.cwd, 'check'), standIns);
    const workspace = new Workspace({
      defaultNamespace,
      parse: { maxFileSize: options.maxFileSize },
      helmCharts: helmChartsOnDisk([...standIns, ...files]),
    });
    readStandIns(standIns, workspace, terminal, options.maxFileSize);
    const analysis = { ...options, defaultNamespace, workspaceDiagnostics };
    const reads = readIntoWorkspace(files, workspace, options.maxFileSize);
    await renderIntoWorkspace(builds, workspace, terminal.env, options.maxFileSize);
    const given = new Set(reads.flatMap((read) => ('uri' in read ? [read.uri] : [])));
    const rendered: FileResult[] = workspace
      .renderedFiles()
      .filter((uri) => !given.has(uri))
      .map((uri) => {
        const manifest = workspace.manifest(uri) ?? { uri, source: new SourceText(''), objects: [], diagnostics: [] };
        const file = { absolutePath: fileURLToPath(uri), displayPath: displayPathOf(uri, terminal.cwd) };
        return { file, diagnostics: analyseManifest(manifest, analysis, workspace) };
      });
    const results = [...analyseRead(reads, analysis, workspace), ...rendered];
    const charts = unrenderedCharts(workspace, displayPathsOf(results));
    addChartDiagnostics(results, charts);
    // A chart whose Chart.yaml was not given has no NP0010 to show it: a notice says it instead.
    const checked = new Set(results.map((result) => result.file.displayPath));
    const unseen = charts.filter((chart) => !checked.has(chart.chartFile));
    terminal.stderr(formatNotAnalysed(results) + formatChartNotices(unseen) + formatNothingAnalysed(results));

    const paint = wantsColor(terminal, options.noColor) ? colors : noColors;
    switch (options.format) {
      case 'text':
        terminal.stdout(formatText(results, paint));
        terminal.stderr(formatSummary(results, paint, charts));
        break;
      case 'json':
        terminal.stdout(formatJson(results, charts));
        break;
      case 'sarif':
        terminal.stdout(formatSarif(results, terminal.cwd, charts));
        break;
    }
    return results.some((result) => hasErrors(result.diagnostics)) ? EXIT_PROBLEMS : EXIT_OK;
  },
};

function resolveWorkspaceDiagnostics(text: string | undefined): WorkspaceDiagnosticsSeverity | undefined {
  if (text === undefined) return undefined;
  const severity = WORKSPACE_DIAGNOSTICS_SEVERITIES.find((name) => name === text);
  if (!severity)
    throw new UsageError(
      `--workspace-diagnostics must be one of ${WORKSPACE_DIAGNOSTICS_SEVERITIES.join(', ')}, not "${text}"`,
      'check',
    );
  return severity;
}
