// The workload CodeLens (issue 14 §6): isolation in words and peer counts, one lens per workload object.
// Isolation per direction: a pod is isolated for ingress (egress) when a policy selecting it has
// Ingress (Egress) in its policyTypes (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workloadLenses } from '../../server/src/engine/insight/workloadLenses';
import { analyseWorkspace } from '../../server/src/engine/reach';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, policy } from '../builders';

const WORKLOADS = 'file:///w/workloads.yaml';
const POLICIES = 'file:///w/policies.yaml';

function lenses(policies: string): Array<[number, string, string]> {
  const workspace = new Workspace();
  workspace.setFile(
    WORKLOADS,
    documents(deployment('shop/web', { app: 'web' }, ['http:8080']), deployment('shop/api', { app: 'api' }, ['http:8080'])),
  );
  workspace.setFile(POLICIES, policies);
  return workloadLenses(analyseWorkspace(workspace), WORKLOADS).map((l) => [l.range.start.line, l.ref, l.title]);
}

describe('workload lenses', () => {
  it('no policy: "not isolated", every peer counted (the other workload and the outside world, v4 and v6)', () => {
    const [web, api] = lenses('');
    assert.equal(web[1], 'shop/web[Deployment]');
    assert.equal(web[2], 'not isolated · 3 inbound · 3 outbound');
    assert.equal(api[1], 'shop/api[Deployment]');
    assert.ok(api[0] > web[0], 'in file order, each on its own object');
  });

  it('ingress isolated with one rule from web: api has 1 inbound; web is untouched (api may still connect to it)', () => {
    const [web, api] = lenses(
      policy(
        'shop/api-in',
        'podSelector:\n  matchLabels: {app: api}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {app: web}',
      ),
    );
    assert.equal(api[2], 'ingress isolated · 1 inbound · 3 outbound');
    assert.equal(web[2], 'not isolated · 3 inbound · 3 outbound');
  });

  it('both directions isolated by a deny-all: nothing in or out', () => {
    const titles = lenses(policy('shop/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')).map((l) => l[2]);
    assert.deepEqual(titles, [
      'ingress & egress isolated · 0 inbound · 0 outbound',
      'ingress & egress isolated · 0 inbound · 0 outbound',
    ]);
  });

  it('a file without workloads has none', () => {
    const workspace = new Workspace();
    workspace.setFile(POLICIES, policy('shop/deny', 'podSelector: {}'));
    assert.deepEqual(workloadLenses(analyseWorkspace(workspace), POLICIES), []);
  });
});
