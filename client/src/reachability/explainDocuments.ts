// Read-only markdown documents holding "Check Connection" verdicts (scheme netpol-explain).
// Shown as source, not as markdown preview: the preview refuses `file:` links, while the
// editor opens them (Ctrl+Click) at the `#L<line>` they carry.
import { EventEmitter, Uri, ViewColumn, window, workspace, type Disposable, type TextDocumentContentProvider } from 'vscode';
import type { ExplainRequest } from '../../../server/src/protocol';
import { explainDocumentPath } from './explainFormat';

export const EXPLAIN_SCHEME = 'netpol-explain';
/** Verdicts kept for re-rendering; older ones say to ask again. */
const KEPT_VERDICTS = 20;

export class ExplainDocuments implements TextDocumentContentProvider, Disposable {
  /** In insertion order, oldest first; asking the same question again moves it last. */
  private readonly contents = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, this);

  provideTextDocumentContent(uri: Uri): string {
    return (
      this.contents.get(uri.toString()) ?? 'This verdict is no longer available: run "NetworkPolicy: Check Connection…" again.\n'
    );
  }

  /** Shows the verdict beside the editor; the same question replaces its earlier verdict. */
  async show(params: ExplainRequest.Params, markdown: string): Promise<Uri> {
    const uri = Uri.from({ scheme: EXPLAIN_SCHEME, path: explainDocumentPath(params) });
    const key = uri.toString();
    this.contents.delete(key);
    this.contents.set(key, markdown);
    for (const old of [...this.contents.keys()].slice(0, Math.max(0, this.contents.size - KEPT_VERDICTS)))
      this.contents.delete(old);
    this.changed.fire(uri);
    await window.showTextDocument(await workspace.openTextDocument(uri), { viewColumn: ViewColumn.Beside, preview: true });
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
