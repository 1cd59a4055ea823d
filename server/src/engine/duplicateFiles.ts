// Variant folders: repositories keep several variants of one install (HA and not,
// one render per cloud), so two files share dozens of objects and every object would
// get its own duplicate warning (NP3007, NP3009, NP3011). When two files share more
// than one duplicated object, each file gets one warning instead (NP3012), on its
// first shared object, naming the objects with the other file's copies as related
// locations. A duplicate shared with a file it shares nothing else with keeps its own
// warning. Only the reporting changes: which copy counts is decided where it was.
import { compareApplyOrder, describeFile } from './applyOrder';
import { compareRangeStarts } from './ranges';
import { compareStrings } from './selectors';
import type { Range } from './types';
import type { IndexProblem } from './workloads';

/** Objects named in a grouped message; the others are counted ("and 12 more"), and all are related locations. */
const NAMED_OBJECTS = 10;

interface Shared {
  object: string;
  /** Where each of the two files holds the object (the first copy of the file, when it holds several). */
  ranges: Map<string, Range>;
}

/** The duplicate problems replaced by one per pair of files, and those that replace them. */
export function groupDuplicatesByFiles(problems: readonly IndexProblem[]): {
  grouped: Set<IndexProblem>;
  byFiles: IndexProblem[];
} {
  const pairs = new Map<string, { files: [string, string]; shared: Map<string, Shared> }>();
  const pairKey = (a: string, b: string): [string, [string, string]] => {
    const files: [string, string] = compareStrings(a, b) <= 0 ? [a, b] : [b, a];
    return [JSON.stringify(files), files];
  };
  for (const problem of problems) {
    if (!problem.duplicateOf) continue;
    for (const copy of problem.duplicateOf.copies) {
      if (copy.uri === problem.uri) continue;
      const [key, files] = pairKey(problem.uri, copy.uri);
      const pair = pairs.get(key) ?? { files, shared: new Map<string, Shared>() };
      pairs.set(key, pair);
      const shared = pair.shared.get(problem.duplicateOf.object) ?? {
        object: problem.duplicateOf.object,
        ranges: new Map<string, Range>(),
      };
      pair.shared.set(problem.duplicateOf.object, shared);
      keepFirst(shared.ranges, problem.uri, problem.range);
      keepFirst(shared.ranges, copy.uri, copy.range);
    }
  }
  const groupedPairs = new Set([...pairs].filter(([, pair]) => pair.shared.size > 1).map(([key]) => key));
  const grouped = new Set(
    problems.filter(
      (problem) =>
        problem.duplicateOf !== undefined &&
        problem.duplicateOf.copies.every(
          (copy) => copy.uri !== problem.uri && groupedPairs.has(pairKey(problem.uri, copy.uri)[0]),
        ),
    ),
  );
  const byFiles: IndexProblem[] = [];
  for (const key of groupedPairs) {
    const { files, shared } = pairs.get(key)!;
    byFiles.push(pairProblem(files[0], files[1], [...shared.values()]), pairProblem(files[1], files[0], [...shared.values()]));
  }
  return { grouped, byFiles };
}

function keepFirst(ranges: Map<string, Range>, uri: string, range: Range): void {
  const known = ranges.get(uri);
  if (!known || compareRangeStarts(range, known) < 0) ranges.set(uri, range);
}

/** The warning of `uri` about the objects it shares with `other`, on its first shared object. */
function pairProblem(uri: string, other: string, shared: readonly Shared[]): IndexProblem {
  const here = [...shared].sort((a, b) => compareRangeStarts(a.ranges.get(uri)!, b.ranges.get(uri)!));
  const there = [...shared].sort((a, b) => compareRangeStarts(a.ranges.get(other)!, b.ranges.get(other)!));
  const otherName = describeFile(other, uri);
  const named = here.slice(0, NAMED_OBJECTS).map((s) => s.object);
  const more = here.length > NAMED_OBJECTS ? `, and ${here.length - NAMED_OBJECTS} more` : '';
  const origin = (file: string) => ({ uri: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  const laterFile = compareApplyOrder(origin(uri), origin(other)) < 0 ? other : uri;
  const later =
    laterFile === uri ? `those of this file, applied after ${otherName}` : `those of ${otherName}, applied after this file`;
  return {
    kind: 'duplicate-files',
    uri,
    range: here[0].ranges.get(uri)!,
    message: `${shared.length} objects of this file are also defined in ${otherName}: ${named.join(', ')}${more}. A cluster holds one of each, the copy applied last (${later}: kubectl applies files in path order); variants meant to be applied one at a time are best analysed one at a time.`,
    related: there.map((s) => ({ uri: other, range: s.ranges.get(other)!, message: `${s.object} in ${otherName}` })),
  };
}
