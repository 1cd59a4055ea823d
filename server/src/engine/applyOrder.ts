// Which of several objects with the same identity the cluster ends up holding.
// Only one object can exist per kind, namespace and name: the one applied last.
// `kubectl apply -f dir/` walks the folder in lexical order of each folder's entries
// (Go's filepath.Walk) and applies a file's documents in order, so that is the order
// here: path segment by segment, then position in the file.
import { compareRangeStarts } from './ranges';
import { compareStrings } from './selectors';
import type { Range } from './types';

export interface Applied {
  uri: string;
  range: Range;
}

/** Path order as a folder walk visits it: `a/b.yaml` before `a-c.yaml`, though '-' sorts before '/'. */
export function compareApplyOrder(a: Applied, b: Applied): number {
  return compareDecoded(decodedSegments(a.uri), decodedSegments(b.uri)) || compareRangeStarts(a.range, b.range);
}

/** Two decoded paths, segment by segment, then the shorter first. */
function compareDecoded(left: readonly string[], right: readonly string[]): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareStrings(left[i], right[i]);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/** Objects grouped by identity, each group in apply order: the last of a group is the one that exists. */
export function groupByIdentity<T extends Applied>(objects: readonly T[], identity: (object: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  // Each path decoded once, not once per comparison: tens of thousands of objects are sorted here.
  const segments = new Map<string, string[]>();
  const segmentsOf = (uri: string): string[] => {
    let found = segments.get(uri);
    if (!found) segments.set(uri, (found = decodedSegments(uri)));
    return found;
  };
  const ordered = [...objects].sort(
    (a, b) => compareDecoded(segmentsOf(a.uri), segmentsOf(b.uri)) || compareRangeStarts(a.range, b.range),
  );
  for (const object of ordered) {
    const group = groups.get(identity(object));
    if (group) group.push(object);
    else groups.set(identity(object), [object]);
  }
  return groups;
}

/**
 * Where an object is, seen from the file a message is shown in: `line 12 of this file`,
 * or its path relative to that file's folder and a 1-based line (`../ha/install.yaml:12`),
 * which reads the same in the editor and in the CLI, whatever the working directory.
 */
export function describeWhere(object: Applied, seenFrom: string): string {
  const line = object.range.start.line + 1;
  if (object.uri === seenFrom) return `line ${line} of this file`;
  return `${relativePath(decodedSegments(seenFrom).slice(0, -1), decodedSegments(object.uri))}:${line}`;
}

/** A file seen from another, as describeWhere names it without a line: `this file`, or its relative path. */
export function describeFile(uri: string, seenFrom: string): string {
  if (uri === seenFrom) return 'this file';
  return relativePath(decodedSegments(seenFrom).slice(0, -1), decodedSegments(uri));
}

function relativePath(fromFolder: readonly string[], to: readonly string[]): string {
  let shared = 0;
  while (shared < fromFolder.length && shared < to.length - 1 && fromFolder[shared] === to[shared]) shared++;
  return [...fromFolder.slice(shared).map(() => '..'), ...to.slice(shared)].join('/');
}

function decodedPath(uri: string): string {
  const path = uri.replace(/^file:\/\//, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const decodedSegments = (uri: string): string[] => decodedPath(uri).split('/');
