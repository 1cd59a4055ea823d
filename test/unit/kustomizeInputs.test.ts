// What the raw reading of a Kustomize tree may take for objects (issue 10 §1.4): patch files are
// partial objects kustomize merges into resources, never objects of their own, and the namespace
// transformer renames the Namespace objects it renders (kubernetes-sigs/kustomize PR 2953).
// The last test renders the same tree with the real kustomize (kubectl kustomize) and compares.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { reach } from '../../server/src/engine/reach';
import { validateManifest } from '../../server/src/engine/validate';
import { diagnosticsInWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, namespace, policy } from '../builders';

/** A workspace from path -> text, as file:///ws/<path>. */
function workspaceOf(files: Record<string, string>): Workspace {
  const workspace = new Workspace();
  for (const [path, text] of Object.entries(files)) workspace.setFile(`file:///ws/${path}`, text);
  return workspace;
}

const POLICY_PATCH =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec:\n  policyTypes: [Ingress, Egress]\n';
const DEPLOYMENT_PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n';

const tree = (kustomization: string): Record<string, string> => ({
  'base/kustomization.yaml': kustomization,
  'base/web.yaml': deployment('web', { app: 'web' }),
  'base/np.yaml': policy('web', 'podSelector: {matchLabels: {app: web}}').replace(/ {2}namespace: .*\n/, ''),
  'base/np-patch.yaml': POLICY_PATCH,
  'base/web-patch.yaml': DEPLOYMENT_PATCH,
});

describe('kustomize patches are not objects', () => {
  for (const [field, listing] of [
    ['patches[].path', 'patches:\n- path: np-patch.yaml\n- path: web-patch.yaml\n  target: {kind: Deployment}\n'],
    ['patchesStrategicMerge', 'patchesStrategicMerge: [np-patch.yaml, web-patch.yaml]\n'],
    ['patchesJson6902[].path', 'patchesJson6902:\n- path: np-patch.yaml\n- path: web-patch.yaml\n'],
  ]) {
    it(`a file under ${field} adds no NetworkPolicy and no workload; the resources stay as they are`, () => {
      const ws = workspaceOf(tree(`resources: [web.yaml, np.yaml]\n${listing}`));
      assert.deepEqual(
        ws.networkPolicies().map((p) => p.object.uri),
        ['file:///ws/base/np.yaml'],
      );
      assert.deepEqual(
        ws.workloads().map((w) => `${w.ref} ${w.sources.map((s) => s.uri).join()}`),
        ['default/web[Deployment] file:///ws/base/web.yaml'],
      );
    });
  }

  it('a policy patch without podSelector does not isolate every pod of default (the bug this fixes)', () => {
    const ws = workspaceOf({
      ...tree('resources: [web.yaml]\npatches: [{path: np-patch.yaml}]\n'),
      'base/other.yaml': deployment('other', { app: 'other' }),
    });
    ws.removeFile('file:///ws/base/np.yaml');
    const isolated = reach(ws).analysis.classes.filter((c) => c.ingress.isolating.length > 0);
    assert.deepEqual(isolated, []);
  });

  it('the patch file gets NP3016 naming the kustomization, and none of the object rules', () => {
    const ws = workspaceOf(tree('resources: [web.yaml, np.yaml]\npatches: [{path: np-patch.yaml}]\n'));
    const file = ws.manifest('file:///ws/base/np-patch.yaml')!;
    const diagnostics = diagnosticsInWorkspace(validateManifest(file), file, ws);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['NP3016'],
    );
    assert.match(diagnostics[0].message, /^Kustomize patch, applied by kustomization\.yaml:/);
  });

  it('inline patches (text spanning lines) name no file; a file another kustomization lists as a resource stays an object', () => {
    const ws = workspaceOf({
      ...tree(`resources: [web.yaml, np.yaml]\npatchesStrategicMerge:\n- |\n${POLICY_PATCH.replace(/^/gm, '  ')}`),
      'other/kustomization.yaml': 'resources: [../base/np-patch.yaml]\n',
    });
    assert.equal(ws.kustomizePatchOf('file:///ws/base/np-patch.yaml'), undefined);
  });

  it('a patch listed after the fact leaves the index; unlisted again, it is back', () => {
    const ws = workspaceOf(tree('resources: [web.yaml, np.yaml]\n'));
    const policyFiles = () => ws.networkPolicyCopies().flatMap((copies) => copies.map((p) => p.object.uri));
    assert.deepEqual(policyFiles(), ['file:///ws/base/np-patch.yaml', 'file:///ws/base/np.yaml']);
    ws.setFile('file:///ws/base/kustomization.yaml', 'resources: [web.yaml, np.yaml]\npatches: [{path: np-patch.yaml}]\n');
    assert.deepEqual(policyFiles(), ['file:///ws/base/np.yaml']);
    ws.setFile('file:///ws/base/kustomization.yaml', 'resources: [web.yaml, np.yaml]\n');
    assert.equal(policyFiles().length, 2);
  });
});

describe("kustomize's namespace: renames Namespace objects too", () => {
  it("a base's Namespace shop under an overlay with namespace: shop-staging is shop-staging, and its labels select there", () => {
    const ws = workspaceOf({
      'base/kustomization.yaml': 'resources: [ns.yaml, web.yaml]\n',
      'base/ns.yaml': namespace('shop', { team: 'web' }),
      'base/web.yaml': deployment('shop/web', { app: 'web' }),
      'overlays/staging/kustomization.yaml': 'namespace: shop-staging\nresources: [../../base]\n',
    });
    assert.deepEqual(
      ws.namespaces().map((n) => `${n.name} team=${n.labels.team ?? ''}`),
      ['shop-staging team=web'],
    );
    assert.deepEqual(
      ws.workloads().map((w) => w.ref),
      ['shop-staging/web[Deployment]'],
    );
  });
});

// The real kustomize (kubectl kustomize, v5 built into kubectl) renders the same tree: the objects the
// raw reading keeps must be those it renders, by kind, namespace and name.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
describe('agreement with kubectl kustomize', { skip: kubectl.status !== 0 && 'kubectl is not installed' }, () => {
  it('renders the same Namespaces, NetworkPolicies and workloads as the raw reading indexes', () => {
    const files: Record<string, string> = {
      'base/kustomization.yaml':
        'resources: [ns.yaml, web.yaml, np.yaml]\npatches:\n- path: np-patch.yaml\n- path: web-patch.yaml\npatchesStrategicMerge: [sm.yaml]\n',
      'base/ns.yaml': namespace('shop', { team: 'web' }),
      'base/web.yaml': deployment('web', { app: 'web' }),
      'base/np.yaml': policy('web', 'podSelector: {matchLabels: {app: web}}').replace(/ {2}namespace: .*\n/, ''),
      'base/np-patch.yaml': POLICY_PATCH,
      'base/web-patch.yaml': DEPLOYMENT_PATCH,
      'base/sm.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {tier: front}}}}\n',
      'overlays/staging/kustomization.yaml': 'namespace: shop-staging\nresources: [../../base]\n',
    };
    const dir = mkdtempSync(join(tmpdir(), 'netpol-kustomize-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const rendered = execFileSync('kubectl', ['kustomize', join(dir, 'overlays/staging')], { encoding: 'utf8' });
      const fromKustomize = rendered
        .split(/^---$/m)
        .map((text) => parseYaml(text) as { kind: string; metadata: { name: string; namespace?: string } })
        .map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)
        .sort();
      const ws = new Workspace();
      for (const path of walk(dir)) ws.setFile(pathToFileURL(path).href, readFileSync(path, 'utf8'));
      const fromIndex = [
        ...ws.namespaces().map((n) => `Namespace /${n.name}`),
        ...ws
          .networkPolicies()
          .map((p) => `NetworkPolicy ${p.namespace}/${String((p.object.value.metadata as { name: string }).name)}`),
        ...ws.workloads().map((w) => `${w.kind} ${w.namespace}/${w.name}`),
      ].sort();
      assert.deepEqual(fromIndex, fromKustomize);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
