// Items and input checks of "Check Connection": pickable ends from `netpol/workloads`
// (found by the refs the CLI and every verdict print), the workload at the cursor, recent
// pairs, an external IP/CIDR typed by the user, and the optional port.
import { formatNetwork, parseCidrSloppy } from '../../../server/src/engine/cidr';
import { parsePortSpec } from '../../../server/src/engine/ports';
import { parseWorkloadRef } from '../../../server/src/engine/workloadRef';
import type { WorkloadSummary, WorkloadsRequest } from '../../../server/src/protocol';
import type { RecentConnection } from './recentConnections';
import { EXTERNAL_ICON, kindIcon, workloadDescription } from './treeModel';

export interface PeerPickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** Codicon id shown before the label. */
  readonly icon: string;
  /** What is sent to `netpol/explain`. */
  readonly ref: string;
  /** Shown whatever the user typed (the typed-address item). */
  readonly alwaysShow?: boolean;
  /** A recent pair: both ends (and the port) at once; `ref` is then its source. */
  readonly pair?: RecentConnection;
}

/** A namespace heading between the workloads of two namespaces. */
export interface PickSeparator {
  readonly separator: string;
}

export type PickEntry = PeerPickItem | PickSeparator;

export const isSeparator = (entry: PickEntry): entry is PickSeparator => 'separator' in entry;

/**
 * Workloads grouped under their namespace, both sorted by name, like the tree. The
 * description is the ref, so typing `shop/web`, `shop/web[Deployment]` or
 * `shop/db[StatefulSet]#0` finds the item (the picker matches what it shows).
 */
export function workloadPickEntries(result: WorkloadsRequest.Result): PickEntry[] {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...result.namespaces]
    .filter((namespace) => namespace.workloads.length > 0)
    .sort(byName)
    .flatMap((namespace): PickEntry[] => [
      { separator: namespace.name },
      ...[...namespace.workloads]
        .sort((a, b) => byName(a, b) || byName({ name: a.kind }, { name: b.kind }))
        .map(workloadPickItem),
    ]);
}

function workloadPickItem(workload: WorkloadSummary): PeerPickItem {
  return {
    label: workload.replica === undefined ? workload.name : `${workload.name}#${workload.replica}`,
    description: workload.ref,
    detail: `${workload.kind} · ${workloadDescription(workload)}`,
    icon: kindIcon(workload.kind),
    ref: workload.ref,
  };
}

/**
 * The refs a typed ref names among the workloads: itself written out (`ns/name[Kind]`,
 * `ns/name[Kind]#0`), or every kind of `ns/name` (several when the name is ambiguous).
 * A StatefulSet analysed per replica named without an ordinal is the whole StatefulSet,
 * which `netpol/explain` answers replica by replica. Empty when nothing matches.
 */
export function refsNamedBy(typed: string, workloads: readonly WorkloadSummary[]): string[] {
  const parts = parseWorkloadRef(typed.trim());
  if (!parts) return [];
  const named = workloads.filter(
    (workload) =>
      workload.namespace === parts.namespace &&
      workload.name === parts.name &&
      (parts.kind === undefined || workload.kind === parts.kind) &&
      (parts.ordinal === undefined ? true : workload.replica === parts.ordinal),
  );
  const refs = named.map((workload) =>
    parts.ordinal === undefined && workload.replica !== undefined ? workload.ref.replace(/#\d+$/, '') : workload.ref,
  );
  return [...new Set(refs)];
}

/** Every workload of a `netpol/workloads` answer. */
export const allWorkloads = (result: WorkloadsRequest.Result): WorkloadSummary[] =>
  result.namespaces.flatMap((namespace) => namespace.workloads);

/**
 * What typed text names when no item is picked (the list filtered to nothing, or
 * Enter pressed before it caught up): an address, or the one workload a ref names.
 */
export function typedEnd(typed: string, workloads: readonly WorkloadSummary[]): string | undefined {
  const address = externalPeerRef(typed);
  if (address !== undefined) return address;
  const named = refsNamedBy(typed, workloads);
  return named.length === 1 ? named[0] : undefined;
}

/** The workload at the cursor as the first, pre-selected, choice of the source. */
export function cursorPickEntries(ref: string | undefined, workloads: readonly WorkloadSummary[]): PickEntry[] {
  const workload = ref === undefined ? undefined : workloads.find((candidate) => candidate.ref === ref);
  if (!workload) return [];
  return [{ separator: 'at the cursor' }, workloadPickItem(workload)];
}

/**
 * Recent pairs, most recent first, leaving out those whose workloads are gone
 * (an address is always there).
 */
export function recentPickEntries(recent: readonly RecentConnection[], workloads: readonly WorkloadSummary[]): PickEntry[] {
  const known = new Set(workloads.map((workload) => workload.ref));
  const exists = (ref: string) =>
    isAddress(ref) || parseWorkloadRef(ref) === undefined || known.has(ref) || refsNamedBy(ref, workloads).length === 1;
  const items = recent
    .filter((pair) => exists(pair.from) && exists(pair.to))
    .map((pair): PeerPickItem => ({
      // Refs in the detail, which the filter does not read: a typed ref finds the workload it names, not a pair.
      label: `${endName(pair.from)} → ${endName(pair.to)}`,
      description: pair.port === undefined ? 'any port' : `port ${pair.port}`,
      detail: `${pair.from} → ${pair.to}`,
      icon: 'history',
      ref: pair.from,
      pair,
    }));
  return items.length === 0 ? [] : [{ separator: 'recent' }, ...items];
}

/**
 * An IP address or CIDR as `netpol/explain` takes it: a CIDR read like the API server
 * reads ipBlock.cidr (host bits dropped), a single address as its /32 or /128.
 * Undefined for anything else.
 */
export function externalPeerRef(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const cidr = parseCidrSloppy(trimmed.includes('/') ? trimmed : `${trimmed}/${trimmed.includes(':') ? 128 : 32}`);
  return cidr ? formatNetwork(cidr) : undefined;
}

/** `10.0.0.0/8` reads as a ref too (namespace `10.0.0.0`, name `8`): an address is never a workload. */
export const isAddress = (text: string): boolean => externalPeerRef(text) !== undefined;

/** The item offered for what the user typed, when it is an IP address or CIDR. */
export function externalPickItem(typed: string): PeerPickItem | undefined {
  const ref = externalPeerRef(typed);
  if (ref === undefined) return undefined;
  return { label: ref, description: 'external IP/CIDR', icon: EXTERNAL_ICON, ref, alwaysShow: true };
}

/**
 * The last item of a picker while no address is typed: says that one can be, and is
 * nothing to pick (`ref` empty). Typing an address turns it into {@link externalPickItem};
 * the item stays last, so the other items keep their places while the user types.
 */
export const ADDRESS_HINT: PeerPickItem = {
  label: 'IP address or CIDR…',
  description: 'type one for an end outside the cluster',
  icon: EXTERNAL_ICON,
  ref: '',
};

/** `web` for `shop/web[Deployment]`, `web#0` for a replica; an address as it is. */
function endName(ref: string): string {
  const parts = isAddress(ref) ? undefined : parseWorkloadRef(ref);
  if (!parts) return ref;
  return parts.ordinal === undefined ? parts.name : `${parts.name}#${parts.ordinal}`;
}

/** For the port input box: undefined when acceptable (empty means any port), else why not. */
export function portInputError(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const parsed = parsePortSpec(text);
  return 'error' in parsed ? parsed.error : undefined;
}

/** The port parameter of `netpol/explain`: undefined for "any port". Call after {@link portInputError}. */
export function portParam(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.replace(/\s+/g, '');
}
