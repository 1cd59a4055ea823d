// One workload's connections read from the class matrix (reach/workloadPeers.ts) are its
// entry of the full listing, in the same order; peer counts are the lengths of those lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseWorkspace, peerCounts } from '../../server/src/engine/reach';
import { connectionsByWorkload } from '../../server/src/engine/reach/connections';
import { workloadConnections } from '../../server/src/engine/reach/workloadPeers';
import { Workspace } from '../../server/src/engine/workspace';
import { generateSyntheticWorkspace } from '../../bench/syntheticWorkspace';
import { deployment, documents, policy } from '../builders';
import { workspaceOf } from './reach.helpers';

function syntheticWorkspace(): Workspace {
  const workspace = new Workspace();
  for (const [uri, text] of generateSyntheticWorkspace({ namespaces: 6, workloadsPerNamespace: 12, seed: 7 }).files)
    workspace.setFile(uri, text);
  return workspace;
}

/** Open ingress, an ipBlock with except, a class of two identical workloads (which reach each other), a workload reaching nothing. */
function handMadeWorkspace(): Workspace {
  return workspaceOf(
    documents(
      deployment('shop/web', { app: 'web' }, ['http:8080']),
      deployment('shop/web-canary', { app: 'web' }, ['http:8080']),
      deployment('shop/api', { app: 'api' }),
      deployment('other/lonely', { app: 'lonely' }),
    ),
    policy(
      'shop/api',
      [
        'podSelector: {matchLabels: {app: api}}',
        'policyTypes: [Ingress, Egress]',
        'ingress:',
        '- from:',
        '  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}',
        '  - podSelector: {matchLabels: {app: web}}',
      ].join('\n'),
    ),
    policy('other/lonely', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
  );
}

describe('reach: one workload at a time', () => {
  for (const [name, make] of [
    ['a generated workspace (6 namespaces × 12 workloads)', syntheticWorkspace],
    ['open ingress, ipBlocks, a class of two, a workload reaching nothing', handMadeWorkspace],
  ] as const) {
    it(`gives every workload its entry of the full listing, in order: ${name}`, () => {
      const analysis = analyseWorkspace(make());
      const full = connectionsByWorkload(analysis.results.connections());
      const matrix = analysis.results.classMatrix();
      let nonEmpty = 0;
      for (const workload of analysis.workloads) {
        const expected = full.get(workload.ref) ?? { inbound: [], outbound: [] };
        const one = workloadConnections(analysis, matrix, workload.ref);
        assert.deepEqual(one, expected, workload.ref);
        if (one.inbound.length > 0 && one.outbound.length > 0) nonEmpty++;
      }
      assert.ok(nonEmpty > 0, 'some workload has connections both ways');
    });

    it(`counts each workload's peers as its lists hold them: ${name}`, () => {
      const analysis = analyseWorkspace(make());
      const counts = peerCounts(analysis);
      for (const workload of analysis.workloads) {
        const { inbound, outbound } = workloadConnections(analysis, analysis.results.classMatrix(), workload.ref);
        assert.deepEqual(
          counts.get(workload.ref),
          {
            inbound: inbound.length,
            outbound: outbound.length,
            fromOutside: inbound.filter((c) => c.external === 'from').map((c) => c.from),
          },
          workload.ref,
        );
      }
    });
  }

  it('answers connectionsOf without listing every connection of the workspace', () => {
    const analysis = analyseWorkspace(handMadeWorkspace());
    const { inbound, outbound } = analysis.results.connectionsOf('shop/api[Deployment]');
    assert.deepEqual(
      inbound.map((c) => c.from),
      ['10.0.0.0/8 except 10.1.0.0/16', 'shop/web-canary[Deployment]', 'shop/web[Deployment]'],
    );
    assert.deepEqual(outbound, []);
    assert.deepEqual(peerCounts(analysis).get('shop/web[Deployment]'), {
      inbound: 3,
      outbound: 4,
      fromOutside: ['0.0.0.0/0', '::/0'],
    });
  });
});
