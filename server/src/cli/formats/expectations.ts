// The outputs of `netpol test` (design §5.8-§5.11): text as a compiler prints, JSON in the
// documented shape, JUnit XML, SARIF 2.1.0 (one result per failed expectation) and markdown
// for pull-request comments. Every one words results with the engine's expectations wording.
import { fileURLToPath } from 'node:url';
import { codeInfo, documentationAnchor } from '../../engine/diagnosticCodes';
import {
  detailLines,
  failureMessage,
  headline,
  pairsLine,
  resultCode,
  summarizeResults,
  witnessLine,
  type ExpectationResult,
  type ExpectationsSummary,
  type WitnessReason,
} from '../../engine/expectations';
import type { Range } from '../../engine/types';
import { TOOL_INFORMATION_URI } from '../packageInfo';
import { oneBased } from './positions';
import { artifactLocation, directoryUri, levelOf, SARIF_SCHEMA, SOURCE_ROOT, sarifRule, sarifTool } from './sarif';

/** One evaluated expectation with how long it took (JUnit `time`). */
export interface TimedResult {
  result: ExpectationResult;
  seconds: number;
}

export interface TestReport {
  results: TimedResult[];
  /** File URI -> the path as the user wrote it. */
  displayPath: (uri: string) => string;
  cwd: string;
}

export function summarize(results: readonly TimedResult[]): ExpectationsSummary {
  return summarizeResults(results.map((timed) => timed.result));
}

const where =
  (displayPath: (uri: string) => string) =>
  (location: { uri: string; range: Range }): string =>
    `${displayPath(location.uri)}:${location.range.start.line + 1}`;

const summaryText = (summary: ExpectationsSummary): string =>
  `${summary.total} expectation${summary.total === 1 ? '' : 's'}: ${summary.passed} passed, ${summary.failed} failed, ${summary.error} error${summary.error === 1 ? '' : 's'}, ${summary.skipped} skipped`;

/** `path:line:col: FAIL NPT002 name`, then the pairs line, the witnesses and their reasons, indented. */
export function formatTestText(report: TestReport): string {
  const lines: string[] = [];
  for (const { result } of report.results) {
    const { line, column } = oneBased(result.range);
    lines.push(`${report.displayPath(result.uri)}:${line}:${column}: ${headline(result)}`);
    for (const detail of detailLines(result, where(report.displayPath))) lines.push(`  ${detail}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryText(summarize(report.results)));
  return `${lines.join('\n')}\n`;
}

/** The documented JSON shape (issue 13 §2; positions 1-based). */
export function formatTestJson(report: TestReport): string {
  const document = {
    summary: summarize(report.results),
    results: report.results.map(({ result }) => ({
      id: result.id,
      name: result.name,
      file: report.displayPath(result.uri),
      ...oneBased(result.range),
      expect: result.expect,
      status: result.status,
      pairs: result.pairs,
      violations: result.violations.map((v) => ({
        from: v.from,
        to: v.to,
        expected: v.expected,
        actual: v.actual,
        reasons: v.reasons.map((reason) => reasonJson(reason, report.displayPath)),
      })),
      errors: result.errors.map((error) => ({
        message: error.message,
        ...(error.range
          ? {
              file: report.displayPath(error.uri ?? result.uri),
              line: error.range.start.line + 1,
              column: error.range.start.character + 1,
            }
          : {}),
      })),
    })),
  };
  return `${JSON.stringify(document)}\n`;
}

function reasonJson(reason: WitnessReason, displayPath: (uri: string) => string) {
  return {
    side: reason.side,
    verdict: reason.verdict,
    ...(reason.why ? { why: reason.why } : {}),
    ...(reason.policy ? { policy: reason.policy } : {}),
    ...(reason.rule ? { rule: reason.rule } : {}),
    ...(reason.location ? { file: displayPath(reason.location.uri), line: reason.location.range.start.line + 1 } : {}),
    description: reason.description,
  };
}

const xml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const seconds = (value: number): string => value.toFixed(3);

/** JUnit XML: a testsuite per expectations document (metadata.name), a testcase per expectation. */
export function formatTestJunit(report: TestReport): string {
  const summary = summarize(report.results);
  const suites = new Map<string, TimedResult[]>();
  for (const timed of report.results) {
    const key = `${timed.result.suite}\u0000${timed.result.uri}`;
    suites.set(key, [...(suites.get(key) ?? []), timed]);
  }
  const counts = (s: ExpectationsSummary) =>
    `tests="${s.total}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}"`;
  const total = report.results.reduce((sum, r) => sum + r.seconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netpol test" ${counts(summary)} time="${seconds(total)}">`,
  ];
  for (const members of suites.values()) {
    const { suite, uri } = members[0].result;
    const file = xml(report.displayPath(uri));
    const time = members.reduce((sum, r) => sum + r.seconds, 0);
    lines.push(`  <testsuite name="${xml(suite)}" file="${file}" ${counts(summarize(members))} time="${seconds(time)}">`);
    for (const { result, seconds: took } of members) {
      const { line, column } = oneBased(result.range);
      const open = `    <testcase classname="${xml(suite)}" name="${xml(result.name)}" file="${file}" line="${line}" time="${seconds(took)}"`;
      const code = resultCode(result);
      switch (result.status) {
        case 'passed':
          lines.push(`${open}/>`);
          break;
        case 'skipped':
          lines.push(`${open}>`, `      <skipped message="${xml(result.skipReason ?? 'skip')}"/>`, '    </testcase>');
          break;
        case 'failed':
        case 'error': {
          const body = [
            `${report.displayPath(result.uri)}:${line}:${column} ${pairsLine(result)}`,
            ...detailLines(result, where(report.displayPath)).slice(1),
          ];
          const element = result.status === 'failed' ? 'failure' : 'error';
          lines.push(
            `${open}>`,
            `      <${element} type="${code}" message="${xml(failureMessage(result))}">${xml(body.join('\n'))}</${element}>`,
            '    </testcase>',
          );
          break;
        }
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

export type SarifAnchor = 'expectation' | 'cause';

const EXPECTATION_CODES = ['NPT001', 'NPT002', 'NPT003', 'NPT004'];

/** SARIF tags and security severity of the expectation rules (GitHub code scanning reads `security-severity`). */
const RULE_PROPERTIES: Record<string, Record<string, unknown>> = {
  NPT001: { tags: ['network-policy', 'expectation', 'availability'] },
  NPT002: { tags: ['network-policy', 'expectation', 'security'], 'security-severity': '7.5' },
  NPT003: { tags: ['network-policy', 'expectation'] },
  NPT004: { tags: ['network-policy', 'expectation'] },
};

/**
 * SARIF 2.1.0: one result per failed (or not evaluable) expectation, anchored at the
 * expectation (or, with `cause`, at the first deciding rule), with the deciding rules of
 * the first witness as related locations, and the expectation id as fingerprint.
 */
export function formatTestSarif(report: TestReport, anchor: SarifAnchor = 'expectation', securitySeverity = '7.5'): string {
  const rules = EXPECTATION_CODES.map((code) => {
    const properties = { ...RULE_PROPERTIES[code], ...(code === 'NPT002' ? { 'security-severity': securitySeverity } : {}) };
    const info = codeInfo(code);
    // The README section of the code holds a failing and a fixed example.
    const helpUri = `${TOOL_INFORMATION_URI}#${documentationAnchor(code)}`;
    const help = { text: info.why, markdown: `${info.why}\n\n[A failing and a fixed example](${helpUri})` };
    return { ...sarifRule(info), help, helpUri, properties };
  });
  const physical = (uri: string, range: Range) => {
    const { line, column, endLine, endColumn } = oneBased(range);
    return {
      artifactLocation: uri.startsWith('file:') ? artifactLocation(fileURLToPath(uri), report.cwd) : { uri },
      region: { startLine: line, startColumn: column, endLine, endColumn },
    };
  };
  const results = report.results.flatMap(({ result }) => {
    const code = resultCode(result);
    if (!code) return [];
    const causes = (result.violations[0]?.reasons ?? []).filter((reason) => reason.location);
    const related = causes.map((reason, index) => ({
      id: index + 1,
      physicalLocation: physical(reason.location!.uri, reason.location!.range),
      message: { text: reason.rule ? `${reason.policy} ${reason.rule}` : (reason.policy ?? reason.side) },
    }));
    const errorLocations = result.errors.flatMap((error, index) =>
      error.range
        ? [
            {
              id: related.length + index + 1,
              physicalLocation: physical(error.uri ?? result.uri, error.range),
              message: { text: error.message },
            },
          ]
        : [],
    );
    const links = causes.map((reason, index) => `[${reason.description}](${index + 1})`);
    const text =
      result.status === 'error'
        ? `Expectation '${result.name}' could not be evaluated: ${failureMessage(result)}`
        : `Expectation '${result.name}' failed: ${failureMessage(result)}.${links.length > 0 ? ` ${links.join('; ')}.` : ''}`;
    const expectationLocation = { physicalLocation: physical(result.uri, result.range) };
    const byCause = anchor === 'cause' && related.length > 0;
    return [
      {
        ruleId: code,
        ruleIndex: EXPECTATION_CODES.indexOf(code),
        level: levelOf(codeInfo(code).severity),
        message: { text },
        locations: [byCause ? { physicalLocation: related[0].physicalLocation } : expectationLocation],
        relatedLocations: [
          ...related,
          ...errorLocations,
          ...(byCause
            ? [
                {
                  id: related.length + errorLocations.length + 1,
                  ...expectationLocation,
                  message: { text: `expectation '${result.name}'` },
                },
              ]
            : []),
        ],
        partialFingerprints: { 'netpolExpectation/v1': result.id },
        properties: {
          expect: result.expect,
          pairsTotal: result.pairs.total,
          pairsViolating: result.pairs.violating,
          witnesses: result.violations.map((v) => witnessLine(v, result.expect)),
        },
      },
    ];
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(rules),
        automationDetails: { id: 'netpol-test/' },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const mdEscape = (text: string): string => text.replace(/([\\`*_[\]<>|])/g, '\\$1');

/** Markdown for a pull-request comment: a summary line, then one <details> per failure or error. */
export function formatTestMarkdown(report: TestReport): string {
  const summary = summarize(report.results);
  const icon = summary.failed + summary.error > 0 ? '❌' : '✅';
  const lines = [`### ${icon} netpol test: ${summaryText(summary)}`, ''];
  for (const { result } of report.results) {
    if (result.status !== 'failed' && result.status !== 'error') continue;
    const { line } = oneBased(result.range);
    const code = resultCode(result)!;
    lines.push(
      '<details>',
      `<summary><b>${result.status === 'failed' ? 'FAIL' : 'ERROR'} ${code}</b> ${mdEscape(result.name)} — ${mdEscape(report.displayPath(result.uri))}:${line}</summary>`,
      '',
      '```text',
      ...detailLines(result, where(report.displayPath)).map((l) => l.replace(/```/g, "'''")),
      '```',
      '</details>',
      '',
    );
  }
  const passed = report.results.filter((r) => r.result.status === 'passed').map((r) => r.result.name);
  if (passed.length > 0) lines.push(`Passed: ${passed.map(mdEscape).join(', ')}`, '');
  return `${lines.join('\n')}`;
}
