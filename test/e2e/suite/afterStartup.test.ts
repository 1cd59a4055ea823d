// What the window shows right after start-up, before a test opens a file (issue 14 §1, §5, §6).
// Named to run first (the runner sorts files): the other files open examples/broken, and
// "problems of files never opened" can only be checked before anything opened them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../../server/src/protocol';
import { exampleUri, extension, isOpen, openExample } from './editor';
import { eventually } from './waitFor';

interface StartupApi {
  ready: Promise<void>;
  reachabilityIndexingMessages: readonly string[];
  reachabilityTree: {
    getChildren(node?: unknown): Promise<unknown[]>;
    getTreeItem(node: unknown): vscode.TreeItem;
  };
}

const BROKEN = ['broken/api-errors.yaml', 'broken/lint-warnings.yaml', 'broken/malformed.yaml'];

describe('after start-up, before any file is opened', () => {
  let api: StartupApi;

  before(async () => {
    api = (await extension().activate()) as StartupApi;
    await api.ready;
  });

  it('netpol.problems.scope auto (a small workspace): the problems of examples/broken are listed though no file was opened', async () => {
    for (const file of BROKEN) assert.equal(isOpen(exampleUri(file)), false, `${file} must not be open yet`);
    const counts = await eventually(() => {
      const all = vscode.languages.getDiagnostics();
      const ours = (file: string) =>
        all.find(([uri]) => uri.toString() === exampleUri(file).toString())?.[1].filter((d) => d.source === 'netpol').length ?? 0;
      const counts = BROKEN.map(ours);
      // examples/README.md "Expected findings": 6 API-server errors, the lint warnings, one YAML error.
      assert.deepEqual(
        counts.map((n) => n > 0),
        [true, true, true],
        `problems per file: ${counts.join(', ')}`,
      );
      assert.ok(counts[0] + counts[1] + counts[2] > 20, `more than 20 findings in examples/broken; got ${counts.join(' + ')}`);
      return counts;
    });
    console.log(`[netpol-e2e] problems of files never opened: ${BROKEN.map((f, i) => `${f} ${counts[i]}`).join(', ')}`);
    for (const file of BROKEN) assert.equal(isOpen(exampleUri(file)), false, `${file} is still not open`);
  });

  it('the Reachability view said it was indexing, then lists the namespaces', async () => {
    assert.ok(api.reachabilityIndexingMessages.length > 0, 'a message while the workspace was indexed');
    for (const message of api.reachabilityIndexingMessages)
      assert.match(message, /^Indexing (the workspace|\d+ of \d+ files?)…$/);
    await eventually(async () => {
      const labels = (await api.reachabilityTree.getChildren()).map((node) => {
        const label = api.reachabilityTree.getTreeItem(node).label;
        return typeof label === 'string' ? label : (label?.label ?? '');
      });
      assert.ok(labels.includes('shop') && labels.includes('payments'), `namespaces listed; got ${labels.join(', ')}`);
    });
  });

  it('a workload manifest has a CodeLens per workload; its command reveals the workload in the Reachability view', async () => {
    const document = await openExample('shop/workloads.yaml');
    const lenses = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      const workloads = found.filter((lens) => lens.command?.command === CommandIds.showReachabilityAtCursor);
      assert.ok(workloads.length >= 5, `a lens per workload of shop; got ${found.map((l) => l.command?.title).join(' | ')}`);
      return workloads;
    });
    for (const lens of lenses)
      assert.match(
        lens.command!.title,
        /^(not isolated|(ingress|egress|ingress & egress) isolated) · \d+ inbound · \d+ outbound/,
      );
    const frontend = lenses.find((lens) => JSON.stringify(lens.command?.arguments).includes('shop/frontend[Deployment]'));
    assert.ok(frontend, 'a lens on shop/frontend');
    const revealed = await vscode.commands.executeCommand<{ workloadRef?: string } | undefined>(
      frontend.command!.command,
      ...(frontend.command!.arguments ?? []),
    );
    assert.equal(revealed?.workloadRef, 'shop/frontend[Deployment]');
  });
});
