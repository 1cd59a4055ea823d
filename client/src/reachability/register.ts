// Wires the reachability view and its commands to the language client.
import {
  commands,
  env,
  QuickPickItemKind,
  window,
  workspace,
  type Disposable,
  type Memento,
  Uri,
  type QuickPickItem,
  type TextEditor,
  type TreeView,
} from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CommandIds, ResultsChangedNotification, SettingKeys, type WorkloadAtRequest } from '../../../server/src/protocol';
import { ConnectionChecks, type ConnectionQuestion, type VerdictApi } from './checkConnection';
import { showIndexingInView } from './indexingView';
import { serverRequests } from './serverRequests';
import { ReachabilityTreeData } from './treeData';
import { isFiltering, NO_FILTER, type RootSummary, type TreeNode, type ViewFilter } from './treeModel';
import { openCommand, REACHABILITY_VIEW_ID, ReachabilityTreeProvider } from './treeProvider';
import { emptyFilterMessage, filterDescription, viewBadge } from './treeViewText';

export interface Reachability {
  readonly provider: ReachabilityTreeProvider;
  readonly view: TreeView<TreeNode>;
  /** The verdict panel of Check Connection. */
  readonly verdict: VerdictApi;
  readonly disposables: Disposable[];
  /** The messages the view showed while the workspace was indexed, oldest first. */
  readonly indexingMessages: readonly string[];
}

/** Context key set while the view's filter is on (package.json: the Clear Filter button, the welcome text). */
const FILTERED_CONTEXT = 'netpol.reachability.filtered';
/** Cursor moves closer together than this reveal once (netpol.reachability.followCursor). */
const FOLLOW_CURSOR_DEBOUNCE_MS = 250;

/** What the workload commands take: the node their context menu was opened on, or a ref (from a test, a keybinding). */
type WorkloadTarget = TreeNode | string | undefined;

/**
 * Call before `client.start()`: the notification handler is then in place for the first version.
 * `workspaceState` keeps the connections checked last, which Check Connection offers first.
 */
export function registerReachability(client: LanguageClient, workspaceState: Memento): Reachability {
  const server = serverRequests(client);
  let summary: RootSummary | undefined;
  const data = new ReachabilityTreeData(
    server,
    (what, error) => client.warn(`Reachability view: asking the server for ${what} failed.`, error, false),
    {
      fileName: (uri) => workspace.asRelativePath(Uri.parse(uri), false),
      onRoots: (built) => {
        summary = built;
        showViewState();
      },
      onRootsFilledIn: () => provider.refreshView(),
      // Created below, before any notification can arrive.
      visible: () => treeView.visible,
    },
  );
  const provider = new ReachabilityTreeProvider(data);
  const treeView: TreeView<TreeNode> = window.createTreeView(REACHABILITY_VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const checks = new ConnectionChecks(server, workspaceState);
  const indexing = showIndexingInView(client, treeView);

  /** Badge, and what the filter keeps (or that it leaves nothing). */
  const showViewState = (): void => {
    treeView.badge = viewBadge(summary);
    // The description shows beside the view's own title only when the container holds several views: the message shows always.
    treeView.description = filterDescription(data.filter, summary);
    treeView.message = (summary && emptyFilterMessage(data.filter, summary.roots)) ?? treeView.description;
  };

  const setFilter = async (filter: ViewFilter): Promise<ViewFilter> => {
    data.setFilter(filter);
    await commands.executeCommand('setContext', FILTERED_CONTEXT, isFiltering(filter));
    showViewState();
    provider.refreshView();
    return filter;
  };

  const refAtCursor = async (editor: TextEditor): Promise<string | undefined> => {
    const { line, character } = editor.selection.active;
    const answer: WorkloadAtRequest.Result = await server.workloadAt({
      uri: editor.document.uri.toString(),
      position: { line, character },
    });
    return answer?.ref;
  };

  const revealWorkload = async (ref: string): Promise<TreeNode | undefined> => {
    const node = await data.findWorkload(ref);
    if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
    else void window.showInformationMessage(`${ref} is not in the Reachability view (any more).`);
    return node;
  };

  const showReachabilityAtCursor = async (workload?: { ref?: unknown }): Promise<TreeNode | undefined> => {
    // A workload's CodeLens names it.
    if (typeof workload?.ref === 'string') return revealWorkload(workload.ref);
    const editor = window.activeTextEditor;
    if (!editor) {
      void window.showInformationMessage('Open a Kubernetes manifest and put the cursor on a workload to show its reachability.');
      return undefined;
    }
    let node: TreeNode | undefined;
    try {
      const ref = await refAtCursor(editor);
      node = ref === undefined ? undefined : await data.findWorkload(ref);
      // Asked for by name: a filter that hides it gives way.
      if (ref !== undefined && !node && data.hiddenByFilter(ref)) {
        await setFilter(NO_FILTER);
        node = await data.findWorkload(ref);
      }
    } catch (error) {
      void window.showErrorMessage(
        `Show Reachability: the NetworkPolicy language server did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
      return undefined;
    }
    if (!node) {
      void window.showInformationMessage(
        'No workload here: put the cursor on a workload definition, or on a NetworkPolicy that selects exactly one workload.',
      );
      return undefined;
    }
    await treeView.reveal(node, { select: true, focus: true, expand: true });
    return node;
  };

  // netpol.reachability.followCursor: reveal (without the focus) the workload under the cursor, once the cursor rests.
  let followTimer: NodeJS.Timeout | undefined;
  let followed: string | undefined;
  const followCursor = (editor: TextEditor): void => {
    if (!treeView.visible || !['yaml', 'json'].includes(editor.document.languageId)) return;
    if (!workspace.getConfiguration().get<boolean>(SettingKeys.reachabilityFollowCursor, false)) return;
    clearTimeout(followTimer);
    followTimer = setTimeout(() => {
      refAtCursor(editor)
        .then(async (ref) => {
          if (ref === undefined || ref === followed) return;
          const node = await data.findWorkload(ref);
          if (!node) return;
          followed = ref;
          await treeView.reveal(node, { select: true, focus: false, expand: false });
        })
        .catch((error: unknown) => client.warn('Reachability view: following the cursor failed.', error, false));
    }, FOLLOW_CURSOR_DEBOUNCE_MS);
  };

  const refOf = (target: WorkloadTarget): string | undefined => (typeof target === 'string' ? target : target?.workloadRef);

  const disposables: Disposable[] = [
    provider,
    treeView,
    indexing,
    checks,
    { dispose: () => clearTimeout(followTimer) },
    client.onNotification(ResultsChangedNotification.type, (params) => provider.resultsChanged(params.version)),
    treeView.onDidExpandElement(({ element }) => data.expanded(element)),
    treeView.onDidCollapseElement(({ element }) => data.collapsed(element)),
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) provider.serverRestarted();
    }),
    window.onDidChangeTextEditorSelection((event) => followCursor(event.textEditor)),
    commands.registerCommand(CommandIds.checkConnection, (known?: ConnectionQuestion) => checks.check(known)),
    // From the view's context menu: VS Code passes the node the menu was opened on.
    commands.registerCommand(CommandIds.explainConnection, (node?: TreeNode) => checks.check({ ...node?.explain })),
    // Through the command, whatever Check Connection shows its verdict in.
    commands.registerCommand(CommandIds.checkConnectionFrom, (target?: WorkloadTarget, known?: ConnectionQuestion) => {
      const ref = refOf(target);
      return ref === undefined ? undefined : commands.executeCommand(CommandIds.checkConnection, { ...known, from: ref });
    }),
    commands.registerCommand(CommandIds.checkConnectionTo, (target?: WorkloadTarget, known?: ConnectionQuestion) => {
      const ref = refOf(target);
      return ref === undefined ? undefined : commands.executeCommand(CommandIds.checkConnection, { ...known, to: ref });
    }),
    commands.registerCommand(CommandIds.copyWorkloadRef, async (target?: WorkloadTarget) => {
      const ref = refOf(target);
      if (ref === undefined) return undefined;
      await env.clipboard.writeText(ref);
      return ref;
    }),
    commands.registerCommand(CommandIds.revealWorkloadInFile, async (target?: WorkloadTarget) => {
      const ref = refOf(target);
      if (ref === undefined) return undefined;
      if (typeof target === 'string') await data.findWorkload(ref);
      const location = typeof target === 'string' ? data.workloadSummary(ref)?.location : target?.open;
      if (!location) return undefined;
      const [uri, options] = openCommand(location).arguments as [Uri, Record<string, unknown>];
      await commands.executeCommand('vscode.open', uri, { ...options, preserveFocus: false });
      return ref;
    }),
    // The title bar passes arguments of its own: only a filter-shaped object skips the picker.
    commands.registerCommand(CommandIds.filterReachability, (given?: unknown) => {
      const filter = asFilter(given);
      return filter ? setFilter(filter) : pickFilter(data.filter).then((picked) => picked && setFilter(picked));
    }),
    commands.registerCommand(CommandIds.clearReachabilityFilter, () => setFilter(NO_FILTER)),
    commands.registerCommand(CommandIds.showReachabilityAtCursor, showReachabilityAtCursor),
    commands.registerCommand(CommandIds.refreshReachability, () => provider.refresh()),
  ];
  return { provider, view: treeView, verdict: checks, disposables, indexingMessages: indexing.shown };
}

/** `{ text?, notIsolated?, fromOutside?, leftOut? }` as the command's argument (absent = off), or undefined for anything else. */
function asFilter(value: unknown): ViewFilter | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const given = value as Record<string, unknown>;
  const toggles = ['notIsolated', 'fromOutside', 'leftOut'] as const;
  const known: readonly string[] = ['text', ...toggles];
  if (Object.keys(given).length === 0 || Object.keys(given).some((key) => !known.includes(key))) return undefined;
  if (given.text !== undefined && typeof given.text !== 'string') return undefined;
  if (toggles.some((key) => given[key] !== undefined && typeof given[key] !== 'boolean')) return undefined;
  return {
    text: typeof given.text === 'string' ? given.text : '',
    notIsolated: given.notIsolated === true,
    fromOutside: given.fromOutside === true,
    leftOut: given.leftOut === true,
  };
}

type ToggleItem = QuickPickItem & { toggle?: keyof Omit<ViewFilter, 'text'> };

const TOGGLES: ReadonlyArray<{ toggle: keyof Omit<ViewFilter, 'text'>; label: string; detail: string }> = [
  { toggle: 'notIsolated', label: 'Only not isolated', detail: 'Workloads no policy isolates for ingress, or for egress' },
  {
    toggle: 'fromOutside',
    label: 'Only reachable from outside the cluster',
    detail: 'Workloads whose ingress lets some outside address in (ipBlock, or not isolated)',
  },
  { toggle: 'leftOut', label: 'Only left out', detail: 'The policies and Helm charts left out of the analysis' },
];

/** The filter as a person sets it: the text typed in the box, the toggles ticked; undefined when dismissed. */
function pickFilter(current: ViewFilter): Promise<ViewFilter | undefined> {
  const quickPick = window.createQuickPick<ToggleItem>();
  quickPick.title = 'Filter Reachability';
  quickPick.placeholder = 'Namespace, name or label (key=value) contains…; tick what else must hold, then Enter';
  quickPick.canSelectMany = true;
  quickPick.value = current.text;
  const items: ToggleItem[] = [
    { label: 'Show only', kind: QuickPickItemKind.Separator },
    ...TOGGLES.map((toggle) => ({ label: toggle.label, detail: toggle.detail, toggle: toggle.toggle, alwaysShow: true })),
  ];
  quickPick.items = items;
  quickPick.selectedItems = items.filter((item) => item.toggle !== undefined && current[item.toggle]);
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      const ticked = new Set(quickPick.selectedItems.map((item) => item.toggle));
      resolve({
        text: quickPick.value.trim(),
        notIsolated: ticked.has('notIsolated'),
        fromOutside: ticked.has('fromOutside'),
        leftOut: ticked.has('leftOut'),
      });
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
