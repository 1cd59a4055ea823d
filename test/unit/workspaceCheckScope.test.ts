// Which files' workspace findings a change can change (engine/validate/workspaceCheckScope.ts),
// the editor's problems of the whole workspace re-check those only. Pinned the strong way: for
// each edit, every file outside the set reports exactly what it reported before the edit.
// The namespace dependencies: allowed egress is the union of the policies selecting a pod, so
// other policies of the namespace answer NP2005/NP2010 (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource:
// "policies are additive"); one object per namespace/name (NP3011).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateManifest } from '../../server/src/engine/validate';
import { diagnosticsInWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { filesWithPoliciesIn, policyOnlyNamespaces } from '../../server/src/engine/validate/workspaceCheckScope';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, policy } from '../builders';

const uri = (path: string) => `file:///ws/${path}`;

const denyEgress = (ref: string) => policy(ref, 'podSelector: {}\npolicyTypes: [Egress]');
const allowDns = (ref: string) =>
  policy(ref, 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]');

const files: Record<string, string> = {
  'a/workloads.yaml': documents(deployment('a/web', { app: 'web' }, ['http:8080']), namespace('a')),
  'a/deny.yaml': denyEgress('a/deny'),
  'a/allow.yaml': policy('a/web-in', 'podSelector: {matchLabels: {app: web}}\ningress: [{}]'),
  'b/workloads.yaml': documents(deployment('b/api', { app: 'api' }, ['http:9000']), namespace('b')),
  'b/deny.yaml': denyEgress('b/deny'),
  'b/to-a.yaml': policy(
    'b/to-a',
    'podSelector: {}\negress:\n- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: a}}}]',
  ),
};

/** Each edit: the file and its new text. */
const edits: Array<[string, string]> = [
  ['a/allow.yaml', documents(policy('a/web-in', 'podSelector: {matchLabels: {app: web}}\ningress: [{}]'), allowDns('a/dns'))],
  ['a/allow.yaml', policy('a/deny', 'podSelector: {matchLabels: {app: nobody}}')],
  ['a/allow.yaml', ''],
  ['b/to-a.yaml', policy('b/to-a', 'podSelector: {matchLabels: {app: typo}}')],
  ['b/to-a.yaml', allowDns('b/dns')],
];

function findings(workspace: Workspace): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of workspace.uris()) {
    const manifest = workspace.manifest(file)!;
    all.set(file, JSON.stringify(diagnosticsInWorkspace(validateManifest(manifest), manifest, workspace)));
  }
  return all;
}

function workspaceOf(texts: Record<string, string>): Workspace {
  const workspace = new Workspace();
  for (const [path, text] of Object.entries(texts)) workspace.setFile(uri(path), text);
  return workspace;
}

describe('workspace check scope: what an edit of a file holding policies only can change', () => {
  for (const [path, text] of edits) {
    it(`${path} -> ${JSON.stringify(text.slice(0, 60))}…: files outside the scope report what they reported`, () => {
      const workspace = workspaceOf(files);
      const before = findings(workspace);
      const namespacesBefore = policyOnlyNamespaces(workspace, uri(path));
      workspace.setFile(uri(path), text);
      const namespacesAfter = policyOnlyNamespaces(workspace, uri(path));
      assert.ok(namespacesBefore && namespacesAfter, 'policies only, before and after');
      const scope = filesWithPoliciesIn(workspace, new Set([...namespacesBefore, ...namespacesAfter]));
      scope.add(uri(path));
      const after = findings(workspace);
      for (const [file, reported] of after) if (!scope.has(file)) assert.equal(reported, before.get(file), file);
    });
  }

  it('the scope is not empty of consequence: a DNS policy added beside a deny in namespace a answers the deny file NP2005', () => {
    const workspace = workspaceOf(files);
    const before = findings(workspace).get(uri('a/deny.yaml'))!;
    workspace.setFile(uri('a/allow.yaml'), edits[0][1]);
    assert.match(before, /NP2005/);
    assert.doesNotMatch(findings(workspace).get(uri('a/deny.yaml'))!, /NP2005/);
    assert.ok(filesWithPoliciesIn(workspace, new Set(['a'])).has(uri('a/deny.yaml')));
    assert.ok(!filesWithPoliciesIn(workspace, new Set(['a'])).has(uri('b/deny.yaml')));
  });

  it('files with anything but policies, and files whose objects are not their text alone, have no such scope', () => {
    const workspace = workspaceOf(files);
    assert.equal(policyOnlyNamespaces(workspace, uri('a/workloads.yaml')), undefined);
    workspace.setFile(uri('mixed.yaml'), documents(denyEgress('c/deny'), deployment('c/web', { app: 'web' })));
    assert.equal(policyOnlyNamespaces(workspace, uri('mixed.yaml')), undefined);
    workspace.setFile(uri('empty.yaml'), '# nothing yet\n');
    assert.deepEqual(policyOnlyNamespaces(workspace, uri('empty.yaml')), []);
    workspace.setFile(uri('charts/shop/Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    workspace.setFile(uri('charts/shop/templates/np.yaml'), denyEgress('shop/deny'));
    assert.equal(policyOnlyNamespaces(workspace, uri('charts/shop/templates/np.yaml')), undefined, 'a Helm template');
  });
});
