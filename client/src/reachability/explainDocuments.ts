// Read-only markdown documents holding "Check Connection" verdicts (scheme netpol-explain).
import { EventEmitter, Uri, ViewColumn, window, workspace, type Disposable, type TextDocumentContentProvider } from 'vscode';
import type { ExplainRequest } from '../../../server/src/protocol';
import { explainDocumentPath } from './explainFormat';

export const EXPLAIN_SCHEME = 'netpol-explain';

export class ExplainDocuments implements TextDocumentContentProvider, Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Disposable[] = [
    this.changed,
    workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, this),
    // A closed verdict is not asked for again; asking the same question again recreates it.
    workspace.onDidCloseTextDocument((document) => this.contents.delete(document.uri.toString())),
  ];

  provideTextDocumentContent(uri: Uri): string {
    return this.contents.get(uri.toString()) ?? 'This verdict is no longer available: run "NetworkPolicy: Check Connection…" again.\n';
  }

  /** Shows the verdict beside the editor; the same question replaces its earlier verdict. */
  async show(params: ExplainRequest.Params, markdown: string): Promise<Uri> {
    const uri = Uri.from({ scheme: EXPLAIN_SCHEME, path: explainDocumentPath(params) });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await workspace.openTextDocument(uri);
    await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: true, preserveFocus: false });
    return uri;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
