// The texts of a git ref, for the what-if's HEAD and branch bases, read through the built-in
// Git extension's API (`vscode.git`, getAPI(1)): the files git reports changed against the ref
// (`workingTreeChanges`, `indexChanges` and untracked files for HEAD, `diffWith(ref)` for a
// branch), each read with `repository.show(ref, path)`. Unchanged files are the disk's, which
// the server already holds, so only changed files travel.
import { extensions, type Disposable, type Event, type Uri } from 'vscode';
import type { WhatIfRefFile } from '../../../server/src/protocol';

// The part of the Git extension's API this module uses (its exported `API`, version 1).
interface GitChange {
  readonly uri: Uri;
  readonly originalUri: Uri;
  readonly renameUri: Uri | undefined;
}
interface GitRepositoryState {
  readonly workingTreeChanges: GitChange[];
  readonly indexChanges: GitChange[];
  readonly untrackedChanges?: GitChange[];
  readonly onDidChange: Event<void>;
}
interface GitBranch {
  readonly name?: string;
  readonly remote?: string;
}
interface GitRepository {
  readonly rootUri: Uri;
  readonly state: GitRepositoryState;
  show(ref: string, path: string): Promise<string>;
  diffWith(ref: string): Promise<GitChange[]>;
  getBranches?(query: { remote?: boolean }): Promise<GitBranch[]>;
}
interface GitApi {
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: Event<GitRepository>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

/** More changed manifests than this are not read: a base that far away is for `netpol diff`, not for typing. */
export const MAX_REF_FILES = 2000;

/** Files whose text can change an answer (the server checks again, with isManifestFileName). */
const MANIFEST_NAME = /(\.ya?ml|\.json|(^|\/)Kustomization)$/i;

export interface RefTexts {
  files: WhatIfRefFile[];
  /** Why some or all texts are missing. */
  notice?: string;
}

/** The Git extension's API, or why there is none. */
export async function gitApi(): Promise<GitApi | string> {
  const extension = extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return 'the Git extension is not installed or is disabled';
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports.getAPI(1);
  } catch (error) {
    return `the Git extension did not start (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** The texts at `ref` of the manifests that differ between `ref` and the disk, in every repository. */
export async function textsAt(api: GitApi, ref: string): Promise<RefTexts> {
  if (api.repositories.length === 0) return { files: [], notice: 'no git repository holds the workspace' };
  const files: WhatIfRefFile[] = [];
  const failures: string[] = [];
  for (const repository of api.repositories) {
    let changes: GitChange[];
    try {
      changes =
        ref === 'HEAD'
          ? [
              ...repository.state.workingTreeChanges,
              ...repository.state.indexChanges,
              ...(repository.state.untrackedChanges ?? []),
            ]
          : await repository.diffWith(ref);
    } catch (error) {
      failures.push(
        `${ref} could not be compared in ${repository.rootUri.fsPath} (${error instanceof Error ? error.message : String(error)})`,
      );
      continue;
    }
    const paths = new Map<string, Uri>();
    for (const change of changes)
      for (const uri of [change.uri, change.originalUri, change.renameUri])
        if (uri && MANIFEST_NAME.test(uri.path)) paths.set(uri.toString(), uri);
    for (const uri of paths.values()) {
      if (files.length >= MAX_REF_FILES) {
        failures.push(`more than ${MAX_REF_FILES} manifests differ from ${ref}; the others are compared as they are on disk`);
        break;
      }
      // A file the ref does not have (added, untracked) cannot be shown: it is absent from the base.
      const text = await repository.show(ref, uri.fsPath).catch(() => null);
      files.push({ uri: uri.toString(), text });
    }
  }
  return { files, ...(failures.length > 0 && { notice: failures.join('; ') }) };
}

/** Local branch names of every repository, for the base picker. */
export async function branchNames(api: GitApi): Promise<string[]> {
  const names = new Set<string>();
  for (const repository of api.repositories) {
    const branches = (await repository.getBranches?.({ remote: false }).catch(() => [])) ?? [];
    for (const branch of branches) if (branch.name) names.add(branch.name);
  }
  return [...names].sort();
}

/** Fires (debounced by the caller) when any repository's state changes, and when a repository opens. */
export function onGitChange(api: GitApi, listener: () => void): Disposable[] {
  const watched = new Set<GitRepository>();
  const disposables: Disposable[] = [];
  const watch = (repository: GitRepository): void => {
    if (watched.has(repository)) return;
    watched.add(repository);
    disposables.push(repository.state.onDidChange(listener));
  };
  api.repositories.forEach(watch);
  disposables.push(
    api.onDidOpenRepository((repository) => {
      watch(repository);
      listener();
    }),
  );
  return disposables;
}
