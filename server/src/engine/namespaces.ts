// The namespaces a workspace knows, from every file's contributions.
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
 * The namespaces declared by Namespace objects, then those only used by objects.
 * @param files every file's contributions, in URI order: the first declaration wins.
 */
export function collectNamespaces(files: readonly FileContributions[]): {
  namespaces: Map<string, NamespaceInfo>;
  namespaceProblems: IndexProblem[];
} {
  const namespaces = new Map<string, NamespaceInfo>();
  const namespaceProblems: IndexProblem[] = [];
  for (const contributions of files) {
    for (const object of contributions.namespaceObjects) {
      const existing = namespaces.get(object.name);
      if (existing) {
        namespaceProblems.push({
          kind: 'duplicate-namespace',
          uri: object.source.uri,
          range: object.source.range,
          message: `Namespace "${object.name}" is declared more than once; the first declaration's labels are used.`,
        });
      } else {
        namespaces.set(object.name, { name: object.name, labels: object.labels, source: object.source });
      }
    }
  }
  for (const contributions of files) {
    for (const name of contributions.referencedNamespaces) {
      if (!namespaces.has(name)) namespaces.set(name, { name, labels: withNamespaceNameLabel({}, name) });
    }
  }
  return { namespaces, namespaceProblems };
}
