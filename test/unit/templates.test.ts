// Which files are templates rather than manifests. Only a Go template action where
// YAML reads structure (kubectl cannot read the file), or a file under a Helm chart's
// templates/ folder, makes a template; `{{ ... }}` kept as data in rendered output is
// analysed like any other text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartOfTemplate } from '../../server/src/engine/helmCharts';
import { validateManifest } from '../../server/src/engine/validate';
import { Workspace } from '../../server/src/engine/workspace';
import { manifest, RENDERED_MONITORING, textAt } from '../helpers';
import { policy } from '../builders';

describe('templates: rendered output with {{ ... }} as data is analysed', () => {
  it('a ConfigMap holding a Grafana dashboard and Prometheus rules in block scalars, a NetworkPolicy and a Deployment: every object is read', () => {
    const file = manifest(RENDERED_MONITORING);
    assert.equal(file.template, undefined);
    assert.deepEqual(
      file.objects.map((o) => o.kind),
      ['ConfigMap', 'NetworkPolicy', 'Deployment'],
    );
    const workspace = new Workspace();
    workspace.setFile('file:///repo/monitoring.yaml', RENDERED_MONITORING);
    assert.equal(workspace.networkPolicies().length, 1);
    const [policyObject] = workspace.networkPolicies();
    assert.deepEqual(
      workspace
        .workloadsSelectedBy(workspace.policyModel(policyObject.object).podSelector.selector, 'monitoring')
        .map((w) => w.ref),
      ['monitoring/grafana[Deployment]'],
    );
  });

  it('a quoted "{{PROJECT_ID}}" and a plain scalar with an action inside (image: repo/{{ .Values.tag }}) are strings', () => {
    const file = manifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  project: "{{PROJECT_ID}}"\n  image: repo/{{ .Values.tag }}\n',
    );
    assert.equal(file.template, undefined);
    assert.deepEqual(file.objects[0].value.data, { project: '{{PROJECT_ID}}', image: 'repo/{{ .Values.tag }}' });
  });
});

describe('templates: Go template actions that break the YAML make a template', () => {
  it('{{- if .Values.x }} at the start of a line (a YAML syntax error): a template, no objects, only NP0008 saying so', () => {
    const text = `{{- if .Values.networkPolicy.enabled }}\n${policy('shop/web', 'podSelector: {}\n')}{{- end }}\n`;
    const file = manifest(text);
    assert.equal(file.template?.kind, 'go-template');
    assert.equal(file.template.kind === 'go-template' && textAt(text, file.template.action), '{{');
    assert.deepEqual(file.objects, []);
    assert.deepEqual(
      validateManifest(file).map((d) => `${d.code} ${d.severity} ${textAt(text, d.range)}`),
      ['NP0008 information {{'],
    );
  });

  it('name: {{ .Values.name }} parses as YAML, but a mapping as a mapping key is what go-yaml refuses ("invalid map key"): a template', () => {
    const text =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  podSelector: {}\n';
    const file = manifest(text);
    assert.equal(file.template?.kind, 'go-template');
    assert.deepEqual(file.template.kind === 'go-template' && file.template.action.start, { line: 3, character: 8 });
    assert.deepEqual(file.objects, []);
  });

  it('an indented {{- include ... | nindent 6 }} line is a template too', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n  name: x\n';
    assert.equal(manifest(text).template?.kind, 'go-template');
  });
});

describe('templates: files under a Helm chart templates/ folder', () => {
  const chart = 'file:///repo/charts/shop';
  const template = `${chart}/templates/networkpolicy.yaml`;
  const parsable = policy('shop/web', 'podSelector: {}\n');

  it('is a template even when it parses, once the chart has a Chart.yaml; parsed again as a manifest when the Chart.yaml goes', () => {
    const workspace = new Workspace();
    workspace.setFile(template, parsable);
    assert.equal(workspace.networkPolicies().length, 1, 'templates/ alone, without Chart.yaml, is an ordinary folder');
    workspace.setFile(`${chart}/Chart.yaml`, 'apiVersion: v2\nname: shop\nversion: 1.0.0\n');
    assert.deepEqual(workspace.manifest(template)?.template, { kind: 'helm-chart', chart });
    assert.equal(workspace.networkPolicies().length, 0);
    assert.equal(workspace.helmChartOf(`${chart}/templates/sub/deep.yaml`), chart, 'subfolders of templates/ are rendered too');
    assert.equal(workspace.helmChartOf(`${chart}/values.yaml`), undefined);
    workspace.removeFile(`${chart}/Chart.yaml`);
    assert.equal(workspace.manifest(template)?.template, undefined);
    assert.equal(workspace.networkPolicies().length, 1);
  });

  it('a template read after its Chart.yaml, and a chart the caller knows of without its Chart.yaml (CLI: found on disk)', () => {
    const workspace = new Workspace();
    workspace.setFile(`${chart}/Chart.yaml`, 'apiVersion: v2\nname: shop\n');
    workspace.setFile(template, parsable);
    assert.equal(workspace.manifest(template)?.template?.kind, 'helm-chart');
    const known = new Workspace({ helmCharts: [chart] });
    known.setFile(template, parsable);
    assert.equal(known.manifest(template)?.template?.kind, 'helm-chart');
  });

  it('the nearest templates folder whose parent is a chart decides (subcharts under charts/)', () => {
    const charts = new Set(['file:///repo/app', 'file:///repo/app/charts/db']);
    const isChart = (folder: string) => charts.has(folder);
    assert.equal(chartOfTemplate('file:///repo/app/charts/db/templates/np.yaml', isChart), 'file:///repo/app/charts/db');
    assert.equal(chartOfTemplate('file:///repo/app/templates/x/np.yaml', isChart), 'file:///repo/app');
    assert.equal(chartOfTemplate('file:///repo/other/templates/np.yaml', isChart), undefined);
  });
});
