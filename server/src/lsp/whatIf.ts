// The live what-if: the index (every open buffer over the disk) against a base (the saved
// files, HEAD or a branch: whatIfBase.ts), diffed by the engine (engine/diff). It is
// computed once per settle of the index (WorkspaceIndex.onDidSettle) and once per change of
// the base, and the client hears of it only when it changed (`netpol/whatIfChanged`); the
// CodeLens on edited policies and the NPD004 warnings read that one result. The base's
// analysis is cached with its workspace, so a keystroke costs the index's own edit → reach
// run, which the Reachability view shares, plus the set difference.
import {
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { changeDelta, diffReachability, type ChangeCause, type ExpectationFlip, type ReachDiff } from '../engine/diff';
import { expectationsFiles, type ExpectationResult, type WitnessReason } from '../engine/expectations';
import { formatConnectionSet } from '../engine/ports';
import { analyseWorkspace, type ReachAnalysis } from '../engine/reach';
import type { Workspace } from '../engine/workspace';
import {
  CommandIds,
  DIAGNOSTIC_SOURCE,
  SetWhatIfBaseRequest,
  WhatIfBaseTextRequest,
  WhatIfChangedNotification,
  WhatIfReachTextRequest,
  WhatIfRequest,
  type WhatIfBaseChoice,
  type WhatIfCause,
  type WhatIfExpectation,
  type WhatIfResult,
} from '../protocol';
import { codeDescriptionOf } from './codeDocs';
import { relativePath } from './fileUris';
import type { Log } from './log';
import type { Settings } from './settings';
import { BaseWorkspace, SavedTexts, WhatIfBases, type BaseTexts, type ResolvedBase } from './whatIfBase';
import type { WorkspaceIndex } from './workspaceIndex';

/** An edit that breaks an expectation (netpol diff's NPD004): warned at the rule that caused it, before save. */
export const BREAKS_EXPECTATION_CODE = 'NPD004';

/**
 * The server's pull diagnostics (textDocument/diagnostic) are the what-if's NPD004 warnings only: the client keeps
 * them in a collection of their own, so they come and go with the what-if without touching the pushed diagnostics.
 */
export const WHAT_IF_DIAGNOSTICS = { identifier: 'netpol-whatif', interFileDependencies: false, workspaceDiagnostics: false };

/** How long after a settle (or a change of the base) the what-if is computed; see publishSoon. */
export const WHAT_IF_DELAY_MS = 100;

/** What server.ts asks of the what-if. */
export interface WhatIfService {
  /** The "this edit: opens 3 · …" lenses of a document (none when it is not edited against the base). */
  lenses(uri: string): Promise<CodeLens[]>;
  /** Files changed on disk: the saved texts of open ones are read again. */
  filesChanged(uris: readonly string[]): void;
}

export interface WhatIfOptions {
  /** Whether the client re-pulls diagnostics on `workspace/diagnostic/refresh`. */
  diagnosticsRefresh: boolean;
  /** The workspace folders, for the paths messages name. */
  folders: () => readonly string[];
  /** Resolves when the client's requests leave the server alone (requestActivity.ts): the what-if is nobody's answer to wait for. */
  whenQuiet: () => Promise<void>;
}

/** One computed what-if: the answer, with the engine's diff and the two versions it compared. */
interface Computed {
  key: string;
  result: WhatIfResult;
  diff?: ReachDiff;
  before?: { workspace: Workspace; analysis: ReachAnalysis };
  after?: { workspace: Workspace; analysis: ReachAnalysis };
}

export function registerWhatIf(
  connection: Connection,
  index: WorkspaceIndex,
  settings: Pick<Settings, 'forWorkspace'>,
  documents: TextDocuments<TextDocument>,
  log: Log,
  readDisk: (uri: string) => Promise<string | undefined>,
  options: WhatIfOptions,
): WhatIfService {
  const bases = new WhatIfBases();
  const baseWorkspace = new BaseWorkspace();
  let savedRevision = 0;
  const saved = new SavedTexts(documents, readDisk, () => {
    savedRevision++;
    publishSoon();
  });
  let last: Computed | undefined;
  let inflight: Promise<Computed> | undefined;
  let published: string | undefined;

  const compute = async (choice?: WhatIfBaseChoice): Promise<Computed> => {
    await index.ready();
    const { kubernetesVersion } = await settings.forWorkspace();
    const primary = index.current();
    const version = index.changes;
    const resolved = bases.resolve(saved.dirty(), choice);
    // A text equal to the index's is no change (a buffer edited back, a file committed as it is).
    const texts = new Map([...resolved.texts].filter(([uri, text]) => primary.text(uri) !== (text ?? undefined)));
    const key = `${version}:${bases.revision}:${savedRevision}:${JSON.stringify(resolved.base)}:${JSON.stringify(kubernetesVersion)}`;
    if (last?.key === key) return last;
    const overlay = [...texts.keys()].sort();
    const computed: Computed = { key, result: emptyResult(version, resolved, overlay) };
    if (texts.size > 0) {
      const validation = { kubernetesVersion };
      const baseSide = baseWorkspace.of(primary, texts, index.readFolderUris, index.maxFileSize);
      computed.before = { workspace: baseSide, analysis: analyseWorkspace(baseSide, { validation }) };
      computed.after = { workspace: primary, analysis: analyseWorkspace(primary, { validation }) };
      // The buffers' expectations judge both versions, as `netpol diff` judges the head's: a flip is what the manifests did.
      computed.diff = diffReachability(computed.before, computed.after, { expectations: expectationsFiles(primary) });
      computed.result = toResult(version, resolved, overlay, computed.diff);
      const flips = toExpectations(computed.diff.expectations);
      computed.result.expectations = flips;
      computed.result.summary.expectationsBroken = flips.filter(isBroken).length;
      computed.result.summary.expectationsFixed = flips.filter((e) => !isBroken(e) && e.after === 'passed').length;
    }
    // Only the chosen base is what lenses and warnings show.
    if (choice === undefined) last = computed;
    return computed;
  };

  /** The what-if of the chosen base, computed once however many ask while it runs. */
  const current = (): Promise<Computed> => {
    inflight ??= compute().finally(() => (inflight = undefined));
    return inflight;
  };

  const publish = async (): Promise<void> => {
    const { result } = await current();
    const { version: _, ...shape } = result;
    const json = JSON.stringify(shape);
    if (json === published) return;
    published = json;
    await connection.sendNotification(WhatIfChangedNotification.type, result);
    connection
      .sendRequest(CodeLensRefreshRequest.type)
      .catch((error: unknown) => log.debug(() => `CodeLens refresh: ${String(error)}`));
    if (options.diagnosticsRefresh) connection.languages.diagnostics.refresh();
  };
  let publishTimer: NodeJS.Timeout | undefined;
  /**
   * After the settle, once the requests its own notifications bring (the Reachability view asks again on
   * netpol/resultsChanged, one open node after another) are served: the diff takes hundreds of milliseconds at
   * 5,000 workloads, and its first run builds the base.
   */
  function publishSoon(): void {
    if (publishTimer) return;
    publishTimer = setTimeout(() => {
      void options
        .whenQuiet()
        .then(() => {
          publishTimer = undefined;
          return publish();
        })
        .catch((error: unknown) => log.error('The what-if could not be computed.', error));
    }, WHAT_IF_DELAY_MS);
    publishTimer.unref();
  }
  index.onDidSettle(publishSoon);

  connection.onRequest(WhatIfRequest.type, async (params) => (await (params?.base ? compute(params.base) : current())).result);

  connection.onRequest(SetWhatIfBaseRequest.type, async ({ base, refs = [], gitUnavailable }) => {
    const workspace = await index.ready();
    // A file the index does not hold is in the base only when it is gone from the disk (deleted since the ref):
    // one on disk is left out of the index on purpose (netpol.exclude, its size), in both versions.
    const kept = await Promise.all(
      refs.map(async ({ ref, files }) => ({
        ref,
        files: (
          await Promise.all(
            files.map(async (file) =>
              workspace.text(file.uri) !== undefined || (await readDisk(file.uri)) === undefined ? [file] : [],
            ),
          )
        ).flat(),
      })),
    );
    bases.set(base, kept, gitUnavailable);
    publishSoon();
    return (await current()).result;
  });

  connection.onRequest(WhatIfBaseTextRequest.type, async ({ uri, base }) => {
    const texts: BaseTexts = bases.resolve(saved.dirty(), base).texts;
    const workspace = await index.ready();
    return { text: texts.has(uri) ? (texts.get(uri) ?? null) : (workspace.text(uri) ?? null) };
  });

  connection.onRequest(WhatIfReachTextRequest.type, async (params) => {
    const base = params?.base;
    const computed = base ? await compute(base) : await current();
    const { kubernetesVersion } = await settings.forWorkspace();
    const after = computed.after?.analysis ?? analyseWorkspace(index.current(), { validation: { kubernetesVersion } });
    const before = computed.before?.analysis ?? after;
    return { base: computed.result.base, ...reachListings(before, after) };
  });

  connection.languages.diagnostics.on(async ({ textDocument }) => {
    // The warnings of the last what-if (lenses and warnings never wait for a new one on a keystroke).
    const computed = inflight ? await inflight : last;
    return {
      kind: DocumentDiagnosticReportKind.Full,
      items: computed ? expectationWarnings(computed.result, textDocument.uri, options) : [],
    };
  });

  return {
    lenses: async (uri) => {
      const computed = inflight ? await inflight : last;
      return computed?.after ? editLenses(computed.result, computed.after.workspace, uri) : [];
    },
    filesChanged: (uris) => saved.filesChanged(uris),
  };
}

function emptyResult(version: number, resolved: ResolvedBase, overlay: string[]): WhatIfResult {
  return {
    version,
    base: resolved.base,
    overlay,
    summary: {
      opened: 0,
      closed: 0,
      widened: 0,
      narrowed: 0,
      changed: 0,
      unknown: 0,
      expectationsBroken: 0,
      expectationsFixed: 0,
    },
    changes: [],
    expectations: [],
    ...(resolved.notice !== undefined && { notice: resolved.notice }),
  };
}

function toResult(version: number, resolved: ResolvedBase, overlay: string[], diff: ReachDiff): WhatIfResult {
  const result = emptyResult(version, resolved, overlay);
  Object.assign(result.summary, diff.summary);
  result.changes = diff.changes.map((change) => ({
    kind: change.kind,
    from: change.from,
    to: change.to,
    before: change.before,
    after: change.after,
    added: change.added,
    removed: change.removed,
    deltaText: changeDelta(change),
    fromState: change.fromState,
    toState: change.toState,
    causes: change.causes.map(toCause),
  }));
  return result;
}

function toCause(cause: ChangeCause): WhatIfCause {
  return {
    version: cause.version,
    side: cause.side,
    ...(cause.policy !== undefined && { policy: cause.policy }),
    ...(cause.rule !== undefined && { rule: cause.rule }),
    description: cause.description,
    location: { uri: cause.location.uri, range: cause.location.range },
  };
}

const FAILING = new Set(['failed', 'error']);
const isBroken = (e: WhatIfExpectation): boolean => FAILING.has(e.after) && !FAILING.has(e.before);

/** The diff's expectation flips, with the rules a failure rests on: now for one that fails now, in the base for one that failed there. */
function toExpectations(flips: readonly ExpectationFlip[]): WhatIfExpectation[] {
  return flips.map(({ id, name, before, after, result, was }) => {
    const failing = FAILING.has(after) ? result : FAILING.has(before) ? was : undefined;
    return {
      id,
      name,
      before,
      after,
      location: { uri: result.uri, range: result.range },
      causes: failing ? witnessCauses(failing, failing === result ? 'after' : 'before') : [],
    };
  });
}

/** The deciding rules of a failure's witnesses, once each. */
function witnessCauses(result: ExpectationResult, version: WhatIfCause['version']): WhatIfCause[] {
  const seen = new Set<string>();
  const causes: WhatIfCause[] = [];
  const add = (reason: WitnessReason): void => {
    const key = `${reason.side}\0${reason.policy ?? ''}\0${reason.rule ?? ''}\0${reason.description}`;
    if (seen.has(key)) return;
    seen.add(key);
    causes.push({
      version,
      side: reason.side,
      ...(reason.policy !== undefined && { policy: reason.policy }),
      ...(reason.rule !== undefined && { rule: reason.rule }),
      description: reason.description,
      ...(reason.location && { location: { uri: reason.location.uri, range: reason.location.range } }),
    });
  };
  for (const violation of result.violations) violation.reasons.forEach(add);
  return causes;
}

const VERBS: Array<[keyof WhatIfResult['summary'], string]> = [
  ['opened', 'opens'],
  ['widened', 'widens'],
  ['narrowed', 'narrows'],
  ['closed', 'closes'],
  ['changed', 'changes'],
  ['unknown', 'leaves unknown'],
];

/**
 * "this edit: opens 3 · widens 2 · closes 1 · breaks 1 expectation" above each policy of an edited
 * file that a change's cause names (now, or in the base when it is still there), and at the top of
 * the file for what is caused there by no policy still in it; when only one file differs, every
 * change is that file's edit.
 */
function editLenses(result: WhatIfResult, workspace: Workspace, uri: string): CodeLens[] {
  if (!result.overlay.includes(uri)) return [];
  const policies = new Map(
    workspace
      .networkPoliciesIn(uri)
      .map((entry) => [`${entry.namespace}/${workspace.policyModel(entry.object).name}`, entry.object.range]),
  );
  const counts = new Map<string, { kinds: Map<string, number>; broken: number }>();
  const count = (key: string) => {
    let entry = counts.get(key);
    if (!entry) counts.set(key, (entry = { kinds: new Map(), broken: 0 }));
    return entry;
  };
  const keyOf = (cause: WhatIfCause): string | undefined =>
    cause.location?.uri !== uri ? undefined : cause.policy !== undefined && policies.has(cause.policy) ? cause.policy : '';
  for (const change of result.changes) {
    for (const key of new Set(change.causes.map(keyOf).filter((k): k is string => k !== undefined))) {
      const kinds = count(key).kinds;
      kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
    }
  }
  for (const expectation of result.expectations) {
    if (!isBroken(expectation)) continue;
    for (const key of new Set(
      expectation.causes
        .filter((c) => c.version === 'after')
        .map(keyOf)
        .filter((k) => k !== undefined),
    ))
      count(key).broken++;
  }
  if (counts.size === 0 && result.overlay.length === 1) {
    const whole = count('');
    for (const [kind] of VERBS) if (result.summary[kind] > 0) whole.kinds.set(kind, result.summary[kind]);
    whole.broken = result.summary.expectationsBroken;
  }
  const lenses: CodeLens[] = [];
  for (const [key, entry] of counts) {
    const parts = VERBS.filter(([kind]) => entry.kinds.has(kind)).map(([kind, verb]) => `${verb} ${entry.kinds.get(kind)}`);
    if (entry.broken > 0) parts.push(`breaks ${entry.broken} expectation${entry.broken === 1 ? '' : 's'}`);
    if (parts.length === 0) continue;
    const start = key === '' ? { line: 0, character: 0 } : policies.get(key)!.start;
    lenses.push({
      range: { start, end: start },
      command: { title: `this edit: ${parts.join(' · ')}`, command: CommandIds.showReachabilityChanges, arguments: [] },
    });
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** NPD004 at each rule (in this document, now) that a newly failing expectation's failure rests on. */
function expectationWarnings(result: WhatIfResult, uri: string, options: WhatIfOptions): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const codeDescription = codeDescriptionOf(BREAKS_EXPECTATION_CODE);
  for (const expectation of result.expectations) {
    if (expectation.after !== 'failed' || FAILING.has(expectation.before)) continue;
    const where = expectation.location
      ? ` (${displayPath(expectation.location.uri, options.folders())}:${expectation.location.range.start.line + 1})`
      : '';
    const now = expectation.causes.filter((c) => c.version === 'after' && c.location !== undefined);
    // The edited files' rules when the failure rests on some; otherwise (a workload's labels edited) wherever it rests.
    const edited = now.filter((c) => result.overlay.includes(c.location!.uri));
    const seen = new Set<string>();
    for (const cause of edited.length > 0 ? edited : now) {
      if (cause.location?.uri !== uri) continue;
      const key = JSON.stringify(cause.location.range);
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({
        range: cause.location.range,
        severity: DiagnosticSeverity.Warning,
        code: BREAKS_EXPECTATION_CODE,
        ...(codeDescription && { codeDescription }),
        source: DIAGNOSTIC_SOURCE,
        message: `Breaks expectation '${expectation.name}'${where}`,
        ...(expectation.location && {
          relatedInformation: [{ location: expectation.location, message: `expectation '${expectation.name}'` }],
        }),
      });
    }
  }
  return warnings;
}

function displayPath(uri: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const path = relativePath(uri, folder);
    if (path !== undefined) return path;
  }
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** Both versions' connections as `netpol reach` lists them, with one set of column widths, so unchanged rows compare equal. */
function reachListings(before: ReachAnalysis, after: ReachAnalysis): { before: string; after: string } {
  const rows = (analysis: ReachAnalysis): string[][] =>
    [...analysis.results.eachConnection()].map((c) => [c.from, c.to, formatConnectionSet(c.ports)]);
  const sides = [rows(before), rows(after)];
  const widths = [4, 2];
  for (const side of sides)
    for (const row of side) {
      widths[0] = Math.max(widths[0], row[0].length);
      widths[1] = Math.max(widths[1], row[1].length);
    }
  const line = (row: string[]): string => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`.trimEnd();
  const text = (side: string[][]): string =>
    side.length === 0 ? 'No connections allowed.\n' : [line(['FROM', 'TO', 'PORTS']), ...side.map(line), ''].join('\n');
  return { before: text(sides[0]), after: text(sides[1]) };
}
