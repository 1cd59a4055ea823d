// Rendered builds in the engine: a renderer's output read with its origin marks, each object
// placed in the file it came from. The outputs here are written in the tools' exact formats:
// kustomize's origin and transformation annotations (buildMetadata: [originAnnotations,
// transformerAnnotations], kubectl.docs.kubernetes.io/references/kustomize/kustomization/buildmetadata/),
// and helm template's `---` + `# Source: <chart>/templates/<file>` per document
// (helm.sh/docs/helm/helm_template/). The real tools run in test/render and test/cli.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderedBuild } from '../../server/src/engine/renderedBuilds';
import { validateManifest } from '../../server/src/engine/validate';
import { diagnosticsInWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { hoverAt, renderPlainText } from '../../server/src/engine/insight/hover';
import { deployment, documents, policy } from '../builders';

const ROOT = 'file:///repo';
const WRAPPER = 'file:///tmp/netpol-kustomize-x';
const BASE_DEPLOY = `${ROOT}/base/deploy.yaml`;
const BASE_POLICY = `${ROOT}/base/policy.yaml`;
const OVERLAY = `${ROOT}/overlays/prod/kustomization.yaml`;

const baseDeployments = documents(
  deployment('web', { app: 'web' }, ['http:8080']),
  deployment('api', { app: 'api' }, ['grpc:9090']),
);
const basePolicy = policy('web', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports:\n  - port: 8080');

/** What `kubectl kustomize` prints for overlays/prod (namespace prod, namePrefix prod-, a patch setting port 9999), through the wrapper. */
const kustomizeOutput = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../repo/base/deploy.yaml
  name: prod-api
  namespace: prod
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: main
        image: registry.example/app:1
        ports:
        - containerPort: 9090
          name: grpc
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../repo/base/deploy.yaml
    team: web
  name: prod-web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: main
        image: registry.example/app:1
        ports:
        - containerPort: 8080
          name: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  annotations:
    alpha.config.kubernetes.io/transformations: |
      - configuredIn: ../../repo/overlays/prod/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PatchTransformer
    config.kubernetes.io/origin: |
      path: ../../repo/base/policy.yaml
  name: prod-web
  namespace: prod
spec:
  ingress:
  - ports:
    - port: metrics
  podSelector:
    matchLabels:
      app: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: ../../repo/overlays/prod/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: prod-settings-5f7h8k
  namespace: prod
`;

const kustomizeBuild = (output = kustomizeOutput): RenderedBuild => ({
  id: OVERLAY,
  tool: 'kustomize',
  label: 'kustomize build overlays/prod',
  anchorUri: OVERLAY,
  output,
  originBase: WRAPPER,
  inputs: [OVERLAY, `${ROOT}/base/kustomization.yaml`, BASE_DEPLOY, BASE_POLICY],
});

function workspaceWithBase(): Workspace {
  const workspace = new Workspace();
  workspace.setFile(BASE_DEPLOY, baseDeployments);
  workspace.setFile(BASE_POLICY, basePolicy);
  workspace.setFile(`${ROOT}/base/kustomization.yaml`, 'resources: [deploy.yaml, policy.yaml]\n');
  workspace.setFile(OVERLAY, 'namespace: prod\nnamePrefix: prod-\nresources: [../../base]\n');
  return workspace;
}

describe('rendered builds: kustomize output placed in the files it came from', () => {
  test('each rendered object lands in its origin file, on the document of its kind whose name the prefix was added to', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    const [api, web] = workspace.workloads();
    assert.deepEqual(
      workspace.workloads().map((w) => w.ref),
      ['prod/prod-api[Deployment]', 'prod/prod-web[Deployment]'],
    );
    // deployment('web') is the first document of base/deploy.yaml, 'api' the second: each finds its own.
    assert.equal(web.sources[0].uri, BASE_DEPLOY);
    assert.equal(web.sources[0].range.start.line, 0);
    assert.equal(api.sources[0].uri, BASE_DEPLOY);
    assert.ok(api.sources[0].range.start.line > web.sources[0].range.end.line - 1);
  });

  test('the origin annotations are stripped before analysis; the annotations of the user stay', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    const objects = workspace.manifest(BASE_DEPLOY)!.objects;
    const annotations = objects.map((o) => (o.value.metadata as { annotations?: Record<string, string> }).annotations);
    assert.deepEqual(annotations, [{ team: 'web' }, undefined]);
    const rendered = workspace.manifest(BASE_POLICY)!.objects[0];
    assert.equal((rendered.value.metadata as { annotations?: unknown }).annotations, undefined);
  });

  test('a rendered object keeps the namespace kustomize gave it, not one a raw reading of kustomizations would', () => {
    const workspace = workspaceWithBase();
    const output = kustomizeOutput.replace(/\n {2}namespace: prod/g, '');
    workspace.setBuild(kustomizeBuild(output));
    // kubectl apply -k leaves objects without a namespace in the default one (or kubectl's -n).
    assert.deepEqual(
      workspace.workloads().map((w) => w.namespace),
      ['default', 'default'],
    );
  });

  test('while the build is in, its inputs give no objects of their own; removed, they are read as written again', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    assert.equal(workspace.networkPolicies().length, 1);
    assert.equal(workspace.networkPolicies()[0].object.rendered?.build, OVERLAY);
    workspace.removeBuild(OVERLAY);
    assert.deepEqual(
      workspace.workloads().map((w) => w.ref),
      ['prod/api[Deployment]', 'prod/web[Deployment]'],
    );
    assert.equal(workspace.networkPolicies()[0].object.rendered, undefined);
  });

  test('a generated object (configMapGenerator) is placed in the kustomization that generates it', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    const generated = workspace.manifest(OVERLAY)!.objects;
    assert.deepEqual(
      generated.map((o) => o.kind),
      ['ConfigMap'],
    );
  });

  test('a finding on a value a patch set lands on the base document, and says which build set it', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    const file = workspace.manifest(BASE_POLICY)!;
    const found = diagnosticsInWorkspace(validateManifest(file), file, workspace);
    const named = found.find((d) => d.code === 'NP3003');
    assert.ok(named, JSON.stringify(found));
    // The base writes `port: 8080` on line 9 (0-based 8); the patch made it `metrics`.
    assert.equal(named.range.start.line, 8);
    assert.match(named.message, /"metrics"/);
    assert.match(
      named.message,
      /\[in the output of kustomize build overlays\/prod: the value there is set by the build, from \.\.\/overlays\/prod\/kustomization\.yaml, not written here\]$/,
    );
  });

  test('a value the base writes as rendered is located exactly, without a note', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    const rendered = workspace.networkPolicies()[0].object;
    const selector = rendered.locate(['spec', 'podSelector']);
    assert.equal(selector.exact, true);
    assert.equal(selector.valueRange.start.line, 5);
    assert.equal(rendered.locate(['spec', 'ingress', 0, 'ports', 0, 'port']).exact, false);
  });

  test('a hover on the base policy answers for the rendered one, and says which build it is', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    // On `app: web` of the podSelector (line 6, 0-based 5).
    const answer = hoverAt(workspace, BASE_POLICY, { line: 5, character: 33 });
    assert.ok(answer);
    const text = renderPlainText(answer.blocks);
    assert.match(text, /- prod\/prod-web \(Deployment, 1 replica\)/);
    assert.match(text, /As `kustomize build overlays\/prod` renders it: NetworkPolicy prod\/prod-web\./);
  });

  test("an origin file is found under the editor's spelling of its URI, which escapes more than the renderer's ('+' as %2B)", () => {
    const workspace = new Workspace();
    const spelled = `${ROOT}/apps/a%2Bb/policy.yaml`;
    workspace.setFile(spelled, basePolicy);
    const output = kustomizeOutput.replace('path: ../../repo/base/policy.yaml', 'path: ../../repo/apps/a+b/policy.yaml');
    workspace.setBuild({ ...kustomizeBuild(output), inputs: [spelled] });
    const [entry] = workspace.networkPolicies();
    assert.equal(entry.object.uri, spelled);
    assert.equal(entry.object.rendered?.matched, true);
    assert.deepEqual(workspace.manifest(spelled)!.objects, [entry.object]);
  });

  test('one base document rendered twice (two overlays at once) is reported once for what is wrong in its own text', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    workspace.setBuild({ ...kustomizeBuild(), id: `${ROOT}/overlays/copy/kustomization.yaml` });
    const file = workspace.manifest(BASE_POLICY)!;
    assert.equal(file.objects.length, 2);
    const found = diagnosticsInWorkspace(validateManifest(file), file, workspace).filter((d) => d.code === 'NP3003');
    assert.equal(found.length, 1, JSON.stringify(found));
  });

  test("an analysis context's folders: files elsewhere that no build reads contribute nothing; undefined brings them back", () => {
    const workspace = workspaceWithBase();
    workspace.setFile(`${ROOT}/extra/cron.yaml`, deployment('ops/cron', { app: 'cron' }));
    workspace.setFile(`${ROOT}/stray/old.yaml`, deployment('ops/old', { app: 'old' }));
    workspace.setBuild(kustomizeBuild());
    workspace.setReadFolders([`${ROOT}/extra`]);
    assert.deepEqual(
      workspace.workloads().map((w) => w.ref),
      ['ops/cron[Deployment]', 'prod/prod-api[Deployment]', 'prod/prod-web[Deployment]'],
    );
    workspace.setReadFolders(undefined);
    assert.ok(workspace.workloads().some((w) => w.ref === 'ops/old[Deployment]'));
  });

  test('a remote resource (origin repo:) is placed in the kustomization that was built', () => {
    const workspace = workspaceWithBase();
    const output = kustomizeOutput.replace(
      'path: ../../repo/base/policy.yaml',
      'repo: https://github.com/example/policies\n      ref: v1\n      path: policy.yaml',
    );
    workspace.setBuild(kustomizeBuild(output));
    assert.equal(workspace.networkPolicies()[0].object.uri, OVERLAY);
    assert.equal(workspace.networkPolicies()[0].object.rendered?.matched, false);
  });

  test('a build that failed is an NP0009 error on its kustomization, and its inputs are read as written', () => {
    const workspace = workspaceWithBase();
    workspace.setBuild(kustomizeBuild());
    workspace.setBuildFailure(
      kustomizeBuild(),
      'kustomize build overlays/prod failed: no matches for Id NetworkPolicy.v1.networking.k8s.io/nope',
    );
    const problems = workspace.problems(OVERLAY);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.message]),
      [['render', 'kustomize build overlays/prod failed: no matches for Id NetworkPolicy.v1.networking.k8s.io/nope']],
    );
    const file = workspace.manifest(OVERLAY)!;
    assert.deepEqual(
      diagnosticsInWorkspace(validateManifest(file), file, workspace).map((d) => [d.code, d.severity]),
      [['NP0009', 'error']],
    );
    assert.deepEqual(
      workspace.workloads().map((w) => w.ref),
      ['prod/api[Deployment]', 'prod/web[Deployment]'],
    );
  });
});

describe('rendered builds: helm template output placed in the chart templates', () => {
  const CHART = `${ROOT}/charts/web`;
  const TEMPLATE = `${CHART}/templates/networkpolicy.yaml`;
  const templateText = `{{- if .Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "web.fullname" . }}
spec:
  podSelector:
    matchLabels: {{- include "web.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
{{- end }}
`;
  const helmOutput = `---
# Source: web/templates/networkpolicy.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: shop-web
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: web
  policyTypes: [Ingress]
`;
  const helmBuild: RenderedBuild = {
    id: `${CHART}#shop`,
    tool: 'helm',
    label: 'helm template shop charts/web',
    anchorUri: `${CHART}/Chart.yaml`,
    output: helmOutput,
    originBase: CHART,
    inputs: [`${CHART}/Chart.yaml`, TEMPLATE],
  };

  test("a rendered policy lands in its template, on the line that writes its kind; the template's NP0008 is gone", () => {
    const workspace = new Workspace();
    workspace.setFile(`${CHART}/Chart.yaml`, 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    workspace.setFile(TEMPLATE, templateText);
    assert.equal(workspace.manifest(TEMPLATE)!.template?.kind, 'helm-chart');
    workspace.setBuild(helmBuild);
    const [entry] = workspace.networkPolicies();
    assert.equal(entry.object.uri, TEMPLATE);
    assert.deepEqual(entry.object.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 19 } });
    const view = workspace.manifest(TEMPLATE)!;
    assert.equal(view.template, undefined);
    assert.deepEqual(view.diagnostics, []);
    // The policy selects no workload of the workspace: the finding sits on the kind line, with the note.
    const found = diagnosticsInWorkspace(validateManifest(view), view, workspace);
    assert.ok(
      found.every((d) => d.range.start.line === 2),
      JSON.stringify(found),
    );
  });
});
