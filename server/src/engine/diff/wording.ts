// The words of a diff, shared by the CLI's outputs and the editor: one line per change,
// one per cause, the port delta as `+TCP 443 −UDP 53`.
import { formatConnectionSet, isEmpty } from '../ports';
import type { ChangeCause, ReachChange } from './model';

/** `+TCP 443 −UDP 53`: what the change adds and removes. */
export function changeDelta(change: Pick<ReachChange, 'sets'>): string {
  const parts: string[] = [];
  if (!isEmpty(change.sets.added)) parts.push(`+${formatConnectionSet(change.sets.added)}`);
  if (!isEmpty(change.sets.removed)) parts.push(`−${formatConnectionSet(change.sets.removed)}`);
  return parts.join(' ');
}

/** `shop/web[Deployment] (new) -> shop/db[Deployment]`: the two ends, with their lifecycle when not persistent. */
export function changeEnds(change: Pick<ReachChange, 'from' | 'to' | 'fromState' | 'toState'>): string {
  const state = (s: ReachChange['fromState']) => (s === 'added' ? ' (new)' : s === 'removed' ? ' (gone)' : '');
  return `${change.from}${state(change.fromState)} -> ${change.to}${state(change.toState)}`;
}

/** One line: `opened shop/web[Deployment] -> shop/db[Deployment]: +TCP 5432 (was no ports, now TCP 5432)`. */
export function describeChange(change: ReachChange): string {
  const was = formatConnectionSet(change.sets.before);
  const is = formatConnectionSet(change.sets.after);
  return `${change.kind} ${changeEnds(change)}: ${changeDelta(change)} (was ${was}, now ${is})`;
}

/** One line: `after: ingress shop/allow-web ingress[0]: allows from ...`. */
export function describeCause(cause: ChangeCause): string {
  const what = [cause.side, cause.policy, cause.rule].filter((part) => part !== undefined).join(' ');
  return `${cause.version}: ${what}: ${cause.description}`;
}
