// Reachability expectations in the editor: the workspace's expectations files evaluated
// once per workspace version (and settings), on the same analysis as the Reachability view;
// `netpol/expectations` answers from that evaluation, `netpol/expectationsChanged` follows
// each settle, and the diagnostics of expectations files come from it through the one
// diagnostics pipeline (diagnostics.ts, wrapped by `withExpectationDiagnostics`).
import type { CodeLens, Connection as LspConnection } from 'vscode-languageserver/node';
import {
  evaluateExpectations,
  expectationsFiles,
  failureMessage,
  lensTitle as engineLensTitle,
  pairsLine,
  portFormText,
  readExpectationsFile,
  resultCode,
  summarizeResults,
  witnessLine,
  type ExpectationResult as EngineResult,
  type ExpectationsFile,
  type WitnessReason,
} from '../engine/expectations';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../engine/kubernetesVersion';
import { fromCanonicalJson, NONE, subtract, isEmpty, PROTOCOLS, type ConnectionSet } from '../engine/ports';
import { expectationHoverAt } from '../engine/insight/expectationAnswers';
import type { HoverAnswer } from '../engine/insight/hover';
import { analyseWorkspace, type ReachAnalysis } from '../engine/reach';
import type { EngineDiagnostic, Position, Range } from '../engine/types';
import type { Workspace } from '../engine/workspace';
import {
  CommandIds,
  ExpectationsChangedNotification,
  ExpectationsRequest,
  type ExpectationPortsJson,
  type ExpectationResult,
  type ExpectationViolation,
} from '../protocol';
import type { ValidateText } from './diagnostics';
import type { Log } from './log';
import { defaultExpectationSettings, type ExpectationSettings, type Settings } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';

/** A diagnostic's related locations stop at this many rules: the Testing view lists every witness. */
const MAX_RELATED = 10;
/** Witnesses a diagnostic's message lists; the Testing view lists up to netpol.expectations.maxWitnesses. */
const WITNESSES_IN_MESSAGE = 3;

/** One expectation's result, as the engine gave it and as the protocol carries it. */
interface Entry {
  engine: EngineResult;
  result: ExpectationResult;
}

/** One evaluation of every expectations file of one workspace version. */
export interface Evaluation {
  files: ExpectationsFile[];
  /** In file order, then list order. */
  results: ExpectationResult[];
  byUri: Map<string, Entry[]>;
}

/** The settings an evaluation depends on, read at the last settings change. */
interface EvaluationSettings {
  kubernetesVersion: KubernetesVersion;
  expectations: ExpectationSettings;
}

export class ExpectationsService {
  private memo: { workspace: Workspace; version: number; key: string; evaluation: Evaluation } | undefined;
  private current: EvaluationSettings = {
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    expectations: defaultExpectationSettings,
  };
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: Pick<Settings, 'forWorkspace' | 'expectations'>,
    private readonly log?: Pick<Log, 'debug'>,
  ) {}

  /** Reads the settings again; a change the answers depend on is counted by the index, which then settles (and notifies). */
  settingsChanged(): Promise<void> {
    const before = JSON.stringify(this.current);
    this.loaded = Promise.all([this.settings.forWorkspace(), this.settings.expectations()]).then(([workspace, expectations]) => {
      this.current = { kubernetesVersion: workspace.kubernetesVersion, expectations };
      if (JSON.stringify(this.current) !== before) this.index.answersChanged();
    });
    return this.loaded;
  }

  /** Settings as last read (the first call starts reading them). */
  async ready(): Promise<EvaluationSettings> {
    await (this.loaded ??= this.settingsChanged());
    return this.current;
  }

  get enabled(): boolean {
    return this.current.expectations.enabled;
  }

  get showCodeLens(): boolean {
    return this.current.expectations.enabled && this.current.expectations.showCodeLens;
  }

  /** The evaluation of a workspace as it is now: computed once per workspace version and settings. */
  evaluate(workspace: Workspace): Evaluation {
    const { kubernetesVersion, expectations } = this.current;
    const key = JSON.stringify([kubernetesVersion, expectations.maxWitnesses]);
    const memo = this.memo;
    if (memo && memo.workspace === workspace && memo.version === workspace.version && memo.key === key) return memo.evaluation;
    const started = performance.now();
    const files = expectationsFiles(workspace);
    // Most workspaces hold no expectations: the analysis is not asked for them.
    const engineResults =
      files.length === 0
        ? []
        : evaluateExpectations(this.analysis(workspace), workspace, {
            maxWitnesses: expectations.maxWitnesses,
          });
    const entries = engineResults.map((engine): Entry => ({ engine, result: toProtocolResult(engine) }));
    const byUri = new Map<string, Entry[]>();
    for (const entry of entries) byUri.set(entry.result.uri, [...(byUri.get(entry.result.uri) ?? []), entry]);
    const evaluation = { files, results: entries.map((e) => e.result), byUri };
    this.memo = { workspace, version: workspace.version, key, evaluation };
    if (files.length > 0)
      this.log?.debug(
        () => `${entries.length} expectation(s) evaluated in ${(performance.now() - started).toFixed(1)} ms (analysis included).`,
      );
    return evaluation;
  }

  /** The analysis expectations are evaluated on: the Reachability view's (cached per workspace version and Kubernetes version). */
  analysis(workspace: Workspace): ReachAnalysis {
    return analyseWorkspace(workspace, { validation: { kubernetesVersion: this.current.kubernetesVersion } });
  }

  /** The hover on an endpoint of an expectation; the analysis is asked for only there. */
  hoverAt(workspace: Workspace, uri: string, position: Position): HoverAnswer | undefined {
    return expectationHoverAt(workspace, () => this.analysis(workspace), uri, position);
  }

  /** Diagnostics of an expectations file: its own problems, then one per failed or errored expectation. */
  diagnosticsFor(uri: string, workspace: Workspace): EngineDiagnostic[] {
    if (!this.enabled) return [];
    const manifest = workspace.manifest(uri);
    const file = manifest && readExpectationsFile(manifest);
    if (!file) return [];
    const entries = this.evaluate(workspace).byUri.get(uri) ?? [];
    return [...file.diagnostics, ...entries.flatMap((entry) => resultDiagnostics(entry, workspace))];
  }

  /** CodeLens above each expectation of a file: its result, and for a failure the first witness to explain. */
  lensesFor(uri: string, workspace: Workspace): CodeLens[] {
    if (!this.showCodeLens) return [];
    const manifest = workspace.manifest(uri);
    if (!manifest || !readExpectationsFile(manifest)) return [];
    return (this.evaluate(workspace).byUri.get(uri) ?? []).map(({ engine, result }) => {
      const range = { start: result.range.start, end: result.range.start };
      const title = engineLensTitle(engine);
      const first = result.violations[0];
      if (result.status === 'failed' && first) {
        // Explain runs Check Connection on the first witness: the verdict panel shows both sides and their rules.
        return {
          range,
          command: { title: `${title} · Explain`, command: CommandIds.checkConnection, arguments: [first.explain] },
        };
      }
      return { range, command: { title, command: '' } };
    });
  }
}

/**
 * The wiring: the request, the notification after each settle, and the settings. Diagnostics
 * go through {@link withExpectationDiagnostics}, CodeLens through the one CodeLens handler.
 */
export function registerExpectations(
  connection: LspConnection,
  index: WorkspaceIndex,
  service: ExpectationsService,
  log: Log,
  /** Evaluating every expectation waits for the client's requests (requestActivity.ts); a request that needs it evaluates at once. */
  whenQuiet: () => Promise<void>,
): void {
  connection.onRequest(ExpectationsRequest.type, async (params): Promise<ExpectationsRequest.Result> => {
    await index.ready();
    await service.ready();
    const workspace = index.current();
    const version = index.changes;
    if (!service.enabled) return { version, enabled: false, summary: summarizeResults([]), files: [], results: [] };
    const evaluation = service.evaluate(workspace);
    const wanted = typeof params?.uri === 'string' ? params.uri : undefined;
    const results = wanted === undefined ? evaluation.results : (evaluation.byUri.get(wanted) ?? []).map((e) => e.result);
    const files = evaluation.files
      .filter((file) => wanted === undefined || file.uri === wanted)
      .map((file) => ({
        uri: file.uri,
        ...(file.documents[0] && { name: file.documents[0].suite }),
        problems: file.diagnostics.map((d) => ({ range: d.range, message: d.message, code: d.code, severity: d.severity })),
      }));
    return { version, enabled: true, summary: summarizeResults(results), files, results };
  });

  // Evaluated here, once per settle, so that the notification follows a result computed already.
  // Sent when turned off too, so that the client empties its Testing view.
  index.onDidSettle(({ workspace, version }) => {
    void Promise.all([service.ready(), whenQuiet()]).then(() => {
      if (index.changes !== version) return;
      if (service.enabled) service.evaluate(workspace);
      connection
        .sendNotification(ExpectationsChangedNotification.type, { version })
        .catch((error: unknown) => log.error('Could not tell the client that expectations changed.', error));
    });
  });
}

/** Validation of a document, plus the expectations diagnostics of an expectations file (nothing changes for other files). */
export function withExpectationDiagnostics(validate: ValidateText, service: ExpectationsService): ValidateText {
  return (uri, text, settings, context, memo) => {
    const diagnostics = validate(uri, text, settings, context, memo);
    // Results describe the workspace's text of the file: a text the index has not applied yet waits for the re-check.
    if (!context || context.workspace.manifest(uri)?.source.text !== text) return diagnostics;
    const more = service.diagnosticsFor(uri, context.workspace);
    return more.length === 0 ? diagnostics : [...diagnostics, ...more];
  };
}

/** The port Explain asks about for a witness: the first port the policies and the expectation disagree on, or any port. */
function explainPort(violation: Pick<ExpectationViolation, 'expected' | 'actual'>): string {
  const set = (ports: ExpectationPortsJson): ConnectionSet => (ports === 'none' ? NONE : (fromCanonicalJson(ports) ?? NONE));
  const expected = set(violation.expected);
  const actual = set(violation.actual);
  for (const differing of [subtract(expected, actual), subtract(actual, expected)]) {
    if (isEmpty(differing)) continue;
    for (const protocol of PROTOCOLS) {
      const first = differing[protocol][0];
      // Every port of a protocol is no one port to explain.
      if (first && !(first[0] === 1 && first[1] === 65535)) return `${first[0]}/${protocol}`;
    }
  }
  return '';
}

function toProtocolResult(result: EngineResult): ExpectationResult {
  const code = resultCode(result);
  return {
    id: result.id,
    name: result.name,
    uri: result.uri,
    range: result.range,
    expect: result.expect,
    tags: [...result.tags],
    status: result.status,
    ...(code && { code }),
    message: `${result.name}: ${pairsLine(result)}`,
    pairs: { ...result.pairs },
    violations: result.violations.map((v) => ({
      from: v.from,
      to: v.to,
      expected: v.expected,
      actual: v.actual,
      expectedText: portFormText(v.expected),
      actualText: portFormText(v.actual),
      reasons: v.reasons.map(toReason),
      explain: { from: v.from, to: v.to, port: explainPort(v) },
    })),
    errors: result.errors.map((e) => ({
      message: e.message,
      ...(e.range && { location: { uri: e.uri ?? result.uri, range: e.range } }),
    })),
    ...(result.skipReason !== undefined && { skipReason: result.skipReason }),
  };
}

function toReason(reason: WitnessReason): ExpectationViolation['reasons'][number] {
  return {
    side: reason.side,
    verdict: reason.verdict,
    ...(reason.policy && { policy: reason.policy }),
    ...(reason.rule && { rule: reason.rule }),
    description: reason.description,
    ...(reason.location && { location: { uri: reason.location.uri, range: reason.location.range } }),
  };
}

/** On the first line of the expectation's item: a squiggle over the whole item would hide the text one reads to fix it. */
function resultDiagnostics({ engine, result }: Entry, workspace: Workspace): EngineDiagnostic[] {
  const code = result.code;
  if (!code) return [];
  const line = workspace.text(result.uri)?.split(/\r?\n/)[result.range.start.line];
  const range: Range = {
    start: result.range.start,
    end:
      result.range.end.line === result.range.start.line || line === undefined
        ? result.range.end
        : { line: result.range.start.line, character: line.length },
  };
  if (result.status === 'error') {
    const related = engine.errors.flatMap((error) =>
      error.uri && error.range && error.uri !== result.uri
        ? [{ uri: error.uri, range: error.range, message: error.message }]
        : [],
    );
    return [
      {
        code,
        severity: 'warning',
        range,
        message: `Not evaluated: ${engine.errors.map((e) => e.message).join('; ') || pairsLine(engine)}`,
        ...(related.length > 0 && { related }),
      },
    ];
  }
  const shown = engine.violations.slice(0, WITNESSES_IN_MESSAGE).map((v) => witnessLine(v, engine.expect));
  const more = result.pairs.violating - shown.length;
  const related: NonNullable<EngineDiagnostic['related']> = [];
  const seen = new Set<string>();
  for (const reason of engine.violations.flatMap((v) => v.reasons)) {
    if (!reason.location || related.length >= MAX_RELATED) continue;
    const key = `${reason.location.uri}:${reason.location.range.start.line}:${reason.side}`;
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ uri: reason.location.uri, range: reason.location.range, message: `${reason.side}: ${reason.description}` });
  }
  return [
    {
      code,
      severity: 'error',
      range,
      message: [
        `Expectation '${result.name}' failed: ${failureMessage(engine)}`,
        ...shown,
        ...(more > 0 ? [`… and ${more} more`] : []),
      ].join('\n'),
      ...(related.length > 0 && { related }),
    },
  ];
}
