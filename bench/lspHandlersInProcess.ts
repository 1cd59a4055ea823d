// The server's own hover and CodeLens handlers, run in this process on the same
// workspace: what a request costs inside the server, without the JSON-RPC round
// trip (stdio, JSON, two event loops, and the scheduler of a busy machine).
import type { CodeLens, CodeLensParams, Connection, Hover, HoverParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerCodeLens } from '../server/src/lsp/codeLens';
import { DiagnosticsPublisher } from '../server/src/lsp/diagnostics';
import { registerHover } from '../server/src/lsp/hover';
import { Log } from '../server/src/lsp/log';
import { defaultDocumentSettings } from '../server/src/lsp/settings';
import { WorkspaceIndex } from '../server/src/lsp/workspaceIndex';

export interface InProcessHandlers {
  /** Handlers answer once the first scan is done (marked done here), so they resolve at once. */
  hover(params: HoverParams): Promise<Hover | null>;
  codeLens(params: CodeLensParams): Promise<CodeLens[]>;
  /**
   * What the server does once an edit's debounce has passed: the edited text into
   * the index, validation against the workspace, the publish. Resolves when published.
   */
  validateEdit(uri: string, text: string, version: number): Promise<void>;
}

/** An index holding `files`, and the handlers the server registers on it (captured from a connection that only records them). */
export function handlersInProcess(files: ReadonlyMap<string, string>): InProcessHandlers {
  const index = new WorkspaceIndex();
  for (const [uri, text] of files) index.setFile(uri, text);
  index.markScanned();
  let hover: InProcessHandlers['hover'] | undefined;
  let codeLens: InProcessHandlers['codeLens'] | undefined;
  const recorder = {
    onHover: (handler: InProcessHandlers['hover']) => (hover = handler),
    onCodeLens: (handler: InProcessHandlers['codeLens']) => (codeLens = handler),
  } as unknown as Connection;
  const silent = new Log({ error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined });
  registerHover(recorder, index, { contentFormat: ['markdown', 'plaintext'] });
  registerCodeLens(recorder, index, { forWorkspace: () => Promise.resolve(defaultDocumentSettings) }, false, silent);
  if (!hover || !codeLens) throw new Error('the server registered no hover or CodeLens handler');
  const open = new Map<string, TextDocument>();
  const publisher = new DiagnosticsPublisher(
    { sendDiagnostics: () => Promise.resolve() },
    { forDocument: () => Promise.resolve(defaultDocumentSettings) },
    silent,
    (uri) => open.get(uri),
    { workspace: index },
  );
  const validateEdit = (uri: string, text: string, version: number): Promise<void> => {
    const document = TextDocument.create(uri, 'yaml', version, text);
    open.set(uri, document);
    index.documentChanged(uri, () => open.get(uri)?.getText());
    return publisher.validateNow(document);
  };
  return { hover, codeLens, validateEdit };
}
