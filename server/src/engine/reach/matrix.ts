// The class matrix: which destination classes each source class reaches, on which
// ports. Rows are enumerated from sets, never by testing every pair: a source reaches
// the destinations its egress names, or, when its egress is open, the destinations
// whose ingress is open or names it.
import { intersect, isEmpty } from '../ports';
import { egressTo, ingressFrom } from './classSides';
import type { ClassMatrix, ClassRow, ClassSide, WorkloadClass } from './model';

/** The matrix of every class, from scratch. */
export function computeMatrix(classes: readonly WorkloadClass[]): ClassMatrix {
  return computeRows(classes, undefined, new Map());
}

const acceptsEveryone = (b: WorkloadClass): boolean =>
  b.ingress.isolating.length === 0 || b.ingress.rules.some((r) => r.everyone);
const egressToEveryone = (a: WorkloadClass): boolean => a.egress.isolating.length === 0 || a.egress.rules.some((r) => r.everyone);

function sameSide(x: ClassSide, y: ClassSide): boolean {
  return (
    x.isolating.length === y.isolating.length &&
    x.rules.length === y.rules.length &&
    x.isolating.every((p, i) => p === y.isolating[i]) &&
    x.rules.every((r, i) => r === y.rules[i])
  );
}

/**
 * The matrix after a policy edit (the same classes as `previous`): only the rows the
 * changed sides can touch are recomputed: rows of classes whose egress changed, and,
 * for a class whose ingress changed, the rows of the classes its old or new ingress
 * rules name (a change to or from "accepts everyone" recomputes everything).
 */
export function updateMatrix(
  previous: readonly WorkloadClass[],
  previousMatrix: ClassMatrix,
  classes: readonly WorkloadClass[],
): ClassMatrix {
  const rows = new Set<number>();
  for (const b of classes) {
    const old = previous[b.id];
    if (!sameSide(old.egress, b.egress)) rows.add(b.id);
    if (sameSide(old.ingress, b.ingress)) continue;
    if (acceptsEveryone(b) || acceptsEveryone(old)) return computeMatrix(classes);
    // Only classes that B's old or new ingress rules name can see a different answer from B.
    for (const rule of [...old.ingress.rules, ...b.ingress.rules]) for (const a of rule.classes) rows.add(a);
  }
  const matrix: ClassMatrix = new Map(previousMatrix);
  for (const id of rows) matrix.delete(id);
  return computeRows(classes, rows, matrix);
}

/** Computes the rows of `only` (every class when undefined) into `matrix`. */
function computeRows(classes: readonly WorkloadClass[], only: ReadonlySet<number> | undefined, matrix: ClassMatrix): ClassMatrix {
  const acceptAll: WorkloadClass[] = [];
  const allowers = new Map<number, Set<number>>();
  for (const b of classes) {
    if (acceptsEveryone(b)) {
      acceptAll.push(b);
      continue;
    }
    for (const rule of b.ingress.rules) {
      for (const a of rule.classes) {
        if (only && !only.has(a)) continue;
        let set = allowers.get(a);
        if (!set) allowers.set(a, (set = new Set()));
        set.add(b.id);
      }
    }
  }
  for (const a of only ? [...only].map((id) => classes[id]) : classes) {
    const row: ClassRow = new Map();
    const consider = (b: WorkloadClass): void => {
      if (row.has(b.id)) return;
      const ports = intersect(egressTo(a, b), ingressFrom(b, a));
      if (!isEmpty(ports)) row.set(b.id, ports);
    };
    if (egressToEveryone(a)) {
      for (const b of acceptAll) consider(b);
      for (const id of allowers.get(a.id) ?? []) consider(classes[id]);
    } else {
      for (const rule of a.egress.rules) for (const id of rule.classes) consider(classes[id]);
    }
    if (row.size > 0) matrix.set(a.id, row);
  }
  return matrix;
}
