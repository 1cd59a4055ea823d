// textDocument/hover: answers only on NetworkPolicy elements it understands and
// returns null elsewhere, so the YAML extension's hover still shows.
import { MarkupKind, type Connection, type Hover, type HoverClientCapabilities } from 'vscode-languageserver/node';
import { hoverAt, renderMarkdown, renderPlainText } from '../engine/insight/hover';
import { INDEXING_MESSAGE, type WorkspaceIndex } from './workspaceIndex';

export function registerHover(
  connection: Connection,
  index: WorkspaceIndex,
  capabilities: HoverClientCapabilities | undefined,
): void {
  const markdown = capabilities?.contentFormat === undefined || capabilities.contentFormat.includes(MarkupKind.Markdown);
  connection.onHover(async ({ textDocument, position }): Promise<Hover | null> => {
    const answer = hoverAt(await index.ready(), textDocument.uri, position);
    if (!answer) return null;
    // Past the wait, counts would describe part of the workspace: say so instead.
    if (!index.scanned) return { range: answer.range, contents: { kind: MarkupKind.PlainText, value: INDEXING_MESSAGE } };
    return {
      range: answer.range,
      contents: markdown
        ? { kind: MarkupKind.Markdown, value: renderMarkdown(answer.blocks) }
        : { kind: MarkupKind.PlainText, value: renderPlainText(answer.blocks) },
    };
  });
}
