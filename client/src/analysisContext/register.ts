// The analysis context in the editor: a status bar item showing the context in effect and
// whether a build is rendering, "NetworkPolicy: Pick Analysis Context", the choice kept in
// the workspace state (the server gets it back at start through initializationOptions), and
// workspace trust passed on to the server, which renders nothing until it is granted.
import { commands, StatusBarAlignment, window, workspace, type Disposable, type ExtensionContext } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  CommandIds,
  ContextsRequest,
  RenderStatusNotification,
  SetContextRequest,
  TrustChangedNotification,
  type InitializationOptions,
} from '../../../server/src/protocol';
import { contextPickItems, statusBarView, type ContextPickItem, type StatusBarView } from './contextView';

/** Where the chosen context id is kept, per workspace. */
export const CHOSEN_CONTEXT_KEY = 'netpol.analysisContext';
export const STATUS_BAR_ITEM_ID = 'netpol.analysisContext';
/** Left, after the items of other extensions. */
const STATUS_BAR_PRIORITY = -100;

/** What the server is told at (every) start: read again on a restart. */
export function initializationOptions(context: ExtensionContext): InitializationOptions {
  return {
    workspaceTrusted: workspace.isTrusted,
    analysisContext: context.workspaceState.get<string>(CHOSEN_CONTEXT_KEY),
  };
}

/** For the in-editor tests, through activate()'s API. */
export interface AnalysisContextApi {
  /** Asks `netpol/contexts` again and updates the status bar; undefined when the server did not answer. */
  refresh(): Promise<ContextsRequest.Result | undefined>;
  /** What the status bar item shows now. */
  statusBar(): StatusBarView;
}

export interface AnalysisContextRegistration {
  readonly api: AnalysisContextApi;
  readonly disposables: Disposable[];
}

/** Call before `client.start()`, so the status notifications of the first build are handled. */
export function registerAnalysisContext(client: LanguageClient, context: ExtensionContext): AnalysisContextRegistration {
  const item = window.createStatusBarItem(STATUS_BAR_ITEM_ID, StatusBarAlignment.Left, STATUS_BAR_PRIORITY);
  item.name = 'NetworkPolicy Analysis Context';
  item.command = CommandIds.pickContext;
  let contexts: ContextsRequest.Result | undefined;
  let status: RenderStatusNotification.Params | undefined;
  let asked = 0;
  const shownNotices = new Set<string>();

  const show = (): StatusBarView => {
    const view = statusBarView(contexts, status);
    item.text = view.text;
    item.tooltip = view.tooltip;
    if (view.visible) item.show();
    else item.hide();
    return view;
  };

  const accept = (result: ContextsRequest.Result): void => {
    contexts = result;
    if (status && result.active !== status.active) status = { ...status, active: result.active };
    show();
    if (result.notice && !shownNotices.has(result.notice)) {
      shownNotices.add(result.notice);
      client.info(result.notice);
      void window.showInformationMessage(result.notice, 'Pick Analysis Context').then((answer) => {
        if (answer) void commands.executeCommand(CommandIds.pickContext);
      });
    }
  };

  const refresh = async (): Promise<ContextsRequest.Result | undefined> => {
    if (client.state !== State.Running) return undefined;
    // Answers may arrive out of order: only the newest question's answer counts.
    const question = ++asked;
    try {
      const result = await client.sendRequest(ContextsRequest.type);
      if (question === asked) accept(result);
      return result;
    } catch (error) {
      client.warn('Asking the server for the analysis contexts failed.', error, false);
      return undefined;
    }
  };

  const choose = async (id: string | undefined): Promise<SetContextRequest.Result | undefined> => {
    let result: SetContextRequest.Result;
    try {
      result = await client.sendRequest(SetContextRequest.type, { id });
    } catch (error) {
      void window.showErrorMessage(`Pick Analysis Context: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    await context.workspaceState.update(CHOSEN_CONTEXT_KEY, id);
    const label = result.contexts.find((c) => c.id === result.active)?.label ?? result.active;
    // The server logs every change of the context in effect; this says it was a choice.
    client.info(id === undefined ? `Analysis context: back to the default (${label}).` : `Analysis context chosen: ${label}.`);
    asked++;
    accept(result);
    return result;
  };

  /** With a choice (a test, a link; `{ id: undefined }` = back to the default), no picker opens. */
  const pickContext = async (choice?: { id?: unknown }): Promise<SetContextRequest.Result | undefined> => {
    if (typeof choice === 'object' && choice !== null) return choose(typeof choice.id === 'string' ? choice.id : undefined);
    const current = await refresh();
    if (!current) {
      void window.showErrorMessage('Pick Analysis Context: the NetworkPolicy language server is not running.');
      return undefined;
    }
    const items = contextPickItems(current);
    const picked = await window.showQuickPick<ContextPickItem>(items, {
      title: 'NetworkPolicy: Pick Analysis Context',
      placeHolder: 'Which builds and folders make the cluster that hovers, checks and the Reachability view analyse',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    return choose(picked.id);
  };

  const disposables: Disposable[] = [
    item,
    commands.registerCommand(CommandIds.pickContext, pickContext),
    client.onNotification(RenderStatusNotification.type, (params) => {
      status = params;
      show();
      // The roots the server renders may have changed with the build: the list too.
      void refresh();
    }),
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) void refresh();
      else {
        contexts = undefined;
        status = undefined;
        show();
      }
    }),
    workspace.onDidGrantWorkspaceTrust(() => {
      client.info('The workspace is trusted now: builds may be rendered.');
      if (client.state === State.Running)
        client
          .sendNotification(TrustChangedNotification.type, { trusted: true })
          .catch((error: unknown) => client.warn('Could not tell the server that the workspace is trusted.', error, false));
    }),
  ];
  return { api: { refresh, statusBar: () => statusBarView(contexts, status) }, disposables };
}
