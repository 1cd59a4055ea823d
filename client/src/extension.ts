// Client entry point: starts the language server and registers the commands.
import { window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OUTPUT_CHANNEL_NAME } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { registerReachability } from './reachability/register';
import type { ReachabilityTreeProvider } from './reachability/treeProvider';

/**
 * What `activate` returns, for the in-editor tests
 * (`extensions.getExtension('netpol-navigator.netpol-navigator').activate()`).
 * `client` stays the same object across restarts; wait for `client.state === State.Running`
 * or on `client.onDidChangeState` after a restart.
 */
export interface NetpolExtensionApi {
  readonly client: LanguageClient;
  /**
   * The data provider of the Reachability view (`netpol.reachability`):
   * `getChildren()` / `getChildren(node)` give the nodes a person sees (plain `TreeNode`s,
   * see reachability/treeModel.ts), `getTreeItem(node)` how they render, `refresh()` what
   * the view's Refresh button does; `onDidChangeTreeData` fires once per workspace version.
   */
  readonly reachabilityTree: ReachabilityTreeProvider;
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<NetpolExtensionApi> {
  // One channel for the client and the server (window/logMessage), kept across restarts.
  const outputChannel = window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  client = createLanguageClient(context, outputChannel);
  context.subscriptions.push(outputChannel, ...registerCommands(client, outputChannel));
  const reachability = registerReachability(client);
  context.subscriptions.push(...reachability.disposables);
  try {
    await client.start();
  } catch (error) {
    // Activation still succeeds, so that "Restart Server" and "Show Output" work.
    client.error('The NetworkPolicy language server could not be started.', error, 'force');
  }
  return { client, reachabilityTree: reachability.provider };
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
  client = undefined;
}
