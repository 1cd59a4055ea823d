// `netpol reach`: every allowed connection between the workloads of the given manifests.
import { analyseWorkspace, filterConnections, resolveEndpoint, type Endpoint, type ReachAnalysis } from '../engine/reach';
import type { Command } from './command';
import {
  formatReachCsv,
  formatReachDot,
  formatReachJson,
  formatReachText,
  analysisNotices,
  leftOutNotices,
  notModelledNotices,
  type ReachReport,
} from './formats/reach';
import { helpFor } from './help';
import { parseCommandLine, resolveCommonOptions } from './options';
import { writeChunks } from './terminal';
import { EXIT_OK, UsageError } from './usage';
import { buildOptionHelpWithoutNamespaceAlias, buildOptionSpecs, resolveBuildOptions } from './buildOptions';
import { loadWorkspace, resolveDefaultNamespace, workspaceOptionHelp, workspaceOptionSpecs } from './workspaceFiles';

export const REACH_FORMATS = ['text', 'json', 'dot', 'csv'] as const;
export type ReachFormat = (typeof REACH_FORMATS)[number];

/** A ref given on the command line, or a usage error listing close matches. */
function resolveRefOption(analysis: ReachAnalysis, text: string, command: string): Endpoint {
  const endpoint = resolveEndpoint(analysis, text);
  if ('error' in endpoint) throw new UsageError(endpoint.error, command);
  return endpoint;
}

export const reachCommand: Command = {
  name: 'reach',
  summary: 'list who may connect to whom, on which ports',
  synopsis:
    'reach [<file|dir>...] [-k DIR]... [--helm CHART]... [--format text|json|dot|csv] [--namespace NS] [--from REF] [--to REF] [options]',
  description: [
    'Builds one workspace from the given files (Namespace objects and kustomization namespaces apply',
    'across them) and prints every allowed connection: a connection needs the egress of its source',
    'and the ingress of its destination. Policies with validation errors are left out, and named.',
    '',
    'REF is namespace/name[Kind], namespace/name when unambiguous, namespace/name[StatefulSet]#N for one',
    'replica of a StatefulSet analysed per replica (a policy tells its replicas apart), or an IP address or CIDR for',
    'addresses outside the cluster. External peers appear as the CIDR text of the ipBlock that',
    'allows them, or 0.0.0.0/0 and ::/0 for anywhere; a block that another listed block covers on',
    'at least the same ports is left out.',
    '',
    'Exit status: 0 done, 2 wrong command line (including an unknown --from/--to ref).',
  ].join('\n'),
  options: [
    { flag: '--format text|json|dot|csv', description: 'output format (default: text)' },
    { flag: '--namespace NS', description: 'only connections from or to workloads of this namespace' },
    { flag: '--from REF', description: 'only connections from this workload or address' },
    { flag: '--to REF', description: 'only connections to this workload or address' },
    ...workspaceOptionHelp,
    ...buildOptionHelpWithoutNamespaceAlias,
  ],
  async run(args, terminal) {
    const specs = {
      ...workspaceOptionSpecs,
      ...buildOptionSpecs,
      namespace: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    } as const;
    const { values, positionals, tokens } = parseCommandLine('reach', args, specs);
    if (values.help) {
      terminal.stdout(helpFor(reachCommand));
      return EXIT_OK;
    }
    const format = resolveReachFormat(values.format);
    const options = resolveCommonOptions('reach', { ...values, format: undefined });
    const defaultNamespace = resolveDefaultNamespace('reach', values['default-namespace']);
    const builds = resolveBuildOptions('reach', values, tokens, terminal.cwd, defaultNamespace, false);
    if (positionals.length === 0 && builds.requests.length === 0)
      throw new UsageError('no files, directories or builds (-k DIR, --helm CHART) to analyse', 'reach');

    const load = await loadWorkspace(positionals, terminal, 'reach', options, defaultNamespace, values.extra, builds);
    const { workspace, displayPaths } = load;
    const analysis = analyseWorkspace(workspace, { validation: { kubernetesVersion: options.kubernetesVersion } });
    const from = values.from === undefined ? undefined : resolveRefOption(analysis, values.from, 'reach');
    const to = values.to === undefined ? undefined : resolveRefOption(analysis, values.to, 'reach');
    const namespace = values.namespace;
    const report: ReachReport = {
      workloads: analysis.workloads.filter((w) => namespace === undefined || w.namespace === namespace),
      // Made as they are written, and let go: the full list of a large workspace is most of its memory.
      connections: () => filterConnections(analysis, analysis.results.eachConnection(), { namespace, from, to }),
      leftOut: analysis.leftOut,
      adjusted: analysis.adjusted,
      notes: analysis.notes,
      notModelled: analysis.notModelled,
      displayPath: (uri) => displayPaths.get(uri) ?? uri,
    };
    // JSON carries them in the document and dot in comments; stderr says them for every format a person may not read.
    if (format !== 'text')
      for (const line of [...leftOutNotices(report), ...analysisNotices(report), ...notModelledNotices(report)])
        terminal.stderr(`netpol: ${line}\n`);
    const formats = { text: formatReachText, json: formatReachJson, dot: formatReachDot, csv: formatReachCsv };
    writeChunks((text) => terminal.stdout(text), formats[format](report));
    return EXIT_OK;
  },
};

function resolveReachFormat(text: string | undefined): ReachFormat {
  if (text === undefined) return 'text';
  const format = REACH_FORMATS.find((name) => name === text);
  if (!format) throw new UsageError(`--format must be one of ${REACH_FORMATS.join(', ')}, not "${text}"`, 'reach');
  return format;
}
