// Diagnostics in the example workspace (examples/README.md "Expected findings"), as VS Code
// shows them: exact codes on exact ranges, errors for what kube-apiserver rejects, warnings
// for lints and for the NP3xxx checks that compare a policy with the scanned workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, openExample, ourDiagnostics, type SeenDiagnostic } from './editor';
import { eventually } from './waitFor';

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;
const at = (code: string, range: SeenDiagnostic['range'], severity: vscode.DiagnosticSeverity): SeenDiagnostic => ({
  code,
  range,
  severity,
});

describe('diagnostics of the example workspace', () => {
  before(async function () {
    // The folder holds YAML (workspaceContains), so the extension is active or activating already.
    const api = (await extension().activate()) as { activationMs: number; ready: Promise<void> };
    await api.ready;
    console.log(`[netpol-e2e] activation in the examples workspace: activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  it('broken/api-errors.yaml: one API-server error per policy, on the offending value (README table, rules P2 P5 B9 S3 R2 T2)', async () => {
    const document = await openExample('broken/api-errors.yaml');
    await eventually(() =>
      assert.deepEqual(ourDiagnostics(document.uri), [
        at('NP1302', [14, 16, 14, 21], E), // P2: port: 80800
        at('NP1306', [29, 19, 29, 23], E), // P5: endPort with the named port http
        at('NP1505', [48, 16, 48, 27], E), // B9: except 10.1.0.0/24 outside 10.0.0.0/16
        at('NP1203', [61, 8, 62, 20], E), // S3: operator In without values
        at('NP1402', [79, 10, 83, 23], E), // R2: ipBlock and podSelector in one peer
        at('NP1602', [96, 6, 96, 13], E), // T2: policy type "ingress"
      ]),
    );
  });

  it('broken/lint-warnings.yaml: every lint of the README table, plus the workspace checks that see nothing matches', async () => {
    const document = await openExample('broken/lint-warnings.yaml');
    await eventually(() =>
      assert.deepEqual(ourDiagnostics(document.uri), [
        at('NP2001', [15, 2, 15, 9], W),
        at('NP2002', [38, 2, 38, 8], W),
        at('NP2003', [57, 10, 58, 20], W),
        at('NP2004', [74, 10, 76, 48], W),
        // Read as OR, the podSelector peer alone means prometheus pods in shop: the workspace has none.
        at('NP3002', [74, 10, 74, 21], W),
        // sandbox has no workload and, unlike shop, no policy that allows DNS: the default-deny is flagged in the editor too.
        at('NP3001', [87, 2, 87, 13], W),
        at('NP2005', [88, 2, 88, 13], W),
        at('NP2006', [104, 6, 104, 13], W),
        at('NP2007', [126, 18, 126, 31], W),
        at('NP2008', [141, 2, 141, 8], W),
        at('NP2009', [150, 2, 150, 13], W),
        // The impossible selector also selects no workload of the scanned workspace.
        at('NP3001', [150, 2, 150, 13], W),
        // dns-tcp-only is in sandbox: in shop, the default-deny opens UDP 53 to every pod (no NP2010 there).
        at('NP3001', [169, 2, 169, 13], W),
        at('NP2010', [183, 10, 183, 18], W),
        // 80 is the frontend Service's port; its pods listen on 8080.
        at('NP3010', [202, 16, 202, 18], W),
        at('NP3001', [212, 2, 212, 13], W),
        at('NP2011', [222, 16, 222, 21], W),
      ]),
    );
  });

  it('the messages say what is wrong in words (NP1302 port range, NP2004 AND/OR)', async () => {
    const api = await openExample('broken/api-errors.yaml');
    const lint = await openExample('broken/lint-warnings.yaml');
    const message = (uri: vscode.Uri, code: string) =>
      vscode.languages
        .getDiagnostics(uri)
        .find((d) => d.source === 'netpol' && String(typeof d.code === 'object' ? d.code.value : d.code) === code)?.message;
    await eventually(() => {
      assert.equal(
        message(api.uri, 'NP1302'),
        'spec.ingress[0].ports[0].port: Invalid value: 80800: must be between 1 and 65535, inclusive',
      );
      assert.match(message(lint.uri, 'NP2004') ?? '', /^These two peers are read as OR: /);
    });
  });

  it('the correct policies outside broken/ get no diagnostics at all, NP3xxx included', async () => {
    const shop = await openExample('shop/policies.yaml');
    const payments = await openExample('payments/policies.yaml');
    // A broken file opened last: once its diagnostics arrive, the server has validated the two before it.
    const malformed = await openExample('broken/malformed.yaml');
    await eventually(() =>
      assert.deepEqual(
        ourDiagnostics(malformed.uri).map((d) => [d.code, d.range[0]]),
        [['NP0001', 9]],
      ),
    );
    assert.deepEqual(ourDiagnostics(shop.uri), []);
    assert.deepEqual(ourDiagnostics(payments.uri), []);
  });
});
