// The VS Code side of the reachability view: renders TreeNodes (treeModel.ts) and
// forwards every question to ReachabilityTreeData. Nothing is decided here.
import {
  EventEmitter,
  MarkdownString,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  Uri,
  type Command,
  type Disposable,
  type TreeDataProvider,
} from 'vscode';
import type { SourceRef } from '../../../server/src/protocol';
import { COLLAPSIBLE_STATES, openAtRange } from '../treeItems';
import type { ReachabilityTreeData } from './treeData';
import type { TreeNode } from './treeModel';

/** View id (package.json `contributes.views.netpol`). */
export const REACHABILITY_VIEW_ID = 'netpol.reachability';

export class ReachabilityTreeProvider implements TreeDataProvider<TreeNode>, Disposable {
  private readonly changed = new EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly data: ReachabilityTreeData) {}

  /** `netpol/resultsChanged`: one root refresh per version. */
  resultsChanged(version: number): void {
    if (this.data.resultsChanged(version)) this.changed.fire(undefined);
  }

  refresh(): void {
    this.data.invalidate();
    this.changed.fire(undefined);
  }

  /** Shows again what the data holds now (a new filter), without asking the server. */
  refreshView(): void {
    this.changed.fire(undefined);
  }

  serverRestarted(): void {
    this.data.serverRestarted();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): TreeItem {
    const item = new TreeItem(node.label, COLLAPSIBLE_STATES[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip === undefined ? undefined : new MarkdownString(node.tooltip);
    item.iconPath = new ThemeIcon(node.icon, node.color === undefined ? undefined : new ThemeColor(node.color));
    item.contextValue = node.contextValue;
    item.command = node.open && openCommand(node.open);
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return [...(await (node ? this.data.childNodes(node) : this.data.rootNodes()))];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.data.parentNode(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `vscode.open` at the location, selecting it, keeping the focus in the tree. */
export function openCommand(location: SourceRef): Command {
  return openAtRange(Uri.parse(location.uri), location.range, 'Open Definition');
}
