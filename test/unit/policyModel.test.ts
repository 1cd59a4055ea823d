import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyAt } from '../../server/src/engine/insight/policyElement';
import { analyseWorkspace } from '../../server/src/engine/reach';
import { Workspace } from '../../server/src/engine/workspace';

const POLICY_URI = 'file:///ws/app/policy.yaml';
const policyText = (port: number) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: ${port}}]\n`;
const deployment =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}}}\n';

/** The model each consumer is handed for the one policy of the workspace. */
function modelsSeen(ws: Workspace) {
  const [entry] = ws.networkPolicies();
  return {
    workspace: ws.policyModel(entry.object),
    insight: policyAt(ws, POLICY_URI, { line: 2, character: 20 })!.model,
    reach: analyseWorkspace(ws).policies[0].model,
  };
}

describe('workspace: one model per indexed NetworkPolicy', () => {
  it('is built once and handed to every consumer; an edit elsewhere keeps it, an edit of its file rebuilds it', () => {
    const ws = new Workspace();
    ws.setFile('file:///ws/app/deploy.yaml', deployment);
    ws.setFile(POLICY_URI, policyText(80));
    const first = modelsSeen(ws);
    assert.equal(first.insight, first.workspace);
    assert.equal(first.reach, first.workspace);

    ws.setFile('file:///ws/app/deploy.yaml', deployment.replace('app: web', 'app: api'));
    assert.equal(modelsSeen(ws).workspace, first.workspace, 'another file changed: the model stays');

    ws.setFile(POLICY_URI, policyText(8080));
    const second = modelsSeen(ws);
    assert.notEqual(second.workspace, first.workspace, 'its file changed: a new model');
    assert.equal(second.insight, second.workspace);
    assert.equal(second.reach, second.workspace);
    assert.deepEqual(second.workspace.ingress[0].ports[0], {
      ...second.workspace.ingress[0].ports[0],
      kind: 'range',
      from: 8080,
    });
  });

  it('is rebuilt when a kustomization moves the policy to another namespace, and not re-parsed', () => {
    const ws = new Workspace();
    ws.setFile(POLICY_URI, policyText(80));
    const parsed = ws.manifest(POLICY_URI);
    const before = modelsSeen(ws).workspace;
    assert.equal(before.namespace, 'default');
    ws.setFile('file:///ws/app/kustomization.yaml', 'namespace: shop\nresources:\n- policy.yaml\n');
    const moved = modelsSeen(ws);
    assert.equal(moved.workspace.namespace, 'shop');
    assert.equal(moved.insight, moved.workspace);
    assert.equal(moved.reach, moved.workspace);
    assert.equal(ws.manifest(POLICY_URI), parsed, 'the policy file is re-read, not re-parsed');
  });
});
