// `netpol explain <from> <to> [--port P] <paths...>`: may one connect to the other, and why.
import { analyseNamespaces, explainConnection, parseExplainPort, prepareExplain, type ExplainProblem } from '../engine/reach';
import { parseWorkloadRef } from '../engine/workloadRef';
import type { Command } from './command';
import { explainNotModelledNotices, formatExplainText } from './formats/reachExplain';
import { helpFor } from './help';
import { parseCommandLine, resolveCommonOptions } from './options';
import { leftOutNotices, policyNoticesJson } from './formats/reach';
import { buildOptionHelp, buildOptionSpecs, resolveBuildOptions } from './buildOptions';
import { loadWorkspace, resolveDefaultNamespace, workspaceOptionHelp, workspaceOptionSpecs } from './workspaceFiles';
import { EXIT_OK, UsageError } from './usage';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'tell whether one workload (or address) may connect to another, and which policies decide',
  synopsis:
    'explain <from> <to> [<file|dir>...] [-k DIR]... [--helm CHART]... [--port PORT[/PROTOCOL]] [--format text|json] [options]',
  description: [
    'Explains one connection: the egress side of <from> and the ingress side of <to>, each with the',
    'policies that isolate it and the rules that allow the traffic (file:line), or "not isolated".',
    '<from> and <to> are namespace/name[Kind], namespace/name when unambiguous, or an IP address or',
    'CIDR outside the cluster; namespace/name[StatefulSet]#N names one replica of a StatefulSet that a',
    'policy tells apart by replica (named without #N, the answer is given per replica when it differs).',
    'A pod to itself is always allowed. Policies with validation errors are left out, and named.',
    '',
    'Exit status: 0 the explanation was printed, whether the connection is allowed or not;',
    '2 wrong command line, including an unknown ref (the message lists close matches).',
  ].join('\n'),
  options: [
    {
      flag: '--port PORT[/PROTOCOL]',
      description: 'ask about one port or range: 8080, 8080/TCP, 53/udp, 8000-8080/tcp (default: any port)',
    },
    { flag: '--format text|json', description: 'output format (default: text); json is the netpol/explain result' },
    ...workspaceOptionHelp,
    ...buildOptionHelp,
  ],
  async run(args, terminal) {
    const specs = {
      ...workspaceOptionSpecs,
      ...buildOptionSpecs,
      namespace: { type: 'string' },
      port: { type: 'string' },
    } as const;
    const { values, positionals, tokens } = parseCommandLine('explain', args, specs);
    if (values.help) {
      terminal.stdout(helpFor(explainCommand));
      return EXIT_OK;
    }
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format must be one of text, json, not "${format}"`, 'explain');
    const options = resolveCommonOptions('explain', { ...values, format: undefined });
    const defaultNamespace = resolveDefaultNamespace('explain', values['default-namespace']);
    // A bad --port fails before any file is read.
    if (values.port !== undefined) {
      const port = parseExplainPort(values.port);
      if ('problem' in port) throw explainUsageError(port.problem);
    }
    const [fromText, toText, ...paths] = positionals;
    if (fromText === undefined || toText === undefined)
      throw new UsageError('explain needs <from> and <to>, then files or directories', 'explain');
    const builds = resolveBuildOptions('explain', values, tokens, terminal.cwd, defaultNamespace);
    if (paths.length === 0 && builds.requests.length === 0)
      throw new UsageError('no files, directories or builds (-k DIR, --helm CHART) to analyse', 'explain');

    const { workspace, displayPaths } = await loadWorkspace(
      paths,
      terminal,
      'explain',
      options,
      defaultNamespace,
      values.extra,
      builds,
    );
    // One pair needs the policies of its two namespaces only (isolation is per namespace; a
    // rule's peers are resolved against every workload), never the connections of every pair.
    const namespaces = new Set([fromText, toText].flatMap((text) => parseWorkloadRef(text)?.namespace ?? []));
    const analysis = analyseNamespaces(workspace, namespaces, { validation: { kubernetesVersion: options.kubernetesVersion } });
    const prepared = prepareExplain(analysis, fromText, toText, values.port);
    if ('problem' in prepared) throw explainUsageError(prepared.problem);
    const verdict = explainConnection(prepared.from, prepared.to, prepared.port);
    const displayPath = (uri: string): string => displayPaths.get(uri) ?? uri;
    const notices = { leftOut: analysis.leftOut, adjusted: analysis.adjusted, displayPath };
    if (format === 'json') {
      for (const line of leftOutNotices(notices)) terminal.stderr(`netpol: ${line}\n`);
      for (const line of explainNotModelledNotices(verdict, displayPath)) terminal.stderr(`netpol: ${line}\n`);
      terminal.stdout(`${JSON.stringify({ ...verdict, ...policyNoticesJson(notices) }, null, 2)}\n`);
    } else {
      terminal.stdout(formatExplainText(verdict, notices));
    }
    return EXIT_OK;
  },
};

/** The command line's wording of a problem: an unknown ref keeps the engine's message with its close matches. */
function explainUsageError(problem: ExplainProblem): UsageError {
  switch (problem.kind) {
    case 'bad-port':
      return new UsageError(`--port: ${problem.message}`, 'explain');
    case 'both-external':
      return new UsageError('at least one of <from> and <to> must be a workload', 'explain');
    case 'unknown-from':
    case 'unknown-to':
      return new UsageError(problem.message, 'explain');
  }
}
