// The Reachability Changes view and the what-if status bar item as plain data over a
// `netpol/whatIf` answer: broken and fixed expectations first, then the pairs whose
// connections changed, by kind and by the rule that made the change; each pair lists its
// causes. No vscode import: the provider (changesView.ts) only renders these nodes.
import type { SourceRef, WhatIfCause, WhatIfChange, WhatIfChangeKind, WhatIfResult } from '../../../server/src/protocol';

export interface ChangeNode {
  /** Stable across answers (kind / cause / pair), so expanded nodes stay expanded. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id. */
  icon: string;
  /** A theme colour id, e.g. `gitDecoration.addedResourceForeground`. */
  color?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Where a click leads: the buffer, or (`base`) the base's text of that file, read-only. */
  open?: SourceRef & { base?: boolean };
  children: ChangeNode[];
}

interface KindInfo {
  title: string;
  icon: string;
  color: string;
  /** The version whose causes explain a change of this kind (opened: the rule allowing it now). */
  deciding: WhatIfCause['version'] | undefined;
}

/** Kinds in the order the view lists them (design §6.1: loosening first, a reviewer's first question). */
export const KINDS: Record<WhatIfChangeKind, KindInfo> = {
  opened: { title: 'Opened', icon: 'diff-added', color: 'gitDecoration.addedResourceForeground', deciding: 'after' },
  widened: { title: 'Widened', icon: 'arrow-up', color: 'gitDecoration.addedResourceForeground', deciding: 'after' },
  narrowed: { title: 'Narrowed', icon: 'arrow-down', color: 'gitDecoration.deletedResourceForeground', deciding: 'before' },
  closed: { title: 'Closed', icon: 'diff-removed', color: 'gitDecoration.deletedResourceForeground', deciding: 'before' },
  changed: { title: 'Changed', icon: 'diff-modified', color: 'gitDecoration.conflictingResourceForeground', deciding: undefined },
  unknown: { title: 'Unknown', icon: 'question', color: 'gitDecoration.ignoredResourceForeground', deciding: undefined },
};

const BROKEN_COLOR = 'testing.iconFailed';
const FIXED_COLOR = 'testing.iconPassed';

/** `+3 ▲2 ▼1 −1 ~1 ?1 ✗1 ✓1`: the non-zero counts of an answer; empty when nothing changed. */
export function deltaCounts(result: Pick<WhatIfResult, 'summary'>): string {
  const s = result.summary;
  const parts: Array<[number, string]> = [
    [s.opened, '+'],
    [s.widened, '▲'],
    [s.narrowed, '▼'],
    [s.closed, '−'],
    [s.changed, '~'],
    [s.unknown, '?'],
    [s.expectationsBroken, '✗'],
    [s.expectationsFixed, '✓'],
  ];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, sign]) => `${sign}${count}`)
    .join(' ');
}

/** The status bar text, e.g. `Reach Δ vs saved: +3 ▲2 −1`; undefined (hidden) when the diff is empty. */
export function statusText(result: WhatIfResult | undefined): string | undefined {
  if (!result) return undefined;
  const counts = deltaCounts(result);
  return counts === '' ? undefined : `Reach Δ vs ${result.base.label}: ${counts}`;
}

/** The status bar tooltip: the counts in words. */
export function statusTooltip(result: WhatIfResult): string {
  const s = result.summary;
  const words = [
    plural(s.opened, 'connection opened', 'connections opened'),
    plural(s.widened, 'widened', 'widened'),
    plural(s.narrowed, 'narrowed', 'narrowed'),
    plural(s.closed, 'closed', 'closed'),
    plural(s.changed, 'changed', 'changed'),
    plural(s.unknown, 'unknown', 'unknown'),
    plural(s.expectationsBroken, 'expectation broken', 'expectations broken'),
    plural(s.expectationsFixed, 'expectation fixed', 'expectations fixed'),
  ].filter((text) => text !== '');
  const files = result.overlay.length === 1 ? '1 file' : `${result.overlay.length} files`;
  return `Reachability now against ${result.base.label} (${files} differ): ${words.join(', ')}. Click to show the changes.`;
}

function plural(count: number, one: string, many: string): string {
  return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
}

/** The view's top-level nodes; `fileName` turns a URI into the workspace-relative path shown. */
export function changeNodes(result: WhatIfResult | undefined, fileName: (uri: string) => string): ChangeNode[] {
  if (!result) return [];
  const nodes: ChangeNode[] = [];
  const broken = result.expectations.filter((e) => e.after === 'failed' || e.after === 'error');
  const fixed = result.expectations.filter((e) => !broken.includes(e));
  for (const [title, list, color, icon] of [
    ['Expectations broken', broken, BROKEN_COLOR, 'error'],
    ['Expectations fixed', fixed, FIXED_COLOR, 'pass'],
  ] as const) {
    if (list.length === 0) continue;
    const id = `expectations/${title === 'Expectations broken' ? 'broken' : 'fixed'}`;
    nodes.push({
      id,
      label: title,
      description: String(list.length),
      icon,
      color,
      collapsible: 'expanded',
      children: list.map((e) => ({
        id: `${id}/${encodeURIComponent(e.id)}`,
        label: e.name,
        description: `${e.before} → ${e.after}`,
        tooltip: e.location ? `${fileName(e.location.uri)}:${e.location.range.start.line + 1}` : undefined,
        icon,
        color,
        collapsible: e.causes.length > 0 ? 'collapsed' : 'none',
        ...(e.location && { open: e.location }),
        children: e.causes.map((cause, i) => causeNode(`${id}/${encodeURIComponent(e.id)}/${i}`, cause, fileName)),
      })),
    });
  }
  for (const kind of Object.keys(KINDS) as WhatIfChangeKind[]) {
    const changes = result.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    const info = KINDS[kind];
    const id = `kind/${kind}`;
    nodes.push({
      id,
      label: info.title,
      description: String(changes.length),
      icon: info.icon,
      color: info.color,
      collapsible: 'expanded',
      children: byCauseRule(changes, info, fileName).map((group) => ({
        id: `${id}/${encodeURIComponent(group.key)}`,
        label: group.label,
        description: group.description,
        tooltip: group.tooltip,
        icon: 'shield',
        color: info.color,
        collapsible: 'expanded',
        ...(group.location && { open: { ...group.location, ...(group.version === 'before' && { base: true }) } }),
        children: group.changes.map((change) => pairNode(`${id}/${encodeURIComponent(group.key)}`, change, info, fileName)),
      })),
    });
  }
  return nodes;
}

interface CauseGroup {
  key: string;
  label: string;
  description?: string;
  tooltip?: string;
  location?: SourceRef;
  version?: WhatIfCause['version'];
  changes: WhatIfChange[];
}

/** Changes grouped by the rule that decided them (the first cause of the deciding version), in the order met. */
function byCauseRule(changes: readonly WhatIfChange[], info: KindInfo, fileName: (uri: string) => string): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const change of changes) {
    const cause = change.causes.find((c) => info.deciding === undefined || c.version === info.deciding) ?? change.causes[0];
    const key = cause ? `${cause.version}:${cause.policy ?? ''}:${cause.rule ?? cause.description}` : 'none';
    let group = groups.get(key);
    if (!group) {
      group = cause
        ? {
            key,
            label: cause.policy ? `${cause.policy}${cause.rule ? ` ${cause.rule}` : ''}` : cause.description,
            description: cause.location
              ? `${fileName(cause.location.uri)}:${cause.location.range.start.line + 1}${cause.version === 'before' ? ' (base)' : ''}`
              : undefined,
            tooltip: cause.description,
            location: cause.location,
            version: cause.version,
            changes: [],
          }
        : { key, label: 'no rule named', changes: [] };
      groups.set(key, group);
    }
    group.changes.push(change);
  }
  return [...groups.values()];
}

function pairNode(parentId: string, change: WhatIfChange, info: KindInfo, fileName: (uri: string) => string): ChangeNode {
  const id = `${parentId}/${encodeURIComponent(`${change.from}>${change.to}`)}`;
  const lifecycle = [
    change.fromState !== 'persistent' ? `${change.from} ${change.fromState}` : '',
    change.toState !== 'persistent' ? `${change.to} ${change.toState}` : '',
  ].filter((text) => text !== '');
  return {
    id,
    label: `${shortRef(change.from)} → ${shortRef(change.to)}`,
    description: change.deltaText,
    tooltip: `${change.from} → ${change.to}: ${change.deltaText}${lifecycle.length > 0 ? ` (${lifecycle.join(', ')})` : ''}`,
    icon: info.icon,
    color: info.color,
    collapsible: change.causes.length > 0 ? 'collapsed' : 'none',
    children: change.causes.map((cause, i) => causeNode(`${id}/${i}`, cause, fileName)),
  };
}

function causeNode(id: string, cause: WhatIfCause, fileName: (uri: string) => string): ChangeNode {
  const where = cause.location ? `${fileName(cause.location.uri)}:${cause.location.range.start.line + 1}` : undefined;
  return {
    id,
    label: `${cause.version === 'before' ? 'base' : 'now'} · ${cause.side}: ${cause.policy ? `${cause.policy}${cause.rule ? ` ${cause.rule}` : ''}` : cause.description}`,
    description: where,
    tooltip: cause.description,
    icon: cause.version === 'before' ? 'history' : 'edit',
    collapsible: 'none',
    ...(cause.location && { open: { ...cause.location, ...(cause.version === 'before' && { base: true }) } }),
    children: [],
  };
}

/** `shop/frontend[Deployment]` shows as `shop/frontend` (a replica keeps its `#N`); the kind stays in the tooltip. */
function shortRef(ref: string): string {
  return ref.replace(/\[[A-Za-z]+\](?=(#\d+)?$)/, '');
}
