// Wires the live what-if to the language client: the status bar item, the Reachability
// Changes view, the base picker and the diff of the `netpol reach` listings. The server
// computes; this file sends it the base (and git's texts of it) and shows its answers.
import {
  commands,
  EventEmitter,
  StatusBarAlignment,
  Uri,
  window,
  workspace,
  type Disposable,
  type Memento,
  type QuickPickItem,
  type StatusBarItem,
  type TextDocumentContentProvider,
  type TreeView,
} from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  CommandIds,
  SetWhatIfBaseRequest,
  WhatIfBaseTextRequest,
  WhatIfChangedNotification,
  WhatIfReachTextRequest,
  WhatIfRequest,
  type WhatIfBaseChoice,
  type WhatIfRefTexts,
  type WhatIfResult,
} from '../../../server/src/protocol';
import { statusText, statusTooltip, type ChangeNode } from './changesModel';
import { BASE_SCHEME, CHANGES_VIEW_ID, ChangesTreeProvider } from './changesView';
import { branchNames, gitApi, onGitChange, textsAt } from './gitTexts';

/** What `activate` hands the in-editor tests. */
export interface WhatIfApi {
  readonly statusBar: StatusBarItem;
  readonly changesTree: ChangesTreeProvider;
  readonly changesView: TreeView<ChangeNode>;
  /** The last answer shown (undefined before the first). */
  latest(): WhatIfResult | undefined;
}

/** Scheme of the two listings "Open Reachability Diff" compares. */
const REACH_SCHEME = 'netpol-reach';
/** workspaceState key of the chosen base. */
const BASE_STATE_KEY = 'netpol.whatIf.base';
/** Git reports a burst of state changes for one operation (a commit, a checkout): read once it is over. */
const GIT_DEBOUNCE_MS = 300;

export function registerWhatIf(client: LanguageClient, workspaceState: Memento): { api: WhatIfApi; disposables: Disposable[] } {
  const fileName = (uri: string): string => workspace.asRelativePath(Uri.parse(uri), false);
  const provider = new ChangesTreeProvider(fileName);
  const view = window.createTreeView(CHANGES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const statusBar = window.createStatusBarItem('netpol.whatIf', StatusBarAlignment.Left, 49);
  statusBar.name = 'NetworkPolicy Reachability Changes';
  statusBar.command = CommandIds.showReachabilityChanges;
  let statusShown = false;
  let choice = workspaceState.get<WhatIfBaseChoice>(BASE_STATE_KEY) ?? { kind: 'auto' };

  const show = (result: WhatIfResult): void => {
    // Answers can cross: an older version never replaces a newer one.
    const shown = provider.shown;
    if (shown && shown.version > result.version && sameBase(shown, result)) return;
    provider.show(result);
    // Set only what changed: every assignment renders the item again.
    const text = statusText(result);
    const shownText = text === undefined ? '' : `$(git-compare) ${text}`;
    if (statusBar.text !== shownText) statusBar.text = shownText;
    const tooltip = text === undefined ? undefined : statusTooltip(result);
    if (statusBar.tooltip !== tooltip) statusBar.tooltip = tooltip;
    if (text === undefined && statusShown) statusBar.hide();
    if (text !== undefined && !statusShown) statusBar.show();
    statusShown = text !== undefined;
    view.description = `vs ${result.base.label}`;
    view.message = result.notice;
  };

  const git = gitApi();
  let gitTimer: NodeJS.Timeout | undefined;
  /** Sends the base and git's texts of the refs it needs; shows the answer. */
  const sendBase = async (): Promise<WhatIfResult | undefined> => {
    if (!client.isRunning()) return undefined;
    const api = await git;
    const refs: WhatIfRefTexts[] = [];
    let gitUnavailable: string | undefined;
    if (typeof api === 'string') gitUnavailable = api;
    else {
      for (const ref of new Set(['HEAD', ...(choice.kind === 'ref' && choice.ref ? [choice.ref] : [])])) {
        const texts = await textsAt(api, ref);
        if (api.repositories.length > 0) refs.push({ ref, files: texts.files });
        gitUnavailable ??= texts.notice;
      }
    }
    const result = await client.sendRequest(SetWhatIfBaseRequest.type, {
      base: choice,
      refs,
      ...(gitUnavailable && { gitUnavailable }),
    });
    show(result);
    return result;
  };
  const sendBaseLogged = (): void => {
    sendBase().catch((error: unknown) => client.warn('Reachability changes: sending the base failed.', error, false));
  };
  const gitChanged = (): void => {
    clearTimeout(gitTimer);
    gitTimer = setTimeout(sendBaseLogged, GIT_DEBOUNCE_MS);
  };
  const gitListeners: Disposable[] = [];
  void git.then((api) => {
    if (typeof api !== 'string') gitListeners.push(...onGitChange(api, gitChanged));
  });

  const baseTexts: TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      const answer = await client.sendRequest(WhatIfBaseTextRequest.type, { uri: decodeURIComponent(uri.query) });
      return answer.text ?? '# This file does not exist in the base.\n';
    },
  };
  const reachListings = new ReachListings(client);

  const compareWith = async (given?: WhatIfBaseChoice): Promise<WhatIfResult | undefined> => {
    const picked = given ?? (await pickBase(choice));
    if (!picked) return undefined;
    choice = picked;
    await workspaceState.update(BASE_STATE_KEY, choice);
    return sendBase();
  };

  const openDiff = async (): Promise<void> => {
    const listing = await reachListings.load();
    const left = Uri.from({
      scheme: REACH_SCHEME,
      path: `/${listing.base.label}/reachability.txt`,
      query: String(listing.serial),
    });
    const right = Uri.from({ scheme: REACH_SCHEME, path: '/now/reachability.txt', query: String(listing.serial) });
    await commands.executeCommand('vscode.diff', left, right, `Reachability: ${listing.base.label} ↔ now`);
  };

  const disposables: Disposable[] = [
    provider,
    view,
    statusBar,
    reachListings,
    { dispose: () => clearTimeout(gitTimer) },
    { dispose: () => gitListeners.forEach((listener) => void listener.dispose()) },
    client.onNotification(WhatIfChangedNotification.type, show),
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) sendBaseLogged();
    }),
    workspace.registerTextDocumentContentProvider(BASE_SCHEME, baseTexts),
    workspace.registerTextDocumentContentProvider(REACH_SCHEME, reachListings),
    commands.registerCommand(CommandIds.compareReachabilityWith, compareWith),
    commands.registerCommand(CommandIds.openReachabilityDiff, openDiff),
    commands.registerCommand(CommandIds.showReachabilityChanges, async () => {
      await commands.executeCommand(`${CHANGES_VIEW_ID}.focus`);
      // The view may open before an answer came: ask for the current one.
      if (client.isRunning()) show(await client.sendRequest(WhatIfRequest.type, {}));
    }),
  ];
  return { api: { statusBar, changesTree: provider, changesView: view, latest: () => provider.shown }, disposables };
}

function sameBase(a: WhatIfResult, b: WhatIfResult): boolean {
  return a.base.kind === b.base.kind && a.base.ref === b.base.ref;
}

interface BaseItem extends QuickPickItem {
  choice?: WhatIfBaseChoice;
  branch?: boolean;
}

/** Saved / HEAD / Branch…, with the current choice marked. */
async function pickBase(current: WhatIfBaseChoice): Promise<WhatIfBaseChoice | undefined> {
  const mark = (kind: WhatIfBaseChoice['kind']): string => (current.kind === kind ? '$(check) ' : '');
  const items: BaseItem[] = [
    {
      label: `${mark('auto')}Automatic`,
      description: 'saved files while a buffer has unsaved edits, HEAD otherwise',
      choice: { kind: 'auto' },
    },
    {
      label: `${mark('saved')}Saved`,
      description: 'the files as saved on disk: what unsaved edits change',
      choice: { kind: 'saved' },
    },
    {
      label: `${mark('head')}HEAD`,
      description: 'the last commit: what the working tree and unsaved edits change',
      choice: { kind: 'head' },
    },
    {
      label: `${mark('ref')}Branch…`,
      description: current.kind === 'ref' ? current.ref : 'a branch, tag or commit',
      branch: true,
    },
  ];
  const picked = await window.showQuickPick(items, {
    title: 'Compare Reachability With…',
    placeHolder: 'The base of the Reachability Changes',
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const api = await gitApi();
  const names = typeof api === 'string' ? [] : await branchNames(api);
  const ref =
    names.length > 0
      ? await window.showQuickPick([...names, '$(edit) Other ref…'], { title: 'Compare Reachability With Branch' })
      : undefined;
  const typed =
    ref === undefined || ref.startsWith('$(edit)')
      ? await window.showInputBox({
          title: 'Compare Reachability With Ref',
          prompt: 'A branch, tag or commit',
          value: current.ref,
        })
      : ref;
  return typed ? { kind: 'ref', ref: typed.trim() } : undefined;
}

/** The two `netpol reach` listings of the last "Open Reachability Diff", served as virtual documents. */
class ReachListings implements TextDocumentContentProvider, Disposable {
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private last: (WhatIfReachTextRequest.Result & { serial: number }) | undefined;
  private serial = 0;

  constructor(private readonly client: LanguageClient) {}

  async load(): Promise<WhatIfReachTextRequest.Result & { serial: number }> {
    const answer = await this.client.sendRequest(WhatIfReachTextRequest.type, {});
    this.last = { ...answer, serial: ++this.serial };
    return this.last;
  }

  provideTextDocumentContent(uri: Uri): string {
    if (!this.last) return '';
    return uri.path.startsWith('/now/') ? this.last.after : this.last.before;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
