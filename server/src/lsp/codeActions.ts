// textDocument/codeAction: the engine's quick fixes for our diagnostics (kind
// quickfix), and `source.fixAll.netpol`, the safe ones together (for
// editor.codeActionsOnSave). Fixes are computed on the document's text as the client
// has it, so the edits' ranges are that text's; the workspace is asked only for what
// some fixes need (labels in use, the DNS workload).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionOptions,
  type Connection,
  type Diagnostic,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits, quickFixes, WORKSPACE_FIX_CODES, type TextEdit } from '../engine/insight/quickFixes';
import { parseManifest } from '../engine/manifests';
import type { EngineDiagnostic, Severity } from '../engine/types';
import { validateManifest } from '../engine/validate';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { WorkspaceIndex } from './workspaceIndex';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.netpol`;

export const CODE_ACTION_PROVIDER: CodeActionOptions = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] };

const FIX_ALL_TITLE = 'Fix all safe NetworkPolicy findings (canonical CIDRs, duplicates, values Exists ignores)';

export function registerCodeActions(connection: Connection, documents: TextDocuments<TextDocument>, index: WorkspaceIndex): void {
  connection.onCodeAction(async ({ textDocument, context }): Promise<CodeAction[] | null> => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const { only } = context;
    // The lightbulb asks without `only`; fix-all is offered where a source action is asked for.
    const wants = (kind: string): boolean =>
      (only ?? [CodeActionKind.QuickFix]).some((k) => kind === k || kind.startsWith(`${k}.`));
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
    if (!(wants(CodeActionKind.QuickFix) && ours.length > 0) && !wants(FIX_ALL_KIND)) return null;
    const uri = textDocument.uri;
    const file = parseManifest(uri, document.getText());
    const edit = (edits: TextEdit[]) => ({ changes: { [uri]: edits } });
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const workspace = ours.some((d) => WORKSPACE_FIX_CODES.has(d.code as string)) ? await index.ready() : undefined;
      for (const diagnostic of ours) {
        for (const fix of quickFixes(file, toEngine(diagnostic), workspace)) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            ...(fix.preferred && { isPreferred: true }),
            edit: edit(fix.edits),
          });
        }
      }
    }
    if (wants(FIX_ALL_KIND)) {
      const edits = fixAllEdits(file, validateManifest(file));
      if (edits.length > 0) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: edit(edits) });
    }
    return actions;
  });
}

/** Fixes read the code and range only; the rest is carried along. */
const toEngine = (diagnostic: Diagnostic): EngineDiagnostic => ({
  range: diagnostic.range,
  code: diagnostic.code as string,
  message: diagnostic.message,
  severity: 'warning' satisfies Severity,
});
