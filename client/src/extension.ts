// Client entry point: starts the language server and registers the commands.
import { window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OUTPUT_CHANNEL_NAME } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { registerShowReferences } from './showReferences';

/**
 * What `activate` returns, for the in-editor tests
 * (`extensions.getExtension('netpol-navigator.netpol-navigator').activate()`).
 * `client` stays the same object across restarts; wait for `client.state === State.Running`
 * or on `client.onDidChangeState` after a restart.
 */
export interface NetpolExtensionApi {
  readonly client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<NetpolExtensionApi> {
  // One channel for the client and the server (window/logMessage), kept across restarts.
  const outputChannel = window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  client = createLanguageClient(context, outputChannel);
  context.subscriptions.push(outputChannel, ...registerCommands(client, outputChannel), registerShowReferences(client));
  try {
    await client.start();
  } catch (error) {
    // Activation still succeeds, so that "Restart Server" and "Show Output" work.
    client.error('The NetworkPolicy language server could not be started.', error, 'force');
  }
  return { client };
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
  client = undefined;
}
