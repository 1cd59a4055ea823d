// Client entry point: starts the language server and registers the commands.
import { window, type ExtensionContext, type TreeView } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OUTPUT_CHANNEL_NAME } from '../../server/src/protocol';
import { registerAnalysisContext, type AnalysisContextApi } from './analysisContext/register';
import { registerCommands } from './commands';
import { registerExpectationCommands } from './expectations/commands';
import { registerExpectationsTests, type ExpectationsApi } from './expectations/testController';
import { createLanguageClient } from './languageClient';
import { registerReachability } from './reachability/register';
import type { VerdictApi } from './reachability/checkConnection';
import type { TreeNode } from './reachability/treeModel';
import type { ReachabilityTreeProvider } from './reachability/treeProvider';
import { registerShowReferences } from './showReferences';
import { registerWhatIf, type WhatIfApi } from './whatIf/register';

/**
 * What `activate` returns, for the in-editor tests
 * (`extensions.getExtension('netpol-navigator.netpol-navigator').activate()`).
 * `client` stays the same object across restarts; wait for `client.state === State.Running`
 * or on `client.onDidChangeState` after a restart.
 */
export interface NetpolExtensionApi {
  readonly client: LanguageClient;
  /** Settles when the language server has started (or failed to start, which is logged). */
  readonly ready: Promise<void>;
  /** How long activate() itself took; the server starts in the background. */
  readonly activationMs: number;
  /**
   * The data provider of the Reachability view (`netpol.reachability`):
   * `getChildren()` / `getChildren(node)` give the nodes a person sees (plain `TreeNode`s,
   * see reachability/treeModel.ts), `getTreeItem(node)` how they render, `refresh()` what
   * the view's Refresh button does; `onDidChangeTreeData` fires once per workspace version.
   */
  readonly reachabilityTree: ReachabilityTreeProvider;
  /** What the Reachability view said while the server indexed the workspace ("Indexing 12 of 40 files…"), oldest first. */
  readonly reachabilityIndexingMessages: readonly string[];
  /** The Reachability view itself (its `selection`, `badge`, `description`). */
  readonly reachabilityView: TreeView<TreeNode>;
  /** The analysis context's status bar item and the `netpol/contexts` answer behind it. */
  readonly analysisContext: AnalysisContextApi;
  /** Check Connection's verdict panel: the verdict shown (and how it was announced), and the messages of its page. */
  readonly verdict: VerdictApi;
  /** The Testing view's "NetworkPolicy expectations" controller, its last `netpol/expectations` answer and run outcomes. */
  readonly expectations: ExpectationsApi;
  /** The live what-if: its status bar item, the Reachability Changes view and the last `netpol/whatIf` answer shown. */
  readonly whatIf: WhatIfApi;
}

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): NetpolExtensionApi {
  const started = performance.now();
  // One channel for the client and the server (window/logMessage), kept across restarts.
  const outputChannel = window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  const languageClient = createLanguageClient(context, outputChannel);
  client = languageClient;
  context.subscriptions.push(
    outputChannel,
    ...registerCommands(languageClient, outputChannel),
    registerShowReferences(languageClient),
  );
  const reachability = registerReachability(languageClient, context.workspaceState);
  context.subscriptions.push(...reachability.disposables);
  const analysisContext = registerAnalysisContext(languageClient, context);
  context.subscriptions.push(...analysisContext.disposables);
  const expectations = registerExpectationsTests(languageClient);
  context.subscriptions.push(
    ...expectations.disposables,
    ...registerExpectationCommands(languageClient, reachability.verdict, expectations.api),
  );
  const whatIf = registerWhatIf(languageClient, context.workspaceState);
  context.subscriptions.push(...whatIf.disposables);
  // Not awaited: the editor stays responsive while the server starts. A failure
  // leaves the commands working ("Restart Server", "Show Output").
  const ready = languageClient.start().catch((error: unknown) => {
    languageClient.error('The NetworkPolicy language server could not be started.', error, 'force');
  });
  const activationMs = performance.now() - started;
  languageClient.info(`Extension activated in ${activationMs.toFixed(1)} ms; the language server is starting.`);
  return {
    client: languageClient,
    ready,
    activationMs,
    reachabilityTree: reachability.provider,
    reachabilityIndexingMessages: reachability.indexingMessages,
    reachabilityView: reachability.view,
    analysisContext: analysisContext.api,
    verdict: reachability.verdict,
    expectations: expectations.api,
    whatIf: whatIf.api,
  };
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
  client = undefined;
}
