// The connections that differ between two versions, found on classes. Workloads that
// share their class in BOTH versions (a "joint class") have the same rows before and
// after, so the two class matrices are compared once per pair of joint classes, and
// only along the entries either matrix holds. A workload's class id means nothing
// across versions: joint classes are keyed by the pair of ids, per workload ref.
import { equals, isEmpty, NONE, subtract, type ConnectionSet } from '../ports';
import { externalBlocks, type ClassMatrix, type WorkloadClass } from '../reach';
import { compareStrings } from '../selectors';
import type { DiffVersion, PeerState } from './model';

/** Workloads in the same class in the before version and in the same class in the after version (either may be absent). */
interface JointClass {
  before?: WorkloadClass;
  after?: WorkloadClass;
  state: PeerState;
  refs: string[];
}

/** One connection whose ports differ between the versions. */
export interface DifferingConnection {
  from: string;
  to: string;
  external?: 'from' | 'to';
  fromState: PeerState;
  toState: PeerState;
  before: ConnectionSet;
  after: ConnectionSet;
  added: ConnectionSet;
  removed: ConnectionSet;
  /** Connections with the same key share their causes (the same classes in both versions): computed once per key. */
  groupKey: string;
}

/** Every connection whose ports differ between the versions (workload pairs and external blocks), unsorted. */
export function differingConnections(before: DiffVersion, after: DiffVersion): DifferingConnection[] {
  const joints = jointClasses(before, after);
  const byBefore = new Map<number, JointClass[]>();
  const byAfter = new Map<number, JointClass[]>();
  for (const joint of joints) {
    if (joint.before) byBefore.set(joint.before.id, [...(byBefore.get(joint.before.id) ?? []), joint]);
    if (joint.after) byAfter.set(joint.after.id, [...(byAfter.get(joint.after.id) ?? []), joint]);
  }
  const matrixBefore = before.analysis.results.classMatrix();
  const matrixAfter = after.analysis.results.classMatrix();
  const cell = (matrix: ClassMatrix, a: WorkloadClass | undefined, b: WorkloadClass | undefined): ConnectionSet =>
    (a && b && matrix.get(a.id)?.get(b.id)) || NONE;

  const out: DifferingConnection[] = [];
  const index = new Map(joints.map((joint, i) => [joint, i]));
  for (const source of joints) {
    const candidates = new Set<JointClass>();
    if (source.before)
      for (const id of matrixBefore.get(source.before.id)?.keys() ?? []) byBefore.get(id)?.forEach((j) => candidates.add(j));
    if (source.after)
      for (const id of matrixAfter.get(source.after.id)?.keys() ?? []) byAfter.get(id)?.forEach((j) => candidates.add(j));
    for (const target of candidates) {
      const was = cell(matrixBefore, source.before, target.before);
      const is = cell(matrixAfter, source.after, target.after);
      if (equals(was, is)) continue;
      const change = delta(was, is);
      const groupKey = `${index.get(source)}>${index.get(target)}`;
      for (const from of source.refs)
        for (const to of target.refs)
          if (from !== to) out.push({ from, to, fromState: source.state, toState: target.state, ...change, groupKey });
    }
    out.push(...externalChanges(source, index.get(source)!));
  }
  return out;
}

function jointClasses(before: DiffVersion, after: DiffVersion): JointClass[] {
  const joints = new Map<string, JointClass>();
  const refs = new Set<string>();
  for (const w of before.analysis.workloads) refs.add(w.ref);
  for (const w of after.analysis.workloads) refs.add(w.ref);
  for (const ref of [...refs].sort(compareStrings)) {
    const was = before.analysis.classOf.get(ref);
    const is = after.analysis.classOf.get(ref);
    const key = `${was?.id ?? '-'}:${is?.id ?? '-'}`;
    let joint = joints.get(key);
    if (!joint)
      joints.set(key, (joint = { before: was, after: is, state: was && is ? 'persistent' : is ? 'added' : 'removed', refs: [] }));
    joint.refs.push(ref);
  }
  return [...joints.values()];
}

function delta(before: ConnectionSet, after: ConnectionSet) {
  return { before, after, added: subtract(after, before), removed: subtract(before, after) };
}

/** A joint class's connections to and from outside addresses that differ, per block text (as `reach` lists them). */
function externalChanges(joint: JointClass, index: number): DifferingConnection[] {
  const out: DifferingConnection[] = [];
  const none = new Map<string, ConnectionSet>();
  for (const direction of ['egress', 'ingress'] as const) {
    const blocks = (c: WorkloadClass | undefined) =>
      c ? externalBlocks(c[direction], direction === 'egress' ? [] : c.ports) : none;
    const was = blocks(joint.before);
    const is = blocks(joint.after);
    for (const block of new Set([...was.keys(), ...is.keys()])) {
      const change = delta(was.get(block) ?? NONE, is.get(block) ?? NONE);
      if (isEmpty(change.added) && isEmpty(change.removed)) continue;
      const groupKey = `${index}${direction === 'egress' ? '>' : '<'}${block}`;
      for (const ref of joint.refs)
        out.push(
          direction === 'egress'
            ? { from: ref, to: block, external: 'to', fromState: joint.state, toState: 'persistent', ...change, groupKey }
            : { from: block, to: ref, external: 'from', fromState: 'persistent', toState: joint.state, ...change, groupKey },
        );
    }
  }
  return out;
}
