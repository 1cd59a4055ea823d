// textDocument/references: from a workload (its metadata.name or pod template
// labels) to the policies that select it or admit it as a peer.
import type { Connection, Location } from 'vscode-languageserver/node';
import { referencesAt } from '../engine/insight/navigation';
import type { WorkspaceIndex } from './workspaceIndex';

export function registerReferences(connection: Connection, index: WorkspaceIndex): void {
  connection.onReferences(async ({ textDocument, position, context }): Promise<Location[] | null> => {
    const targets = referencesAt(await index.ready(), textDocument.uri, position, context.includeDeclaration);
    return targets ? targets.map((t) => ({ uri: t.uri, range: t.range })) : null;
  });
}
