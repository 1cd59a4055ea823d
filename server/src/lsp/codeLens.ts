// textDocument/codeLens: one line above each NetworkPolicy, and above each workload
// (isolation and peer counts; a click reveals it in the Reachability view through the
// client's `netpol.showReachabilityAtCursor` with its ref). Lenses are computed
// with their commands right away (no codeLens/resolve): the answer is a few label
// index lookups per policy, and a resolve later could see a newer workspace than
// the title did. Clicking lists the workloads through the client's
// `netpol.showReferences` (editor.action.showReferences underneath).
import { CodeLensRefreshRequest, type CodeLens, type CodeLensParams, type Connection } from 'vscode-languageserver/node';
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
  /** Lenses of other features (expectations) for a document, added to these. */
  more: (uri: string) => Promise<CodeLens[]> = () => Promise.resolve([]),
): void {
  const lensesOf = async ({ textDocument }: CodeLensParams): Promise<CodeLens[]> => {
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
    // Most files define no workload: the analysis is not asked for them.
    if (workspace.workloadsDefinedIn(textDocument.uri).length === 0) return policies;
    const analysis = analyseWorkspace(workspace, { validation: { kubernetesVersion } });
    const workloads = workloadLenses(analysis, textDocument.uri).map((lens): CodeLens => {
      const args: ShowReachabilityArguments = [{ ref: lens.ref }];
      return { range: lens.range, command: { title: lens.title, command: CommandIds.showReachabilityAtCursor, arguments: args } };
    });
    return [...policies, ...workloads].sort((a, b) => a.range.start.line - b.range.start.line);
  };
  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    const [own, others] = await Promise.all([lensesOf(params), more(params.textDocument.uri)]);
    return others.length === 0 ? own : [...own, ...others].sort((a, b) => a.range.start.line - b.range.start.line);
  });
  if (!refreshSupport) return;
  // Counts cover the whole workspace: a workload edited, written on disk or read by the scan changes lenses anywhere.
  index.onDidSettle(() => {
    connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.error('CodeLens refresh failed.', error));
  });
}
