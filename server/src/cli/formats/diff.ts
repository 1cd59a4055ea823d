// Output of `netpol diff`: text grouped by kind and cause, JSON, Markdown for a pull
// request comment, CSV, Graphviz dot and SARIF. The words of a change and a cause are
// the engine's (engine/diff wording), shared with the editor.
import { fileURLToPath } from 'node:url';
import { codeInfo } from '../../engine/diagnosticCodes';
import {
  changeDelta,
  changeEnds,
  CHANGE_KINDS,
  type ChangeCause,
  type ChangeKind,
  type DiffDoubt,
  type ReachChange,
  type ReachDiff,
} from '../../engine/diff';
import { failureMessage } from '../../engine/expectations';
import { formatConnectionSet } from '../../engine/ports';
import type { Range } from '../../engine/types';
import { TOOL_NAME } from '../packageInfo';
import { jsonDocumentChunks } from './jsonStream';
import { oneBased } from './positions';
import { artifactLocation, directoryUri, levelOf, SARIF_SCHEMA, sarifRule, sarifTool, SOURCE_ROOT } from './sarif';

export interface DiffReport {
  diff: ReachDiff;
  base: { label: string; displayPath(uri: string): string };
  head: { label: string; displayPath(uri: string): string };
  /** For SARIF: artifact paths are relative to it. */
  cwd: string;
}

const TITLES: Record<ChangeKind, string> = {
  opened: 'Opened',
  widened: 'Widened',
  narrowed: 'Narrowed',
  closed: 'Closed',
  changed: 'Changed',
  unknown: 'Unknown',
};

const at = (report: DiffReport, version: 'before' | 'after', uri: string, range: Range): string =>
  `${(version === 'before' ? report.base : report.head).displayPath(uri)}:${oneBased(range).line}`;

/** `1 opened, 0 widened, ...`. */
function counts(diff: ReachDiff): string {
  return CHANGE_KINDS.map((kind) => `${diff.summary[kind]} ${kind}`).join(', ');
}

/** Changes of one kind, grouped by identical causes, groups in the order of their first change. */
function byCauses(changes: readonly ReachChange[]): Array<{ causes: ChangeCause[]; changes: ReachChange[] }> {
  const groups = new Map<string, { causes: ChangeCause[]; changes: ReachChange[] }>();
  for (const change of changes) {
    const key = JSON.stringify(change.causes);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { causes: change.causes, changes: [] }));
    group.changes.push(change);
  }
  return [...groups.values()];
}

function causeLine(report: DiffReport, cause: ChangeCause): string {
  const what = [cause.side, cause.policy, cause.rule].filter((part) => part !== undefined).join(' ');
  return `${cause.version.padEnd(6)} ${what}  ${at(report, cause.version, cause.location.uri, cause.location.range)}  ${cause.description}`;
}

function doubtLine(report: DiffReport, doubt: DiffDoubt): string {
  return `${at(report, doubt.version, doubt.location.uri, doubt.location.range)}: ${doubt.reason}`;
}

export function* formatDiffText(report: DiffReport): Generator<string> {
  const { diff } = report;
  const title = `${TOOL_NAME} diff: ${report.base.label} -> ${report.head.label}`;
  yield diff.changes.length === 0 ? `${title}: no reachability changes\n` : `${title}: ${counts(diff)}\n`;
  for (const kind of CHANGE_KINDS) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    yield `\n${TITLES[kind]} (${changes.length})\n`;
    for (const group of byCauses(changes)) {
      const width = Math.max(...group.changes.map((c) => changeEnds(c).length));
      for (const change of group.changes) yield `  ${changeEnds(change).padEnd(width)}  ${changeDelta(change)}\n`;
      for (const cause of group.causes) yield `      ${causeLine(report, cause)}\n`;
    }
  }
  if (diff.doubts.length > 0) {
    yield '\nNot decided (a version could not be analysed honestly):\n';
    for (const doubt of diff.doubts) yield `  ${doubtLine(report, doubt)}\n`;
  }
  yield `\n${expectationsLine(diff)}\n`;
  for (const flip of diff.expectations) {
    const where = `${report.head.displayPath(flip.result.uri)}:${oneBased(flip.result.range).line}`;
    yield `  ${flip.before} -> ${flip.after}  ${flip.name}  ${where}\n`;
    if (flip.after === 'failed' || flip.after === 'error') yield `      ${failureMessage(flip.result)}\n`;
  }
}

/** `Expectations: 3 evaluated in both versions, 1 changed status:` or why none were. */
export function expectationsLine(diff: ReachDiff): string {
  if (diff.expectationsEvaluated === undefined || diff.expectationsEvaluated === 0)
    return 'Expectations: none found (give --expectations FILE|DIR, or keep a ReachabilityExpectations file under the paths).';
  const changed = diff.expectations.length;
  return `Expectations: ${diff.expectationsEvaluated} evaluated in both versions, ${changed === 0 ? 'none changed status.' : `${changed} changed status:`}`;
}

/** `{summary, changes, expectations}`, exactly the documented keys; positions 1-based. */
export function* formatDiffJson(report: DiffReport): Generator<string> {
  const { diff } = report;
  const summary = {
    opened: diff.summary.opened,
    closed: diff.summary.closed,
    widened: diff.summary.widened,
    narrowed: diff.summary.narrowed,
    changed: diff.summary.changed,
    unknown: diff.summary.unknown,
  };
  const causeJson = (cause: ChangeCause) => {
    const { line, column, endLine, endColumn } = oneBased(cause.location.range);
    return {
      version: cause.version,
      side: cause.side,
      policy: cause.policy ?? null,
      rule: cause.rule ?? null,
      file: (cause.version === 'before' ? report.base : report.head).displayPath(cause.location.uri),
      line,
      column,
      endLine,
      endColumn,
      description: cause.description,
    };
  };
  function* changes() {
    for (const c of diff.changes)
      yield {
        kind: c.kind,
        from: c.from,
        to: c.to,
        before: c.before,
        after: c.after,
        added: c.added,
        removed: c.removed,
        causes: c.causes.map(causeJson),
      };
  }
  yield* jsonDocumentChunks([
    ['summary', summary],
    ['changes', changes()],
    ['expectations', diff.expectations.map((e) => ({ id: e.id, before: e.before, after: e.after }))],
  ]);
  yield '\n';
}

/** Rows per kind in a pull-request comment: GitHub cuts comments at 65,536 characters. */
const MD_ROWS_PER_KIND = 100;

export function* formatDiffMarkdown(report: DiffReport): Generator<string> {
  const { diff } = report;
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  yield `### Reachability changes: ${cell(report.base.label)} → ${cell(report.head.label)}\n\n`;
  if (diff.changes.length === 0) yield 'No reachability changes.\n';
  else
    yield `${CHANGE_KINDS.map((kind) => (diff.summary[kind] > 0 ? `**${diff.summary[kind]} ${kind}**` : `0 ${kind}`)).join(' · ')}\n`;
  if (diff.expectations.length > 0) {
    yield '\n| Expectation | Before | After | Why |\n|---|---|---|---|\n';
    for (const flip of diff.expectations)
      yield `| ${cell(flip.name)} (${code(flip.id)}) | ${flip.before} | **${flip.after}** | ${cell(flip.after === 'passed' || flip.after === 'skipped' ? '' : failureMessage(flip.result))} |\n`;
  }
  for (const kind of CHANGE_KINDS) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    const open = kind === 'opened' || kind === 'widened' || kind === 'unknown' ? ' open' : '';
    yield `\n<details${open}><summary>${TITLES[kind]} (${changes.length})</summary>\n\n| From | To | Ports | Causes |\n|---|---|---|---|\n`;
    for (const change of changes.slice(0, MD_ROWS_PER_KIND)) {
      const causes = change.causes
        .map((cause) => {
          const what = [cause.side, cause.policy && code(cause.policy), cause.rule].filter(Boolean).join(' ');
          return `${cause.version}: ${what} (${cell(at(report, cause.version, cause.location.uri, cause.location.range))})`;
        })
        .join('<br>');
      const end = (ref: string, state: ReachChange['fromState']) =>
        `${code(ref)}${state === 'added' ? ' (new)' : state === 'removed' ? ' (gone)' : ''}`;
      yield `| ${end(change.from, change.fromState)} | ${end(change.to, change.toState)} | ${cell(changeDelta(change))} | ${causes} |\n`;
    }
    if (changes.length > MD_ROWS_PER_KIND)
      yield `\n… and ${changes.length - MD_ROWS_PER_KIND} more (\`--format json\` lists all).\n`;
    yield '\n</details>\n';
  }
  if (diff.doubts.length > 0) {
    yield '\n**Not decided:**\n\n';
    for (const doubt of diff.doubts) yield `- ${cell(doubtLine(report, doubt))}\n`;
  }
  if (diff.expectations.length === 0) yield `\n${expectationsLine(diff)}\n`;
}

/** One row per change: `kind,from,to,before,after,added,removed,from_state,to_state,causes`. */
export function* formatDiffCsv(report: DiffReport): Generator<string> {
  const cell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  yield 'kind,from,to,before,after,added,removed,from_state,to_state,causes\n';
  for (const c of report.diff.changes) {
    const causes = c.causes
      .map((cause) =>
        [cause.version, cause.side, cause.policy, cause.rule, at(report, cause.version, cause.location.uri, cause.location.range)]
          .filter((part) => part !== undefined)
          .join(' '),
      )
      .join(' | ');
    const { before, after, added, removed } = c.sets;
    yield `${[c.kind, c.from, c.to, ...[before, after, added, removed].map(formatConnectionSet), c.fromState, c.toState, causes].map(cell).join(',')}\n`;
  }
}

/** NPA's legend: green opened, red closed, magenta changed; widened and narrowed dashed in the same colours, unknown grey. */
const EDGE_STYLE: Record<ChangeKind, string> = {
  opened: 'color="green", fontcolor="green"',
  widened: 'color="green", fontcolor="green", style=dashed',
  closed: 'color="red", fontcolor="red"',
  narrowed: 'color="red", fontcolor="red", style=dashed',
  changed: 'color="magenta", fontcolor="magenta"',
  unknown: 'color="gray", fontcolor="gray", style=dotted',
};

export function* formatDiffDot(report: DiffReport): Generator<string> {
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  yield `// ${TOOL_NAME} diff: ${report.base.label} -> ${report.head.label}: ${counts(report.diff)}\n`;
  for (const doubt of report.diff.doubts) yield `// not decided: ${doubtLine(report, doubt)}\n`;
  yield 'digraph diff {\n  rankdir=LR;\n  node [shape=box, fontname="Helvetica"];\n  edge [fontname="Helvetica", fontsize=10];\n';
  const nodes = new Map<string, string>();
  for (const c of report.diff.changes) {
    const node = (ref: string, external: boolean, state: ReachChange['fromState']) =>
      nodes.set(
        ref,
        external
          ? 'shape=ellipse, style=dashed'
          : state === 'added'
            ? 'color="green"'
            : state === 'removed'
              ? 'color="red", style=dashed'
              : '',
      );
    node(c.from, c.external === 'from', c.fromState);
    node(c.to, c.external === 'to', c.toState);
  }
  for (const [ref, style] of [...nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    yield `  ${quote(ref)}${style ? ` [${style}]` : ''};\n`;
  for (const c of report.diff.changes)
    yield `  ${quote(c.from)} -> ${quote(c.to)} [label=${quote(changeDelta(c))}, ${EDGE_STYLE[c.kind]}];\n`;
  yield '}\n';
}

const RULE_OF: Partial<Record<ChangeKind, string>> = {
  opened: 'NPD001',
  widened: 'NPD002',
  changed: 'NPD002',
  closed: 'NPD003',
  narrowed: 'NPD003',
};
const DIFF_RULES = ['NPD001', 'NPD002', 'NPD003', 'NPD004'];
/** Pairs named in one result's message; the count is always exact. */
const SARIF_PAIRS = 10;

/**
 * One result per rule and anchoring cause: the cause in the head version (the line a pull
 * request changed) when there is one, else the rule of the base version that was lost.
 */
export function formatDiffSarif(report: DiffReport): string {
  const rules = DIFF_RULES.map(codeInfo);
  const groups = new Map<string, { ruleId: string; anchor?: ChangeCause; changes: ReachChange[] }>();
  for (const change of report.diff.changes) {
    const ruleId = RULE_OF[change.kind];
    if (!ruleId) continue;
    const anchor = change.causes.find((c) => c.version === 'after') ?? change.causes[0];
    const key = `${ruleId}\0${anchor ? `${anchor.version}\0${anchor.location.uri}\0${anchor.location.range.start.line}\0${anchor.policy}\0${anchor.rule}` : ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ruleId, anchor, changes: [] }));
    group.changes.push(change);
  }
  const location = (cause: ChangeCause) => {
    const { line, column, endLine, endColumn } = oneBased(cause.location.range);
    return {
      physicalLocation: {
        artifactLocation: artifactLocation(fileURLToPath(cause.location.uri), report.cwd),
        region: { startLine: line, startColumn: column, endLine, endColumn },
      },
    };
  };
  const results: object[] = [...groups.values()].map(({ ruleId, anchor, changes }) => {
    const verb = { NPD001: 'opens', NPD002: 'widens', NPD003: 'closes or narrows' }[ruleId] ?? 'changes';
    const named = changes.slice(0, SARIF_PAIRS).map((c) => `${c.from} -> ${c.to} (${changeDelta(c)})`);
    const more = changes.length > SARIF_PAIRS ? `, and ${changes.length - SARIF_PAIRS} more` : '';
    const by = anchor
      ? ` ${anchor.version === 'after' ? 'Caused by' : 'Was allowed by'} ${anchor.policy ?? ''} ${anchor.rule ?? ''}: ${anchor.description}.`
      : '';
    const related = [
      ...new Map(
        changes
          .flatMap((c) => c.causes)
          .filter((c) => c !== anchor)
          .map((c) => [JSON.stringify(c), c]),
      ).values(),
    ];
    return {
      ruleId,
      ruleIndex: DIFF_RULES.indexOf(ruleId),
      level: levelOf(codeInfo(ruleId).severity),
      message: {
        text: `This change ${verb} ${changes.length} connection${changes.length === 1 ? '' : 's'}: ${named.join('; ')}${more}.${by.replace(/ {2,}/g, ' ')}`,
      },
      ...(anchor ? { locations: [location(anchor)] } : {}),
      ...(related.length > 0
        ? {
            relatedLocations: related.slice(0, 20).map((cause, id) => ({
              id: id + 1,
              ...location(cause),
              message: { text: `${cause.version}: ${[cause.side, cause.policy, cause.rule].filter(Boolean).join(' ')}` },
            })),
          }
        : {}),
      partialFingerprints: {
        'netpolDiff/v1': `${ruleId}:${anchor?.policy ?? ''}:${anchor?.rule ?? ''}:${changes.length > 0 ? `${changes[0].from}>${changes[0].to}` : ''}`,
      },
      properties: { changes: changes.length, kinds: [...new Set(changes.map((c) => c.kind))] },
    };
  });
  // An expectation broken: anchored at the first deciding rule of its first witness in the head, the expectation related.
  for (const flip of report.diff.expectations) {
    if (flip.after !== 'failed') continue;
    const expectation = { uri: flip.result.uri, range: flip.result.range };
    const rule = flip.result.violations.flatMap((v) => v.reasons).find((reason) => reason.location && reason.rule);
    const region = (place: { uri: string; range: Range }) => {
      const { line, column, endLine, endColumn } = oneBased(place.range);
      return {
        physicalLocation: {
          artifactLocation: artifactLocation(fileURLToPath(place.uri), report.cwd),
          region: { startLine: line, startColumn: column, endLine, endColumn },
        },
      };
    };
    results.push({
      ruleId: 'NPD004',
      ruleIndex: DIFF_RULES.indexOf('NPD004'),
      level: levelOf(codeInfo('NPD004').severity),
      message: { text: `This change breaks expectation '${flip.name}' (${flip.before} before): ${failureMessage(flip.result)}` },
      locations: [region(rule?.location ?? expectation)],
      relatedLocations: [{ id: 1, ...region(expectation), message: { text: `expectation '${flip.name}'` } }],
      partialFingerprints: { 'netpolDiff/v1': `NPD004:${flip.id}` },
      properties: { changes: flip.result.pairs.violating, kinds: [] },
    });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(rules.map(sarifRule)),
        automationDetails: { id: 'netpol-diff/' },
        invocations: [
          {
            executionSuccessful: true,
            // What could not be decided is said, as check says what it could not analyse.
            toolExecutionNotifications: report.diff.doubts.map((doubt) => ({
              level: 'warning',
              message: { text: `Not decided: ${doubt.reason}` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(fileURLToPath(doubt.location.uri), report.cwd),
                    region: { startLine: oneBased(doubt.location.range).line },
                  },
                },
              ],
            })),
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
