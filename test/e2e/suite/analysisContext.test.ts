// The analysis context in the example workspace: "NetworkPolicy: Pick Analysis Context" is
// contributed, a choice round-trips through netpol/setContext and netpol/contexts, and the
// status bar item shows only when there is something to pick besides reading every file as it is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, PLAIN_CONTEXT_ID, type ContextsRequest } from '../../../server/src/protocol';
import { extension } from './editor';
import { eventually } from './waitFor';

/** activate()'s `analysisContext` (client/src/analysisContext/register.ts), structurally: the suite imports no client code. */
interface AnalysisContextApi {
  ready: Promise<void>;
  analysisContext: {
    refresh(): Promise<ContextsRequest.Result | undefined>;
    statusBar(): { visible: boolean; text: string; tooltip: string };
  };
}

describe('analysis context in the example workspace', () => {
  let api: AnalysisContextApi;

  before(async () => {
    api = (await extension().activate()) as AnalysisContextApi;
    await api.ready;
  });

  after(() => vscode.commands.executeCommand(CommandIds.pickContext, { id: undefined }));

  it('contributes the command to the palette', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(CommandIds.pickContext));
  });

  it('lists the contexts; the status bar shows the active one exactly when there is more than the plain reading', async () => {
    const result = await api.analysisContext.refresh();
    assert.ok(result, 'netpol/contexts answered');
    assert.ok(result.contexts.some((context) => context.id === PLAIN_CONTEXT_ID));
    const view = api.analysisContext.statusBar();
    const something = result.contexts.some((context) => context.id !== PLAIN_CONTEXT_ID);
    assert.equal(view.visible, something);
    if (something) {
      const active = result.contexts.find((context) => context.id === result.active);
      assert.ok(active && view.text.endsWith(active.label), view.text);
    }
  });

  it('a choice round-trips: the command sends it, netpol/contexts answers with it active; an unknown id is refused', async () => {
    const chosen = await vscode.commands.executeCommand<ContextsRequest.Result | undefined>(CommandIds.pickContext, {
      id: PLAIN_CONTEXT_ID,
    });
    assert.equal(chosen?.active, PLAIN_CONTEXT_ID);
    assert.equal((await api.analysisContext.refresh())?.active, PLAIN_CONTEXT_ID);

    const refused = await vscode.commands.executeCommand(CommandIds.pickContext, { id: 'no/such/context' });
    assert.equal(refused, undefined);
    assert.equal((await api.analysisContext.refresh())?.active, PLAIN_CONTEXT_ID);
  });

  // Restarting the server reads initializationOptions again: the choice comes back from the workspace state.
  it('a context of netpol.contexts shows in the status bar, and the choice survives a server restart', async () => {
    const netpol = vscode.workspace.getConfiguration('netpol');
    // User settings, so the workspace's files stay as they are for the suites after this one.
    await netpol.update('contexts', [{ name: 'team', builds: ['payments'] }], vscode.ConfigurationTarget.Global);
    try {
      const team = await eventually(async () => {
        const found = (await api.analysisContext.refresh())?.contexts.find((context) => context.label === 'team');
        assert.ok(found, 'netpol/contexts offers the context of the setting');
        return found;
      });
      assert.deepEqual(team.builds, ['payments']);
      // A refresh the server's status notifications started after ours may still be on its way: the item shows the newest answer.
      await eventually(() => assert.equal(api.analysisContext.statusBar().visible, true));

      await vscode.commands.executeCommand(CommandIds.pickContext, { id: team.id });
      await eventually(() => assert.equal(api.analysisContext.statusBar().text, '$(layers) team'));

      await vscode.commands.executeCommand(CommandIds.restartServer);
      const restarted = await eventually(async () => {
        const result = await api.analysisContext.refresh();
        assert.ok(result, 'the restarted server answers netpol/contexts');
        return result;
      });
      assert.equal(restarted.active, team.id);
      assert.notEqual(restarted.defaultId, team.id, 'active because chosen, not by default');
    } finally {
      await vscode.commands.executeCommand(CommandIds.pickContext, { id: undefined });
      await netpol.update('contexts', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
