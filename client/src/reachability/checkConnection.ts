// "NetworkPolicy: Check Connection…": pick the two ends and an optional port, ask
// `netpol/explain`, show the verdict as a document and its summary as a message.
import { QuickPickItemKind, window, type QuickPickItem } from 'vscode';
import type { ExplainRequest, ExplainResult } from '../../../server/src/protocol';
import type { ExplainDocuments } from './explainDocuments';
import { explainMarkdown, explainSummaryLine } from './explainFormat';
import {
  externalPickItem,
  isSeparator,
  portInputError,
  portParam,
  workloadPickEntries,
  type PeerPickItem,
  type PickEntry,
} from './pickItems';
import type { ReachabilityServer } from './serverRequests';

/**
 * Ends already known (from a tree node, or from a test). With `from`, `to` and
 * `port` all given (`port: ''` = any port) nothing is asked of the user.
 */
export interface ConnectionQuestion {
  from?: string;
  to?: string;
  port?: string;
}

type RefItem = QuickPickItem & { ref?: string };

/** The verdict, or undefined when the user cancelled or the server could not answer. */
export async function checkConnection(
  server: Pick<ReachabilityServer, 'workloads' | 'explain'>,
  documents: ExplainDocuments,
  known: ConnectionQuestion = {},
): Promise<ExplainResult | undefined> {
  let entries: PickEntry[] = [];
  if (known.from === undefined || known.to === undefined) {
    try {
      entries = workloadPickEntries(await server.workloads());
    } catch (error) {
      void window.showErrorMessage(
        `Cannot list workloads: the NetworkPolicy language server did not answer (${errorText(error)}).`,
      );
      return undefined;
    }
  }
  const from = known.from ?? (await pickPeer('Check Connection: source (1/3)', entries));
  if (from === undefined) return undefined;
  const to = known.to ?? (await pickPeer(`Check Connection: destination of ${from} (2/3)`, entries));
  if (to === undefined) return undefined;
  const portText =
    known.port ??
    (await window.showInputBox({
      title: `Check Connection: ${from} → ${to} (3/3)`,
      prompt: 'Port, e.g. 8080, 8080/TCP, 53/udp, 8000-8080/TCP; empty for any port',
      placeHolder: 'any port',
      validateInput: portInputError,
    }));
  if (portText === undefined) return undefined;
  const portError = portInputError(portText);
  if (portError !== undefined) {
    void window.showErrorMessage(portError);
    return undefined;
  }

  const params: ExplainRequest.Params = { from, to, port: portParam(portText) };
  let result: ExplainRequest.Result;
  try {
    result = await server.explain(params);
  } catch (error) {
    void window.showErrorMessage(`Check Connection failed: ${errorText(error)}`);
    return undefined;
  }
  if ('error' in result) {
    void window.showErrorMessage(`Check Connection: ${result.error}`);
    return undefined;
  }
  await documents.show(params, explainMarkdown(result));
  void window.showInformationMessage(explainSummaryLine(result));
  return result;
}

/** A workload of the list, or the IP/CIDR typed in the filter box. */
function pickPeer(title: string, entries: readonly PickEntry[]): Promise<string | undefined> {
  const quickPick = window.createQuickPick<RefItem>();
  quickPick.title = title;
  quickPick.placeholder = 'Pick a workload, or type an IP address or CIDR (e.g. 10.0.0.0/8)';
  quickPick.matchOnDescription = true;
  const listed = entries.map(toQuickPickItem);
  quickPick.items = listed;
  return new Promise((resolve) => {
    quickPick.onDidChangeValue((value) => {
      const typed = externalPickItem(value);
      quickPick.items = typed ? [toQuickPickItem(typed), ...listed] : listed;
    });
    quickPick.onDidAccept(() => {
      const ref = quickPick.selectedItems[0]?.ref;
      if (ref === undefined) return;
      resolve(ref);
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
  const item: PeerPickItem = entry;
  return {
    label: `$(${item.icon}) ${item.label}`,
    description: item.description,
    detail: item.detail,
    alwaysShow: item.alwaysShow,
    ref: item.ref,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
