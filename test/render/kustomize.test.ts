// renderKustomization with the real kustomize (`kubectl kustomize`, kustomize v5 built in) on the
// fixture trees of test/fixtures/render-kustomize: a base, an overlay (namePrefix, namespace, a
// strategic-merge patch), a kustomization with a missing resource, and one with a remote resource.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { DEFAULT_RENDER_LIMITS, renderKustomization, type RenderOutcome } from '../../server/src/render/index';
import { toolErrorText } from '../../server/src/render/toolMessages';
import { KUSTOMIZE_FIXTURES, kustomizeCommand, privateTmpdir, treeListing } from './renderHarness';

const folder = (name: string) => resolve(KUSTOMIZE_FIXTURES, name);

interface Rendered {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { replicas?: number };
}

function succeeded(outcome: RenderOutcome): Extract<RenderOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected a build, got: ${outcome.message}`);
  return outcome;
}

function failed(outcome: RenderOutcome): string {
  if (outcome.ok) assert.fail('expected the build to fail');
  return outcome.message;
}

/** kind/name -> the file its origin annotation names, resolved against originBase (a folder URI). */
function origins(outcome: Extract<RenderOutcome, { ok: true }>): Map<string, string> {
  const base = fileURLToPath(outcome.originBase);
  const out = new Map<string, string>();
  for (const object of yaml.loadAll(outcome.output) as Rendered[]) {
    const origin = yaml.load(object.metadata.annotations?.['config.kubernetes.io/origin'] ?? '') as { path?: string } | undefined;
    assert.ok(origin?.path, `${object.kind}/${object.metadata.name} has no origin annotation`);
    out.set(`${object.kind}/${object.metadata.name}`, resolve(base, origin.path));
  }
  return out;
}

describe('renderKustomization with the real kustomize', () => {
  let tmp: ReturnType<typeof privateTmpdir>;
  before(() => (tmp = privateTmpdir()));
  after(() => tmp.restore());

  it('builds an overlay as kubectl apply -k would: prefix, namespace and patch applied, each object annotated with the file it came from', async () => {
    const outcome = succeeded(await renderKustomization(folder('overlay'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    const objects = yaml.loadAll(outcome.output) as Rendered[];
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort(), [
      'Deployment/shop-prod/prod-web',
      'NetworkPolicy/shop-prod/prod-web-from-frontend',
      'Service/shop-prod/prod-web',
    ]);
    assert.equal(objects.find((o) => o.kind === 'Deployment')?.spec?.replicas, 3);
    // kustomize writes origins relative to the kustomization it built (the wrapper):
    // kubectl.docs.kubernetes.io/references/kustomize/kustomization/buildmetadata/
    assert.deepEqual(
      origins(outcome),
      new Map([
        ['Service/prod-web', folder('base/service.yaml')],
        ['Deployment/prod-web', folder('base/deployment.yaml')],
        ['NetworkPolicy/prod-web-from-frontend', folder('base/networkpolicy.yaml')],
      ]),
    );
    // transformerAnnotations: the overlay's kustomization is named as where the patch was configured.
    const deployment = objects.find((o) => o.kind === 'Deployment');
    const transformations = yaml.load(deployment?.metadata.annotations?.['alpha.config.kubernetes.io/transformations'] ?? '') as {
      configuredIn: string;
      configuredBy: { kind: string };
    }[];
    const patch = transformations.find((t) => t.configuredBy.kind === 'PatchTransformer');
    assert.equal(resolve(fileURLToPath(outcome.originBase), patch?.configuredIn ?? ''), folder('overlay/kustomization.yaml'));
    assert.ok(outcome.originBase.startsWith('file:///'), outcome.originBase);
  });

  it('builds what building the folder directly builds, in the same order, the top-level sortOptions and buildMetadata included', async () => {
    // sortOptions and buildMetadata count only in the kustomization that is built
    // (kubectl.docs.kubernetes.io/references/kustomize/kustomization/sortoptions/, api/krusty/kustomizer.go).
    const [program = '', ...args] = kustomizeCommand();
    const withoutBuildAnnotations = (object: Rendered): Rendered => {
      const annotations = { ...object.metadata.annotations };
      delete annotations['config.kubernetes.io/origin'];
      delete annotations['alpha.config.kubernetes.io/transformations'];
      const { annotations: _all, ...rest } = object.metadata;
      return { ...object, metadata: Object.keys(annotations).length === 0 ? rest : { ...rest, annotations } };
    };
    for (const name of ['overlay', 'fifo']) {
      const direct = spawnSync(program, [...args, folder(name)], { encoding: 'utf8' });
      assert.equal(direct.status, 0, direct.stderr);
      const outcome = succeeded(await renderKustomization(folder(name), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
      assert.deepEqual(
        (yaml.loadAll(outcome.output) as Rendered[]).map(withoutBuildAnnotations),
        yaml.loadAll(direct.stdout),
        name,
      );
    }
    // The fixture's fifo order is not kustomize's default (legacy: Service before Deployment).
    const fifo = succeeded(await renderKustomization(folder('fifo'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    assert.deepEqual(
      (yaml.loadAll(fifo.output) as Rendered[]).map((o) => o.kind),
      ['Deployment', 'Service', 'NetworkPolicy'],
    );
    assert.match(fifo.output, /app\.kubernetes\.io\/managed-by: kustomize-/);
  });

  it("writes nothing into the user's folders and deletes its wrapper kustomization", async () => {
    const before = treeListing(KUSTOMIZE_FIXTURES);
    succeeded(await renderKustomization(folder('overlay'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    failed(await renderKustomization(folder('broken'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    assert.deepEqual(treeListing(KUSTOMIZE_FIXTURES), before);
    assert.deepEqual(tmp.leftovers(), []);
  });

  it("reports a missing resource with kustomize's reason, naming the user's folder and not the wrapper", async () => {
    const message = failed(await renderKustomization(folder('broken'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    assert.ok(message.startsWith(`kustomize build ${folder('broken')} failed: `), message);
    // kustomize's own words (api/internal/target/kusttarget.go accumulateResources).
    assert.match(message, /accumulating resources from 'missing-deployment\.yaml'/);
    assert.ok(message.includes(folder('broken/missing-deployment.yaml')), message);
    assert.match(message, /no such file or directory/);
    assert.doesNotMatch(message, /netpol-kustomize-|^E\d{4} |"command failed"| err="/);
    // Word for word what building the folder directly says.
    const [program = '', ...args] = kustomizeCommand();
    const direct = spawnSync(program, [...args, folder('broken')], { encoding: 'utf8' });
    assert.notEqual(direct.status, 0);
    assert.equal(message, `kustomize build ${folder('broken')} failed: ${toolErrorText(direct.stderr)}`);
  });

  it('a remote resource fails without the network, with kustomize naming the URL: HTTP goes to the closed loopback proxy, git may not use https', async () => {
    const message = failed(await renderKustomization(folder('remote'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    assert.ok(message.startsWith(`kustomize build ${folder('remote')} failed: `), message);
    assert.ok(message.includes('https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1'), message);
    // Go's HTTP client took the proxy (ProxyFromEnvironment) and git refused the transport (GIT_ALLOW_PROTOCOL, git(1)).
    assert.match(message, /127\.0\.0\.1:9/);
    assert.match(message, /transport 'https' not allowed/);
  });

  it('a folder that does not exist is named as such, without kustomize', async () => {
    const message = failed(await renderKustomization(folder('no-such-overlay'), kustomizeCommand(), DEFAULT_RENDER_LIMITS));
    assert.equal(message, `kustomize build ${folder('no-such-overlay')} failed: ${folder('no-such-overlay')} does not exist`);
  });

  it('stops the real kustomize at the output limit', async () => {
    const limits = { ...DEFAULT_RENDER_LIMITS, maxOutputBytes: 100 };
    const message = failed(await renderKustomization(folder('overlay'), kustomizeCommand(), limits));
    assert.equal(message, `kustomize build ${folder('overlay')} printed more than 100 bytes; stopped`);
  });

  it('accepts --enable-helm when the limits allow helm inflation (kubectl kustomize and kustomize build both know the flag)', async () => {
    const limits = { ...DEFAULT_RENDER_LIMITS, enableHelm: true };
    succeeded(await renderKustomization(folder('base'), kustomizeCommand(), limits));
  });
});
