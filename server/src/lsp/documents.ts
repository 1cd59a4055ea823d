// Open documents: kept in sync with the client (incremental), and each open,
// edit and close handed to the diagnostics publisher.
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Log } from './log';
import type { Settings } from './settings';

export function createDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(TextDocument);
}

export function listenToDocuments(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  diagnostics: DiagnosticsPublisher,
  settings: Settings,
  log: Log,
): void {
  // TextDocuments fires onDidChangeContent for an open as well; the publisher
  // sees the same text there and does nothing.
  documents.onDidOpen(({ document }) => guarded(log, `open ${document.uri}`, () => void diagnostics.validateNow(document)));
  documents.onDidChangeContent(({ document }) => guarded(log, `change ${document.uri}`, () => diagnostics.validateSoon(document)));
  documents.onDidClose(({ document }) =>
    guarded(log, `close ${document.uri}`, () => {
      settings.forget(document.uri);
      diagnostics.clear(document.uri);
    }),
  );
  documents.listen(connection);
}

/** A failing handler is logged and the server goes on serving the other documents. */
export function guarded(log: Log, what: string, handler: () => void): void {
  try {
    handler();
  } catch (error) {
    log.error(`Handling ${what} failed.`, error);
  }
}
