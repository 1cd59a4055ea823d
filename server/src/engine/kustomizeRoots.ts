// Which kustomizations a workspace would be built from, and what each build reads.
// A root is what `kubectl apply -k` is pointed at: a kustomization no other one lists.
// A build's inputs are what must not also be read as objects of their own while the
// build stands for them, and what a change of must render it again.
import { decodeUri, type Kustomization } from './kustomizations';
import { compareStrings } from './selectors';

/**
 * Kustomization files that no other kustomization of the workspace lists (as a resource,
 * component or legacy base directory): what `kubectl apply -k` would be pointed at. A
 * Component is never one: kustomize builds it only as part of a kustomization. Sorted by URI.
 */
export function rootKustomizations(kustomizations: readonly Kustomization[]): Kustomization[] {
  const graph = new KustomizationGraph(kustomizations);
  const listed = new Set<Kustomization>();
  for (const k of kustomizations) for (const child of graph.childrenOf(k)) if (child !== k) listed.add(child);
  return kustomizations.filter((k) => !listed.has(k) && !k.component).sort((a, b) => compareStrings(a.uri, b.uri));
}

/**
 * The files a build of `root` reads: every kustomization reached through its resources
 * and components (directories, recursively; a cycle, which kustomize refuses, is followed
 * once), the files they list as resources and patches, and every file under the folders
 * of those kustomizations, subfolders included, except the files of a subfolder that
 * holds a kustomization this build does not reach (another build's).
 *
 * The files under the folders are an approximation of what kustomize reads besides its
 * resources and patches: `configMapGenerator` / `secretGenerator` files and env files,
 * replacement sources, and so on, which the kustomization names in fields the index does
 * not read. A manifest in such a folder that the kustomization does not list is counted
 * too: `kubectl apply -k` does not apply it, and it is not read as objects of its own
 * while the build is analysed. Listed files the workspace does not hold are left out
 * (kustomize fails on them). `fileUris` are the URIs of every file of the workspace, as
 * they are spelled there; the answer spells them the same way. Sorted.
 */
export function buildInputs(
  root: Kustomization,
  kustomizations: readonly Kustomization[],
  fileUris: readonly string[],
): string[] {
  const graph = new KustomizationGraph(kustomizations);
  const reached = new Set<Kustomization>();
  const pending = [root];
  while (pending.length > 0) {
    const k = pending.pop()!;
    if (reached.has(k)) continue;
    reached.add(k);
    pending.push(...graph.childrenOf(k));
  }
  const listedFiles = new Set([...reached].flatMap((k) => [...k.resources, ...k.patches]));
  const reachedFolders = new Set([...reached].map((k) => folderOf(decodeUri(k.uri))));
  const inputs = new Set([...reached].map((k) => k.uri));
  for (const uri of fileUris) {
    const path = decodeUri(uri);
    if (listedFiles.has(path)) inputs.add(uri);
    else {
      const folder = graph.nearestKustomizationFolder(path);
      if (folder !== undefined && reachedFolders.has(folder)) inputs.add(uri);
    }
  }
  return [...inputs].sort(compareStrings);
}

/** The kustomizations each one includes, by its resources, components and bases. */
class KustomizationGraph {
  /** Folder (decoded URI) -> the kustomization file in it; kustomize refuses a folder with two, the first by URI stands. */
  private readonly byFolder = new Map<string, Kustomization>();
  private readonly byFile = new Map<string, Kustomization>();

  constructor(kustomizations: readonly Kustomization[]) {
    for (const k of [...kustomizations].sort((a, b) => compareStrings(a.uri, b.uri))) {
      const file = decodeUri(k.uri);
      this.byFile.set(file, k);
      const folder = folderOf(file);
      if (!this.byFolder.has(folder)) this.byFolder.set(folder, k);
    }
  }

  /** A resource is a directory (its kustomization file is included) or a file; a kustomization file named directly counts as its folder. */
  childrenOf(k: Kustomization): Kustomization[] {
    return k.resources.flatMap((resource) => {
      const child = this.byFolder.get(resource.replace(/\/+$/, '')) ?? this.byFile.get(resource);
      return child ? [child] : [];
    });
  }

  /** The deepest folder holding a kustomization that a file (decoded URI) lies under, if any. */
  nearestKustomizationFolder(path: string): string | undefined {
    for (let folder = folderOf(path); folder !== ''; folder = folderOf(folder)) {
      if (this.byFolder.has(folder)) return folder;
    }
    return undefined;
  }
}

const folderOf = (path: string): string => {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '';
};
