// textDocument/codeLens: one line above each NetworkPolicy, and above each workload
// (isolation and peer counts; a click reveals it in the Reachability view through the
// client's `netpol.showReachabilityAtCursor` with its ref). Lenses are computed
// with their commands right away (no codeLens/resolve): the answer is a few label
// index lookups per policy, and a resolve later could see a newer workspace than
// the title did. Clicking lists the workloads through the client's
// `netpol.showReferences` (editor.action.showReferences underneath).
import { CodeLensRefreshRequest, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { foreignPolicyLenses } from '../engine/insight/foreignAnswers';
import { policyLenses } from '../engine/insight/policySummary';
import { workloadLenses } from '../engine/insight/workloadLenses';
import { analyseWorkspace } from '../engine/reach';
import { CommandIds, type ShowReachabilityArguments, type ShowReferencesArguments } from '../protocol';
import type { Log } from './log';
import type { Settings } from './settings';
import { INDEXING_MESSAGE, type WorkspaceIndex } from './workspaceIndex';

export function registerCodeLens(
  connection: Connection,
  index: WorkspaceIndex,
  settings: Pick<Settings, 'forWorkspace'>,
  refreshSupport: boolean,
  log: Log,
  /** More lenses of a document: the what-if's "this edit: opens 3 · …" (whatIf.ts). */
  moreLenses: (uri: string) => Promise<CodeLens[]> = () => Promise.resolve([]),
): void {
  connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
    await index.ready();
    // The analysis the Reachability view reads (the same Kubernetes version): cached per workspace version, so shared.
    const { kubernetesVersion } = await settings.forWorkspace();
    const workspace = index.current();
    const lenses = [...policyLenses(workspace, textDocument.uri), ...foreignPolicyLenses(workspace, textDocument.uri)];
    // Past the wait, a count would be of the files read so far; the refresh after the scan brings the counts.
    if (!index.scanned) return lenses.map((lens) => ({ range: lens.range, command: { title: INDEXING_MESSAGE, command: '' } }));
    const policies = lenses.map((lens): CodeLens => {
      const args: ShowReferencesArguments = [
        textDocument.uri,
        lens.range.start,
        lens.workloads.map((w) => ({ uri: w.sources[0].uri, range: w.sources[0].labelsRange ?? w.sources[0].range })),
      ];
      return { range: lens.range, command: { title: lens.title, command: CommandIds.showReferences, arguments: args } };
    });
    const more = await moreLenses(textDocument.uri);
    // Most files define no workload: the analysis is not asked for them.
    if (workspace.workloadsDefinedIn(textDocument.uri).length === 0)
      return more.length === 0 ? policies : [...policies, ...more].sort((a, b) => a.range.start.line - b.range.start.line);
    const analysis = analyseWorkspace(workspace, { validation: { kubernetesVersion } });
    const workloads = workloadLenses(analysis, textDocument.uri).map((lens): CodeLens => {
      const args: ShowReachabilityArguments = [{ ref: lens.ref }];
      return { range: lens.range, command: { title: lens.title, command: CommandIds.showReachabilityAtCursor, arguments: args } };
    });
    return [...policies, ...workloads, ...more].sort((a, b) => a.range.start.line - b.range.start.line);
  });
  if (!refreshSupport) return;
  // Counts cover the whole workspace: a workload edited, written on disk or read by the scan changes lenses anywhere.
  index.onDidSettle(() => {
    connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.error('CodeLens refresh failed.', error));
  });
}
