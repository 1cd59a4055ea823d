// "Add Expectation From Connection…" and "Snapshot Reachability of Workload as Expectations":
// the YAML comes from expectationYaml.ts; here it becomes one WorkspaceEdit (undoable) into
// the workspace's expectations file, or a new netpol-expectations.yaml at the root.
import { commands, Position, Range, Selection, Uri, window, workspace, WorkspaceEdit, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CommandIds,
  type AddExpectationArguments,
  type ExplainResult,
  type ReachabilityRequest,
} from '../../../server/src/protocol';
import type { VerdictApi } from '../reachability/checkConnection';
import { serverRequests } from '../reachability/serverRequests';
import {
  additionEdit,
  DEFAULT_EXPECTATIONS_FILE,
  draftFromVerdict,
  snapshotComment,
  snapshotDrafts,
  type DraftExpectation,
} from './expectationYaml';
import type { ExpectationsApi } from './testController';

/** The `metadata.name` of a file the commands create. */
const NEW_DOCUMENT_NAME = 'workspace-expectations';

export function registerExpectationCommands(
  client: LanguageClient,
  verdict: VerdictApi,
  expectations: ExpectationsApi,
): Disposable[] {
  const server = serverRequests(client);

  const addFromConnection = async (given?: AddExpectationArguments): Promise<Uri | undefined> => {
    let result: ExplainResult | undefined;
    if (given && typeof given.from === 'string' && typeof given.to === 'string') {
      const answer = await server.explain({ from: given.from, to: given.to, ...(given.port ? { port: given.port } : {}) });
      if ('error' in answer) {
        void window.showErrorMessage(`Add Expectation: ${answer.error}`);
        return undefined;
      }
      result = answer;
    } else {
      // The verdict shown in the panel, or a new Check Connection to get one.
      result = verdict.current?.result ?? (await commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnection));
    }
    if (!result) return undefined;
    return write([draftFromVerdict(result)], []);
  };

  const snapshot = async (target?: unknown): Promise<Uri | undefined> => {
    const ref = await workloadToSnapshot(target);
    if (ref === undefined) return undefined;
    let answer: ReachabilityRequest.Result;
    try {
      answer = await server.reachability(ref);
    } catch (error) {
      void window.showErrorMessage(`Snapshot: the NetworkPolicy language server did not answer (${errorText(error)}).`);
      return undefined;
    }
    if (!answer) {
      void window.showErrorMessage(`Snapshot: no workload ${ref} in the workspace.`);
      return undefined;
    }
    const drafts = snapshotDrafts(answer);
    if (drafts.length === 0) {
      void window.showInformationMessage(
        `${answer.workload.ref} has no inbound or outbound connection today: nothing to record.`,
      );
      return undefined;
    }
    return write(drafts, snapshotComment(answer.workload.ref, new Date().toISOString().slice(0, 10)));
  };

  const workloadToSnapshot = async (target: unknown): Promise<string | undefined> => {
    if (typeof target === 'string') return target;
    const nodeRef = (target as { workloadRef?: unknown } | undefined)?.workloadRef;
    if (typeof nodeRef === 'string') return nodeRef;
    const editor = window.activeTextEditor;
    if (editor) {
      const { line, character } = editor.selection.active;
      const atCursor = await server
        .workloadAt({ uri: editor.document.uri.toString(), position: { line, character } })
        .catch(() => null);
      if (atCursor) return atCursor.ref;
    }
    const listed = await server.workloads();
    const picked = await window.showQuickPick(
      listed.namespaces.flatMap((ns) => ns.workloads.map((w) => ({ label: w.ref, description: w.kind }))),
      { title: 'Snapshot Reachability of Workload as Expectations', placeHolder: 'The workload whose connections to record' },
    );
    return picked?.label;
  };

  /** Into the expectations file (picked when the workspace has several), or a new one at the root. */
  const write = async (drafts: DraftExpectation[], comment: string[]): Promise<Uri | undefined> => {
    const target = await targetFile();
    if (target === 'cancelled') return undefined;
    const edit = new WorkspaceEdit();
    let uri: Uri;
    let insertedAt: Position;
    if (target) {
      uri = target;
      const document = await workspace.openTextDocument(uri);
      const addition = additionEdit(document.getText(), drafts, NEW_DOCUMENT_NAME, comment);
      insertedAt = document.positionAt(addition.offset);
      edit.insert(uri, insertedAt, addition.text);
    } else {
      const folder = workspace.workspaceFolders?.[0];
      if (!folder) {
        void window.showErrorMessage('Open a folder first: the expectations file is created at the root of the workspace.');
        return undefined;
      }
      uri = Uri.joinPath(folder.uri, DEFAULT_EXPECTATIONS_FILE);
      insertedAt = new Position(0, 0);
      edit.createFile(uri, { ignoreIfExists: true });
      edit.insert(uri, insertedAt, additionEdit('', drafts, NEW_DOCUMENT_NAME, comment).text);
    }
    if (!(await workspace.applyEdit(edit))) {
      void window.showErrorMessage(`Could not write the expectation into ${workspace.asRelativePath(uri)}.`);
      return undefined;
    }
    const editor = await window.showTextDocument(uri, { preview: false });
    const start = new Position(insertedAt.line + (target ? 1 : 0), 0);
    editor.selection = new Selection(start, start);
    editor.revealRange(new Range(start, start));
    return uri;
  };

  const targetFile = async (): Promise<Uri | undefined | 'cancelled'> => {
    const answer = (await expectations.refresh()) ?? expectations.answer;
    const uris = (answer?.files ?? []).map((file) => file.uri);
    if (uris.length <= 1) return uris.length === 1 ? Uri.parse(uris[0]) : undefined;
    const picked = await window.showQuickPick(
      uris.map((uri) => ({ label: workspace.asRelativePath(Uri.parse(uri), false), uri })),
      { title: 'Add to which expectations file?' },
    );
    return picked ? Uri.parse(picked.uri) : 'cancelled';
  };

  return [
    commands.registerCommand(CommandIds.addExpectationFromConnection, addFromConnection),
    commands.registerCommand(CommandIds.snapshotWorkloadExpectations, snapshot),
  ];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
