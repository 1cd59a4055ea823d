// The contributed commands (package.json `contributes.commands`).
import { commands, type Disposable, type OutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CommandIds } from '../../server/src/protocol';

export function registerCommands(client: LanguageClient, outputChannel: OutputChannel): Disposable[] {
  return [
    commands.registerCommand(CommandIds.restartServer, async () => {
      client.info('Restarting the server on request.');
      await client.restart();
    }),
    commands.registerCommand(CommandIds.showOutput, () => outputChannel.show(true)),
  ];
}
