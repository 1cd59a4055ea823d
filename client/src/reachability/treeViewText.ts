// What the Reachability view says around its tree: the badge on its container and the
// description beside its title while a filter is on. Plain (no `vscode`), like treeModel.ts.
import { isFiltering, type RootSummary, type ViewFilter } from './treeModel';

/** The view's badge: workloads not isolated (one way or both); none when every workload is isolated. */
export function viewBadge(summary: RootSummary | undefined): { value: number; tooltip: string } | undefined {
  if (!summary || summary.notIsolated === 0) return undefined;
  return {
    value: summary.notIsolated,
    tooltip: `${amount(summary.notIsolated)} of ${amount(summary.workloads)} workloads not isolated for ingress or egress`,
  };
}

/** Beside the view's title: what the filter keeps, e.g. `"web" · not isolated · 12 of 5,000`; undefined without a filter. */
export function filterDescription(filter: ViewFilter, summary: RootSummary | undefined): string | undefined {
  if (!isFiltering(filter)) return undefined;
  const parts = [
    ...(filter.text.trim() !== '' ? [`"${filter.text.trim()}"`] : []),
    ...(filter.notIsolated ? ['not isolated'] : []),
    ...(filter.fromOutside ? ['reachable from outside'] : []),
    ...(filter.leftOut ? ['left out'] : []),
    ...(summary && !filter.leftOut ? [`${amount(summary.shown)} of ${amount(summary.workloads)}`] : []),
  ];
  return `Filter: ${parts.join(' · ')}`;
}

/** The view's message when the filter leaves nothing (the welcome text would say the workspace is empty). */
export function emptyFilterMessage(filter: ViewFilter, shownRoots: number): string | undefined {
  return isFiltering(filter) && shownRoots === 0 ? 'Nothing matches the filter. Clear it from the title bar.' : undefined;
}

function amount(n: number): string {
  return n.toLocaleString('en');
}
