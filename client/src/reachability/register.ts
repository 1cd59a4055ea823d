// Wires the reachability view and its commands to the language client.
import { commands, window, type Disposable, type Memento } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CommandIds, ResultsChangedNotification, type WorkloadAtRequest } from '../../../server/src/protocol';
import { ConnectionChecks, type ConnectionQuestion, type VerdictApi } from './checkConnection';
import { serverRequests } from './serverRequests';
import { ReachabilityTreeData } from './treeData';
import { showIndexingInView } from './indexingView';
import type { TreeNode } from './treeModel';
import { REACHABILITY_VIEW_ID, ReachabilityTreeProvider } from './treeProvider';

export interface Reachability {
  readonly provider: ReachabilityTreeProvider;
  /** The verdict panel of Check Connection. */
  readonly verdict: VerdictApi;
  readonly disposables: Disposable[];
  /** The messages the view showed while the workspace was indexed, oldest first. */
  readonly indexingMessages: readonly string[];
}

/**
 * Call before `client.start()`: the notification handler is then in place for the first version.
 * `workspaceState` keeps the connections checked last, which Check Connection offers first.
 */
export function registerReachability(client: LanguageClient, workspaceState: Memento): Reachability {
  const server = serverRequests(client);
  const data = new ReachabilityTreeData(server, (what, error) =>
    client.warn(`Reachability view: asking the server for ${what} failed.`, error, false),
  );
  const provider = new ReachabilityTreeProvider(data);
  const treeView = window.createTreeView(REACHABILITY_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const checks = new ConnectionChecks(server, workspaceState);
  const indexing = showIndexingInView(client, treeView);

  const revealWorkload = async (ref: string): Promise<TreeNode | undefined> => {
    const node = await data.findWorkload(ref);
    if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
    else void window.showInformationMessage(`${ref} is not in the Reachability view (any more).`);
    return node;
  };

  const showReachabilityAtCursor = async (workload?: { ref?: unknown }): Promise<TreeNode | undefined> => {
    // A workload's CodeLens names it.
    if (typeof workload?.ref === 'string') return revealWorkload(workload.ref);
    const editor = window.activeTextEditor;
    if (!editor) {
      void window.showInformationMessage('Open a Kubernetes manifest and put the cursor on a workload to show its reachability.');
      return undefined;
    }
    const { line, character } = editor.selection.active;
    let answer: WorkloadAtRequest.Result;
    try {
      answer = await server.workloadAt({ uri: editor.document.uri.toString(), position: { line, character } });
    } catch (error) {
      void window.showErrorMessage(
        `Show Reachability: the NetworkPolicy language server did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
      return undefined;
    }
    const node = answer ? await data.findWorkload(answer.ref) : undefined;
    if (!node) {
      void window.showInformationMessage(
        'No workload here: put the cursor on a workload definition, or on a NetworkPolicy that selects exactly one workload.',
      );
      return undefined;
    }
    await treeView.reveal(node, { select: true, focus: true, expand: true });
    return node;
  };

  const disposables: Disposable[] = [
    provider,
    treeView,
    indexing,
    checks,
    client.onNotification(ResultsChangedNotification.type, (params) => provider.resultsChanged(params.version)),
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) provider.serverRestarted();
    }),
    commands.registerCommand(CommandIds.checkConnection, (known?: ConnectionQuestion) => checks.check(known)),
    // From the view's context menu: VS Code passes the node the menu was opened on.
    commands.registerCommand(CommandIds.explainConnection, (node?: TreeNode) => checks.check({ ...node?.explain })),
    commands.registerCommand(CommandIds.showReachabilityAtCursor, showReachabilityAtCursor),
    commands.registerCommand(CommandIds.refreshReachability, () => provider.refresh()),
  ];
  return { provider, verdict: checks, disposables, indexingMessages: indexing.shown };
}
