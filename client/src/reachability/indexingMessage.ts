// The words of the reachability view while the workspace is indexed. Plain (no `vscode`).

const count = (n: number): string => n.toLocaleString('en-US');

/** "Indexing 2,016 of 5,201 files…"; before the folders are listed, no count. */
export function indexingMessage(done: number, total: number): string {
  if (total === 0) return 'Indexing the workspace…';
  return `Indexing ${count(done)} of ${count(total)} ${total === 1 ? 'file' : 'files'}…`;
}
