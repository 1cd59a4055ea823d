// Kustomizations, as far as the index needs them: which namespace kustomize gives
// the files it renders. Its namespace transformer sets `namespace:` on every
// namespaced resource, overriding one that is set
// (kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/).
import * as YAML from 'yaml';
import type { ManifestFile } from './manifests';
import { compareStrings } from './selectors';
import type { Range } from './types';
import { isPlainObject } from './values';
import type { IndexProblem } from './workloads';

export interface Kustomization {
  uri: string;
  namespace?: string;
  /** Resolved, decoded URIs of `resources`, `components` and legacy `bases`: files or directories. */
  resources: string[];
  /**
   * Resolved, decoded URIs of the files it applies as patches (`patches[].path`,
   * `patchesStrategicMerge`, `patchesJson6902[].path`): partial objects kustomize
   * merges into its resources, never objects of their own.
   */
  patches: string[];
  /**
   * `kind: Component` (kustomize.config.k8s.io/v1alpha1): a piece that kustomizations list
   * under `components`; kustomize refuses to build one alone ("expected kind != 'Component'").
   */
  component?: boolean;
}

/** The names kustomize looks for in a folder, in its order (kustomize api/konfig: RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * A kustomization file: `kind: Kustomization` of kustomize.config.k8s.io, or a file
 * named kustomization.yaml / kustomization.yml / Kustomization (those often omit
 * apiVersion and kind, so parseManifest yields no object and the text is read here).
 */
export function readKustomization(uri: string, text: string, manifest: ManifestFile): Kustomization | undefined {
  const object = manifest.objects.find((o) => o.kind === 'Kustomization' && /^kustomize\.config\.k8s\.io\//.test(o.apiVersion));
  let value: unknown = object?.value;
  if (!value && KUSTOMIZATION_FILE_NAMES.includes(baseName(uri))) {
    try {
      value = YAML.parseDocument(text, { version: '1.1' }).toJS({ maxAliasCount: 100 });
    } catch {
      value = undefined;
    }
  }
  if (!isPlainObject(value)) return undefined;
  const paths = [value.resources, value.bases, value.components].flatMap((list) =>
    Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [],
  );
  const namespace = typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : undefined;
  const resolve = (p: string): string => resolveRelative(decodeUri(uri), p);
  return {
    uri,
    namespace,
    resources: paths.filter((p) => !isRemote(p)).map(resolve),
    patches: patchPaths(value).map(resolve),
    ...(value.kind === 'Component' ? { component: true } : {}),
  };
}

/**
 * The file paths among a kustomization's patches. `patchesStrategicMerge` items are
 * paths or inline patches (kustomize tries a file first); an inline one spans lines.
 */
function patchPaths(kustomization: Record<string, unknown>): string[] {
  const listOf = (key: string): unknown[] => (Array.isArray(kustomization[key]) ? kustomization[key] : []);
  const pathOf = (item: unknown): string[] =>
    isPlainObject(item) && typeof item.path === 'string' && item.path !== '' ? [item.path] : [];
  return [
    ...listOf('patches').flatMap(pathOf),
    ...listOf('patchesJson6902').flatMap(pathOf),
    ...listOf('patchesStrategicMerge').filter((item): item is string => typeof item === 'string' && !item.includes('\n')),
  ];
}

/**
 * Which kustomization namespace each file gets, by decoded URI. A resource is a
 * file, or a directory whose kustomization file is then included. The outermost
 * kustomization that sets a namespace wins (overlays override bases). A file
 * reached through kustomizations with different namespaces is really rendered
 * once per overlay; the index keeps the first by URI order and reports it.
 */
export class KustomizeNamespaces {
  private readonly parentsOf = new Map<string, Kustomization[]>();
  private readonly resolved = new Map<string, { namespace?: string; conflict?: IndexProblem }>();
  private readonly resolving = new Set<string>();
  /** Patch file (decoded URI) -> the first kustomization applying it. */
  private readonly patchedBy = new Map<string, Kustomization>();

  constructor(kustomizations: readonly Kustomization[]) {
    for (const k of [...kustomizations].sort((a, b) => compareStrings(a.uri, b.uri))) {
      for (const patch of k.patches) if (!this.patchedBy.has(patch)) this.patchedBy.set(patch, k);
      for (const resource of k.resources) {
        this.addParent(resource, k);
        for (const name of KUSTOMIZATION_FILE_NAMES) this.addParent(`${resource}/${name}`, k);
      }
    }
  }

  /** The kustomization namespace of a file (decoded URI), if any. */
  namespaceOf(file: string): string | undefined {
    return this.resolve(file).namespace;
  }

  /**
   * The kustomization applying a file (decoded URI) as a patch, unless another one also
   * lists it as a resource: a patch is merged into objects, it is not one.
   */
  patchOf(file: string): Kustomization | undefined {
    const by = this.patchedBy.get(file);
    return by && !this.parentsOf.has(file) ? by : undefined;
  }

  /** The conflict problem of a file (decoded URI) reached with several namespaces. */
  conflictOf(file: string): IndexProblem | undefined {
    return this.resolve(file).conflict;
  }

  private addParent(child: string, parent: Kustomization): void {
    this.parentsOf.set(child, [...(this.parentsOf.get(child) ?? []), parent]);
  }

  private resolve(file: string): { namespace?: string; conflict?: IndexProblem } {
    const known = this.resolved.get(file);
    if (known) return known;
    if (this.resolving.has(file)) return {}; // a cycle; kustomize refuses it too
    this.resolving.add(file);
    const candidates = (this.parentsOf.get(file) ?? []).map((parent) => ({
      parent,
      namespace: this.namespaceOf(decodeUri(parent.uri)) ?? parent.namespace,
    }));
    this.resolving.delete(file);
    const chosen = candidates.find((c) => c.namespace !== undefined);
    const other = candidates.find((c) => c.namespace !== undefined && c.namespace !== chosen?.namespace);
    const result = {
      namespace: chosen?.namespace,
      conflict: other && {
        kind: 'kustomization' as const,
        uri: other.parent.uri,
        range: ZERO_RANGE,
        message: `${file} is included by kustomizations with namespaces "${chosen?.namespace}" and "${other.namespace}"; the index places it in "${chosen?.namespace}" only.`,
      },
    };
    this.resolved.set(file, result);
    return result;
  }
}

export function sameKustomization(a: Kustomization | undefined, b: Kustomization | undefined): boolean {
  if (!a || !b) return a === b;
  const sameList = (x: readonly string[], y: readonly string[]): boolean =>
    x.length === y.length && x.every((r, i) => r === y[i]);
  return (
    a.namespace === b.namespace &&
    a.component === b.component &&
    sameList(a.resources, b.resources) &&
    sameList(a.patches, b.patches)
  );
}

const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const isRemote = (path: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^(git@|github\.com\/)/.test(path) || path.includes('?ref=');

/** Joins a relative path to the folder of a URI, resolving `.` and `..`, by string manipulation only. */
export function resolveRelative(fileUri: string, relativePath: string): string {
  const match = /^([a-z][a-z0-9+.-]*:(?:\/\/[^/]*)?)(.*)$/i.exec(fileUri);
  const prefix = match ? match[1] : '';
  const path = match ? match[2] : fileUri;
  const absolute = path.startsWith('/');
  const rootLength = absolute ? 1 : 0;
  const segments = relativePath.startsWith('/') ? [''] : path.split('/').slice(0, -1);
  if (absolute && segments.length === 0) segments.push('');
  for (const segment of relativePath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length > rootLength) segments.pop();
    } else segments.push(segment);
  }
  return prefix + (segments.length === 1 && segments[0] === '' ? '/' : segments.join('/'));
}

export function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const baseName = (uri: string): string => uri.slice(uri.lastIndexOf('/') + 1);
