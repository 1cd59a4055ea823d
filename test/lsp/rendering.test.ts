// Rendering in the editor, over JSON-RPC against the bundled server and the real kustomize
// (`kubectl kustomize`): the root kustomizations of the workspace are offered as analysis
// contexts, the active context's builds are rendered, and what they render is what hovers,
// diagnostics and the Reachability view answer about, in the files people edit. Two overlays
// that put the same objects into one namespace describe two clusters: the default shows the
// first (path order) and says how to pick the other.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ContextsRequest,
  RenderStatusNotification,
  SetContextRequest,
  WorkloadsRequest,
  SettingKeys,
  type InitializationOptions,
} from '../../server/src/protocol';
import { requireKubectl } from '../helpers';
import { startInFolder, type FolderServer } from './withServer';

const FIXTURE = join(__dirname, '..', 'fixtures', 'kustomize-contexts');

/**
 * Asks `method` until its answer satisfies `predicate`: the roots arrive after the first scan,
 * collisions and rendered objects after builds.
 */
async function answerWhen<Result>(folder: FolderServer, method: string, predicate: (result: Result) => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await folder.server.request<Result>(method);
    if (predicate(result)) return result;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(result)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const contextsWhen = (folder: FolderServer, predicate: (result: ContextsRequest.Result) => boolean, what: string) =>
  answerWhen(folder, ContextsRequest.method, predicate, what);
const workloadsWhen = (folder: FolderServer, predicate: (result: WorkloadsRequest.Result) => boolean, what: string) =>
  answerWhen(folder, WorkloadsRequest.method, predicate, what);

const refsOf = (result: WorkloadsRequest.Result) => result.namespaces.flatMap((ns) => ns.workloads.map((w) => w.ref));

describe('lsp rendering: kustomize overlays as analysis contexts', () => {
  let folder: FolderServer;
  before(async () => {
    requireKubectl();
    folder = await startInFolder(FIXTURE);
    await folder.scanned();
  });
  after(() => folder.dispose());

  it('offers each root kustomization; two overlays rendering the same objects collide, so the default is the first, with a notice saying how to pick', async () => {
    const dev = folder.uri('overlays/dev/kustomization.yaml');
    const result = await contextsWhen(
      folder,
      (r) => r.active === dev && r.notice !== undefined,
      'the default to settle on overlays/dev',
    );
    const ids = result.contexts.map((context) => context.id);
    assert.ok(ids.includes(folder.uri('overlays/prod/kustomization.yaml')), JSON.stringify(ids));
    assert.ok(!ids.includes(folder.uri('base/kustomization.yaml')), 'the base is listed by the overlays: not a root');
    assert.match(result.notice!, /overlays\/dev/);
    assert.match(result.notice!, /Pick Analysis Context/);
  });

  it("answers with the build's objects, placed in the base files: namespace shop from the overlay, each workload's location in base/workloads.yaml", async () => {
    const result = await workloadsWhen(folder, (r) => refsOf(r).includes('shop/api[Deployment]'), 'the rendered workloads');
    assert.deepEqual(refsOf(result).sort(), ['shop/api[Deployment]', 'shop/web[Deployment]']);
    const api = result.namespaces.flatMap((ns) => ns.workloads).find((w) => w.name === 'api')!;
    assert.equal(api.location?.uri, folder.uri('base/workloads.yaml'));
    assert.equal(api.isolated.ingress, true);
  });

  it('a finding on a value the overlay patched lands in the base policy, and says the build set it', async () => {
    const uri = folder.uri('base/policy.yaml');
    await folder.server.open(uri, folder.read('base/policy.yaml'));
    const diagnostics = await folder.server.eventuallyPublished(
      uri,
      (list) => list.some((d) => d.code === 'NP3003'),
      'NP3003 on the patched port',
    );
    const named = diagnostics.find((d) => d.code === 'NP3003')!;
    // `- port: http` is line 15 of base/policy.yaml; overlays/dev patches it to `debug`, a port no pod names.
    assert.equal(named.range.start.line, 14);
    assert.match(named.message, /"debug"/);
    assert.match(
      named.message,
      /\[in the output of kustomize build overlays\/dev: the value there is set by the build, from \.\.\/overlays\/dev\/kustomization\.yaml, not written here\]/,
    );
  });

  it('picking the other overlay renders it: the patch is gone, and so is the finding', async () => {
    const uri = folder.uri('base/policy.yaml');
    const prod = folder.uri('overlays/prod/kustomization.yaml');
    await folder.server.request<SetContextRequest.Result>(SetContextRequest.method, {
      id: prod,
    } satisfies SetContextRequest.Params);
    await folder.server.eventuallyPublished(
      uri,
      (list) => !list.some((d) => d.code === 'NP3003'),
      'no NP3003 under overlays/prod',
    );
  });

  it('a build that fails says why on its kustomization (NP0009), and the status bar hears of it', async () => {
    const seen = folder.server.notifications.length;
    const kustomization = folder.uri('overlays/prod/kustomization.yaml');
    writeFileSync(join(folder.dir, 'overlays/prod/kustomization.yaml'), 'namespace: shop\nresources:\n  - ../../missing\n');
    await folder.server.changeWatchedFiles([{ uri: kustomization, type: 2 }]);
    const status = await folder.server.notification<RenderStatusNotification.Params>(
      RenderStatusNotification.method,
      (params) => params.state === 'failed',
      seen,
    );
    assert.match(status.detail ?? '', /kustomize build overlays\/prod failed/);
    await folder.server.open(kustomization, folder.read('overlays/prod/kustomization.yaml'));
    const diagnostics = await folder.server.eventuallyPublished(
      kustomization,
      (list) => list.some((d) => d.code === 'NP0009'),
      'NP0009 on the kustomization',
    );
    assert.match(diagnostics.find((d) => d.code === 'NP0009')!.message, /missing/);
  });
});

describe('lsp rendering: a context of netpol.contexts reads only its folders besides its builds', () => {
  let folder: FolderServer;
  let source: string;
  before(async () => {
    requireKubectl();
    source = mkdtempSync(join(tmpdir(), 'netpol-contexts-'));
    cpSync(FIXTURE, source, { recursive: true });
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ops}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    mkdirSync(join(source, 'extra'));
    writeFileSync(join(source, 'extra', 'cron.yaml'), deployment('cron'));
    mkdirSync(join(source, 'stray'));
    writeFileSync(join(source, 'stray', 'old.yaml'), deployment('old'));
    folder = await startInFolder(source, {
      settings: { [SettingKeys.contexts]: [{ name: 'prod', builds: ['overlays/prod'], folders: ['extra'] }] },
    });
    await folder.scanned();
  });
  after(async () => {
    await folder.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  it('picked, it analyses overlays/prod rendered and extra/ as written; stray/ is left out', async () => {
    await folder.server.request<SetContextRequest.Result>(SetContextRequest.method, {
      id: `setting:${folder.root}#prod`,
    } satisfies SetContextRequest.Params);
    const result = await workloadsWhen(
      folder,
      (r) => refsOf(r).includes('shop/api[Deployment]') && !refsOf(r).includes('ops/old[Deployment]'),
      'the context prod',
    );
    assert.deepEqual(refsOf(result).sort(), ['ops/cron[Deployment]', 'shop/api[Deployment]', 'shop/web[Deployment]']);
  });
});

describe('lsp rendering: an untrusted workspace renders nothing', () => {
  let folder: FolderServer;
  before(async () => {
    folder = await startInFolder(FIXTURE, {
      initializationOptions: { workspaceTrusted: false } satisfies InitializationOptions,
    });
    await folder.scanned();
  });
  after(() => folder.dispose());

  it('says so in the status bar, and reads every file as it is written', async () => {
    const status = await folder.server.notification<RenderStatusNotification.Params>(
      RenderStatusNotification.method,
      (params) => params.state === 'off',
    );
    assert.match(status.detail ?? '', /trust/);
    const result = await workloadsWhen(folder, (r) => refsOf(r).length > 0, 'the workloads read as written');
    // Read as written, the base's workloads are there once, in the namespace the overlays' raw reading gives them.
    assert.deepEqual(refsOf(result).sort(), ['shop/api[Deployment]', 'shop/web[Deployment]']);
    assert.ok(
      result.namespaces.flatMap((ns) => ns.workloads).every((w) => w.location?.uri === folder.uri('base/workloads.yaml')),
    );
  });
});

describe('lsp rendering: a Helm chart rendered with netpol.helm.command (the stand-in)', () => {
  // helm cannot be installed on the development machines: the stand-in prints what helm template
  // prints for test/fixtures/helm-chart/web (README, "how the helm path is verified").
  const STAND_IN = resolve(__dirname, '..', 'fixtures', 'render-standins', 'helm');
  let folder: FolderServer;
  before(async () => {
    folder = await startInFolder(join(__dirname, '..', 'fixtures', 'helm-chart', 'web'), {
      settings: { [SettingKeys.helmCommand]: STAND_IN },
    });
    await folder.scanned();
  });
  after(() => folder.dispose());

  it("renders the chart (its own values.yaml, release named after it): the template's Deployment is a workload located in its template, and Chart.yaml has no NP0010", async () => {
    const result = await workloadsWhen(folder, (r) => refsOf(r).includes('default/web[Deployment]'), 'the rendered chart');
    const web = result.namespaces.flatMap((ns) => ns.workloads).find((w) => w.name === 'web')!;
    assert.equal(web.location?.uri, folder.uri('templates/deployment.yaml'));
    // `kind: Deployment` is line 2 of the template.
    assert.equal(web.location?.range.start.line, 1);
    assert.equal(result.unrenderedCharts, undefined);
    const chart = folder.uri('Chart.yaml');
    await folder.server.open(chart, folder.read('Chart.yaml'));
    const diagnostics = await folder.server.diagnostics(chart);
    assert.ok(!diagnostics.some((d) => d.code === 'NP0010'), JSON.stringify(diagnostics));
  });

  it("a finding on the rendered policy sits on its template's kind line and says the template does not map fields", async () => {
    const uri = folder.uri('templates/networkpolicy.yaml');
    await folder.server.open(uri, folder.read('templates/networkpolicy.yaml'));
    const diagnostics = await folder.server.eventuallyPublished(uri, (list) => list.some((d) => d.code === 'NP3002'), 'NP3002');
    for (const d of diagnostics) {
      assert.equal(d.range.start.line, 2, JSON.stringify(d));
      assert.match(d.message, /placed on the object, as the template's lines do not map to its fields/);
    }
  });
});
