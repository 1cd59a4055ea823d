// An exception inside the engine must cost one document, never the server. No
// input is known to make the engine throw (that would be an engine bug), so this
// runs the diagnostics publisher in-process with a validation that throws on demand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher, validateWithEngine } from '../../server/src/lsp/diagnostics';
import { Log } from '../../server/src/lsp/log';
import { defaultDocumentSettings } from '../../server/src/lsp/settings';
import { yaml } from '../helpers';

const oldApiVersion = yaml`
  apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata: {name: old}
  spec: {}
`;

function publisherWithFaultyEngine() {
  const published: PublishDiagnosticsParams[] = [];
  const errors: string[] = [];
  const ignore = () => undefined;
  const log = new Log({ error: (message: string) => errors.push(message), warn: ignore, info: ignore, log: ignore });
  const publisher = new DiagnosticsPublisher(
    { sendDiagnostics: async (params: PublishDiagnosticsParams) => void published.push(params) },
    { forDocument: async () => defaultDocumentSettings },
    log,
    () => undefined,
    {
      validate: (uri, text, settings) => {
        if (text.includes('explode')) throw new Error('engine bug');
        return validateWithEngine(uri, text, settings);
      },
    },
  );
  return { publisher, published, errors };
}

describe('lsp diagnostics when the engine throws', () => {
  it('logs the error with the document URI, publishes nothing for it, and goes on validating other documents', async () => {
    const { publisher, published, errors } = publisherWithFaultyEngine();
    const faulty = TextDocument.create('file:///workspace/faulty.yaml', 'yaml', 1, `${oldApiVersion}# explode\n`);
    const healthy = TextDocument.create('file:///workspace/healthy.yaml', 'yaml', 1, oldApiVersion);

    await publisher.validateNow(faulty);
    assert.equal(published.length, 0);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /file:\/\/\/workspace\/faulty\.yaml/);
    assert.match(errors[0], /engine bug/);

    await publisher.validateNow(healthy);
    assert.deepEqual(
      published.map((p) => [p.uri, p.diagnostics.map((d) => d.code)]),
      [['file:///workspace/healthy.yaml', ['NP1701']]],
    );
  });
});
