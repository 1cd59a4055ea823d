// SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, ...): one run, rules from the code catalogue.
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Severity } from '../../engine/types';
import { allCodes, type CodeInfo } from '../../engine/diagnosticCodes';
import type { FileResult } from '../analyseFile';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from '../packageInfo';
import { describeNotAnalysed, type NotAnalysed } from '../notAnalysed';
import { oneBased } from './positions';
import type { UnrenderedChart } from '../unrenderedCharts';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Artifact URIs are relative to this base, which stands for the directory netpol ran in. */
export const SOURCE_ROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

export const levelOf = (severity: Severity): SarifLevel =>
  severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';

/** `runs[0].tool` of every netpol command's SARIF: one driver, with the rules of that command. */
export function sarifTool(rules: readonly unknown[]) {
  return {
    driver: {
      name: TOOL_NAME,
      informationUri: TOOL_INFORMATION_URI,
      version: TOOL_VERSION,
      semanticVersion: TOOL_VERSION,
      rules,
    },
  };
}

export function formatSarif(results: readonly FileResult[], cwd: string, charts: readonly UnrenderedChart[] = []): string {
  // The codes of files; those of other commands (NPTxxx: test, NPDxxx: diff) have their own SARIF.
  const codes = allCodes().filter((info) => /^NP\d/.test(info.code));
  const ruleIndex = new Map(codes.map((info, index) => [info.code, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(codes.map(sarifRule)),
        // Files not analysed are tool execution notifications (SARIF 3.20.21): what the run could not look at.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...results.flatMap((result) =>
                result.notAnalysed ? [notAnalysedNotification(result.file.absolutePath, result.notAnalysed, cwd)] : [],
              ),
              ...charts.map((chart) => chartNotification(chart, cwd)),
            ],
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((result) =>
          result.diagnostics.map((diagnostic) => {
            const { line, column, endLine, endColumn } = oneBased(diagnostic.range);
            return {
              ruleId: diagnostic.code,
              ruleIndex: ruleIndex.get(diagnostic.code),
              // Per result, not only on the rule: some rules change severity with the Kubernetes version.
              level: levelOf(diagnostic.severity),
              message: { text: diagnostic.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(result.file.absolutePath, cwd),
                    region: { startLine: line, startColumn: column, endLine, endColumn },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function notAnalysedNotification(absolutePath: string, notAnalysed: NotAnalysed, cwd: string) {
  const level: SarifLevel =
    notAnalysed.reason === 'unreadable'
      ? 'error'
      : notAnalysed.reason === 'too-large' || notAnalysed.reason === 'not-text'
        ? 'warning'
        : 'note';
  return {
    level,
    message: { text: `Not analysed: ${describeNotAnalysed(notAnalysed)}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(absolutePath, cwd) } }],
    properties: { notAnalysed },
  };
}

/** A Helm chart not rendered: a note on its Chart.yaml, with its counts as properties. */
function chartNotification(chart: UnrenderedChart, cwd: string) {
  const { name, networkPolicyTemplates, workloadTemplates } = chart.summary;
  return {
    level: 'note' satisfies SarifLevel,
    message: { text: chart.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(fileURLToPath(chart.summary.chartFileUri), cwd) } }],
    properties: { helmChart: { name, networkPolicyTemplates, workloadTemplates, rendered: false, reason: chart.reason } },
  };
}

export function sarifRule(info: CodeInfo) {
  return {
    id: info.code,
    name: ruleName(info.title),
    shortDescription: { text: info.title },
    fullDescription: { text: info.why },
    help: { text: info.why },
    defaultConfiguration: { level: levelOf(info.severity) },
    ...(info.rules ? { properties: { kubernetesValidationRules: info.rules } } : {}),
  };
}

/** SARIF rule names are identifiers: "YAML syntax error" -> "YamlSyntaxError". */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

/** Relative to %SRCROOT% when the file is under the current directory; an absolute file URI otherwise. */
export function artifactLocation(absolutePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const path = relative(cwd, absolutePath);
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path))
    return { uri: pathToFileURL(absolutePath).href };
  return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

export function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
