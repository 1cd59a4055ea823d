// `netpol.showReferences`: the server's CodeLens command. The server speaks LSP
// shapes; VS Code's built-in `editor.action.showReferences` wants its own types.
import { commands, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CommandIds, type ShowReferencesArguments } from '../../server/src/protocol';

export function registerShowReferences(client: LanguageClient): Disposable {
  return commands.registerCommand(CommandIds.showReferences, async (...[uri, position, locations]: ShowReferencesArguments) => {
    if (!Array.isArray(locations)) return; // run without arguments (it is hidden from the palette)
    const converter = client.protocol2CodeConverter;
    await commands.executeCommand(
      'editor.action.showReferences',
      converter.asUri(uri),
      converter.asPosition(position),
      locations.map((location) => converter.asLocation(location)),
    );
  });
}
