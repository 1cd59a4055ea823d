// The class-level diff against a naive one: every connection `reach` lists in either
// version, compared pair by pair (a pair missing from a listing allows nothing), on
// seeded random pairs of workspaces: the same workloads under other policies, other
// workloads under the same policies, and both changed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffReachability } from '../../server/src/engine/diff';
import { equals, formatConnectionSet, isEmpty, isSubset, NONE, type ConnectionSet } from '../../server/src/engine/ports';
import { analyseWorkspace, reach } from '../../server/src/engine/reach';
import type { Workspace } from '../../server/src/engine/workspace';
import { workspaceOf } from './reach.helpers';
import { randomTexts } from './reach.random';

function listing(workspace: Workspace): Map<string, ConnectionSet> {
  return new Map(reach(workspace).connections.map((c) => [`${c.from} -> ${c.to}`, c.ports]));
}

/** The naive diff: per pair listed in either version, its kind by the definitions of §6. */
function naiveDiff(before: Workspace, after: Workspace): string[] {
  const was = listing(before);
  const is = listing(after);
  const out: string[] = [];
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const a = was.get(key) ?? NONE;
    const b = is.get(key) ?? NONE;
    if (equals(a, b)) continue;
    const kind = isEmpty(a)
      ? 'opened'
      : isEmpty(b)
        ? 'closed'
        : isSubset(a, b)
          ? 'widened'
          : isSubset(b, a)
            ? 'narrowed'
            : 'changed';
    out.push(`${key}: ${kind} ${formatConnectionSet(a)} => ${formatConnectionSet(b)}`);
  }
  return out.sort();
}

function classDiff(before: Workspace, after: Workspace): { lines: string[]; unknown: number } {
  const result = diffReachability(
    { workspace: before, analysis: analyseWorkspace(before) },
    { workspace: after, analysis: analyseWorkspace(after) },
    { causes: false },
  );
  const lines = result.changes.map(
    (c) => `${c.from} -> ${c.to}: ${c.kind} ${formatConnectionSet(c.sets.before)} => ${formatConnectionSet(c.sets.after)}`,
  );
  return { lines: lines.sort(), unknown: result.summary.unknown };
}

describe('diffReachability against a naive per-pair diff of reach listings', () => {
  it('agrees on every changed pair, its sets and its kind (300 seeded pairs of workspaces)', () => {
    let changed = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const base = randomTexts(seed);
      const variant =
        seed % 3 === 0
          ? { workloads: randomTexts(seed + 50_000).workloads, policies: base.policies }
          : seed % 3 === 1
            ? randomTexts(seed, seed + 100_000)
            : randomTexts(seed + 50_000, seed + 100_000);
      const before = workspaceOf(...base.workloads, ...base.policies);
      const after = workspaceOf(...variant.workloads, ...variant.policies);
      const naive = naiveDiff(before, after);
      const { lines, unknown } = classDiff(before, after);
      // Unknown changes (a random policy may be invalid in one version only) name the same pair and sets, not a kind.
      const kindless = (line: string) => line.replace(/: (opened|closed|widened|narrowed|changed|unknown) /, ': ');
      assert.deepEqual(lines.map(kindless), naive.map(kindless), `seed ${seed}`);
      if (unknown === 0) assert.deepEqual(lines, naive, `seed ${seed}`);
      changed += naive.length;
    }
    assert.ok(changed > 3000, `${changed} changes compared`);
  });
});
