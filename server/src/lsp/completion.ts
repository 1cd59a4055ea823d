// textDocument/completion inside NetworkPolicy selectors and ports. Items carry
// a textEdit over the partially typed word; null outside those places, so the
// YAML extension's schema completion is the only one there.
import { CompletionItemKind, type CompletionItem, type Connection } from 'vscode-languageserver/node';
import { completionAt, type CompletionAnswer, type CompletionKind } from '../engine/insight/completion';
import type { Position } from '../engine/types';
import type { Workspace } from '../engine/workspace';
import type { WorkspaceIndex } from './workspaceIndex';

/** Typing these may start a key or value we complete. */
export const COMPLETION_TRIGGER_CHARACTERS = [':', ' ', '{', ',', '['];

const ITEM_KINDS: Record<CompletionKind, CompletionItemKind> = {
  labelKey: CompletionItemKind.Property,
  labelValue: CompletionItemKind.Value,
  namespace: CompletionItemKind.Module,
  port: CompletionItemKind.Constant,
  workload: CompletionItemKind.Reference,
};

export function registerCompletion(
  connection: Connection,
  index: WorkspaceIndex,
  /** Completion in other files than manifests (expectations files). */
  more: (workspace: Workspace, uri: string, position: Position) => CompletionAnswer[] | undefined = () => undefined,
): void {
  connection.onCompletion(async ({ textDocument, position }): Promise<CompletionItem[] | null> => {
    const workspace = await index.ready();
    const answers = completionAt(workspace, textDocument.uri, position) ?? more(workspace, textDocument.uri, position);
    if (!answers || answers.length === 0) return null;
    return answers.map((answer) => ({
      label: answer.label,
      kind: ITEM_KINDS[answer.kind],
      detail: answer.detail,
      textEdit: { range: answer.range, newText: answer.newText },
    }));
  });
}
