// Open documents: kept in sync with the client (incremental), and each open,
// edit and close handed to the diagnostics publisher.
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Log } from './log';
import type { Settings } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';
import type { OpenDocuments, WorkspaceScanner } from './workspaceScan';

export function createDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(TextDocument);
}

export function listenToDocuments(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  diagnostics: DiagnosticsPublisher,
  settings: Settings,
  index: WorkspaceIndex,
  scanner: WorkspaceScanner,
  log: Log,
): void {
  const track = trackInIndex(documents, index);
  // TextDocuments fires onDidChangeContent for an open as well; the publisher
  // sees the same text there and does nothing.
  documents.onDidOpen(({ document }) =>
    guarded(log, `open ${document.uri}`, () => {
      track(document.uri);
      void diagnostics.validateNow(document);
    }),
  );
  documents.onDidChangeContent(({ document }) =>
    guarded(log, `change ${document.uri}`, () => {
      track(document.uri);
      diagnostics.validateSoon(document);
    }),
  );
  documents.onDidClose(({ document }) =>
    guarded(log, `close ${document.uri}`, () => {
      settings.forget(document.uri);
      diagnostics.clear(document.uri);
      // The file on disk takes the closed document's place in the workspace (or it leaves, when there is none).
      void scanner.documentClosed(document.uri);
    }),
  );
  documents.listen(connection);
}

/** The workspace reads an open document's text lazily, from the document itself (nothing once it is closed). */
function trackInIndex(documents: TextDocuments<TextDocument>, index: WorkspaceIndex): (uri: string) => void {
  return (uri) => index.documentChanged(uri, () => documents.get(uri)?.getText());
}

/**
 * Whether an open document has edits not saved: builds read the disk, so what they render
 * from such a file is the saved text. Opened documents count as saved.
 */
export function unsavedEdits(documents: TextDocuments<TextDocument>): (uri: string) => boolean {
  const saved = new Map<string, string>();
  documents.onDidOpen(({ document }) => saved.set(document.uri, document.getText()));
  documents.onDidSave(({ document }) => saved.set(document.uri, document.getText()));
  documents.onDidClose(({ document }) => saved.delete(document.uri));
  return (uri) => {
    const document = documents.get(uri);
    return document !== undefined && saved.get(uri) !== document.getText();
  };
}

/** The open documents as the workspace scanner sees them. */
export function openDocumentsFor(documents: TextDocuments<TextDocument>, index: WorkspaceIndex): OpenDocuments {
  return {
    isOpen: (uri) => documents.get(uri) !== undefined,
    uris: () => documents.keys(),
    track: trackInIndex(documents, index),
  };
}

/** A failing handler is logged and the server goes on serving the other documents. */
export function guarded(log: Log, what: string, handler: () => void): void {
  try {
    handler();
  } catch (error) {
    log.error(`Handling ${what} failed.`, error);
  }
}
