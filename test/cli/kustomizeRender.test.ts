// `-k DIR` against the real kustomize (`kubectl kustomize`, kustomize v5 built into kubectl): the
// fixture tree test/fixtures/kustomize is one shop app, a base used by two overlays with different
// namespaces. No kustomize is mocked: what `netpol -k` analyses must be what `kubectl kustomize`
// prints, and what it reports must land in the files people edit.
//
// The kustomize behaviours the fixtures rely on (kubectl.docs.kubernetes.io/references/kustomize/):
// - kustomization/namespace/: `namespace:` sets every resource's namespace; kustomize's builtin
//   NamespaceTransformer also renames a Namespace object it builds (base `shop` becomes `shop-dev`);
// - kustomization/nameprefix/, kustomization/namesuffix/: names get `dev-` / `-prod`, and references
//   to them (a StatefulSet's serviceName) follow;
// - kustomization/labels/ (includeSelectors: true) and kustomization/commonlabels/: the labels are added
//   to selectors too; for NetworkPolicies that is spec.podSelector.matchLabels and the podSelectors
//   of the peers where they exist (api/konfig/builtinpluginconsts/commonlabels.go in
//   kubernetes-sigs/kustomize), never a `podSelector: {}`;
// - kustomization/patches/: a strategic-merge patch names its target by kind and name (a list
//   without a merge key such as NetworkPolicy `ingress` is replaced whole), a JSON6902 patch
//   (`op: replace`) takes a `target`; a strategic-merge patch whose object is not in the resources
//   fails the build ("no resource matches strategic merge patch");
// - kustomization/components/: a Component's resources join the kustomization that lists it;
// - kustomization/resource/: a resource may be a URL of a git repository, fetched when built;
// - kustomization/buildmetadata/: netpol asks for originAnnotations and transformerAnnotations
//   itself (through a wrapper kustomization outside the fixtures), plain `kubectl kustomize` prints none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, runNetpol } from './cliHarness';
import { KUBECTL_MISSING, requireKubectl } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'kustomize');

/** What `kubectl kustomize <overlay>` prints, as `kubectl apply -k` would send it. */
function kubectlKustomize(overlay: string): string {
  const run = spawnSync('kubectl', ['kustomize', join(FIXTURES, overlay)], { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(KUBECTL_MISSING);
  assert.equal(run.status, 0, `kubectl kustomize ${overlay}: ${run.stderr}`);
  return run.stdout;
}

interface Reach {
  workloads: { ref: string }[];
  connections: { from: string; to: string; allowed: unknown }[];
}

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

interface Location {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const netpol = (args: string[]) => runNetpol(args, FIXTURES);

function json<T>(run: { status: number | null; stdout: string; stderr: string }, status = 0): T {
  assert.equal(run.status, status, run.stderr);
  return JSON.parse(run.stdout) as T;
}

/** The text a 1-based diagnostic range covers in a fixture file. */
function textAt(d: Diagnostic): string {
  const line = readFileSync(join(FIXTURES, d.file), 'utf8').split('\n')[d.line - 1];
  assert.equal(d.endLine, d.line, 'a one-line range');
  return line.slice(d.column - 1, d.endColumn - 1);
}

/** The text a 0-based location covers in a fixture file. */
function textOf(location: Location): string {
  const path = new URL(location.uri).pathname;
  const { start, end } = location.range;
  const line = readFileSync(path, 'utf8').split('\n')[start.line];
  return line.slice(start.character, end.line === start.line ? end.character : undefined);
}

describe('netpol -k with the real kustomize (kubectl kustomize)', () => {
  let scratch: string;
  before(() => {
    requireKubectl();
    ensureBuilt();
    scratch = mkdtempSync(join(tmpdir(), 'netpol-kustomize-render-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const renderedFile = (overlay: string): string => {
    const file = join(scratch, `${overlay.replace(/\W/g, '-')}.yaml`);
    writeFileSync(file, kubectlKustomize(overlay));
    return file;
  };

  describe('agreement: reach -k <overlay> has exactly the connections and workloads of reach on kubectl kustomize <overlay>', () => {
    const expected: Record<string, { workloads: string[]; pinned: [string, string, unknown][] }> = {
      // namespace shop-dev, namePrefix dev-, labels env=dev in the selectors; the patch makes web->api TCP 80.
      'overlays/dev': {
        workloads: ['shop-dev/dev-api[Deployment]', 'shop-dev/dev-db[StatefulSet]', 'shop-dev/dev-web[Deployment]'],
        pinned: [
          ['shop-dev/dev-web[Deployment]', 'shop-dev/dev-api[Deployment]', [{ protocol: 'TCP', ports: [[80, 80]] }]],
          ['shop-dev/dev-api[Deployment]', 'shop-dev/dev-db[StatefulSet]', [{ protocol: 'TCP', ports: [[5432, 5432]] }]],
        ],
      },
      // namespace shop-prod, nameSuffix -prod, commonLabels env=prod; the JSON6902 patch makes api->db TCP 6432.
      'overlays/prod': {
        workloads: ['shop-prod/api-prod[Deployment]', 'shop-prod/db-prod[StatefulSet]', 'shop-prod/web-prod[Deployment]'],
        pinned: [
          ['shop-prod/web-prod[Deployment]', 'shop-prod/api-prod[Deployment]', [{ protocol: 'TCP', ports: [[8080, 8080]] }]],
          ['shop-prod/api-prod[Deployment]', 'shop-prod/db-prod[StatefulSet]', [{ protocol: 'TCP', ports: [[6432, 6432]] }]],
        ],
      },
    };
    for (const [overlay, { workloads, pinned }] of Object.entries(expected)) {
      it(overlay, () => {
        const built = json<Reach>(netpol(['reach', '-k', overlay, '--format', 'json']));
        const plain = json<Reach>(netpol(['reach', renderedFile(overlay), '--format', 'json']));
        assert.deepEqual(built.connections, plain.connections);
        assert.deepEqual(built.workloads, plain.workloads);
        // Not two empty answers: the overlay's own names, namespace and patched ports.
        assert.deepEqual(
          built.workloads.map((w) => w.ref),
          workloads,
        );
        for (const [from, to, allowed] of pinned)
          assert.deepEqual(built.connections.find((c) => c.from === from && c.to === to)?.allowed, allowed, `${from} -> ${to}`);
      });
    }

    it('both overlays at once: one base, two namespaces, the union of the two answers', () => {
      const both = json<Reach>(netpol(['reach', '-k', 'overlays/dev', '-k', 'overlays/prod', '--format', 'json']));
      const plain = json<Reach>(
        netpol(['reach', renderedFile('overlays/dev'), renderedFile('overlays/prod'), '--format', 'json']),
      );
      assert.deepEqual(both.connections, plain.connections);
      assert.deepEqual(both.workloads, plain.workloads);
      assert.equal(both.workloads.length, 6);
    });
  });

  describe('check -k overlays/dev: findings in the base files', () => {
    it('lands on the base document, at the range of the value, with the note that the build set it', () => {
      const { diagnostics, analysedFiles } = json<{ diagnostics: Diagnostic[]; analysedFiles: number }>(
        netpol(['check', '-k', 'overlays/dev', '--format', 'json']),
      );
      // The dev patch rewrote allow-web-to-api's port to the Service port 80: NP3010 on the port the base writes.
      assert.deepEqual(
        diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
        ['base/network-policies.yaml:28:17 NP3010'],
      );
      const [finding] = diagnostics;
      assert.equal(textAt(finding), 'api-http', 'the range of the value in the base document');
      assert.match(finding.message, /TCP 80 is a port of Service shop-dev\/dev-api/);
      assert.match(
        finding.message,
        /\[in the output of kustomize build overlays\/dev: the value there is set by the build, from .*\.\.\/overlays\/dev\/kustomization\.yaml, not written here\]$/,
      );
      // namespace, web, api, db and the policies of base/: no overlay file, no temporary file.
      assert.equal(analysedFiles, 5);
    });

    it('a finding on a value the origin file writes carries no note (prod: the component file)', () => {
      const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(netpol(['check', '-k', 'overlays/prod', '--format', 'json']));
      assert.deepEqual(
        diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
        ['components/monitoring/allow-prometheus.yaml:18:44 NP3004'],
      );
      assert.equal(textAt(diagnostics[0]), 'monitoring');
      assert.doesNotMatch(diagnostics[0].message, /in the output of/);
    });

    it('reports each finding once, also when the base file is given as a path too', () => {
      for (const args of [
        ['-k', 'overlays/dev'],
        ['base/network-policies.yaml', '-k', 'overlays/dev'],
        ['base', '-k', 'overlays/dev'],
      ]) {
        const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(netpol(['check', ...args, '--format', 'json']));
        assert.deepEqual(
          diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
          ['base/network-policies.yaml:28:17 NP3010'],
          args.join(' '),
        );
      }
    });
  });

  describe('one base document, several rendered objects', () => {
    // A policy with a finding of its own text (NP2003: the same port twice), and a Deployment it selects.
    const tree = {
      'base/kustomization.yaml': 'resources: [policy.yaml, web.yaml]\n',
      'base/policy.yaml': [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: web}',
        'spec:',
        '  podSelector: {matchLabels: {app: web}}',
        '  ingress:',
        '    - ports:',
        '        - port: 8080',
        '        - port: 8080',
        '',
      ].join('\n'),
      'base/web.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: web, image: nginx}]}',
        '',
      ].join('\n'),
      // Two variants of the base in one namespace (kustomization/namesuffix/, kustomization/labels/).
      'variant-a/kustomization.yaml':
        'nameSuffix: -a\nlabels:\n  - pairs: {variant: a}\n    includeSelectors: true\nresources: [../base]\n',
      'variant-b/kustomization.yaml':
        'nameSuffix: -b\nlabels:\n  - pairs: {variant: b}\n    includeSelectors: true\nresources: [../base]\n',
      'tenants/kustomization.yaml': 'namespace: tenants\nresources: [../variant-a, ../variant-b]\n',
    };
    let root: string;
    before(() => {
      root = join(scratch, 'variants');
      for (const [path, text] of Object.entries(tree)) {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    });

    for (const args of [
      ['-k', 'tenants'],
      ['-k', 'variant-a', '-k', 'variant-b'],
      ['base', '-k', 'tenants'],
    ])
      it(`check ${args.join(' ')}: a finding of the base text is said once`, () => {
        const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(runNetpol(['check', ...args, '--format', 'json'], root));
        assert.deepEqual(
          diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
          ['base/policy.yaml:9:11 NP2003'],
        );
      });
  });

  describe('explain -k overlays/dev: the answer of the patched build, its reasons in the base file', () => {
    interface Explained {
      allowed: boolean;
      ingress: {
        isolatingPolicies: { policy: string; location: Location }[];
        allowingRules: { policy: string; location: Location }[];
      };
    }
    const explain = (port: string) =>
      json<Explained>(
        netpol(['explain', 'shop-dev/dev-web', 'shop-dev/dev-api', '-k', 'overlays/dev', '--port', port, '--format', 'json']),
      );

    it('web -> api on the pod port 8080 is denied: the patch replaced the base rule with port 80', () => {
      const answer = explain('8080');
      assert.equal(answer.allowed, false);
      const isolating = answer.ingress.isolatingPolicies.map((p) => `${p.policy} ${new URL(p.location.uri).pathname}`);
      assert.deepEqual(isolating, [
        `shop-dev/dev-default-deny ${join(FIXTURES, 'base/network-policies.yaml')}`,
        `shop-dev/dev-allow-web-to-api ${join(FIXTURES, 'base/network-policies.yaml')}`,
      ]);
      assert.deepEqual(
        answer.ingress.isolatingPolicies.map((p) => textOf(p.location)),
        ['default-deny', 'allow-web-to-api'],
        'the names as the base writes them',
      );
      // The same question on the base alone (as written, namespace shop) is allowed: the answer is the build's.
      const base = json<{ allowed: boolean }>(
        netpol(['explain', 'shop/web', 'shop/api', 'base', '--port', '8080', '--format', 'json']),
      );
      assert.equal(base.allowed, true);
    });

    it('web -> api on 80 is allowed by the rule of allow-web-to-api in base/network-policies.yaml', () => {
      const answer = explain('80');
      assert.equal(answer.allowed, true);
      assert.deepEqual(
        answer.ingress.allowingRules.map((r) => `${r.policy} ${new URL(r.location.uri).pathname}`),
        [`shop-dev/dev-allow-web-to-api ${join(FIXTURES, 'base/network-policies.yaml')}`],
      );
      const text = netpol(['explain', 'shop-dev/dev-web', 'shop-dev/dev-api', '-k', 'overlays/dev', '--port', '80']);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /shop-dev\/dev-allow-web-to-api ingress\[0\] +base\/network-policies\.yaml:\d+/);
    });
  });

  describe('a build that fails (a patch whose target the base does not have)', () => {
    const REASON =
      /^kustomize build overlays\/broken failed: no resource matches strategic merge patch "NetworkPolicy\.v1\.networking\.k8s\.io\/allow-web-to-cache/;

    it("check: exit 1, NP0009 on overlays/broken/kustomization.yaml with kustomize's reason, the build named once", () => {
      const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(
        netpol(['check', '-k', 'overlays/broken', '--format', 'json']),
        1,
      );
      assert.deepEqual(
        diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`),
        ['overlays/broken/kustomization.yaml:1:1 error NP0009'],
      );
      assert.match(diagnostics[0].message, REASON);
      assert.doesNotMatch(diagnostics[0].message, /failed: kustomize build/, "not the renderer's own label again");
    });

    for (const args of [
      ['reach', '-k', 'overlays/broken'],
      ['explain', 'shop-broken/web', 'shop-broken/api', '-k', 'overlays/broken'],
      ['reach', '-k', 'overlays/dev', '-k', 'overlays/broken', '--format', 'json'],
    ]) {
      it(`${args.join(' ')}: exit 2, kustomize's message on stderr, nothing on stdout`, () => {
        const run = netpol(args);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^netpol: kustomize build overlays\/broken failed: no resource matches strategic merge patch/);
      });
    }
  });

  describe('what the command line can change about a failed build', () => {
    it('a build stopped by --render-timeout says how to give it longer', () => {
      // A stand-in that outlives any timeout: the real kustomize of a big tree (Argo CD) may take seconds.
      const slow = join(scratch, 'slow-kustomize');
      writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
      chmodSync(slow, 0o755);
      const run = netpol(['reach', '-k', 'overlays/dev', '--kustomize-command', slow, '--render-timeout', '0.3']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^netpol: kustomize build overlays\/dev did not finish in 0\.3 s; give it longer with --render-timeout SECONDS\n$/,
      );
    });

    it('a remote resource (kustomization/resource/: a URL of a git repository) fails offline and names --allow-network', () => {
      const remote = join(scratch, 'remote');
      mkdirSync(remote);
      writeFileSync(
        join(remote, 'kustomization.yaml'),
        'resources:\n  - https://github.com/argoproj/argo-cd//manifests/cluster-install?ref=v2.9.0\n',
      );
      const run = runNetpol(['check', '-k', '.', '--format', 'json'], remote);
      const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(run, 1);
      assert.deepEqual(
        diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`),
        ['kustomization.yaml:1 NP0009'],
      );
      assert.match(diagnostics[0].message, /^kustomize build \. failed: .*github\.com\/argoproj\/argo-cd/s);
      assert.match(diagnostics[0].message, /\(remote resources are fetched only with --allow-network\)$/);
    });
  });

  describe('-k next to plain paths and --extra', () => {
    // Applied with `kubectl apply -f` next to the build: lets the dev web pods reach the api's pod port.
    const HOTFIX = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: hotfix-web-to-api, namespace: shop-dev}',
      'spec:',
      '  podSelector: {matchLabels: {app: api, env: dev}}',
      '  ingress:',
      '    - from: [{podSelector: {matchLabels: {app: web}}}]',
      '      ports: [{protocol: TCP, port: 8080}]',
      '',
    ].join('\n');
    // Prometheus, installed by another repository: a stand-in.
    const MONITORING = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: monitoring}',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: prometheus, namespace: monitoring}',
      'spec:',
      '  selector: {matchLabels: {app: prometheus}}',
      '  template:',
      '    metadata: {labels: {app: prometheus}}',
      '    spec: {containers: [{name: prometheus, image: prom/prometheus}]}',
      '',
    ].join('\n');

    it('reach -k overlays/dev <policy file>: the file applies with the build, as in kubectl kustomize output + the file', () => {
      const hotfix = join(scratch, 'hotfix.yaml');
      writeFileSync(hotfix, HOTFIX);
      const built = json<Reach>(netpol(['reach', '-k', 'overlays/dev', hotfix, '--format', 'json']));
      const plain = json<Reach>(netpol(['reach', renderedFile('overlays/dev'), hotfix, '--format', 'json']));
      assert.deepEqual(built.connections, plain.connections);
      assert.deepEqual(
        built.connections.find((c) => c.from === 'shop-dev/dev-web[Deployment]' && c.to === 'shop-dev/dev-api[Deployment]')
          ?.allowed,
        [
          {
            protocol: 'TCP',
            ports: [
              [80, 80],
              [8080, 8080],
            ],
          },
        ],
      );
    });

    it('--extra with -k: stand-ins count for the build (prod: the monitoring namespace and its Prometheus)', () => {
      const monitoring = join(scratch, 'monitoring.yaml');
      writeFileSync(monitoring, MONITORING);
      const { diagnostics } = json<{ diagnostics: Diagnostic[] }>(
        netpol(['check', '-k', 'overlays/prod', '--extra', monitoring, '--format', 'json']),
      );
      assert.deepEqual(diagnostics, [], 'NP3004 goes: the stand-in namespace has the label');
      const reach = json<Reach>(netpol(['reach', '-k', 'overlays/prod', '--extra', monitoring, '--format', 'json']));
      assert.deepEqual(
        reach.connections.filter((c) => c.from === 'monitoring/prometheus[StatefulSet]' && c.to.startsWith('shop-prod/')),
        [
          {
            from: 'monitoring/prometheus[StatefulSet]',
            to: 'shop-prod/api-prod[Deployment]',
            allowed: [{ protocol: 'TCP', ports: [[9090, 9090]] }],
          },
          {
            from: 'monitoring/prometheus[StatefulSet]',
            to: 'shop-prod/web-prod[Deployment]',
            allowed: [{ protocol: 'TCP', ports: [[9090, 9090]] }],
          },
        ],
      );
    });
  });

  describe('a tree under a folder whose name URIs escape (space, #, %, quote)', () => {
    // kustomize prints such origin paths quoted ('it''s #1/...'); the files are named by pathToFileURL.
    let tree: string;
    before(() => {
      tree = join(scratch, "shop it's #1 [100%]");
      mkdirSync(tree);
      cpSync(FIXTURES, tree, { recursive: true });
    });
    const inTree = (args: string[]) => runNetpol(args, tree);

    it('check base -k overlays/dev: the base files given and rendered are the same files, each finding once', () => {
      const { diagnostics, analysedFiles } = json<{ diagnostics: Diagnostic[]; analysedFiles: number }>(
        inTree(['check', 'base', '-k', 'overlays/dev', '--format', 'json']),
      );
      assert.deepEqual(
        diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
        ['base/network-policies.yaml:28:17 NP3010'],
      );
      // base/'s five manifests and its kustomization, nothing twice.
      assert.equal(analysedFiles, 6);
    });

    it('reach base -k overlays/dev: the base files add nothing of their own to the build', () => {
      const alone = json<Reach>(inTree(['reach', '-k', 'overlays/dev', '--format', 'json']));
      const withBase = json<Reach>(inTree(['reach', 'base', '-k', 'overlays/dev', '--format', 'json']));
      assert.deepEqual(withBase, alone);
    });

    it('explain: locations are the URIs of the files', () => {
      const answer = json<{ to: { location: Location } }>(
        inTree(['explain', 'shop-dev/dev-web', 'shop-dev/dev-api', '-k', 'overlays/dev', '--format', 'json']),
      );
      assert.equal(answer.to.location.uri, pathToFileURL(join(tree, 'base/api.yaml')).href);
    });
  });

  describe('usage errors', () => {
    it('-k on a folder without a kustomization: exit 2, says so', () => {
      const run = netpol(['check', '-k', 'overlays']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /-k overlays: no kustomization\.yaml, kustomization\.yml, Kustomization in it/);
    });

    it('--values before any --helm: exit 2, says it belongs to a --helm CHART given before it', () => {
      const run = netpol(['reach', '-k', 'overlays/dev', '--values', 'base/web.yaml', '--helm', 'base']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /--values belongs to a --helm CHART given before it/);
    });
  });
});
