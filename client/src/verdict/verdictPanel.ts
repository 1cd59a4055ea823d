// The one panel where "Check Connection" verdicts show: opened beside the editor the first
// time, then reused and revealed for every check, so checks never pile up editor columns.
// Its page posts messages (verdictHtml.ts); links open the file at the line here, and the
// Swap / Change Port actions go to whoever asked the question.
import { randomBytes } from 'node:crypto';
import {
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type Disposable,
  type WebviewPanel,
} from 'vscode';
import type { ExplainResult, SourceRef } from '../../../server/src/protocol';
import { parseVerdictMessage, verdictHtml, verdictTitle, type VerdictMessage } from './verdictHtml';

export const VERDICT_VIEW_TYPE = 'netpol.verdict';

export type VerdictAction = Exclude<VerdictMessage['type'], 'open'>;

export class VerdictPanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private links: readonly SourceRef[] = [];

  constructor(private readonly onAction: (action: VerdictAction) => Promise<unknown>) {}

  /** Shows the verdict in the panel, creating it beside the editor if there is none, without taking the focus. */
  show(result: ExplainResult): void {
    let panel = this.panel;
    if (!panel) panel = this.panel = this.create();
    // Revealed where it is, unless it would cover the editor being worked in: then beside it.
    else panel.reveal(panel.viewColumn === window.activeTextEditor?.viewColumn ? ViewColumn.Beside : undefined, true);
    const page = verdictHtml(result, {
      nonce: randomBytes(16).toString('base64'),
      relativePath: (uri) => workspace.asRelativePath(Uri.parse(uri), false),
    });
    this.links = page.links;
    panel.title = verdictTitle(result);
    panel.webview.html = page.html;
  }

  /** What the page posts (also called by the in-editor tests, as the page would). */
  async receive(message: unknown): Promise<void> {
    const parsed = parseVerdictMessage(message);
    if (!parsed) return;
    if (parsed.type !== 'open') {
      await this.onAction(parsed.type);
      return;
    }
    const location = this.links[parsed.link];
    if (!location) return;
    const { start, end } = location.range;
    const editor = await window.showTextDocument(Uri.parse(location.uri), { viewColumn: this.sourceColumn() });
    // The whole policy or rule selected, the cursor at its start: where the status bar and the eye go.
    editor.selection = new Selection(end.line, end.character, start.line, start.character);
    editor.revealRange(
      new Range(start.line, start.character, start.line, start.character),
      TextEditorRevealType.InCenterIfOutsideViewport,
    );
  }

  /** Files open beside the panel, not over it: in the column before it, or in a new one. */
  private sourceColumn(): ViewColumn {
    const column = this.panel?.viewColumn;
    return column !== undefined && column > ViewColumn.One ? column - 1 : ViewColumn.Beside;
  }

  private create(): WebviewPanel {
    const panel = window.createWebviewPanel(
      VERDICT_VIEW_TYPE,
      'Connection',
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
    );
    panel.webview.onDidReceiveMessage((message: unknown) =>
      this.receive(message).catch((error: unknown) =>
        window.showErrorMessage(`Check Connection: ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
