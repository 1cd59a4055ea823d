// textDocument/hover: answers only on NetworkPolicy elements it understands and
// returns null elsewhere, so the YAML extension's hover still shows.
import { MarkupKind, type Connection, type Hover, type HoverClientCapabilities } from 'vscode-languageserver/node';
import { hoverAt, renderMarkdown, renderPlainText, type HoverAnswer } from '../engine/insight/hover';
import type { Position } from '../engine/types';
import type { Workspace } from '../engine/workspace';
import { INDEXING_MESSAGE, type WorkspaceIndex } from './workspaceIndex';

/** Said on a hover in a build's input that has unsaved edits. */
export const UNSAVED_INPUT_NOTE = 'This reflects the saved file: builds read the disk, so save to see this edit rendered.';

export function registerHover(
  connection: Connection,
  index: WorkspaceIndex,
  capabilities: HoverClientCapabilities | undefined,
  /** Whether an open document has edits not saved (documents.ts unsavedEdits). */
  unsaved: (uri: string) => boolean = () => false,
  /** Hovers of other files than manifests (expectations files). */
  more: (workspace: Workspace, uri: string, position: Position) => HoverAnswer | undefined = () => undefined,
): void {
  const markdown = capabilities?.contentFormat === undefined || capabilities.contentFormat.includes(MarkupKind.Markdown);
  connection.onHover(async ({ textDocument, position }): Promise<Hover | null> => {
    const workspace = await index.ready();
    const found = hoverAt(workspace, textDocument.uri, position) ?? more(workspace, textDocument.uri, position);
    if (!found) return null;
    // A build reads the disk: what it rendered from a file with unsaved edits is the saved text.
    const answer =
      workspace.isBuildInput(textDocument.uri) && unsaved(textDocument.uri)
        ? { ...found, blocks: [...found.blocks, { kind: 'text' as const, text: UNSAVED_INPUT_NOTE }] }
        : found;
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
