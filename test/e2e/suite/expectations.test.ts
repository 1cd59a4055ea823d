// Reachability expectations in the example workspace (examples/netpol-expectations.yaml passes,
// examples/broken/netpol-expectations.yaml fails on purpose): the Testing view's controller
// from activate()'s `expectations`, run through the workbench's own "Run All Tests"; the
// diagnostics and CodeLens of the expectations file, and an unsaved policy edit reaching both.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLensTitles, exampleUri, extension, openExample, ourDiagnostics, relativePath } from './editor';
import { eventually } from './waitFor';

/** What activate() returns of the controller (structurally: the suite imports no client code). */
interface ExpectationsApi {
  readonly controller: vscode.TestController;
  readonly outcomes: ReadonlyMap<string, { state: string; messages: Array<{ text: string; diff?: unknown; frames: unknown[] }> }>;
  readonly onDidRun: vscode.Event<void>;
}

const { Error: E } = vscode.DiagnosticSeverity;

describe('expectations in the example workspace', () => {
  let api: ExpectationsApi;
  before(async () => {
    const exports = (await extension().activate()) as { ready: Promise<void>; expectations: ExpectationsApi };
    await exports.ready;
    api = exports.expectations;
  });

  it('the Testing view lists each file and its expectations; Run All reports the failing one of broken/ and passes the others', async () => {
    const broken = exampleUri('broken/netpol-expectations.yaml').toString();
    const passing = exampleUri('netpol-expectations.yaml').toString();
    await eventually(() => {
      const files = [...iterate(api.controller.items)].map((item) => relativePath(item.uri!)).sort();
      assert.deepEqual(files, ['broken/netpol-expectations.yaml', 'netpol-expectations.yaml']);
      assert.equal(api.controller.items.get(passing)?.children.size, 11);
    });
    const failing = api.controller.items.get(broken)!.children.get(`${broken}#nothing-in-monitoring-reaches-the-payments-api`);
    assert.ok(failing, 'the failing expectation has its item');
    assert.deepEqual(failing.range?.start.line, 8);
    assert.deepEqual(
      failing.tags.map((t) => t.id),
      ['denied', 'security'],
    );

    const ran = new Promise<void>((resolve) => {
      const listener = api.onDidRun(() => {
        listener.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('testing.runAll');
    await ran;
    const outcome = api.outcomes.get(failing.id);
    assert.equal(outcome?.state, 'failed');
    assert.match(
      outcome.messages[0].text,
      /monitoring\/prometheus\[Deployment\] → payments\/payments-api\[Deployment\]: expected no ports, actual TCP 9090/,
    );
    assert.ok(outcome.messages[0].frames.length >= 2, 'frames at the expectation and at the deciding rules');
    const states = [...iterate(api.controller.items.get(passing)!.children)].map((item) => api.outcomes.get(item.id)?.state);
    assert.deepEqual(
      states.filter((s) => s !== 'passed'),
      ['skipped'],
    );
  });

  it('broken/netpol-expectations.yaml: the failure is an Error (NPT002) on the expectation', async () => {
    const document = await openExample('broken/netpol-expectations.yaml');
    await eventually(() =>
      assert.deepEqual(ourDiagnostics(document.uri), [{ code: 'NPT002', range: [8, 6, 8, 58], severity: E }]),
    );
    const [diagnostic] = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'netpol');
    assert.ok(
      diagnostic.relatedInformation?.some((r) => relativePath(r.location.uri) === 'payments/policies.yaml'),
      'related information points at the rule that lets monitoring in',
    );
  });

  it('an unsaved edit of a policy that breaks a passing expectation updates its diagnostic and CodeLens before save', async () => {
    const expectations = await openExample('netpol-expectations.yaml');
    const policies = await openExample('shop/policies.yaml');
    const peerLine = 65; // frontend-to-cart: egress to pods app=cart
    const original = policies.lineAt(peerLine).text;
    assert.equal(original, '              app: cart');
    const expectationLine = 11; // frontend calls cart over gRPC
    const lensAt = async () => (await codeLensTitles(expectations.uri)).find(([line]) => line === expectationLine)?.[1];
    await eventually(async () => assert.equal(await lensAt(), '✓ 1 pair'));
    assert.deepEqual(ourDiagnostics(expectations.uri), []);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(policies.uri, policies.lineAt(peerLine).range, '              app: carts');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.ok(policies.isDirty, 'the edit is not saved');
      await eventually(() =>
        assert.deepEqual(ourDiagnostics(expectations.uri), [{ code: 'NPT001', range: [11, 6, 11, 41], severity: E }]),
      );
      await eventually(async () => assert.equal(await lensAt(), '✗ 1 of 1 pair · Explain'));
    } finally {
      await vscode.window.showTextDocument(policies);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await eventually(() => assert.deepEqual(ourDiagnostics(expectations.uri), []));
    assert.equal(await lensAt(), '✓ 1 pair');
  });
});

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}
