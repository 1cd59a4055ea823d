// Language server entry point: wiring only.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseManifest } from './engine/manifests';
import { validateManifest } from './engine/validate';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const diagnostics = validateManifest(parseManifest(document.uri, document.getText()));
  void connection.sendDiagnostics({
    uri: document.uri,
    diagnostics: diagnostics.map((d) => ({ range: d.range, message: d.message, code: d.code, source: 'netpol', severity: d.severity === 'error' ? 1 : 2 })),
  });
});

documents.listen(connection);
connection.listen();
