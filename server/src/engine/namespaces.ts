// The namespaces a workspace knows, from every file's contributions.
import { describeWhere, groupByIdentity } from './applyOrder';
import type { Labels } from './selectors';
import { withNamespaceNameLabel, type FileContributions, type IndexProblem, type SourceLocation } from './workloads';

/** A namespace known to the workspace: declared by a Namespace object, or used by an object. */
export interface NamespaceInfo {
  name: string;
  /** The Namespace object's labels plus `kubernetes.io/metadata.name=<name>`. */
  labels: Labels;
  /** The Namespace object, when the workspace has one. */
  source?: SourceLocation;
}

/**
 * The namespaces declared by Namespace objects, then those only used by objects. Of
 * several declarations of one namespace the one applied last exists (applyOrder.ts):
 * its labels are the ones namespaceSelectors see.
 */
export function collectNamespaces(files: readonly FileContributions[]): {
  namespaces: Map<string, NamespaceInfo>;
  namespaceProblems: IndexProblem[];
} {
  const namespaces = new Map<string, NamespaceInfo>();
  const namespaceProblems: IndexProblem[] = [];
  const declared = files.flatMap((contributions) =>
    contributions.namespaceObjects.map((object) => ({ object, uri: object.source.uri, range: object.source.range })),
  );
  for (const [name, group] of groupByIdentity(declared, ({ object }) => object.name)) {
    const last = group[group.length - 1];
    namespaces.set(name, { name, labels: last.object.labels, source: last.object.source });
    if (group.length < 2) continue;
    for (const copy of group.slice(0, -1)) {
      namespaceProblems.push({
        kind: 'duplicate-namespace',
        uri: copy.uri,
        range: copy.range,
        message: `Namespace "${name}" is declared again at ${describeWhere(last, copy.uri)}, which is applied after this one: its labels are used, not these.`,
        related: [{ uri: last.uri, range: last.range, message: `the declaration of Namespace "${name}" applied last` }],
        duplicateOf: { object: `${name}[Namespace]`, copies: [{ uri: last.uri, range: last.range }] },
      });
    }
    const earlier = group.slice(0, -1);
    namespaceProblems.push({
      kind: 'duplicate-namespace',
      uri: last.uri,
      range: last.range,
      message: `Namespace "${name}" is also declared at ${earlier.map((copy) => describeWhere(copy, last.uri)).join(', ')}; this declaration is applied last, so its labels are used.`,
      related: earlier.map((copy) => ({
        uri: copy.uri,
        range: copy.range,
        message: `an earlier declaration of Namespace "${name}"`,
      })),
      duplicateOf: { object: `${name}[Namespace]`, copies: earlier.map(({ uri, range }) => ({ uri, range })) },
    });
  }
  for (const contributions of files) {
    for (const name of contributions.referencedNamespaces) {
      if (!namespaces.has(name)) namespaces.set(name, { name, labels: withNamespaceNameLabel({}, name) });
    }
  }
  return { namespaces, namespaceProblems };
}
