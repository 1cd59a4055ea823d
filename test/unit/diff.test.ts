// The what-if diff between two versions of the manifests (docs/expectations-and-diff.md §6):
// each kind of change, peers that exist in one version only, unknown where one version
// could not be analysed honestly, and causes in both versions. Kubernetes semantics as
// in reach (concepts/services-networking/network-policies): a pod no policy isolates
// for a direction allows everything in it; allowed traffic is the union of the rules
// of the policies selecting it; a connection needs the source's egress and the
// destination's ingress; a policy the API server refuses is not in the cluster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCause, describeChange, diffReachability, type ReachDiff } from '../../server/src/engine/diff';
import { expectationsFiles } from '../../server/src/engine/expectations';
import { analyseWorkspace } from '../../server/src/engine/reach';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, policy } from '../builders';

/** A version: one file per name, at the same URIs in both versions (the CLI reads a base that way). */
function version(files: Record<string, string>) {
  const workspace = new Workspace();
  for (const [name, text] of Object.entries(files)) workspace.setFile(`file:///ws/${name}`, text);
  return { workspace, analysis: analyseWorkspace(workspace) };
}

function diff(before: Record<string, string>, after: Record<string, string>): ReachDiff {
  return diffReachability(version(before), version(after));
}

/** The changes between workloads only (outside addresses are listed too, and tested on their own). */
function internal(result: ReachDiff) {
  return result.changes.filter((c) => c.external === undefined);
}

const apps = documents(
  deployment('shop/web', { app: 'web' }, ['http:8080']),
  deployment('shop/db', { app: 'db' }, ['5432', 'metrics:9187']),
);
const denyDb = policy('shop/db-deny', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]');
const allowWeb = (ports: string) =>
  policy(
    'shop/db-allow-web',
    `podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: ${ports}`,
  );
const WEB = 'shop/web[Deployment]';
const DB = 'shop/db[Deployment]';

describe('diffReachability: kinds', () => {
  it('nothing changed: no changes, every count zero', () => {
    const result = diff({ 'apps.yaml': apps, 'p.yaml': denyDb }, { 'apps.yaml': apps, 'p.yaml': denyDb });
    assert.deepEqual(result.changes, []);
    assert.deepEqual(result.summary, { opened: 0, widened: 0, narrowed: 0, closed: 0, changed: 0, unknown: 0 });
    assert.deepEqual(result.expectations, []);
  });

  it('opened: a rule allowing web to db on 5432 where nothing was, caused by that rule in the after version', () => {
    const result = diff(
      { 'apps.yaml': apps, 'p.yaml': denyDb },
      { 'apps.yaml': apps, 'p.yaml': denyDb, 'allow.yaml': allowWeb('[{port: 5432}]') },
    );
    const [change] = internal(result);
    assert.equal(internal(result).length, 1);
    assert.equal(change.kind, 'opened');
    assert.deepEqual([change.from, change.to, change.fromState, change.toState], [WEB, DB, 'persistent', 'persistent']);
    assert.equal(change.before, 'none');
    assert.deepEqual(change.after, [{ protocol: 'TCP', ports: [[5432, 5432]] }]);
    assert.deepEqual(change.added, change.after);
    assert.equal(change.removed, 'none');
    assert.deepEqual(
      change.causes.map((c) => [c.version, c.side, c.policy, c.rule, c.location.uri]),
      [['after', 'ingress', 'shop/db-allow-web', 'ingress[0]', 'file:///ws/allow.yaml']],
    );
    assert.equal(result.summary.opened, 1);
    assert.match(describeChange(change), /^opened shop\/web\[Deployment\] -> shop\/db\[Deployment\]: \+TCP 5432 /);
    assert.match(describeCause(change.causes[0]), /^after: ingress shop\/db-allow-web ingress\[0\]: allows from/);
  });

  it('closed: the allowing policy deleted, caused by its rule in the before version', () => {
    const result = diff(
      { 'apps.yaml': apps, 'p.yaml': denyDb, 'allow.yaml': allowWeb('[{port: 5432}]') },
      { 'apps.yaml': apps, 'p.yaml': denyDb },
    );
    const changes = internal(result);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.from, c.to, c.removed]),
      [['closed', WEB, DB, [{ protocol: 'TCP', ports: [[5432, 5432]] }]]],
    );
    assert.deepEqual(
      changes[0].causes.map((c) => [c.version, c.policy, c.rule]),
      [['before', 'shop/db-allow-web', 'ingress[0]']],
    );
  });

  it('closed by a new isolating policy: the cause is that policy, in the after version', () => {
    const result = diff({ 'apps.yaml': apps }, { 'apps.yaml': apps, 'p.yaml': denyDb });
    const changes = internal(result);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.from, c.to, c.after]),
      [['closed', WEB, DB, 'none']],
    );
    assert.deepEqual(
      changes[0].causes.map((c) => [c.version, c.side, c.policy, c.rule]),
      [['after', 'ingress', 'shop/db-deny', undefined]],
    );
  });

  it('widened, narrowed and changed: a strict superset, a strict subset, neither', () => {
    const before = { 'apps.yaml': apps, 'allow.yaml': allowWeb('[{port: 5432}]') };
    const kind = (ports: string) => internal(diff(before, { 'apps.yaml': apps, 'allow.yaml': allowWeb(ports) }));
    const widened = kind('[{port: 5432}, {port: 9187}]');
    assert.deepEqual(
      widened.map((c) => [c.kind, c.added, c.removed]),
      [['widened', [{ protocol: 'TCP', ports: [[9187, 9187]] }], 'none']],
    );
    assert.deepEqual(
      widened[0].causes.map((c) => [c.version, c.rule]),
      [['after', 'ingress[0]']],
    );
    const narrowed = internal(diff({ 'apps.yaml': apps, 'allow.yaml': allowWeb('[{port: 5432}, {port: metrics}]') }, before));
    assert.deepEqual(
      narrowed.map((c) => [c.kind, c.added, c.removed]),
      [['narrowed', 'none', [{ protocol: 'TCP', ports: [[9187, 9187]] }]]],
    );
    // The rule as it allowed before, and the same rule as edited.
    assert.deepEqual(
      narrowed[0].causes.map((c) => [c.version, c.rule, c.description.startsWith('now allows')]),
      [
        ['before', 'ingress[0]', false],
        ['after', 'ingress[0]', true],
      ],
    );
    const changed = kind('[{port: 9187}]');
    assert.deepEqual(
      changed.map((c) => [c.kind, c.added, c.removed]),
      [['changed', [{ protocol: 'TCP', ports: [[9187, 9187]] }], [{ protocol: 'TCP', ports: [[5432, 5432]] }]]],
    );
    // Causes in both versions: the rule as it allows now, and as it allowed before.
    assert.deepEqual(
      changed[0].causes.map((c) => c.version),
      ['after', 'before'],
    );
  });

  it('opened by deleting the isolating policy: the cause is the isolation the before version had', () => {
    const result = internal(diff({ 'apps.yaml': apps, 'p.yaml': denyDb }, { 'apps.yaml': apps }));
    assert.deepEqual(
      result.map((c) => [c.kind, c.from, c.to, c.after]),
      [['opened', WEB, DB, 'all']],
    );
    assert.deepEqual(
      result[0].causes.map((c) => [c.version, c.policy, c.rule]),
      [['before', 'shop/db-deny', undefined]],
    );
  });

  it('sorts changes by from, then to, and counts each kind', () => {
    const more = documents(apps, deployment('shop/api', { app: 'api' }, ['80']));
    const result = diff(
      { 'apps.yaml': more },
      { 'apps.yaml': more, 'p.yaml': policy('shop/all', 'podSelector: {}\npolicyTypes: [Ingress]') },
    );
    const pairs = internal(result).map((c) => `${c.from} ${c.to}`);
    assert.deepEqual(pairs, [...pairs].sort());
    assert.equal(pairs.length, 6);
    assert.equal(result.summary.closed, result.changes.filter((c) => c.kind === 'closed').length);
  });
});

describe('diffReachability: peers in one version only', () => {
  it('a workload added shows as an added peer of opened changes; removed, as a removed peer of closed ones', () => {
    const api = deployment('shop/api', { app: 'api' }, ['80']);
    const result = internal(diff({ 'apps.yaml': apps }, { 'apps.yaml': apps, 'api.yaml': api }));
    assert.deepEqual(
      result.map((c) => [c.kind, c.from, c.to, c.fromState, c.toState]),
      [
        ['opened', 'shop/api[Deployment]', DB, 'added', 'persistent'],
        ['opened', 'shop/api[Deployment]', WEB, 'added', 'persistent'],
        ['opened', DB, 'shop/api[Deployment]', 'persistent', 'added'],
        ['opened', WEB, 'shop/api[Deployment]', 'persistent', 'added'],
      ],
    );
    const gone = internal(diff({ 'apps.yaml': apps, 'api.yaml': api }, { 'apps.yaml': apps }));
    assert.deepEqual(
      gone.map((c) => [c.kind, c.fromState, c.toState]),
      [
        ['closed', 'removed', 'persistent'],
        ['closed', 'removed', 'persistent'],
        ['closed', 'persistent', 'removed'],
        ['closed', 'persistent', 'removed'],
      ],
    );
    assert.match(describeChange(result[0]), /shop\/api\[Deployment\] \(new\) -> /);
  });

  it('a workload whose class changes (new labels) is compared per ref, not per class id', () => {
    const relabelled = documents(
      deployment('shop/web', { app: 'web', tier: 'x' }, ['http:8080']),
      deployment('shop/db', { app: 'db' }, ['5432', 'metrics:9187']),
    );
    const p = allowWeb('[{port: 5432}]');
    assert.deepEqual(internal(diff({ 'apps.yaml': apps, 'a.yaml': p }, { 'apps.yaml': relabelled, 'a.yaml': p })), []);
    const renamed = documents(
      deployment('shop/web', { app: 'front' }, ['http:8080']),
      deployment('shop/db', { app: 'db' }, ['5432', 'metrics:9187']),
    );
    assert.deepEqual(
      internal(diff({ 'apps.yaml': apps, 'a.yaml': p }, { 'apps.yaml': renamed, 'a.yaml': p })).map((c) => [
        c.kind,
        c.from,
        c.to,
      ]),
      [['closed', WEB, DB]],
    );
  });
});

describe('diffReachability: outside addresses', () => {
  it('an egress rule to a block lists the block as `reach` does', () => {
    const egress = policy(
      'shop/web-out',
      'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8}}]',
    );
    const wider = policy(
      'shop/web-out',
      'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n  ports: [{port: 443}]\n- to: [{ipBlock: {cidr: 192.168.0.0/16}}]',
    );
    const result = diff({ 'apps.yaml': apps, 'p.yaml': egress }, { 'apps.yaml': apps, 'p.yaml': wider });
    assert.deepEqual(
      result.changes.filter((c) => c.external).map((c) => [c.kind, c.from, c.to, c.external]),
      [
        ['narrowed', WEB, '10.0.0.0/8', 'to'],
        ['opened', WEB, '192.168.0.0/16', 'to'],
      ],
    );
  });
});

describe('diffReachability: unknown', () => {
  it('a policy invalid in the after version: its changes are unknown, with the left-out policy as cause', () => {
    const invalid = policy(
      'shop/db-allow-web',
      'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 70000}]',
    );
    const result = diff(
      { 'apps.yaml': apps, 'allow.yaml': allowWeb('[{port: 5432}]') },
      { 'apps.yaml': apps, 'allow.yaml': invalid },
    );
    const changes = internal(result);
    assert.ok(changes.length > 0);
    assert.ok(
      changes.every((c) => c.kind === 'unknown'),
      JSON.stringify(changes.map((c) => c.kind)),
    );
    assert.equal(result.summary.unknown, result.changes.filter((c) => c.kind === 'unknown').length);
    const cause = changes.find((c) => c.to === DB)!.causes.find((c) => c.side === 'ingress')!;
    assert.equal(cause.version, 'after');
    assert.equal(cause.policy, 'shop/db-allow-web');
    assert.match(cause.description, /left out of the after version/);
    assert.equal(result.doubts.length, 1);
  });

  it('a file that does not parse in the before version: the changes of what it defines are unknown', () => {
    const broken = `${allowWeb('[{port: 5432}]')}  bad: [unclosed\n`;
    const result = diff(
      { 'apps.yaml': apps, 'allow.yaml': broken },
      { 'apps.yaml': apps, 'allow.yaml': allowWeb('[{port: 5432}]') },
    );
    assert.ok(
      result.doubts.some((d) => d.version === 'before' && d.policy === undefined && d.location.uri === 'file:///ws/allow.yaml'),
    );
    assert.ok(result.changes.length > 0);
    assert.ok(result.changes.filter((c) => c.to === DB).every((c) => c.kind === 'unknown'));
  });

  it('a policy left out alike in both versions, unedited, adds no doubt', () => {
    const invalid = policy('shop/x', 'podSelector: {}\ningress:\n- ports: [{port: 70000}]');
    const result = diff({ 'apps.yaml': apps, 'x.yaml': invalid, 'p.yaml': denyDb }, { 'apps.yaml': apps, 'x.yaml': invalid });
    assert.deepEqual(result.doubts, []);
    assert.ok(result.changes.every((c) => c.kind !== 'unknown'));
  });
});

describe('diffReachability: expectations', () => {
  const expectations = [
    'apiVersion: netpol-navigator.dev/v1alpha1',
    'kind: ReachabilityExpectations',
    'metadata: {name: shop}',
    'spec:',
    '  expectations:',
    '  - id: web-db',
    '    from: shop/web[Deployment]',
    '    to: shop/db[Deployment]',
    '    expect: allowed',
    '    ports: [5432]',
    '  - id: db-web',
    '    from: shop/db[Deployment]',
    '    to: shop/web[Deployment]',
    '    expect: allowed',
    '    ports: [8080]',
    '',
  ].join('\n');

  it("evaluates the head's expectations in both versions and lists those whose status differs", () => {
    const before = version({ 'apps.yaml': apps, 'allow.yaml': allowWeb('[{port: 5432}]') });
    const after = version({ 'apps.yaml': apps, 'allow.yaml': denyDb, 'e.yaml': expectations });
    const result = diffReachability(before, after, { expectations: expectationsFiles(after.workspace) });
    assert.equal(result.expectationsEvaluated, 2);
    assert.deepEqual(
      result.expectations.map((e) => [e.id, e.before, e.after, e.result.violations.map((v) => `${v.from} ${v.to}`)]),
      [['web-db', 'passed', 'failed', [`${WEB} ${DB}`]]],
    );
  });

  it('without expectations given, none are evaluated', () => {
    const result = diff({ 'apps.yaml': apps, 'e.yaml': expectations }, { 'apps.yaml': apps, 'e.yaml': expectations });
    assert.deepEqual(result.expectations, []);
    assert.equal(result.expectationsEvaluated, undefined);
  });
});
