// renderHelmChart through a stand-in for helm (test/fixtures/render-standins/helm: it checks its
// arguments and prints, written by hand, helm's output for test/fixtures/helm-chart/web), and
// once with the real helm when one is on PATH. helm cannot be installed on the development
// machines; README "Rendering: how the helm path is verified" says so.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import {
  DEFAULT_RENDER_LIMITS,
  renderHelmChart,
  resolveHelmCommand,
  type HelmRelease,
  type RenderOutcome,
} from '../../server/src/render/index';
import { HELM_CHARTS, STANDINS } from './renderHarness';

const web = join(HELM_CHARTS, 'web');
const standin = [join(STANDINS, 'helm')];
const release = (overrides: Partial<HelmRelease> = {}): HelmRelease => ({
  chartFolder: web,
  releaseName: 'shop',
  namespace: 'shop',
  valuesFiles: [],
  ...overrides,
});

function succeeded(outcome: RenderOutcome): Extract<RenderOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected a render, got: ${outcome.message}`);
  return outcome;
}

interface Rendered {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { replicas?: number; ingress?: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
}

/** `# Source:` paths in order, and the objects. */
function documents(output: string): { sources: string[]; objects: Rendered[] } {
  const sources = [...output.matchAll(/^# Source: (.+)$/gm)].map((match) => match[1] ?? '');
  return { sources, objects: yaml.loadAll(output).filter((o) => o !== null) as Rendered[] };
}

describe('renderHelmChart with the helm stand-in', () => {
  it("renders in helm's format: `---` and `# Source: <chart>/templates/<file>` per document, in helm's install order (NetworkPolicy, Service, Deployment)", async () => {
    const outcome = succeeded(await renderHelmChart(release(), standin, DEFAULT_RENDER_LIMITS));
    // helm template prints "---\n# Source: %s\n%s\n" per manifest (pkg/action/action.go), sorted
    // by releaseutil.InstallOrder (pkg/releaseutil/kind_sorter.go).
    assert.match(
      outcome.output,
      /^---\n# Source: web\/templates\/networkpolicy\.yaml\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n/,
    );
    const { sources, objects } = documents(outcome.output);
    assert.deepEqual(sources, [
      'web/templates/networkpolicy.yaml',
      'web/templates/service.yaml',
      'web/templates/deployment.yaml',
    ]);
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
      ['NetworkPolicy/shop/shop-web', 'Service/shop/shop-web', 'Deployment/shop/shop-web'],
    );
    assert.equal(objects[2]?.spec.replicas, 2);
  });

  it('originBase is the chart folder: each source, without its first segment (the chart name), is a template file of the chart', async () => {
    const outcome = succeeded(await renderHelmChart(release(), standin, DEFAULT_RENDER_LIMITS));
    assert.equal(fileURLToPath(outcome.originBase), web);
    for (const source of documents(outcome.output).sources) {
      const file = resolve(fileURLToPath(outcome.originBase), source.split('/').slice(1).join('/'));
      assert.ok(existsSync(file), `${source} -> ${file}`);
    }
  });

  it('passes the release name, namespace and values files (-f, in order: later files win)', async () => {
    const prod = join(HELM_CHARTS, 'values-prod.yaml');
    const canary = join(HELM_CHARTS, 'values-canary.yaml');
    const withProd = documents(
      succeeded(await renderHelmChart(release({ valuesFiles: [prod] }), standin, DEFAULT_RENDER_LIMITS)).output,
    );
    assert.equal(withProd.objects[2]?.spec.replicas, 4);
    assert.deepEqual(
      withProd.objects[0]?.spec.ingress?.[0]?.from.map((peer) => peer.podSelector.matchLabels['app.kubernetes.io/name']),
      ['frontend', 'monitoring'],
    );
    const both = documents(
      succeeded(
        await renderHelmChart(
          release({ valuesFiles: [prod, canary], releaseName: 'web', namespace: 'edge' }),
          standin,
          DEFAULT_RENDER_LIMITS,
        ),
      ).output,
    );
    assert.equal(both.objects[2]?.spec.replicas, 1);
    // A release name that holds the chart name is the objects' name (the chart's web.fullname).
    assert.deepEqual(
      both.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      ['edge/web', 'edge/web', 'edge/web'],
    );
  });

  it('a chart whose dependencies are missing: the message says to run helm dependency build on that chart', async () => {
    const chart = join(HELM_CHARTS, 'needs-deps');
    const outcome = await renderHelmChart(release({ chartFolder: chart, releaseName: 'db' }), standin, DEFAULT_RENDER_LIMITS);
    assert.ok(!outcome.ok);
    assert.equal(
      outcome.message,
      `helm template db ${chart} failed: the chart's dependencies (postgresql) are not in its charts/ folder; run \`helm dependency build ${chart}\` and render again.`,
    );
  });

  it("another failure reports helm's message without its Error: prefix", async () => {
    const outcome = await renderHelmChart(release({ namespace: '' }), standin, DEFAULT_RENDER_LIMITS);
    assert.ok(!outcome.ok);
    assert.match(
      outcome.message,
      /^helm template shop \S+ failed: stand-in: expected "template <release> <chart> --namespace <ns>/,
    );
  });

  it('helm not found: what to install, or which setting and flag name the command', async () => {
    const outcome = await renderHelmChart(release(), ['/nonexistent/bin/helm'], DEFAULT_RENDER_LIMITS);
    assert.ok(!outcome.ok);
    assert.equal(
      outcome.message,
      'helm cannot run: /nonexistent/bin/helm was not found. Install helm (helm.sh/docs/intro/install), or set netpol.helm.command (CLI: --helm-command) to its path.',
    );
  });

  it('runs helm off the network too, unless the limits allow it', async () => {
    const printRun = [join(STANDINS, 'print-run')];
    const offline = succeeded(await renderHelmChart(release(), printRun, DEFAULT_RENDER_LIMITS));
    const { args, env } = JSON.parse(offline.output) as { args: string[]; env: Record<string, string | null> };
    assert.deepEqual(args, ['template', 'shop', web, '--namespace', 'shop']);
    assert.equal(env.HTTPS_PROXY, 'http://127.0.0.1:9');
    assert.equal(env.GIT_ALLOW_PROTOCOL, 'file');
    const online = succeeded(await renderHelmChart(release(), printRun, { ...DEFAULT_RENDER_LIMITS, allowNetwork: true }));
    assert.equal(
      (JSON.parse(online.output) as { env: Record<string, string | null> }).env.HTTPS_PROXY,
      process.env.HTTPS_PROXY ?? null,
    );
  });

  it('the same limits as kustomize: a helm that does not finish is stopped and named', async () => {
    const outcome = await renderHelmChart(release(), [join(STANDINS, 'sleeper')], { ...DEFAULT_RENDER_LIMITS, timeoutMs: 1000 });
    assert.ok(!outcome.ok);
    assert.equal(outcome.message, `helm template shop ${web} did not finish in 1 s`);
  });
});

describe('renderHelmChart with the real helm', () => {
  const helm = resolveHelmCommand(undefined);
  it(
    'renders test/fixtures/helm-chart/web as the stand-in does: the same # Source: comments in the same order, the same objects',
    { skip: helm === undefined ? 'helm is not on PATH (the stand-in tests above cover the helm path)' : false },
    async () => {
      const real = documents(succeeded(await renderHelmChart(release(), helm ?? [], DEFAULT_RENDER_LIMITS)).output);
      const stood = documents(succeeded(await renderHelmChart(release(), standin, DEFAULT_RENDER_LIMITS)).output);
      assert.deepEqual(real.sources, stood.sources);
      assert.deepEqual(real.objects, stood.objects);
    },
  );
});
