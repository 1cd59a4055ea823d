// Policies of other kinds in the editor, over JSON-RPC against the bundled server: the
// policy's CodeLens and hover, the governed workload's hover, and the netpol/* answers the
// reachability view and Check Connection render. Fixture: Cilium's star wars demo.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExplainRequest, WorkloadsRequest, type ExplainResult } from '../../server/src/protocol';
import { textAt } from '../helpers';
import { positionOf } from '../unit/insightFixture';
import { withServer } from './withServer';

const FIXTURE = join(__dirname, '../fixtures/foreign-starwars');
const APP_URI = 'file:///ws/http-sw-app.yaml';
const POLICY_URI = 'file:///ws/sw_l3_l4_policy.yaml';
const APP = readFileSync(join(FIXTURE, 'http-sw-app.yaml'), 'utf8');
const POLICY = readFileSync(join(FIXTURE, 'sw_l3_l4_policy.yaml'), 'utf8');

const hoverText = (hover: Awaited<ReturnType<ReturnType<typeof withServer>['hover']>>): string =>
  hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';

describe('lsp: policies of other kinds', () => {
  const server = withServer({ [APP_URI]: APP, [POLICY_URI]: POLICY });

  it('a CodeLens on the CiliumNetworkPolicy: "selects 1 workload · not modelled"', async () => {
    const lenses = (await server.codeLens(POLICY_URI))!;
    assert.deepEqual(
      lenses.map((l) => [textAt(POLICY, l.range), l.command?.title]),
      [['rule1', 'selects 1 workload · not modelled']],
    );
  });

  it('its hover lists what it selects and says it is not modelled', async () => {
    const text = hoverText(await server.hover(POLICY_URI, positionOf(POLICY, 'rule1')));
    assert.match(text, /CiliumNetworkPolicy default\/rule1 \(not modelled\)/);
    assert.match(text, /default\/deathstar \(Deployment, 2 replicas\)/);
    assert.match(text, /endpointSelector class=deathstar, org=empire in namespace default/);
    assert.match(text, /does not model CiliumNetworkPolicy rules/);
  });

  it('the deathstar hover names the policy that also governs it; the xwing has none', async () => {
    const text = hoverText(await server.hover(APP_URI, positionOf(APP, 'name: deathstar', 6, 1)));
    assert.match(text, /\*\*default\/deathstar\\\[Deployment\\\]: also governed by policies of other kinds\*\*/);
    assert.match(text, /CiliumNetworkPolicy default\/rule1 \(ingress\)\]\(file:\/\/\/ws\/sw_l3_l4_policy\.yaml#L5\)/);
    assert.match(text, /the cluster may decide differently/);
    assert.equal(await server.hover(APP_URI, positionOf(APP, 'name: xwing', 6)), null);
  });

  it('netpol/workloads marks the governed workload; netpol/explain carries notModelled', async () => {
    const result = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const all = result.namespaces.flatMap((ns) => ns.workloads);
    assert.deepEqual(
      all.map((w) => [w.ref, (w.notModelled ?? []).map((p) => p.title)]),
      [
        ['default/deathstar[Deployment]', ['CiliumNetworkPolicy default/rule1']],
        ['default/tiefighter[Pod]', []],
        ['default/xwing[Pod]', []],
      ],
    );
    const verdict = (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'default/xwing',
      to: 'default/deathstar',
    })) as ExplainResult;
    assert.equal(verdict.allowed, true);
    assert.deepEqual(
      verdict.notModelled?.map((e) => [e.title, e.direction, e.workload]),
      [['CiliumNetworkPolicy default/rule1', 'ingress', 'default/deathstar[Deployment]']],
    );
    assert.match(verdict.summary, /which this analysis does not model: the cluster may decide differently/);
  });
});
