// Variant folders (truthful answers §4): two files sharing more than one duplicated
// object get one warning each (NP3012), on their first shared object, with the other
// file's copies as related locations, instead of one NP3007/NP3009/NP3011 per object.
// Single duplicates keep their own warning; which copy counts does not change
// (`kubectl apply -f dir/` applies files in path order, the last copy wins).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFileAgainstWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, policy } from '../builders';
import { textAt } from '../helpers';

const INSTALL = 'file:///repo/install.yaml';
const HA = 'file:///repo/ha/install.yaml';
const EXTRA = 'file:///repo/extra.yaml';

/** One variant of an install: a Namespace, two Deployments, a NetworkPolicy. */
const variant = (replicas = ''): string =>
  documents(
    namespace('argocd'),
    deployment('argocd/argocd-server', { app: 'server' }) + replicas,
    deployment('argocd/argocd-repo-server', { app: 'repo' }),
    policy('argocd/allow-server', 'podSelector: {matchLabels: {app: server}}\ningress: [{}]\n'),
  );

function workspaceOf(files: Record<string, string>): Workspace {
  const workspace = new Workspace();
  for (const [uri, text] of Object.entries(files)) workspace.setFile(uri, text);
  return workspace;
}

describe('duplicates grouped per pair of files (NP3012)', () => {
  it('two variants sharing four objects: one warning per file, on its first shared object, naming them and the file applied last', () => {
    const files = { [INSTALL]: variant(), [HA]: variant() };
    const workspace = workspaceOf(files);
    const problems = workspace.problems();
    assert.deepEqual(
      problems.map((p) => `${p.kind} ${p.uri}`),
      [`duplicate-files ${HA}`, `duplicate-files ${INSTALL}`],
    );
    const [ha, install] = problems;
    assert.equal(
      ha.message,
      '4 objects of this file are also defined in ../install.yaml: argocd[Namespace], argocd/argocd-server[Deployment], argocd/argocd-repo-server[Deployment], argocd/allow-server[NetworkPolicy]. A cluster holds one of each, the copy applied last (those of ../install.yaml, applied after this file: kubectl applies files in path order); variants meant to be applied one at a time are best analysed one at a time.',
    );
    assert.match(
      install.message,
      /^4 objects of this file are also defined in ha\/install\.yaml: .*\(those of this file, applied after ha\/install\.yaml/,
    );
    assert.match(textAt(files[HA], ha.range), /^apiVersion: v1\nkind: Namespace/);
    assert.deepEqual(
      ha.related?.map((r) => [r.uri, r.message]),
      [
        [INSTALL, 'argocd[Namespace] in ../install.yaml'],
        [INSTALL, 'argocd/argocd-server[Deployment] in ../install.yaml'],
        [INSTALL, 'argocd/argocd-repo-server[Deployment] in ../install.yaml'],
        [INSTALL, 'argocd/allow-server[NetworkPolicy] in ../install.yaml'],
      ],
    );
    assert.deepEqual(
      checkFileAgainstWorkspace(workspace.manifest(HA)!, workspace).map((d) => d.code),
      ['NP3012'],
    );
  });

  it('only the reporting is grouped: reachability still analyses the policy copy applied last', () => {
    const workspace = workspaceOf({ [INSTALL]: variant(), [HA]: variant() });
    assert.deepEqual(
      workspace.networkPolicies().map((entry) => entry.object.uri),
      [INSTALL],
    );
  });

  it('a single duplicate keeps its own warning (NP3007), also beside a grouped pair', () => {
    const single = workspaceOf({
      [INSTALL]: deployment('argocd/argocd-server', { app: 'server' }),
      [EXTRA]: deployment('argocd/argocd-server', { app: 'server' }),
    });
    assert.deepEqual(
      single.problems().map((p) => p.kind),
      ['duplicate-workload'],
    );
    const three = workspaceOf({
      [INSTALL]: variant(),
      [HA]: variant(),
      [EXTRA]: deployment('argocd/argocd-repo-server', { app: 'repo' }),
    });
    // argocd-repo-server is also in extra.yaml, which shares nothing else: its duplicate warnings stay, naming extra.yaml
    // (the first copy by path keeps none, as for any duplicate workload).
    const problems = three.problems();
    assert.deepEqual(
      problems.map((p) => `${p.kind} ${p.uri.slice('file:///repo/'.length)}`),
      [
        'duplicate-files ha/install.yaml',
        'duplicate-workload ha/install.yaml',
        'duplicate-files install.yaml',
        'duplicate-workload install.yaml',
      ],
    );
    assert.match(problems[0].message, /^4 objects of this file/);
  });
});
