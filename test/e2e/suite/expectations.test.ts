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
    const count = (await readExample('netpol-expectations.yaml')).split('\n').filter((l) => l.startsWith('    - name: ')).length;
    await eventually(() => {
      const files = [...iterate(api.controller.items)].map((item) => relativePath(item.uri!)).sort();
      assert.deepEqual(files, ['broken/netpol-expectations.yaml', 'netpol-expectations.yaml']);
      assert.equal(api.controller.items.get(passing)?.children.size, count);
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

  // A policy edit would do as well (test/lsp/expectations.test.ts flips one), but the example's policies that
  // expectations pass on are kustomize inputs here, which the analysis reads rendered from disk until saved.
  it('an unsaved edit that makes a passing expectation fail updates its diagnostic and CodeLens before save', async () => {
    const expectations = await openExample('netpol-expectations.yaml');
    const text = expectations.getText();
    const expectationLine = lineIndex(text, '    - name: fraud-check pulls rule updates on its port range');
    const portsLine = expectationLine + 4;
    const original = expectations.lineAt(portsLine).text;
    assert.equal(original, '      ports: [32000-32100/TCP]');
    const nameEnd = expectations.lineAt(expectationLine).text.length;
    const lensAt = async () => (await codeLensTitles(expectations.uri)).find(([line]) => line === expectationLine)?.[1];
    await eventually(async () => assert.equal(await lensAt(), '✓ 1 pair'));
    assert.deepEqual(ourDiagnostics(expectations.uri), []);

    // One port more than the policy allows: the rule's 32000-32100 no longer covers it.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(expectations.uri, expectations.lineAt(portsLine).range, '      ports: [31999-32100/TCP]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.ok(expectations.isDirty, 'the edit is not saved');
      await eventually(() =>
        assert.deepEqual(ourDiagnostics(expectations.uri), [
          { code: 'NPT001', range: [expectationLine, 6, expectationLine, nameEnd], severity: E },
        ]),
      );
      await eventually(async () => assert.equal(await lensAt(), '✗ 1 of 1 pair · Explain'));
      const [diagnostic] = vscode.languages.getDiagnostics(expectations.uri).filter((d) => d.source === 'netpol');
      assert.deepEqual(
        diagnostic.relatedInformation?.map((r) => relativePath(r.location.uri)),
        ['payments/policies.yaml'],
        'the rule that allows only 32000-32100',
      );
    } finally {
      await restore(expectations, portsLine, original);
    }
    await eventually(() => assert.deepEqual(ourDiagnostics(expectations.uri), []));
    assert.equal(await lensAt(), '✓ 1 pair');
  });

  it('Add Expectation From Connection writes the verdict as an expectation, into the file picked, as one undoable edit', async () => {
    const question = { from: 'shop/frontend[Deployment]', to: 'shop/cart[Deployment]', port: '50051/TCP' };
    // The workspace has two expectations files: the picker asks which; the first (broken/) is taken.
    const uri = await runTakingFirstPicks('netpol.addExpectationFromConnection', question);
    assert.ok(uri);
    assert.equal(relativePath(uri), 'broken/netpol-expectations.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(document.isDirty, 'written as an edit, not saved');
    try {
      const text = document.getText();
      // After the last expectation of the file, at its items' indentation.
      const added = lineIndex(text, '    - name: "shop/frontend[Deployment] → shop/cart[Deployment]');
      assert.equal(added, text.trimEnd().split('\n').length - 5);
      assert.deepEqual(text.split('\n').slice(added, added + 5), [
        '    - name: "shop/frontend[Deployment] → shop/cart[Deployment] allowed 50051/TCP"',
        '      from: "shop/frontend[Deployment]"',
        '      to: "shop/cart[Deployment]"',
        '      expect: allowed',
        '      ports: ["50051/TCP"]',
      ]);
      // The server reads the new expectation from the unsaved text: it passes, and the file has no new problem.
      await eventually(async () =>
        assert.deepEqual(await codeLensTitles(document.uri), [
          [lineIndex(text, '    - name: nothing in monitoring reaches the payments API'), '✗ 1 of 1 pair · Explain'],
          [added, '✓ 1 pair'],
        ]),
      );
      assert.deepEqual(
        ourDiagnostics(document.uri).map((d) => d.code),
        ['NPT002'],
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText().includes('50051/TCP'), false);
  });
  it('Snapshot Reachability of Workload writes exactly expectations for its peers today, under a comment to review; all pass', async () => {
    const uri = await runTakingFirstPicks('netpol.snapshotWorkloadExpectations', 'payments/ledger-db[StatefulSet]');
    assert.ok(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      const text = document.getText();
      const comment = lineIndex(text, '    # Snapshot of payments/ledger-db[StatefulSet] on ');
      assert.match(document.lineAt(comment + 1).text, /records today's behaviour, not what should hold: review each line/);
      const written = text
        .split('\n')
        .slice(comment)
        .filter((line) => line.startsWith('    - name: '));
      assert.ok(written.length > 0);
      assert.equal(
        text
          .split('\n')
          .slice(comment)
          .filter((line) => line === '      expect: exactly').length,
        written.length,
      );
      // What was recorded is what holds: every new expectation passes.
      await eventually(async () => {
        const titles = (await codeLensTitles(document.uri)).filter(([line]) => line > comment).map(([, title]) => title);
        assert.deepEqual(
          titles,
          written.map(() => titles[0]),
        );
        assert.match(titles[0] ?? '', /^✓ 1 pair$/);
      });
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText().includes('# Snapshot of'), false);
  });
});

/** The line as it was, then back to the text on disk: no dirty editor is left for the next tests. */
async function restore(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.lineAt(line).range, text);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false);
}

/** The 0-based line starting with `prefix`: the example's lines move as it grows, its names stay. */
function lineIndex(text: string, prefix: string): number {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.startsWith(prefix));
  assert.ok(index >= 0, `no line starts with ${JSON.stringify(prefix)}`);
  return index;
}

async function readExample(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri(relative)));
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}

/** Runs a command that writes into a file it asks for with a picker, taking the first item of each picker until it ends. */
async function runTakingFirstPicks(command: string, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>(command, ...args)).finally(
    () => (settled = true),
  );
  while (!settled) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return run;
}
