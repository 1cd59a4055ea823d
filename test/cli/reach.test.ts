// `netpol reach` through the bundled CLI: formats, filters, exit codes, and the examples workspace.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runNetpol } from './cliHarness';

const EXAMPLES = resolve(__dirname, '..', '..', 'examples');

// shop: web (http 8080) and api, which names no namespace; policies deny, web-to-api, api-from-web, and broken (port 80800).
const FIXTURE = resolve(__dirname, '..', 'fixtures', 'workspace-reach');

describe('netpol reach', () => {
  before(() => ensureBuilt());
  const run = (...args: string[]) => runNetpol(['reach', ...args], FIXTURE);

  it('json: exactly {workloads:[{ref,namespace,kind,name}], connections:[{from,to,allowed}], leftOut, adjusted, notModelled, notes}, sorted, ports merged, external peers by CIDR text', () => {
    const result = run('.', '--format', 'json', '--default-namespace', 'shop');
    assert.equal(result.status, 0);
    const document = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(document), ['workloads', 'connections', 'leftOut', 'adjusted', 'notModelled', 'notes']);
    assert.deepEqual(document.workloads, [
      { ref: 'shop/api[Deployment]', namespace: 'shop', kind: 'Deployment', name: 'api' },
      { ref: 'shop/web[Deployment]', namespace: 'shop', kind: 'Deployment', name: 'web' },
    ]);
    assert.deepEqual(document.connections, [
      {
        from: 'shop/web[Deployment]',
        to: '10.0.0.0/8 except 10.1.0.0/16',
        allowed: [{ protocol: 'TCP', ports: [[443, 443]] }],
      },
      {
        from: 'shop/web[Deployment]',
        to: 'shop/api[Deployment]',
        allowed: [
          {
            protocol: 'TCP',
            ports: [
              [7000, 7010],
              [9000, 9000],
            ],
          },
          { protocol: 'UDP', ports: [[53, 53]] },
        ],
      },
    ]);
    assert.match(result.stderr, /left out policy shop\/broken \(policies\.yaml:\d+\): 1 validation error/);
    assert.deepEqual(
      document.leftOut.map((p: { policy: string; file: string }) => [p.policy, p.file]),
      [['shop/broken', 'policies.yaml']],
    );
    assert.deepEqual(document.adjusted, []);
  });

  it('--default-namespace places objects without a namespace (default: "default")', () => {
    const document = JSON.parse(run('.', '--format', 'json').stdout);
    assert.ok(document.workloads.some((w: { ref: string }) => w.ref === 'default/api[Deployment]'));
    // api in `default` is not isolated: everything may reach it, and it may reach everything but shop's isolated pods.
    assert.ok(
      document.connections.some(
        (c: { from: string; to: string; allowed: unknown }) =>
          c.from === '0.0.0.0/0' && c.to === 'default/api[Deployment]' && c.allowed === 'all',
      ),
    );
  });

  it('text: a table with a header naming the left-out policies and a legend', () => {
    const result = run('.', '--default-namespace', 'shop');
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^Left out of the analysis \(1 policy/);
    assert.match(lines[1], /^ {2}shop\/broken {2}policies\.yaml:\d+ {2}1 validation error/);
    assert.ok(lines.some((line) => /^FROM +TO +PORTS$/.test(line)));
    assert.ok(lines.some((line) => /^shop\/web\[Deployment\] +shop\/api\[Deployment\] +TCP 7000-7010, 9000; UDP 53$/.test(line)));
    assert.match(result.stdout, /Legend: /);
  });

  it('dot: a digraph with one cluster per namespace and port labels on edges', () => {
    const result = run('.', '--default-namespace', 'shop', '--format', 'dot');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\/\/ netpol reach/);
    assert.match(result.stdout, /digraph reach \{/);
    assert.match(result.stdout, /subgraph "cluster_0" \{\n {4}label="shop";/);
    assert.match(
      result.stdout,
      /"shop\/web\[Deployment\]" -> "shop\/api\[Deployment\]" \[label="TCP 7000-7010, 9000; UDP 53"\];/,
    );
    assert.match(result.stdout, /"10\.0\.0\.0\/8 except 10\.1\.0\.0\/16" \[shape=ellipse, style=dashed\];/);
    assert.match(result.stdout, /\/\/ left out policy shop\/broken/);
  });

  it('csv: from,to,protocol,ports with one row per protocol', () => {
    const result = run('.', '--default-namespace', 'shop', '--format', 'csv');
    assert.equal(
      result.stdout,
      [
        'from,to,protocol,ports',
        'shop/web[Deployment],10.0.0.0/8 except 10.1.0.0/16,TCP,443',
        'shop/web[Deployment],shop/api[Deployment],TCP,7000-7010;9000',
        'shop/web[Deployment],shop/api[Deployment],UDP,53',
        '',
      ].join('\n'),
    );
  });

  it('--from, --to and --namespace filter; an address matches the external blocks that contain it', () => {
    const json = (...args: string[]) =>
      JSON.parse(run('.', '--format', 'json', ...args).stdout).connections.map(
        (c: { from: string; to: string }) => `${c.from} -> ${c.to}`,
      );
    assert.deepEqual(json('--to', '10.2.0.1', '--default-namespace', 'shop'), [
      'shop/web[Deployment] -> 10.0.0.0/8 except 10.1.0.0/16',
    ]);
    assert.deepEqual(json('--to', '10.1.0.1', '--default-namespace', 'shop'), []);
    assert.deepEqual(json('--from', 'shop/web', '--to', 'shop/api', '--default-namespace', 'shop'), [
      'shop/web[Deployment] -> shop/api[Deployment]',
    ]);
    assert.ok(json('--namespace', 'default').every((line: string) => line.includes('default/')));
    assert.ok(json('--to', '10.2.0.1').includes('default/api[Deployment] -> 0.0.0.0/0'), 'an open egress reaches every address');
  });

  it('exit 2 for an unknown ref (with close matches), an unknown format, and no paths', () => {
    const unknown = run('.', '--from', 'shop/wep');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no workload "shop\/wep"; did you mean shop\/web\[Deployment\]/);
    assert.equal(run('.', '--format', 'sarif').status, 2);
    assert.equal(run().status, 2);
    assert.equal(run('--help').status, 0);
  });
});

describe('netpol reach examples/', () => {
  before(() => ensureBuilt());

  it('gives the connections the examples README describes', () => {
    const result = runNetpol(['reach', 'examples', '--format', 'json'], join(EXAMPLES, '..'));
    assert.equal(result.status, 0);
    const connections = new Map<string, unknown>(
      JSON.parse(result.stdout).connections.map((c: { from: string; to: string; allowed: unknown }) => [
        `${c.from} -> ${c.to}`,
        c.allowed,
      ]),
    );
    const tcp = (...ports: Array<[number, number]>) => [{ protocol: 'TCP', ports }];
    // frontend -> cart on grpc (egress and ingress halves), cart -> payments across namespaces.
    assert.deepEqual(connections.get('shop/frontend[Deployment] -> shop/cart[Deployment]'), tcp([50051, 50051]));
    assert.deepEqual(connections.get('shop/cart[Deployment] -> payments/payments-api[Deployment]'), tcp([8443, 8443]));
    // ingress-nginx -> frontend on http; 80/443 from anywhere to the controller.
    assert.deepEqual(
      connections.get('ingress-nginx/ingress-nginx-controller[Deployment] -> shop/frontend[Deployment]'),
      tcp([8080, 8080]),
    );
    assert.deepEqual(
      connections.get('0.0.0.0/0 -> ingress-nginx/ingress-nginx-controller[Deployment]'),
      tcp([80, 80], [443, 443]),
    );
    // The card processor with except, and the endPort range.
    assert.deepEqual(
      connections.get('payments/payments-api[Deployment] -> 203.0.113.0/24 except 203.0.113.128/25'),
      tcp([443, 443]),
    );
    assert.deepEqual(connections.get('payments/fraud-check[ReplicationController] -> 198.51.100.0/24'), tcp([32000, 32100]));
    // DNS to CoreDNS, both protocols; the default namespace is open both ways.
    assert.deepEqual(connections.get('shop/cart[Deployment] -> kube-system/coredns[Deployment]'), [
      { protocol: 'TCP', ports: [[53, 53]] },
      { protocol: 'UDP', ports: [[53, 53]] },
    ]);
    assert.equal(connections.get('default/debug-shell[Pod] -> 0.0.0.0/0'), 'all');
    // Pods owned by a ReplicaSet appear as their owner.
    assert.ok([...connections.keys()].some((key) => key.startsWith('batch/ingest-7c9d8f6b5[ReplicaSet] -> ')));
    // Nothing from the frontend to redis: only backends may.
    assert.equal(connections.get('shop/frontend[Deployment] -> shop/redis[StatefulSet]'), undefined);
    for (const name of [
      'bad-port',
      'endport-with-named-port',
      'except-outside-cidr',
      'in-without-values',
      'ipblock-with-selector',
      'bad-policy-type',
    ]) {
      assert.match(result.stderr, new RegExp(`left out policy \\w+/${name} \\(examples/broken/api-errors\\.yaml:\\d+\\)`));
    }
  });
});
