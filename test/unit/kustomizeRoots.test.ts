// Root kustomizations (what `kubectl apply -k` is pointed at: none other lists them) and the
// files a build of one reads. Kustomize's facts relied on:
// - `resources` entries are files or directories holding a kustomization; `components` and the
//   legacy `bases` list directories too
//   (kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/,
//   kubectl.docs.kubernetes.io/references/kustomize/kustomization/components/,
//   kubectl.docs.kubernetes.io/references/kustomize/kustomization/bases/);
// - the kustomization file of a directory is kustomization.yaml, kustomization.yml or
//   Kustomization (kustomize api/konfig: RecognizedKustomizationFileNames).
// - generators read files named relative to the kustomization
//   (kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInputs, rootKustomizations } from '../../server/src/engine/kustomizeRoots';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, policy } from '../builders';

const ROOT = 'file:///ws/';

function workspaceOf(files: Record<string, string>): Workspace {
  const workspace = new Workspace();
  for (const [path, text] of Object.entries(files)) workspace.setFile(ROOT + path, text);
  return workspace;
}

const short = (uris: readonly string[]): string[] => uris.map((uri) => uri.slice(ROOT.length));
const roots = (ws: Workspace): string[] => short(rootKustomizations(ws.kustomizations()).map((k) => k.uri));
function inputsOf(ws: Workspace, root: string): string[] {
  const k = ws.kustomizations().find((candidate) => candidate.uri === ROOT + root);
  assert.ok(k, `${root} is a kustomization`);
  return short(buildInputs(k, ws.kustomizations(), ws.uris()));
}

const BASE = {
  'base/kustomization.yaml':
    'resources: [web.yaml, np.yaml]\nconfigMapGenerator:\n- name: web\n  files: [config/app.properties]\n',
  'base/web.yaml': deployment('web', { app: 'web' }),
  'base/np.yaml': policy('web', 'podSelector: {}'),
  'base/config/app.properties': 'port=8080\n',
};

describe('rootKustomizations / buildInputs', () => {
  it('overlays/dev and overlays/prod over one base: two roots, the base and its files inputs of both', () => {
    const ws = workspaceOf({
      ...BASE,
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources: [../../base]\n',
      'overlays/prod/kustomization.yaml': 'namespace: prod\nresources: [../../base]\npatches: [{path: replicas.yaml}]\n',
      'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
      'other/plain.yaml': deployment('plain', { app: 'plain' }),
    });
    assert.deepEqual(roots(ws), ['overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml']);
    const base = ['base/config/app.properties', 'base/kustomization.yaml', 'base/np.yaml', 'base/web.yaml'];
    assert.deepEqual(inputsOf(ws, 'overlays/dev/kustomization.yaml'), [...base, 'overlays/dev/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'overlays/prod/kustomization.yaml'), [
      ...base,
      'overlays/prod/kustomization.yaml',
      'overlays/prod/replicas.yaml',
    ]);
  });

  it('a component (and a legacy base) is not a root; its files are inputs of the kustomization using it', () => {
    const ws = workspaceOf({
      ...BASE,
      'app/kustomization.yaml': 'bases: [../base]\ncomponents: [../components/netpol]\n',
      'components/netpol/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deny.yaml]\n',
      'components/netpol/deny.yaml': policy('deny', 'podSelector: {}'),
    });
    assert.deepEqual(roots(ws), ['app/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'app/kustomization.yaml'), [
      'app/kustomization.yaml',
      'base/config/app.properties',
      'base/kustomization.yaml',
      'base/np.yaml',
      'base/web.yaml',
      'components/netpol/deny.yaml',
      'components/netpol/kustomization.yaml',
    ]);
  });

  it('a Component that no kustomization lists is no root: kustomize refuses to build one alone ("expected kind != \'Component\'")', () => {
    // kubectl.docs.kubernetes.io/guides/config_management/components/: a Component is used from a kustomization's `components`.
    const ws = workspaceOf({
      ...BASE,
      'app/kustomization.yaml': 'resources: [../base]\n',
      'components/unused/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches: []\n',
    });
    assert.deepEqual(roots(ws), ['app/kustomization.yaml']);
  });

  it('a plain file listed from another folder is an input; a file beside it that is not listed is not', () => {
    const ws = workspaceOf({
      'deploy/kustomization.yaml': 'resources: [../manifests/web.yaml]\n',
      'manifests/web.yaml': deployment('web', { app: 'web' }),
      'manifests/api.yaml': deployment('api', { app: 'api' }),
    });
    assert.deepEqual(roots(ws), ['deploy/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'deploy/kustomization.yaml'), ['deploy/kustomization.yaml', 'manifests/web.yaml']);
  });

  it('a cycle (kustomize refuses it) ends: neither is a root, and the inputs of each hold both', () => {
    const ws = workspaceOf({
      'a/kustomization.yaml': 'resources: [../b, a.yaml]\n',
      'a/a.yaml': deployment('a', { app: 'a' }),
      'b/kustomization.yaml': 'resources: [../a]\n',
      'self/kustomization.yaml': 'resources: [.]\n',
    });
    assert.deepEqual(roots(ws), ['self/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'a/kustomization.yaml'), ['a/a.yaml', 'a/kustomization.yaml', 'b/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'self/kustomization.yaml'), ['self/kustomization.yaml']);
  });

  it('a folder reached by two roots is an input of both; a root in a subfolder of another keeps its own files', () => {
    const ws = workspaceOf({
      'kustomization.yaml': 'resources: [shared, top.yaml]\n',
      'top.yaml': deployment('top', { app: 'top' }),
      'shared/kustomization.yaml': 'resources: [s.yaml]\n',
      'shared/s.yaml': deployment('s', { app: 's' }),
      'tenants/blue/kustomization.yaml': 'resources: [../../shared, blue.yaml]\n',
      'tenants/blue/blue.yaml': deployment('blue', { app: 'blue' }),
    });
    assert.deepEqual(roots(ws), ['kustomization.yaml', 'tenants/blue/kustomization.yaml']);
    assert.deepEqual(inputsOf(ws, 'kustomization.yaml'), [
      'kustomization.yaml',
      'shared/kustomization.yaml',
      'shared/s.yaml',
      'top.yaml',
    ]);
    assert.deepEqual(inputsOf(ws, 'tenants/blue/kustomization.yaml'), [
      'shared/kustomization.yaml',
      'shared/s.yaml',
      'tenants/blue/blue.yaml',
      'tenants/blue/kustomization.yaml',
    ]);
  });

  it('kustomization files named Kustomization and kustomization.yml are found through their folders', () => {
    const ws = workspaceOf({
      'overlay/Kustomization': 'resources: [../base]\n',
      'base/kustomization.yml': 'resources: [web.yaml]\n',
      'base/web.yaml': deployment('web', { app: 'web' }),
    });
    assert.deepEqual(roots(ws), ['overlay/Kustomization']);
    assert.deepEqual(inputsOf(ws, 'overlay/Kustomization'), ['base/kustomization.yml', 'base/web.yaml', 'overlay/Kustomization']);
  });

  it('URIs with escaped characters are matched decoded and answered as the workspace spells them', () => {
    const ws = new Workspace();
    ws.setFile('file:///ws/my%20app/base/kustomization.yaml', 'resources: [web.yaml]\n');
    ws.setFile('file:///ws/my%20app/base/web.yaml', deployment('web', { app: 'web' }));
    ws.setFile('file:///ws/my%20app/dev/kustomization.yaml', 'resources: [../base/]\n');
    const [root, ...others] = rootKustomizations(ws.kustomizations());
    assert.equal(root.uri, 'file:///ws/my%20app/dev/kustomization.yaml');
    assert.deepEqual(others, []);
    assert.deepEqual(buildInputs(root, ws.kustomizations(), ws.uris()), [
      'file:///ws/my%20app/base/kustomization.yaml',
      'file:///ws/my%20app/base/web.yaml',
      'file:///ws/my%20app/dev/kustomization.yaml',
    ]);
  });
});
