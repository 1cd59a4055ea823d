// textDocument/definition: from a selector, a part of it or a peer to the
// definitions of the workloads it selects.
import type { Connection, DefinitionClientCapabilities, Location, LocationLink } from 'vscode-languageserver/node';
import { definitionsAt } from '../engine/insight/navigation';
import type { WorkspaceIndex } from './workspaceIndex';

export function registerDefinition(
  connection: Connection,
  index: WorkspaceIndex,
  capabilities: DefinitionClientCapabilities | undefined,
): void {
  const links = capabilities?.linkSupport === true;
  connection.onDefinition(async ({ textDocument, position }): Promise<Location[] | LocationLink[] | null> => {
    const targets = definitionsAt(await index.ready(), textDocument.uri, position);
    if (!targets) return null;
    return links
      ? targets.map((t) => ({
          originSelectionRange: t.originRange,
          targetUri: t.uri,
          targetRange: t.range,
          targetSelectionRange: t.selectionRange,
        }))
      : targets.map((t) => ({ uri: t.uri, range: t.selectionRange }));
  });
}
