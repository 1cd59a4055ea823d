// Completion over real JSON-RPC while a policy is typed: items with textEdits
// over the partially typed word, null outside selectors and ports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionItemKind, type CompletionItem, type TextEdit } from 'vscode-languageserver-protocol/node';
import { caret, textAt } from '../helpers';
import { INSIGHT_FILES, SHOP, SHOP_URI, TYPING_HEADER as header, TYPING_URI as URI } from '../unit/insightFixture';
import { withServer } from './withServer';

describe('lsp completion', () => {
  const server = withServer({ ...INSIGHT_FILES, [URI]: header });

  /** Types the body into the open document and asks for completion at the caret. */
  async function completeAt(bodyWithCaret: string): Promise<{ items: CompletionItem[] | null; text: string }> {
    const { text, position } = caret(header + bodyWithCaret);
    await server.change(URI, text);
    const result = await server.completion(URI, position);
    return { items: Array.isArray(result) || result === null ? result : result.items, text };
  }

  it('announces trigger characters for keys and values', () => {
    assert.deepEqual(server.initializeResult!.capabilities.completionProvider?.triggerCharacters, [':', ' ', '{', ',', '[']);
  });

  it('a partially typed matchLabels value: values of the key in the namespace, each replacing the whole word', async () => {
    const { items, text } = await completeAt('  podSelector:\n    matchLabels:\n      app: fr|on\n');
    assert.deepEqual(
      items!.map((i) => i.label),
      ['api', 'db', 'frontend'],
    );
    assert.ok(
      items!.every((i) => i.kind === CompletionItemKind.Value && textAt(text, (i.textEdit as TextEdit).range) === 'fron'),
    );
    assert.equal((items![2].textEdit as TextEdit).newText, 'frontend');
  });

  it('`app: ` with an empty value, and the empty line under `matchLabels:`', async () => {
    assert.deepEqual(
      (await completeAt('  podSelector:\n    matchLabels:\n      app: |\n')).items!.map((i) => i.label),
      ['api', 'db', 'frontend'],
    );
    const keys = (await completeAt('  podSelector:\n    matchLabels:\n      |\n')).items!;
    assert.deepEqual(
      keys.map((i) => [i.label, (i.textEdit as TextEdit).newText, i.kind]),
      [
        ['app', 'app: ', CompletionItemKind.Property],
        ['tier', 'tier: ', CompletionItemKind.Property],
      ],
    );
  });

  it('namespace names for kubernetes.io/metadata.name in a namespaceSelector', async () => {
    const { items } = await completeAt(
      '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: |}\n',
    );
    assert.deepEqual(
      items!.map((i) => [i.label, i.kind]),
      [
        ['infra', CompletionItemKind.Module],
        ['monitoring', CompletionItemKind.Module],
        ['shop', CompletionItemKind.Module],
      ],
    );
  });

  it('named ports of the selected pods for an ingress rule port', async () => {
    const { items } = await completeAt('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports:\n    - port: |\n');
    assert.deepEqual(
      items!.map((i) => [i.label, i.detail]),
      [['postgres', 'TCP 5432 on shop/db']],
    );
  });

  it('label values follow edits of workload documents', async () => {
    await server.change(SHOP_URI, SHOP.replace('app: db', 'app: database'));
    assert.deepEqual(
      (await completeAt('  podSelector:\n    matchLabels:\n      app: |\n')).items!.map((i) => i.label),
      ['api', 'database', 'frontend'],
    );
    await server.change(SHOP_URI, SHOP);
  });

  it('null outside selectors and in other YAML, so the YAML extension completes there', async () => {
    assert.equal((await completeAt('  policyTypes:\n  - |\n')).items, null);
    const other = 'file:///ws/other.yaml';
    const { text, position } = caret('apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app: |\n');
    await server.open(other, text);
    assert.equal(await server.completion(other, position), null);
  });
});
