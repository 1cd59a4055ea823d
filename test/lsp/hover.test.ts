// Hover over real JSON-RPC: answers inside NetworkPolicy selectors and names,
// null elsewhere (so the YAML extension's hover shows), and fresh after edits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkupKind, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { INSIGHT_FILES, INFRA, INFRA_URI, POLICIES, POLICIES_URI, positionOf } from '../unit/insightFixture';
import { withServer } from './withServer';

const contentOf = (hover: Hover | null): MarkupContent => hover!.contents as MarkupContent;

describe('lsp hover', () => {
  const server = withServer(INSIGHT_FILES);

  it('answers CodeLens eagerly: no codeLens/resolve step (the full capability list is pinned in diagnostics.test.ts)', () => {
    const capabilities = server.initializeResult!.capabilities;
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('on an AND peer: Markdown naming the one workload, linked to its definition, and both namespaces', async () => {
    const hover = await server.hover(POLICIES_URI, positionOf(POLICIES, 'team: infra', 8));
    const content = contentOf(hover);
    assert.equal(content.kind, MarkupKind.Markdown);
    assert.equal(
      content.value,
      [
        '**From pods labelled app=prom-server in namespaces labelled team=infra**',
        '1 workload:',
        `- [monitoring/prom-server (Deployment, 1 replica)](${INFRA_URI}#L1)`,
        'Namespaces: infra, monitoring.',
      ].join('\n\n'),
    );
    assert.equal(hover!.range!.start.line, positionOf(POLICIES, 'matchLabels: {team: infra}').line);
  });

  it('on metadata.name: the policy summary', async () => {
    const value = contentOf(await server.hover(POLICIES_URI, positionOf(POLICIES, 'deny-all', 1))).value;
    assert.match(
      value,
      /^\*\*NetworkPolicy shop\/deny-all\*\*\n\nApplies to every pod in this policy's namespace shop: 3 workloads\./,
    );
    assert.match(value, /Note: 1 egress rule is ignored: policyTypes does not include Egress\.$/);
  });

  it('null outside selectors, in a workload manifest, and in a non-NetworkPolicy YAML', async () => {
    assert.equal(await server.hover(POLICIES_URI, positionOf(POLICIES, 'policyTypes', 3)), null);
    assert.equal(await server.hover(INFRA_URI, positionOf(INFRA, 'prom-server', 2)), null);
    const configMap = 'file:///ws/config.yaml';
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  podSelector: app\n';
    await server.open(configMap, text);
    assert.equal(await server.hover(configMap, positionOf(text, 'podSelector', 2)), null);
    assert.equal(await server.hover(configMap, positionOf(text, 'settings', 2)), null);
  });

  it('an edit to a workload document changes the answer without a restart', async () => {
    const at = positionOf(POLICIES, 'app: fronted', 8);
    assert.match(contentOf(await server.hover(POLICIES_URI, at)).value, /Selects no workload in the workspace\./);
    const fixedTypo = `${INFRA}---\napiVersion: v1\nkind: Pod\nmetadata: {name: fronted, namespace: shop, labels: {app: fronted}}\n`;
    await server.change(INFRA_URI, fixedTypo);
    assert.match(contentOf(await server.hover(POLICIES_URI, at)).value, /1 workload:\n\n- \[shop\/fronted \(Pod, 1 replica\)\]/);
    await server.change(INFRA_URI, INFRA);
    assert.match(contentOf(await server.hover(POLICIES_URI, at)).value, /Selects no workload/);
  });
});

describe('lsp hover for a client without Markdown', () => {
  const server = withServer(INSIGHT_FILES, { textDocument: { hover: { contentFormat: [MarkupKind.PlainText] } } });

  it('answers in plain text', async () => {
    const content = contentOf(await server.hover(POLICIES_URI, positionOf(POLICIES, 'app: api', 6)));
    assert.deepEqual(content, {
      kind: MarkupKind.PlainText,
      value:
        "Applies to pods labelled app=api in this policy's namespace shop\n1 workload:\n- shop/api (Deployment, 2 replicas)\nNamespaces: shop.",
    });
  });
});
