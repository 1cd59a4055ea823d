// The connections checked last in this workspace, offered first by "Check Connection"
// (kept in the workspace state: refs mean something in one workspace only).

/** One question asked: both ends as sent to `netpol/explain`, and the port (absent = any port). */
export interface RecentConnection {
  readonly from: string;
  readonly to: string;
  readonly port?: string;
}

/** The workspace-state key. */
export const RECENT_CONNECTIONS_KEY = 'netpol.recentConnections';
/** How many pairs are offered: a few, so that the workloads stay in view. */
export const RECENT_CONNECTIONS_KEPT = 5;

/** The part of a `vscode.Memento` used. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** The pairs kept, most recent first; anything else under the key (another version's shape) reads as none. */
export function readRecentConnections(store: StateStore): RecentConnection[] {
  const value = store.get(RECENT_CONNECTIONS_KEY);
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown): RecentConnection[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { from, to, port } = entry as Record<string, unknown>;
    if (typeof from !== 'string' || typeof to !== 'string' || (port !== undefined && typeof port !== 'string')) return [];
    return [port === undefined ? { from, to } : { from, to, port }];
  });
}

/** `asked` first, then the others without the same pair of ends (its earlier port is replaced), at most {@link RECENT_CONNECTIONS_KEPT}. */
export function withRecentConnection(recent: readonly RecentConnection[], asked: RecentConnection): RecentConnection[] {
  const entry =
    asked.port === undefined ? { from: asked.from, to: asked.to } : { from: asked.from, to: asked.to, port: asked.port };
  return [entry, ...recent.filter((pair) => pair.from !== asked.from || pair.to !== asked.to)].slice(0, RECENT_CONNECTIONS_KEPT);
}

export async function rememberConnection(store: StateStore, asked: RecentConnection): Promise<void> {
  await store.update(RECENT_CONNECTIONS_KEY, withRecentConnection(readRecentConnections(store), asked));
}
