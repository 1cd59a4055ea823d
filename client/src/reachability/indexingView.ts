// While the server reads the workspace folders, the reachability view says so (a message with
// the count, a progress bar on the view) instead of its welcome text "No Kubernetes workloads
// found yet", which the `netpol.indexing` context key hides meanwhile (package.json viewsWelcome).
import { commands, window, type Disposable, type TreeView } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { IndexingProgressNotification } from '../../../server/src/protocol';
import { indexingMessage } from './indexingMessage';
import { REACHABILITY_VIEW_ID } from './treeProvider';

/** The context key that is true while the server indexes the workspace. */
export const INDEXING_CONTEXT_KEY = 'netpol.indexing';

export interface IndexingView extends Disposable {
  /** Every message the view showed while indexing, oldest first (for the in-editor tests). */
  readonly shown: readonly string[];
}

export function showIndexingInView(client: LanguageClient, treeView: TreeView<unknown>): IndexingView {
  const shown: string[] = [];
  let endProgressBar: (() => void) | undefined;
  const setIndexing = (indexing: boolean): void => {
    void commands.executeCommand('setContext', INDEXING_CONTEXT_KEY, indexing);
  };
  const stop = (): void => {
    // The view's own message (its filter) stays.
    if (treeView.message !== undefined && shown.includes(treeView.message)) treeView.message = undefined;
    endProgressBar?.();
    endProgressBar = undefined;
    setIndexing(false);
  };
  const progress = client.onNotification(IndexingProgressNotification.type, ({ indexing, done, total }) => {
    if (!indexing) {
      stop();
      return;
    }
    const message = indexingMessage(done, total);
    treeView.message = message;
    shown.push(message);
    if (endProgressBar) return;
    setIndexing(true);
    void window.withProgress(
      { location: { viewId: REACHABILITY_VIEW_ID } },
      () => new Promise<void>((resolve) => (endProgressBar = resolve)),
    );
  });
  // A server that stops mid-scan sends no end: the next one starts its own scan.
  const state = client.onDidChangeState((change) => {
    if (change.newState === State.Stopped) stop();
  });
  return {
    shown,
    dispose: () => {
      stop();
      progress.dispose();
      state.dispose();
    },
  };
}
