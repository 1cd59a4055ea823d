// textDocument/codeLens: one line above each NetworkPolicy. Lenses are computed
// with their commands right away (no codeLens/resolve): the answer is a few label
// index lookups per policy, and a resolve later could see a newer workspace than
// the title did. Clicking lists the workloads through the client's
// `netpol.showReferences` (editor.action.showReferences underneath).
import { CodeLensRefreshRequest, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { foreignPolicyLenses } from '../engine/insight/foreignAnswers';
import { policyLenses } from '../engine/insight/policySummary';
import { CommandIds, type ShowReferencesArguments } from '../protocol';
import type { Log } from './log';
import { INDEXING_MESSAGE, type WorkspaceIndex } from './workspaceIndex';

export function registerCodeLens(connection: Connection, index: WorkspaceIndex, refreshSupport: boolean, log: Log): void {
  connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
    const workspace = await index.ready();
    const lenses = [...policyLenses(workspace, textDocument.uri), ...foreignPolicyLenses(workspace, textDocument.uri)];
    // Past the wait, a count would be of the files read so far; the refresh after the scan brings the counts.
    if (!index.scanned) return lenses.map((lens) => ({ range: lens.range, command: { title: INDEXING_MESSAGE, command: '' } }));
    return lenses.map((lens) => {
      const args: ShowReferencesArguments = [
        textDocument.uri,
        lens.range.start,
        lens.workloads.map((w) => ({ uri: w.sources[0].uri, range: w.sources[0].labelsRange ?? w.sources[0].range })),
      ];
      return { range: lens.range, command: { title: lens.title, command: CommandIds.showReferences, arguments: args } };
    });
  });
  if (!refreshSupport) return;
  // Counts cover the whole workspace: a workload edited, written on disk or read by the scan changes lenses anywhere.
  index.onDidSettle(() => {
    connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.error('CodeLens refresh failed.', error));
  });
}
