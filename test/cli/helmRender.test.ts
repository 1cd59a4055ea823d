// `--helm CHART` through the bundled CLI with the helm stand-in (test/fixtures/render-standins/helm,
// which prints hand-written output in helm template's exact format: `---` and
// `# Source: <chart>/templates/<file>` per document, helm.sh/docs/helm/helm_template/). helm cannot
// be installed on the development machines; test/render/helm.test.ts compares the stand-in with a
// real helm where one is on PATH.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runNetpol } from './cliHarness';

const ROOT = resolve(__dirname, '..', '..');
const CHART = join('test', 'fixtures', 'helm-chart', 'web');
const STAND_IN = join('test', 'fixtures', 'render-standins', 'helm');
const helm = (...args: string[]) => ['--helm', CHART, ...args, '--helm-command', STAND_IN];

describe('netpol --helm: a chart rendered by helm template', () => {
  before(ensureBuilt);

  it('check reports the rendered policy in its template, on the line that writes its kind, and says the template does not map fields', () => {
    const run = runNetpol(['check', ...helm(), '--format', 'json'], ROOT);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      diagnostics: { file: string; line: number; code: string; message: string }[];
      helmCharts: unknown[];
    };
    const found = result.diagnostics.filter((d) => d.code === 'NP3002');
    assert.ok(found.length > 0, run.stdout);
    for (const diagnostic of found) {
      assert.equal(diagnostic.file, join(CHART, 'templates', 'networkpolicy.yaml'));
      // `kind: NetworkPolicy` is line 3 of the template (after `{{- if ... }}` and apiVersion).
      assert.equal(diagnostic.line, 3);
      assert.match(
        diagnostic.message,
        /\[in the output of helm template web .*: placed on the object, as the template's lines do not map to its fields\]$/,
      );
    }
    // Rendered, the chart is no unrendered chart (NP0010).
    assert.deepEqual(result.helmCharts, []);
  });

  it('reach answers with the rendered objects: the release namespace, the Deployment the template makes', () => {
    const run = runNetpol(['reach', ...helm('--release-namespace', 'shop'), '--format', 'json'], ROOT);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { workloads: { ref: string; location?: { uri: string } }[] };
    assert.deepEqual(
      result.workloads.map((w) => w.ref),
      ['shop/web[Deployment]'],
    );
  });

  it('values files given after --helm reach helm: the policy the stand-in renders from them admits monitoring too', () => {
    const values = join('test', 'fixtures', 'helm-chart', 'values-prod.yaml');
    const messages = (args: string[]) => {
      const run = runNetpol(['check', ...helm(...args), '--format', 'json'], ROOT);
      assert.equal(run.status, 0, run.stderr);
      return (JSON.parse(run.stdout) as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message).join('\n');
    };
    assert.doesNotMatch(messages([]), /app\.kubernetes\.io\/name=monitoring/);
    assert.match(
      messages(['--values', values, '--namespace', 'shop']),
      /app\.kubernetes\.io\/name=monitoring\) matches no workload in the policy's namespace shop/,
    );
  });

  it("a chart whose dependencies are missing stops reach with helm's advice, and is NP0009 on its Chart.yaml in check", () => {
    const chart = join('test', 'fixtures', 'helm-chart', 'needs-deps');
    const reach = runNetpol(['reach', '--helm', chart, '--helm-command', STAND_IN], ROOT);
    assert.equal(reach.status, 2);
    assert.equal(reach.stdout, '');
    assert.match(reach.stderr, /helm dependency build/);
    const check = runNetpol(['check', '--helm', chart, '--helm-command', STAND_IN, '--format', 'json'], ROOT);
    assert.equal(check.status, 1);
    const result = JSON.parse(check.stdout) as { diagnostics: { file: string; code: string }[] };
    assert.deepEqual(
      result.diagnostics.map((d) => [d.file, d.code]),
      [[join(chart, 'Chart.yaml'), 'NP0009']],
    );
  });

  it('--values before any --helm is a usage error', () => {
    const run = runNetpol(['check', '--values', 'x.yaml', '--helm', CHART], ROOT);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--values belongs to a --helm CHART given before it/);
  });
});
