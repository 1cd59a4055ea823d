// The what-if diff: what changes between two versions of the manifests open, close,
// widen or narrow, with causes in both versions. What the adapters (CLI, editor) use.
import { isEmpty, toCanonicalJson, type ConnectionSet } from '../ports';
import { compareStrings } from '../selectors';
import { changeCauses } from './causes';
import { doubtsBetween, doubtsOn } from './doubts';
import { expectationFlips } from './expectationFlips';
import {
  CHANGE_KINDS,
  type ChangeCause,
  type ChangeKind,
  type DiffDoubt,
  type DiffOptions,
  type DiffPorts,
  type DiffVersion,
  type ReachChange,
  type ReachDiff,
} from './model';
import { differingConnections } from './pairs';

export * from './model';
export { changeDelta, changeEnds, describeCause, describeChange } from './wording';

/**
 * Every connection (between workloads, and with outside address blocks as `reach` lists
 * them) whose allowed ports differ between `before` and `after`, sorted by from then to.
 * A change whose end a doubt covers (a policy left out, a file that does not parse, in
 * one version) is `unknown`, with the doubt as its cause. Expectations given are evaluated
 * in both versions; those whose status differs are listed.
 */
export function diffReachability(before: DiffVersion, after: DiffVersion, options: DiffOptions = {}): ReachDiff {
  const versions = { before, after };
  const scope = doubtsBetween(before, after);
  const causesByGroup = new Map<string, ChangeCause[]>();
  const changes: ReachChange[] = differingConnections(before, after).map((c) => {
    const fromDoubts = doubtsOn(scope, c.from, c.external === 'from');
    const toDoubts = doubtsOn(scope, c.to, c.external === 'to');
    const unknown = fromDoubts.length > 0 || toDoubts.length > 0;
    let causes: ChangeCause[] = [];
    if (unknown) causes = [...doubtCauses(fromDoubts, 'egress'), ...doubtCauses(toDoubts, 'ingress')];
    else if (options.causes !== false) {
      causes = causesByGroup.get(c.groupKey) ?? changeCauses(versions, c, c.added, c.removed);
      causesByGroup.set(c.groupKey, causes);
    }
    return {
      kind: unknown ? 'unknown' : kindOf(c.before, c.after, c.added, c.removed),
      from: c.from,
      to: c.to,
      ...(c.external ? { external: c.external } : {}),
      before: portsJson(c.before),
      after: portsJson(c.after),
      added: portsJson(c.added),
      removed: portsJson(c.removed),
      fromState: c.fromState,
      toState: c.toState,
      causes,
      sets: { before: c.before, after: c.after, added: c.added, removed: c.removed },
    };
  });
  changes.sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to));
  const summary = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  for (const change of changes) summary[change.kind]++;
  const expectations = options.expectations ? expectationFlips(before, after, options.expectations) : undefined;
  return {
    summary,
    changes,
    expectations: expectations?.flips ?? [],
    ...(expectations ? { expectationsEvaluated: expectations.evaluated } : {}),
    doubts: scope.doubts,
  };
}

/** A doubt as the cause of an unknown change, once per doubt and side. */
function doubtCauses(doubts: readonly DiffDoubt[], side: ChangeCause['side']): ChangeCause[] {
  return [...new Set(doubts)].map((doubt) => ({
    version: doubt.version,
    side,
    ...(doubt.policy !== undefined ? { policy: doubt.policy } : {}),
    location: doubt.location,
    description: doubt.reason,
  }));
}

function kindOf(before: ConnectionSet, after: ConnectionSet, added: ConnectionSet, removed: ConnectionSet): ChangeKind {
  if (isEmpty(before)) return 'opened';
  if (isEmpty(after)) return 'closed';
  if (isEmpty(removed)) return 'widened';
  if (isEmpty(added)) return 'narrowed';
  return 'changed';
}

/** reach's port form; the empty set is `"none"`. */
export function portsJson(set: ConnectionSet): DiffPorts {
  return isEmpty(set) ? 'none' : toCanonicalJson(set);
}
