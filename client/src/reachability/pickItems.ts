// Items and input checks of "Check Connection": pickable ends from `netpol/workloads`,
// an external IP/CIDR typed by the user, and the optional port.
import { formatNetwork, parseCidrSloppy } from '../../../server/src/engine/cidr';
import { parsePortSpec } from '../../../server/src/engine/ports';
import type { WorkloadsRequest } from '../../../server/src/protocol';
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
}

/** A namespace heading between the workloads of two namespaces. */
export interface PickSeparator {
  readonly separator: string;
}

export type PickEntry = PeerPickItem | PickSeparator;

export const isSeparator = (entry: PickEntry): entry is PickSeparator => 'separator' in entry;

/** Workloads grouped under their namespace, both sorted by name, like the tree. */
export function workloadPickEntries(result: WorkloadsRequest.Result): PickEntry[] {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...result.namespaces]
    .filter((namespace) => namespace.workloads.length > 0)
    .sort(byName)
    .flatMap((namespace): PickEntry[] => [
      { separator: namespace.name },
      ...[...namespace.workloads]
        .sort((a, b) => byName(a, b) || byName({ name: a.kind }, { name: b.kind }))
        .map((workload) => ({
          label: workload.name,
          description: `${workload.kind} · ${workload.namespace}`,
          detail: workloadDescription(workload),
          icon: kindIcon(workload.kind),
          ref: workload.ref,
        })),
    ]);
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

/** The item offered for what the user typed, when it is an IP address or CIDR. */
export function externalPickItem(typed: string): PeerPickItem | undefined {
  const ref = externalPeerRef(typed);
  if (ref === undefined) return undefined;
  return { label: ref, description: 'external IP/CIDR', icon: EXTERNAL_ICON, ref, alwaysShow: true };
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
