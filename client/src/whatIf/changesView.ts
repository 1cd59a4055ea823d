// The VS Code side of the Reachability Changes view: renders ChangeNodes (changesModel.ts).
// Locations in the base open its text read-only, through the `netpol-base:` documents.
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
import type { SourceRef, WhatIfResult } from '../../../server/src/protocol';
import { COLLAPSIBLE_STATES, openAtRange } from '../treeItems';
import { changeNodes, type ChangeNode } from './changesModel';

/** View id (package.json `contributes.views.netpol`). */
export const CHANGES_VIEW_ID = 'netpol.reachabilityChanges';
/** Scheme of the read-only documents holding a file's text in the base. */
export const BASE_SCHEME = 'netpol-base';

export class ChangesTreeProvider implements TreeDataProvider<ChangeNode>, Disposable {
  private readonly changed = new EventEmitter<ChangeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ChangeNode[] = [];
  private readonly parents = new Map<ChangeNode, ChangeNode>();
  private result: WhatIfResult | undefined;

  constructor(private readonly fileName: (uri: string) => string) {}

  /** The answer shown now. */
  get shown(): WhatIfResult | undefined {
    return this.result;
  }

  show(result: WhatIfResult | undefined): void {
    this.result = result;
    this.roots = changeNodes(result, this.fileName);
    this.parents.clear();
    const walk = (node: ChangeNode): void => {
      for (const child of node.children) {
        this.parents.set(child, node);
        walk(child);
      }
    };
    this.roots.forEach(walk);
    this.changed.fire(undefined);
  }

  getTreeItem(node: ChangeNode): TreeItem {
    const item = new TreeItem(node.label, COLLAPSIBLE_STATES[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip === undefined ? undefined : new MarkdownString().appendText(node.tooltip);
    item.iconPath = new ThemeIcon(node.icon, node.color === undefined ? undefined : new ThemeColor(node.color));
    item.command = node.open && openLocation(node.open, node.open.base === true);
    return item;
  }

  getChildren(node?: ChangeNode): ChangeNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: ChangeNode): ChangeNode | undefined {
    return this.parents.get(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The `netpol-base:` URI of a file's text in the base: the file's path (so the language shows), the file URI in the query. */
export function baseDocumentUri(fileUri: string): Uri {
  const file = Uri.parse(fileUri);
  return Uri.from({ scheme: BASE_SCHEME, path: file.path, query: encodeURIComponent(fileUri) });
}

/** Opens the location in the buffer, or in the base's read-only text, selecting it and keeping the focus in the tree. */
export function openLocation(location: SourceRef, base: boolean): Command {
  return openAtRange(
    base ? baseDocumentUri(location.uri) : Uri.parse(location.uri),
    location.range,
    base ? 'Open in the Base' : 'Open',
  );
}
