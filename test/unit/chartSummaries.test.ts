// A Helm chart nobody rendered is never a silent "0 files": its templates are counted by
// the kinds they declare and NP0010 on Chart.yaml says what the analysis leaves out.
// Helm's facts relied on (helm.sh/docs/topics/charts/#the-chart-file-structure):
// a chart is a folder with Chart.yaml, whose `name:` names it (#the-chartyaml-file);
// templates/ holds the templates, `_`-prefixed files (_helpers.tpl) render nothing and
// templates/NOTES.txt is printed, not installed (helm.sh/docs/chart_template_guide/notes_files/);
// a dependency's chart lives in charts/<name>/ and its templates are its own
// (helm.sh/docs/topics/charts/#chart-dependencies).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  chartNotRenderedDiagnostic,
  chartSummaries,
  templateKinds,
  type ChartSummary,
} from '../../server/src/engine/chartSummaries';
import { codeInfo } from '../../server/src/engine/diagnosticCodes';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, policy, service } from '../builders';

const FIXTURE = join(__dirname, '..', 'fixtures', 'helm-chart-unrendered');

/** Every file of a folder read into a workspace, as the server's scan reads a workspace folder (the .tpl and .txt too: they must count for nothing). */
function fixtureWorkspace(): Workspace {
  const workspace = new Workspace();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else workspace.setFile(pathToFileURL(path).href, readFileSync(path, 'utf8'));
    }
  };
  walk(FIXTURE);
  return workspace;
}

const root = pathToFileURL(FIXTURE).href;
const counts = (summary: ChartSummary) =>
  `${summary.name} ${summary.chartUri.slice(root.length)} policies=${summary.networkPolicyTemplates} workloads=${summary.workloadTemplates} files=${summary.templateFiles.length}`;

describe('chartSummaries: the templates a chart not rendered leaves out', () => {
  it('counts the kind: lines of templates/ per chart; a subchart (charts/redis) counts for itself, not for its parent', () => {
    const summaries = chartSummaries(fixtureWorkspace());
    assert.deepEqual(summaries.map(counts), [
      // networkpolicy.yaml (under {{- if }}), deployment.yaml (Deployment + Service), cronjob.yaml ("CronJob"), hpa.yaml
      // (its scaleTargetRef's kind: Deployment is no object); _helpers.tpl and NOTES.txt install nothing.
      'web /web policies=1 workloads=2 files=4',
      'redis /web/charts/redis policies=1 workloads=1 files=2',
    ]);
    assert.ok(summaries.every((summary) => summary.chartFileRead));
  });

  it('NP0010 (information) on the first line of Chart.yaml, naming the chart, the reason given and the counts', () => {
    const web = chartSummaries(fixtureWorkspace()).find((summary) => summary.name === 'web')!;
    const diagnostic = chartNotRenderedDiagnostic(web, 'helm was not found: install helm or set netpol.helm.command');
    assert.equal(web.chartFileUri, `${root}/web/Chart.yaml`);
    assert.deepEqual(diagnostic, {
      code: 'NP0010',
      severity: 'information',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 'apiVersion: v2'.length } },
      message:
        'Helm chart web not rendered (helm was not found: install helm or set netpol.helm.command): 1 NetworkPolicy template and 2 workload templates in templates/ are not analysed.',
    });
    assert.equal(codeInfo('NP0010').severity, 'information');
  });

  it('multi-document templates count every document; wrapped in {{- if }} or {{- range }} too; indented and commented kinds do not', () => {
    const text = [
      '{{- if .Values.networkPolicy.enabled }}',
      policy('web', 'podSelector: {}').trimEnd(),
      '---',
      policy('api', 'podSelector: {}').trimEnd(),
      '{{- end }}',
      '{{- range .Values.workers }}',
      '---',
      deployment('worker', { app: 'worker' }).trimEnd(),
      '{{- end }}',
      '# kind: Deployment',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nroleRef:\n  kind: Role\n  name: x\nsubjects:\n- kind: ServiceAccount\n  name: x',
    ].join('\n');
    assert.deepEqual(templateKinds(text), ['NetworkPolicy', 'NetworkPolicy', 'Deployment', 'RoleBinding']);
    const workspace = new Workspace();
    workspace.setFile('file:///ws/app/Chart.yaml', "apiVersion: v2\nname: 'app'\nversion: 1.0.0\n");
    workspace.setFile('file:///ws/app/templates/all.yaml', text);
    workspace.setFile(
      'file:///ws/app/templates/more.yaml',
      documents(service('svc', { app: 'x' }, [{ port: 80 }]), deployment('x', { app: 'x' })),
    );
    assert.deepEqual(
      chartSummaries(workspace).map((summary) => [summary.name, summary.networkPolicyTemplates, summary.workloadTemplates]),
      [['app', 2, 2]],
    );
  });

  it('charts the caller rendered are left out; a chart known only from its templates (the CLI given templates alone) is named by its folder', () => {
    const workspace = new Workspace({ helmCharts: ['file:///ws/charts/shop'] });
    workspace.setFile('file:///ws/charts/shop/templates/np.yaml', policy('shop', 'podSelector: {}'));
    workspace.setFile('file:///ws/other/Chart.yaml', 'apiVersion: v2\nname: other\nversion: 1.0.0\n');
    const summaries = chartSummaries(workspace);
    assert.deepEqual(
      summaries.map((summary) => [summary.name, summary.chartFileRead, summary.networkPolicyTemplates, summary.templateFiles]),
      [
        ['shop', false, 1, ['file:///ws/charts/shop/templates/np.yaml']],
        ['other', true, 0, []],
      ],
    );
    assert.equal(
      chartNotRenderedDiagnostic(summaries[1], 'rendering is off').message,
      'Helm chart other not rendered (rendering is off): its templates/ declare no NetworkPolicy and no workload.',
    );
    assert.deepEqual(
      chartSummaries(workspace, new Set(['file:///ws/charts/shop'])).map((summary) => summary.name),
      ['other'],
    );
  });
});
