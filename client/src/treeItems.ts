// What the extension's tree views (Reachability, Reachability Changes) hand VS Code for a node:
// one mapping of the models' collapsible states, and one way to open a location from a row.
import { Range, TreeItemCollapsibleState, type Command, type Uri } from 'vscode';
import type { SourceRef } from '../../server/src/protocol';
import type { Collapsible } from './reachability/treeModel';

export const COLLAPSIBLE_STATES: Record<Collapsible, TreeItemCollapsibleState> = {
  none: TreeItemCollapsibleState.None,
  collapsed: TreeItemCollapsibleState.Collapsed,
  expanded: TreeItemCollapsibleState.Expanded,
};

/** `vscode.open` of `uri` at the range, selecting it, keeping the focus in the tree. */
export function openAtRange(uri: Uri, range: SourceRef['range'], title: string): Command {
  const { start, end } = range;
  return {
    command: 'vscode.open',
    title,
    arguments: [uri, { selection: new Range(start.line, start.character, end.line, end.character), preserveFocus: true }],
  };
}
