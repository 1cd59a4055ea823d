// Diagnostics over real JSON-RPC against dist/server.js: what the editor shows, on the exact ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';
import { policy } from '../builders';
import { yaml } from '../helpers';
import { startServer, summarizeDiagnostics } from './lspClient';
import { withServer } from './withServer';

const brokenPolicy = yaml`
  apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata:
    name: web
    name: web-v2
  spec: {}
`;

const fixedPolicy = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: web-v2
  spec: {}
`;

describe('lsp diagnostics', () => {
  const server = withServer();

  it('announces no formatting, symbols or schema features, so it never competes with the YAML extension', () => {
    const capabilities = server.initializeResult!.capabilities;
    assert.deepEqual(Object.keys(capabilities).sort(), [
      'codeActionProvider',
      'codeLensProvider',
      'completionProvider',
      'definitionProvider',
      // Pulled diagnostics are the what-if's NPD004 only (lsp/whatIf.ts), in a collection of their own.
      'diagnosticProvider',
      'hoverProvider',
      'referencesProvider',
      'textDocumentSync',
    ]);
  });

  it('publishes the engine diagnostics of an opened policy on their exact ranges (NP0005 duplicate key, NP1701 apiVersion)', async () => {
    const uri = 'file:///workspace/broken.yaml';
    await server.open(uri, brokenPolicy);
    const diagnostics = await server.diagnostics(uri);
    assert.deepEqual(summarizeDiagnostics(brokenPolicy, diagnostics), ['NP1701 error@extensions/v1beta1', 'NP0005 warning@name']);
    assert.deepEqual(diagnostics[1].range, { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } });
    assert.ok(diagnostics.every((d) => d.source === DIAGNOSTIC_SOURCE && d.message.length > 0));
  });

  it('clears the diagnostics when an edit fixes the policy', async () => {
    const uri = 'file:///workspace/fixed-later.yaml';
    await server.open(uri, brokenPolicy);
    assert.equal((await server.diagnostics(uri)).length, 2);
    await server.change(uri, fixedPolicy);
    assert.deepEqual(await server.diagnostics(uri), []);
  });

  it('reports a YAML syntax error (NP0001) in a file that mentions a NetworkPolicy', async () => {
    const uri = 'file:///workspace/syntax.yaml';
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: [\n';
    await server.open(uri, text);
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP0001'],
    );
  });

  it('publishes an empty list for YAML that is not a NetworkPolicy, even a broken one', async () => {
    const uri = 'file:///workspace/configmap.yaml';
    await server.open(uri, 'apiVersion: v1\nkind: ConfigMap\ndata: [1\n');
    assert.deepEqual(await server.diagnostics(uri), []);
  });

  it('clears a file that stops mentioning NetworkPolicy', async () => {
    const uri = 'file:///workspace/becomes-configmap.yaml';
    await server.open(uri, brokenPolicy);
    assert.equal((await server.diagnostics(uri)).length, 2);
    await server.change(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n');
    assert.deepEqual(await server.diagnostics(uri), []);
  });

  it('validates JSON documents too', async () => {
    const uri = 'file:///workspace/policy.json';
    const text = '{"apiVersion": "extensions/v1beta1", "kind": "NetworkPolicy", "metadata": {"name": "web"}, "spec": {}}\n';
    await server.open(uri, text);
    assert.deepEqual(summarizeDiagnostics(text, await server.diagnostics(uri)), ['NP1701 error@"extensions/v1beta1"']);
  });

  it('validates untitled documents', async () => {
    const uri = 'untitled:Untitled-1';
    await server.open(uri, brokenPolicy, 'yaml');
    assert.equal((await server.diagnostics(uri)).length, 2);
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = 'file:///workspace/closed.yaml';
    await server.open(uri, brokenPolicy);
    assert.equal((await server.diagnostics(uri)).length, 2);
    await server.close(uri);
    assert.deepEqual(await server.diagnostics(uri), []);
  });

  it('after many rapid edits, publishes the diagnostics of the final text (debounce)', async () => {
    const uri = 'file:///workspace/typing.yaml';
    // Its own name: another open document holding web-v2 would make it a duplicate (NP3011).
    await server.open(uri, fixedPolicy.replace('name: web-v2', 'name: typing'));
    assert.deepEqual(await server.diagnostics(uri), []);
    const steps = 25;
    for (let i = 1; i <= steps; i++) {
      // Each intermediate text is valid; only the last one has a duplicate key.
      const name = i === steps ? `name: a\n  name: typed-${i}` : `name: typed-${i}`;
      await server.change(uri, fixedPolicy.replace('name: web-v2', name));
    }
    const final = fixedPolicy.replace('name: web-v2', `name: a\n  name: typed-${steps}`);
    assert.deepEqual(summarizeDiagnostics(final, await server.diagnostics(uri)), ['NP0005 warning@name']);
    const last = server.publishesOf(uri).at(-1)!;
    assert.equal(last.version, steps + 1);
  });

  it('does not validate again when an edit leaves the text as it was', async () => {
    const uri = 'file:///workspace/same-text.yaml';
    const [broken, fixed] = [brokenPolicy, fixedPolicy].map((text) => text.replace('name: web-v2', 'name: same-text'));
    await server.open(uri, broken);
    await server.diagnostics(uri);
    await server.change(uri, broken);
    await server.change(uri, fixed);
    assert.deepEqual(await server.diagnostics(uri), []);
    // Version 2 repeated version 1's text: no validation, no publish.
    assert.deepEqual(
      server.publishesOf(uri).map((p) => p.version),
      [1, 3],
    );
  });
});

describe('lsp transports', () => {
  it('serves over node IPC, the transport the VS Code client uses', async () => {
    const server = await startServer({ transport: 'ipc' });
    try {
      const uri = 'file:///workspace/over-ipc.yaml';
      await server.open(uri, brokenPolicy);
      assert.deepEqual(summarizeDiagnostics(brokenPolicy, await server.diagnostics(uri)), [
        'NP1701 error@extensions/v1beta1',
        'NP0005 warning@name',
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('lsp diagnostics: NP2005 follows the other policies of the namespace', () => {
  const server = withServer();

  it('drops the DNS warning of a default-deny while another open file allows DNS to every pod, and brings it back when that rule goes', async () => {
    const denyUri = 'file:///workspace/default-deny.yaml';
    const dnsUri = 'file:///workspace/allow-dns.yaml';
    const denyAll = policy('shop/default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
    const allowDns = policy(
      'shop/allow-dns',
      'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}]',
    );
    await server.open(dnsUri, allowDns);
    await server.diagnostics(dnsUri);
    await server.open(denyUri, denyAll);
    assert.deepEqual(
      (await server.diagnostics(denyUri)).map((d) => d.code),
      [],
    );
    await server.change(dnsUri, allowDns.replace('  - ports: [{port: 53, protocol: UDP}]\n', '  - ports: [{port: 443}]\n'));
    await server.diagnostics(dnsUri);
    await server.eventuallyPublished(
      denyUri,
      (diagnostics) => diagnostics.some((d) => d.code === 'NP2005'),
      'NP2005 back on the default-deny',
    );
  });
});
