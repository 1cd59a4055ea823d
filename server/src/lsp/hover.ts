// textDocument/hover: answers only on NetworkPolicy elements it understands and
// returns null elsewhere, so the YAML extension's hover still shows.
import { MarkupKind, type Connection, type Hover, type HoverClientCapabilities } from 'vscode-languageserver/node';
import { hoverAt, renderMarkdown, renderPlainText } from '../engine/insight/hover';
import type { WorkspaceIndex } from './workspaceIndex';

export function registerHover(
  connection: Connection,
  index: WorkspaceIndex,
  capabilities: HoverClientCapabilities | undefined,
): void {
  const markdown = capabilities?.contentFormat === undefined || capabilities.contentFormat.includes(MarkupKind.Markdown);
  connection.onHover(({ textDocument, position }): Hover | null => {
    const answer = hoverAt(index.current(), textDocument.uri, position);
    if (!answer) return null;
    return {
      range: answer.range,
      contents: markdown
        ? { kind: MarkupKind.Markdown, value: renderMarkdown(answer.blocks) }
        : { kind: MarkupKind.PlainText, value: renderPlainText(answer.blocks) },
    };
  });
}
