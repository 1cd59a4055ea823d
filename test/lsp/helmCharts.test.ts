// A Helm chart the server does not render (issue 11 §2, "without helm"): NP0010 (information)
// on its open Chart.yaml, and an entry per chart in netpol/workloads `unrenderedCharts` for the
// Reachability view's "Left out of the analysis" group. Fixture:
// test/fixtures/helm-chart-unrendered/web (chart web: 1 NetworkPolicy, a Deployment and a CronJob
// template; its dependency charts/redis: 1 NetworkPolicy and a StatefulSet).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkloadsRequest } from '../../server/src/protocol';
import { startInFolder, type FolderServer } from './withServer';

const FIXTURE = join(__dirname, '..', 'fixtures', 'helm-chart-unrendered');
const REASON = 'helm was not found: install helm or set netpol.helm.command';

describe('lsp: Helm charts not rendered', () => {
  let folder: FolderServer;
  before(async () => {
    folder = await startInFolder(FIXTURE);
    await folder.scanned();
  });
  after(() => folder.dispose());

  it('an open Chart.yaml gets NP0010 (information) on its first line, with the reason and the counts; a subchart its own', async () => {
    const uri = folder.uri('web/Chart.yaml');
    await folder.server.open(uri, folder.read('web/Chart.yaml'));
    const diagnostics = await folder.server.diagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.end.line, d.message]),
      [
        [
          'NP0010',
          3,
          0,
          0,
          `Helm chart web not rendered (${REASON}): 1 NetworkPolicy template and 2 workload templates in templates/ are not analysed.`,
        ],
      ],
    );
    const redis = folder.uri('web/charts/redis/Chart.yaml');
    await folder.server.open(redis, folder.read('web/charts/redis/Chart.yaml'));
    assert.deepEqual(
      (await folder.server.diagnostics(redis)).map((d) => d.message),
      [
        `Helm chart redis not rendered (${REASON}): 1 NetworkPolicy template and 1 workload template in templates/ are not analysed.`,
      ],
    );
  });

  it('netpol/workloads lists each chart not rendered in unrenderedCharts, with its Chart.yaml', async () => {
    const result = await folder.server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    assert.deepEqual(result.unrenderedCharts, [
      { chart: 'web', uri: folder.uri('web/Chart.yaml'), networkPolicyTemplates: 1, workloadTemplates: 2, reason: REASON },
      {
        chart: 'redis',
        uri: folder.uri('web/charts/redis/Chart.yaml'),
        networkPolicyTemplates: 1,
        workloadTemplates: 1,
        reason: REASON,
      },
    ]);
    // The templates hold no objects of their own: nothing else of the chart is in the answer.
    assert.deepEqual(
      result.namespaces.flatMap((ns) => ns.workloads),
      [],
    );
  });

  it('editing a template changes the counts: the open Chart.yaml is checked again', async () => {
    const template = folder.uri('web/templates/hpa.yaml');
    await folder.server.open(template, folder.read('web/templates/hpa.yaml'));
    await folder.server.change(template, folder.read('web/charts/redis/templates/statefulset.yaml'));
    const published = await folder.server.eventuallyPublished(
      folder.uri('web/Chart.yaml'),
      (diagnostics) => diagnostics.some((d) => d.message.includes('3 workload templates')),
      'NP0010 counting the StatefulSet typed into hpa.yaml',
    );
    assert.equal(published.length, 1);
  });
});
