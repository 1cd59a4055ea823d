// The cost of rendering in the editor: a kustomize overlay of 100 resources (a base of 50
// Deployments and 50 NetworkPolicies, an overlay with a namespace, a name prefix, labels and
// a patch) built by the server's BuildRenderer with the real kustomize (`kubectl kustomize`
// here), then the same build again after another context was analysed, with unchanged inputs,
// which the renderer answers from its outputs kept by input content (no process), and the engine's share of a build
// (reading the output and placing each object in its origin file).
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../server/src/engine/workspace';
import { BuildRenderer, type BuildTarget, type RenderConfig } from '../server/src/lsp/rendering';
import { Log } from '../server/src/lsp/log';
import { WorkspaceIndex } from '../server/src/lsp/workspaceIndex';
import { DEFAULT_RENDER_LIMITS, renderKustomization, resolveKustomizeCommand } from '../server/src/render';
import { deployment, documents, policy } from '../test/builders';
import { median, report, time } from './stats';

const SERVICES = 50;

export function writeOverlay(root: string): { files: string[]; overlay: string } {
  const base = join(root, 'base');
  const overlay = join(root, 'overlays', 'prod');
  mkdirSync(base, { recursive: true });
  mkdirSync(overlay, { recursive: true });
  const resources: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    writeFileSync(join(base, `${name}.yaml`), documents(deployment(name, { app: name }, ['http:8080'])));
    writeFileSync(
      join(base, `${name}-policy.yaml`),
      policy(
        name,
        `podSelector: {matchLabels: {app: ${name}}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: svc-${String((i + 1) % SERVICES).padStart(2, '0')}}}\n  ports:\n  - port: http`,
      ),
    );
    resources.push(`${name}.yaml`, `${name}-policy.yaml`);
  }
  writeFileSync(join(base, 'kustomization.yaml'), `resources:\n${resources.map((r) => `- ${r}`).join('\n')}\n`);
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    'namespace: shop\nnamePrefix: prod-\nlabels:\n- pairs: {env: prod}\n  includeSelectors: true\nresources: [../../base]\npatches:\n- path: port.yaml\n',
  );
  writeFileSync(
    join(overlay, 'port.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: svc-00}\nspec:\n  ingress:\n  - ports: [{port: 9090}]\n',
  );
  const files = [
    ...readdirSync(base).map((name) => join(base, name)),
    ...readdirSync(overlay).map((name) => join(overlay, name)),
  ];
  return { files, overlay };
}

export async function benchRender(runs = 5): Promise<string[]> {
  const command = resolveKustomizeCommand(undefined);
  if (!command) return ['rendering: skipped, neither kustomize nor kubectl is on PATH'];
  const root = mkdtempSync(join(tmpdir(), 'netpol-render-bench-'));
  try {
    const { files, overlay } = writeOverlay(root);
    const index = new WorkspaceIndex({}, 0);
    for (const file of files) index.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    index.markScanned();
    const kustomization = pathToFileURL(join(overlay, 'kustomization.yaml')).href;
    const target: BuildTarget = {
      id: kustomization,
      tool: 'kustomize',
      label: 'kustomize build overlays/prod',
      anchorUri: kustomization,
      folderUri: pathToFileURL(overlay).href,
      inputs: files.map((file) => pathToFileURL(file).href),
    };
    const config: RenderConfig = { kustomizeCommand: undefined, helmCommand: undefined, limits: DEFAULT_RENDER_LIMITS };
    const silent = new Log({ error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined });

    const firstMs: number[] = [];
    const cachedMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A new renderer each run: its first build has nothing kept.
      const renderer = new BuildRenderer(
        index,
        silent,
        () => undefined,
        () => false,
        process.env,
        0,
      );
      let start = performance.now();
      renderer.request([target], config);
      await renderer.idle();
      firstMs.push(performance.now() - start);
      // Another context, then this one again: the build leaves the index and comes back from the output kept for its inputs.
      renderer.request([], config);
      await renderer.idle();
      start = performance.now();
      renderer.request([target], config);
      await renderer.idle();
      cachedMs.push(performance.now() - start);
    }
    const objects = index.current().workloads().length + index.current().networkPolicies().length;

    // The engine's share: the output read and placed, without the process.
    const outcome = await renderKustomization(overlay, command, DEFAULT_RENDER_LIMITS);
    if (!outcome.ok) return [`rendering: the build failed: ${outcome.message}`];
    const engineMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const workspace = new Workspace();
      for (const file of files) workspace.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'));
      engineMs.push(
        time(() =>
          workspace.setBuild({ ...target, output: outcome.output, originBase: outcome.originBase, inputs: target.inputs }),
        ).ms,
      );
    }
    return [
      `rendering (${command.join(' ')}; an overlay of ${SERVICES * 2} resources, ${objects} objects in the index after the build)`,
      report(`first build in the editor (process + engine), median of ${runs}`, median(firstMs)),
      report(`back to it after another context (kept output, set again), median of ${runs}`, median(cachedMs)),
      report(`engine share: output read and placed in origin files, median of ${runs}`, median(engineMs)),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
