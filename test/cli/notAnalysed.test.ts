// What `netpol check` did not analyse, and why: Helm chart templates (counted per chart),
// Go templates, dangling symlinks, files reached twice through a symlink; in text, JSON
// and SARIF. Rendered output with `{{ ... }}` as data is analysed (truthful answers §4).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { policy } from '../builders';
import { RENDERED_MONITORING, RENDERED_MONITORING_DIR } from '../helpers';
import { ensureBuilt, removeWorkspace, runNetpol, VALID_POLICY, workspace, type Entry } from './cliHarness';
import { sarifProblems } from './sarifShape';

function withWorkspace(entries: Record<string, Entry>, test: (root: string) => void): void {
  const root = workspace(entries);
  try {
    test(root);
  } finally {
    removeWorkspace(root);
  }
}

/** Parses as YAML, but the API server refuses it: analysed, it would fail the check. */
const INVALID_POLICY = policy('shop/web', 'podSelector: {}\npolicyTypes: [Ingres]\n');

const CHART: Record<string, Entry> = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'charts/shop/templates/a.yaml': INVALID_POLICY,
  'charts/shop/templates/b.yaml': `{{- if .Values.enabled }}\n${INVALID_POLICY}{{- end }}\n`,
  'charts/shop/templates/sub/c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
};

/** NP0010 of CHART: its two NetworkPolicy templates (b.yaml's under `{{- if }}`), no workload. */
const SHOP_NOT_RENDERED =
  'Helm chart shop not rendered (helm rendering is not available: pass --helm CHART to render it): 2 NetworkPolicy templates and 0 workload templates in templates/ are not analysed.';

describe('netpol check: files not analysed', () => {
  before(ensureBuilt);

  it('rendered output whose ConfigMap holds Grafana and Prometheus {{ ... }} is analysed: check and reach see its policy and Deployment', () => {
    const check = runNetpol(['check', '.', '--format', 'json'], RENDERED_MONITORING_DIR);
    assert.deepEqual(JSON.parse(check.stdout), { diagnostics: [], analysedFiles: 1, notAnalysed: [], helmCharts: [] });
    const reach = JSON.parse(runNetpol(['reach', '.', '--format', 'json'], RENDERED_MONITORING_DIR).stdout);
    assert.deepEqual(
      reach.workloads.map((w: { ref: string }) => w.ref),
      ['monitoring/grafana[Deployment]'],
    );
    assert.ok(RENDERED_MONITORING.includes('{{ $labels.instance }}'));
  });

  it("counts a chart's templates on one line, names a Go template, and counts both in the summary; the invalid policy of a template fails nothing", () => {
    withWorkspace(
      { ...CHART, 'k8s/np.yaml': VALID_POLICY, 'tpl/np.yaml': `{{- if .Values.x }}\n${INVALID_POLICY}{{- end }}\n` },
      (root) => {
        const run = runNetpol(['check', '.'], root);
        // The chart's Chart.yaml is among the files checked: NP0010 on it says what the chart leaves out.
        assert.equal(run.stdout, `charts/shop/Chart.yaml:1:1: information NP0010 ${SHOP_NOT_RENDERED}\n`);
        assert.equal(
          run.stderr,
          [
            'netpol: not analysed: 3 Helm templates (charts/shop/templates): render the chart (helm template) and check the output',
            'netpol: not analysed: tpl/np.yaml: a Go template, not YAML (line 1 has a template action where YAML expects a value): render it and check the output',
            '0 errors, 0 warnings, 1 information in 1 file (2 analysed, 4 not analysed); 1 Helm chart not rendered (2 NetworkPolicy and 0 workload templates not analysed)',
            '',
          ].join('\n'),
        );
        assert.equal(run.status, 0);
      },
    );
  });

  it("a chart's templates named without the chart (check charts/shop/templates) are known as templates from the Chart.yaml on disk; nothing analysed is said, exit 0", () => {
    withWorkspace(CHART, (root) => {
      const run = runNetpol(['check', 'charts/shop/templates'], root);
      assert.equal(
        run.stderr,
        [
          'netpol: not analysed: 3 Helm templates (charts/shop/templates): render the chart (helm template) and check the output',
          // Chart.yaml was not given: no NP0010 to show, the chart is said once on stderr instead.
          `netpol: charts/shop/Chart.yaml: ${SHOP_NOT_RENDERED}`,
          'netpol: nothing analysed: none of the 3 files collected could be analysed',
          '0 errors, 0 warnings in 0 files (0 analysed, 3 not analysed); 1 Helm chart not rendered (2 NetworkPolicy and 0 workload templates not analysed)',
          '',
        ].join('\n'),
      );
      assert.equal(run.status, 0);
    });
  });

  it('JSON lists the files not analysed with a machine-readable reason; SARIF as tool execution notifications', () => {
    withWorkspace({ ...CHART, 'gone.yaml': { symlinkTo: 'nowhere.yaml' }, 'k8s/np.yaml': VALID_POLICY }, (root) => {
      const json = JSON.parse(runNetpol(['check', '.', '--format', 'json'], root).stdout);
      assert.equal(json.analysedFiles, 2);
      assert.deepEqual(
        json.notAnalysed.map((n: { file: string; reason: string }) => `${n.file} ${n.reason}`),
        [
          'charts/shop/templates/a.yaml helm-template',
          'charts/shop/templates/b.yaml helm-template',
          'charts/shop/templates/sub/c.yaml helm-template',
          'gone.yaml dangling-symlink',
        ],
      );
      assert.equal(json.notAnalysed[0].chart, 'charts/shop');
      assert.equal(json.notAnalysed[3].target, 'nowhere.yaml');
      const sarif = JSON.parse(runNetpol(['check', '.', '--format', 'sarif'], root).stdout);
      assert.deepEqual(sarifProblems(sarif), []);
      const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications;
      assert.deepEqual(
        notifications.map(
          (n: any) =>
            `${n.locations[0].physicalLocation.artifactLocation.uri} ${n.level} ${n.properties.notAnalysed?.reason ?? `helm chart ${n.properties.helmChart.name}`}`,
        ),
        [
          'charts/shop/templates/a.yaml note helm-template',
          'charts/shop/templates/b.yaml note helm-template',
          'charts/shop/templates/sub/c.yaml note helm-template',
          'gone.yaml note dangling-symlink',
          'charts/shop/Chart.yaml note helm chart shop',
        ],
      );
    });
  });

  it('reach says which templates it left out too, one line per chart, as check does, and what the chart not rendered leaves out', () => {
    withWorkspace({ ...CHART, 'k8s/np.yaml': VALID_POLICY }, (root) => {
      const run = runNetpol(['reach', '.'], root);
      assert.equal(
        run.stderr,
        'netpol: not analysed: 3 Helm templates (charts/shop/templates): render the chart (helm template) and check the output\n' +
          `netpol: charts/shop/Chart.yaml: ${SHOP_NOT_RENDERED}\n`,
      );
      assert.equal(run.status, 0);
    });
  });

  it('a dangling symlink found in a folder is a notice, not an error; a symlink to a file already read is read once', () => {
    withWorkspace(
      { 'a.yaml': VALID_POLICY, 'b-link.yaml': { symlinkTo: 'a.yaml' }, 'c-gone.yaml': { symlinkTo: 'moved.yaml' } },
      (root) => {
        const run = runNetpol(['check', '.'], root);
        // Read twice, the policy would be its own duplicate (NP3011).
        assert.equal(run.stdout, '');
        assert.equal(
          run.stderr,
          'netpol: not analysed: c-gone.yaml: a symbolic link to moved.yaml, which does not exist\n0 errors, 0 warnings in 0 files (1 analysed, 1 not analysed)\n',
        );
        assert.equal(run.status, 0);
      },
    );
  });
});
