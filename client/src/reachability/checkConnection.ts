// "NetworkPolicy: Check Connection…": pick the two ends (refs as the CLI prints them, the
// workload at the cursor, a recent pair, or an IP/CIDR) and an optional port, ask
// `netpol/explain`, show the verdict in the one verdict panel and announce it in one line.
// Swap and Change Port in the panel ask again about the connection shown.
import { EventEmitter, QuickPickItemKind, window, type Disposable, type Event, type QuickPickItem } from 'vscode';
import { parseWorkloadRef } from '../../../server/src/engine/workloadRef';
import type { ExplainRequest, ExplainResult, WorkloadSummary, WorkloadsRequest } from '../../../server/src/protocol';
import { verdictAnnouncement } from '../verdict/verdictHtml';
import { VerdictPanel, type VerdictAction } from '../verdict/verdictPanel';
import {
  allWorkloads,
  cursorPickEntries,
  ADDRESS_HINT,
  externalPickItem,
  isAddress,
  typedEnd,
  isSeparator,
  portInputError,
  portParam,
  recentPickEntries,
  refsNamedBy,
  workloadPickEntries,
  type PeerPickItem,
  type PickEntry,
} from './pickItems';
import { readRecentConnections, rememberConnection, type StateStore } from './recentConnections';
import type { ReachabilityServer } from './serverRequests';

/**
 * Ends already known (from a tree node, or from a test). With `from`, `to` and
 * `port` all given (`port: ''` = any port) nothing is asked of the user, unless an end
 * is a ref without `[Kind]` that names no single workload: its picker then opens with
 * that text typed, offering the kinds (or what it is the start of).
 */
export interface ConnectionQuestion {
  from?: string;
  to?: string;
  port?: string;
}

/** The verdict the panel shows, and how it was announced. */
export interface ShownVerdict {
  readonly question: ExplainRequest.Params;
  readonly result: ExplainResult;
  readonly announced: 'warning' | 'information';
}

/** For the in-editor tests (activate()'s `verdict`): what the panel shows, and its page's messages. */
export interface VerdictApi {
  readonly current: ShownVerdict | undefined;
  readonly onDidShow: Event<ShownVerdict>;
  /** Handles a message as if the panel's page had posted it: `{ type: 'swap' }`, `{ type: 'changePort' }`, `{ type: 'open', link }`. */
  receive(message: unknown): Promise<void>;
}

type RefItem = QuickPickItem & { entry?: PeerPickItem };
type Server = Pick<ReachabilityServer, 'workloads' | 'explain' | 'workloadAt'>;

export class ConnectionChecks implements Disposable, VerdictApi {
  private shown: ShownVerdict | undefined;
  private readonly didShow = new EventEmitter<ShownVerdict>();
  readonly onDidShow = this.didShow.event;
  private readonly panel = new VerdictPanel((action) => this.act(action));

  constructor(
    private readonly server: Server,
    private readonly state: StateStore,
  ) {}

  get current(): ShownVerdict | undefined {
    return this.shown;
  }

  receive(message: unknown): Promise<void> {
    return this.panel.receive(message);
  }

  /** The verdict, or undefined when the user cancelled or the server could not answer. */
  async check(known: ConnectionQuestion = {}): Promise<ExplainResult | undefined> {
    let ends: { from: string; to: string; port?: string } | undefined;
    try {
      ends = await this.pickEnds(known);
    } catch (error) {
      void window.showErrorMessage(
        `Cannot list workloads: the NetworkPolicy language server did not answer (${errorText(error)}).`,
      );
      return undefined;
    }
    if (ends === undefined) return undefined;
    const port = ends.port ?? (await askPort(ends.from, ends.to, ''));
    if (port === undefined) return undefined;
    const portError = portInputError(port);
    if (portError !== undefined) {
      void window.showErrorMessage(portError);
      return undefined;
    }
    return this.run({ from: ends.from, to: ends.to, port: portParam(port) });
  }

  /** Both ends: those known, the others picked. Undefined when the user cancelled. */
  private async pickEnds(known: ConnectionQuestion): Promise<{ from: string; to: string; port?: string } | undefined> {
    // Asked once, and only when an end needs it.
    let asked: Promise<WorkloadsRequest.Result> | undefined;
    const answer = () => (asked ??= this.server.workloads());
    const workloads = async () => allWorkloads(await answer());
    const from = await settle(known.from, workloads);
    const to = await settle(known.to, workloads);
    if (from.ref !== undefined && to.ref !== undefined) return { from: from.ref, to: to.ref, port: known.port };
    const everyWorkload = await workloads();
    const entries = workloadPickEntries(await answer());
    let fromRef = from.ref;
    if (fromRef === undefined) {
      const fromScratch = known.from === undefined && known.to === undefined;
      const cursor = from.typed === undefined ? await this.workloadAtCursor() : undefined;
      const picked = await pickPeer({
        title: 'Check Connection: source (1/3)',
        entries: [
          ...cursorPickEntries(cursor, everyWorkload),
          ...(fromScratch ? recentPickEntries(readRecentConnections(this.state), everyWorkload) : []),
          ...entries,
        ],
        workloads: everyWorkload,
        value: from.typed,
      });
      if (picked === undefined) return undefined;
      const { pair } = picked;
      if (pair) {
        const port = known.port ?? (await askPort(pair.from, pair.to, pair.port ?? ''));
        return port === undefined ? undefined : { from: pair.from, to: pair.to, port };
      }
      fromRef = picked.ref;
    }
    let toRef = to.ref;
    if (toRef === undefined) {
      const picked = await pickPeer({
        title: `Check Connection: destination of ${fromRef} (2/3)`,
        entries,
        workloads: everyWorkload,
        value: to.typed,
      });
      if (picked === undefined) return undefined;
      toRef = picked.ref;
    }
    return { from: fromRef, to: toRef, port: known.port };
  }

  /** The connection shown, the other way round. */
  async swap(): Promise<ExplainResult | undefined> {
    const question = this.shown?.question;
    if (!question) return undefined;
    return this.run({ ...question, from: question.to, to: question.from });
  }

  /** The connection shown, on another port (asked when not given; `''` = any port). */
  async changePort(port?: string): Promise<ExplainResult | undefined> {
    const question = this.shown?.question;
    if (!question) return undefined;
    const text = port ?? (await askPort(question.from, question.to, question.port ?? ''));
    if (text === undefined) return undefined;
    const error = portInputError(text);
    if (error !== undefined) {
      void window.showErrorMessage(error);
      return undefined;
    }
    return this.run({ ...question, port: portParam(text) });
  }

  private act(action: VerdictAction): Promise<ExplainResult | undefined> {
    return action === 'swap' ? this.swap() : this.changePort();
  }

  private async run(params: ExplainRequest.Params): Promise<ExplainResult | undefined> {
    let result: ExplainRequest.Result;
    try {
      result = await this.server.explain(params);
    } catch (error) {
      void window.showErrorMessage(`Check Connection failed: ${errorText(error)}`);
      return undefined;
    }
    if ('error' in result) {
      void window.showErrorMessage(`Check Connection: ${result.error}`);
      return undefined;
    }
    this.panel.show(result);
    const announcement = verdictAnnouncement(result);
    if (announcement.severity === 'warning') void window.showWarningMessage(announcement.text);
    else void window.showInformationMessage(announcement.text);
    this.shown = { question: params, result, announced: announcement.severity };
    this.didShow.fire(this.shown);
    await rememberConnection(this.state, params);
    return result;
  }

  /** The workload defined (or alone selected) at the cursor of the active editor, if any. */
  private async workloadAtCursor(): Promise<string | undefined> {
    const editor = window.activeTextEditor;
    if (!editor) return undefined;
    const { line, character } = editor.selection.active;
    try {
      const answer = await this.server.workloadAt({ uri: editor.document.uri.toString(), position: { line, character } });
      return answer?.ref;
    } catch {
      // Pre-filling is a convenience: without an answer the picker starts with the list.
      return undefined;
    }
  }

  dispose(): void {
    this.panel.dispose();
    this.didShow.dispose();
  }
}

/**
 * A known end as sent: a full ref or an address (the server checks them), or a typed
 * ref without `[Kind]` that names one workload. Otherwise the text to type in its picker.
 */
async function settle(
  text: string | undefined,
  workloads: () => Promise<WorkloadSummary[]>,
): Promise<{ ref?: string; typed?: string }> {
  if (text === undefined) return {};
  const parts = isAddress(text) ? undefined : parseWorkloadRef(text.trim());
  if (!parts || parts.kind !== undefined) return { ref: text };
  const named = refsNamedBy(text, await workloads());
  return named.length === 1 ? { ref: named[0] } : { typed: text.trim() };
}

function askPort(from: string, to: string, value: string): Thenable<string | undefined> {
  return window.showInputBox({
    title: `Check Connection: ${from} → ${to} (3/3)`,
    prompt: 'Port, e.g. 8080, 8080/TCP, 53/udp, 8000-8080/TCP; empty for any port',
    placeHolder: 'any port',
    value,
    valueSelection: [0, value.length],
    validateInput: portInputError,
  });
}

/**
 * A workload of the list (found by name or ref: each is described by its ref), a recent pair,
 * the IP/CIDR typed in the filter box, or, when nothing is left to pick, the typed text as a ref.
 */
function pickPeer(options: {
  title: string;
  entries: readonly PickEntry[];
  workloads: readonly WorkloadSummary[];
  /** Text typed already (a ref that named no single workload). */
  value?: string;
}): Promise<PeerPickItem | undefined> {
  const quickPick = window.createQuickPick<RefItem>();
  quickPick.title = options.title;
  quickPick.placeholder = 'Pick a workload, type its ref (namespace/name[Kind]), or type an IP address or CIDR (e.g. 10.0.0.0/8)';
  quickPick.matchOnDescription = true;
  const listed = options.entries.map(toQuickPickItem);
  // Only the last item (the address) ever changes: the workbench names the picked item by its index.
  let addressShown: string | undefined;
  const showFor = (typed: string) => {
    const address = externalPickItem(typed);
    if (quickPick.items.length > 0 && address?.ref === addressShown) return;
    addressShown = address?.ref;
    quickPick.items = [...listed, toQuickPickItem(address ?? ADDRESS_HINT)];
  };
  if (options.value !== undefined) quickPick.value = options.value;
  showFor(options.value ?? '');
  return new Promise((resolve) => {
    quickPick.onDidChangeValue(showFor);
    quickPick.onDidAccept(() => {
      const entry = quickPick.selectedItems[0]?.entry;
      const typed = entry?.ref ? undefined : typedEnd(quickPick.value, options.workloads);
      if (entry?.ref) resolve(entry);
      else if (typed !== undefined) resolve({ label: typed, icon: '', ref: typed });
      else return;
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

function toQuickPickItem(entry: PickEntry): RefItem {
  if (isSeparator(entry)) return { label: entry.separator, kind: QuickPickItemKind.Separator };
  return {
    label: `$(${entry.icon}) ${entry.label}`,
    description: entry.description,
    detail: entry.detail,
    alwaysShow: entry.alwaysShow,
    entry,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
