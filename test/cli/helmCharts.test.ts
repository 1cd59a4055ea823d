// A Helm chart the CLI does not render is never a silent "0 files" (issue 11 §2): NP0010 on its
// Chart.yaml, the summary, JSON `helmCharts`, a SARIF notification, and a notice from reach/explain.
// Fixture: test/fixtures/helm-chart-unrendered/web (chart web: 1 NetworkPolicy, a Deployment and a
// CronJob template; its dependency charts/redis: 1 NetworkPolicy and a StatefulSet). Chart layout
// as helm.sh/docs/topics/charts/#the-chart-file-structure describes it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runNetpol } from './cliHarness';

const FIXTURE = join(__dirname, '..', 'fixtures', 'helm-chart-unrendered');
const REASON = 'helm rendering is not available: pass --helm CHART to render it';
const WEB = `Helm chart web not rendered (${REASON}): 1 NetworkPolicy template and 2 workload templates in templates/ are not analysed.`;
const REDIS = `Helm chart redis not rendered (${REASON}): 1 NetworkPolicy template and 1 workload template in templates/ are not analysed.`;

describe('netpol: Helm charts not rendered', () => {
  before(ensureBuilt);

  it('check on a chart folder: NP0010 (information) on each Chart.yaml, the summary counts the charts, exit 0', () => {
    const run = runNetpol(['check', 'web'], FIXTURE);
    assert.equal(
      run.stdout,
      [`web/Chart.yaml:1:1: information NP0010 ${WEB}`, `web/charts/redis/Chart.yaml:1:1: information NP0010 ${REDIS}`, ''].join(
        '\n',
      ),
    );
    assert.equal(
      run.stderr.split('\n').at(-2),
      '0 errors, 0 warnings, 2 information in 2 files (3 analysed, 6 not analysed); 2 Helm charts not rendered (2 NetworkPolicy and 3 workload templates not analysed)',
    );
    assert.equal(run.status, 0);
  });

  it('JSON: NP0010 among the diagnostics and a helmCharts entry per chart, with its templates; SARIF: a result and a notification', () => {
    const json = JSON.parse(runNetpol(['check', 'web', '--format', 'json'], FIXTURE).stdout);
    assert.deepEqual(
      json.diagnostics.map((d: { file: string; code: string; severity: string }) => `${d.file} ${d.code} ${d.severity}`),
      ['web/Chart.yaml NP0010 information', 'web/charts/redis/Chart.yaml NP0010 information'],
    );
    assert.deepEqual(json.helmCharts[0], {
      chart: 'web',
      name: 'web',
      chartFile: 'web/Chart.yaml',
      networkPolicyTemplates: 1,
      workloadTemplates: 2,
      templateFiles: [
        'web/templates/cronjob.yaml',
        'web/templates/deployment.yaml',
        'web/templates/hpa.yaml',
        'web/templates/networkpolicy.yaml',
      ],
      rendered: false,
      reason: REASON,
      message: WEB,
    });
    assert.deepEqual(
      json.helmCharts.map((c: { chart: string; name: string }) => `${c.chart} ${c.name}`),
      ['web web', 'web/charts/redis redis'],
    );
    const sarif = JSON.parse(runNetpol(['check', 'web', '--format', 'sarif'], FIXTURE).stdout);
    const [run] = sarif.runs;
    assert.deepEqual(
      run.results.map((r: any) => `${r.ruleId} ${r.level} ${r.locations[0].physicalLocation.artifactLocation.uri}`),
      ['NP0010 note web/Chart.yaml', 'NP0010 note web/charts/redis/Chart.yaml'],
    );
    const charts = run.invocations[0].toolExecutionNotifications.filter((n: any) => n.properties.helmChart);
    assert.deepEqual(
      charts.map((n: any) => [
        n.level,
        n.message.text,
        n.locations[0].physicalLocation.artifactLocation.uri,
        n.properties.helmChart,
      ]),
      [
        [
          'note',
          WEB,
          'web/Chart.yaml',
          { name: 'web', networkPolicyTemplates: 1, workloadTemplates: 2, rendered: false, reason: REASON },
        ],
        [
          'note',
          REDIS,
          'web/charts/redis/Chart.yaml',
          { name: 'redis', networkPolicyTemplates: 1, workloadTemplates: 1, rendered: false, reason: REASON },
        ],
      ],
    );
  });

  it('check given one template alone: the chart is said once, on stderr and in JSON, counting what was given', () => {
    const run = runNetpol(['check', 'web/templates/networkpolicy.yaml', '--format', 'json'], FIXTURE);
    const message = `Helm chart web not rendered (${REASON}): 1 NetworkPolicy template and 0 workload templates in templates/ are not analysed.`;
    assert.equal(
      run.stderr,
      [
        'netpol: not analysed: 1 Helm template (web/templates): render the chart (helm template) and check the output',
        `netpol: web/Chart.yaml: ${message}`,
        'netpol: nothing analysed: none of the 1 file collected could be analysed',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.diagnostics, []);
    assert.deepEqual(
      json.helmCharts.map((c: { chartFile: string; templateFiles: string[] }) => [c.chartFile, c.templateFiles]),
      [['web/Chart.yaml', ['web/templates/networkpolicy.yaml']]],
    );
    assert.equal(run.status, 0);
  });

  it('reach and explain say each chart not rendered on stderr; reach JSON keeps its keys', () => {
    const reach = runNetpol(['reach', 'web', '--format', 'json'], FIXTURE);
    const notices = [`netpol: web/Chart.yaml: ${WEB}`, `netpol: web/charts/redis/Chart.yaml: ${REDIS}`];
    for (const notice of notices) assert.ok(reach.stderr.includes(`${notice}\n`), reach.stderr);
    assert.ok(!('helmCharts' in JSON.parse(reach.stdout)));
    assert.equal(reach.status, 0);
    const explain = runNetpol(['explain', '10.0.0.1', '10.0.0.2', 'web'], FIXTURE);
    for (const notice of notices) assert.ok(explain.stderr.includes(`${notice}\n`), explain.stderr);
  });
});
