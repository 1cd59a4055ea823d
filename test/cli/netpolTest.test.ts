// `netpol test`: exit codes, every format (the JSON shape exactly, JUnit and SARIF well formed
// with the fields the design names), side files, --tag, --fail-on, --max-witnesses, and usage
// errors; on the example workspace and on throw-away ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployment, namespace, policy } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';
import { sarifProblems } from './sarifShape';
import { requireKubectl } from '../helpers';

const ROOT = resolve(__dirname, '..', '..');

const EXPECTATIONS = `apiVersion: netpol-navigator.dev/v1alpha1
kind: ReachabilityExpectations
metadata:
  name: shop
spec:
  expectations:
    - name: web is closed to the namespace
      from: {namespace: shop}
      to: shop/web[Deployment]
      expect: denied
      tags: [security]
    - name: api calls web
      from: shop/api[Deployment]
      to: shop/web[Deployment]
      expect: allowed
      ports: [http]
    - name: nobody calls a ghost
      from: shop/api[Deployment]
      to: shop/ghost[Deployment]
      expect: denied
    - name: later
      from: shop/api[Deployment]
      to: shop/web[Deployment]
      expect: denied
      skip: not yet
`;

/** web accepts every pod of shop on http: "closed to the namespace" fails for api, batch and cron. */
const MANIFESTS = [
  namespace('shop'),
  deployment('shop/web', { app: 'web' }, ['http:8080']),
  deployment('shop/api', { app: 'api' }),
  deployment('shop/batch', { app: 'batch' }),
  deployment('shop/cron', { app: 'cron' }),
  policy(
    'shop/web-in',
    `podSelector: {matchLabels: {app: web}}
policyTypes: [Ingress]
ingress:
- from: [{podSelector: {}}]
  ports: [{port: http}]`,
  ),
].join('---\n');

describe('netpol test', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({ 'k8s/app.yaml': MANIFESTS, 'tests/netpol-expectations.yaml': EXPECTATIONS });
  });
  after(() => removeWorkspace(root));
  const run = (...args: string[]) => runNetpol(['test', ...args], root);

  it('prints each result at path:line:col with its witnesses and reasons, and exits 1 on a failure or an error', () => {
    const result = run('k8s', 'tests');
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'tests/netpol-expectations.yaml:7:7: FAIL NPT002 web is closed to the namespace');
    assert.equal(lines[1], '  3 of 3 pairs violate (expected: denied on all ports)');
    assert.equal(lines[2], '  shop/api[Deployment] -> shop/web[Deployment]: allowed TCP 8080');
    assert.match(lines[3], /^ {4}egress {2}\(allowed\) shop\/api\[Deployment\] is not isolated for egress/);
    assert.match(lines[4], /^ {4}ingress \(allowed\) NetworkPolicy shop\/web-in ingress rule #1 .* {3}k8s\/app\.yaml:\d+$/);
    assert.match(result.stdout, /\ntests\/netpol-expectations\.yaml:12:7: PASS api calls web\n {2}1 pair passes/);
    assert.match(
      result.stdout,
      /\ntests\/netpol-expectations\.yaml:17:7: ERROR NPT004 nobody calls a ghost\n {2}not evaluated .*unknown ref: no workload "shop\/ghost\[Deployment\]"/,
    );
    assert.match(result.stdout, /: SKIP later\n {2}skipped: not yet\n/);
    assert.match(result.stdout, /\n4 expectations: 1 passed, 1 failed, 1 error, 1 skipped\n$/);
  });

  it('--format json prints exactly the documented shape, 1-based', () => {
    const result = run('k8s', 'tests', '--format', 'json');
    const document = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(document), ['summary', 'results']);
    assert.deepEqual(document.summary, { total: 4, passed: 1, failed: 1, error: 1, skipped: 1 });
    const [failed] = document.results;
    assert.deepEqual(Object.keys(failed), [
      'id',
      'name',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'expect',
      'status',
      'pairs',
      'violations',
      'errors',
    ]);
    assert.deepEqual(
      { ...failed, violations: undefined },
      {
        id: 'web-is-closed-to-the-namespace',
        name: 'web is closed to the namespace',
        file: 'tests/netpol-expectations.yaml',
        line: 7,
        column: 7,
        endLine: 11,
        endColumn: 23,
        expect: 'denied',
        status: 'failed',
        pairs: { total: 3, violating: 3 },
        violations: undefined,
        errors: [],
      },
    );
    const [first] = failed.violations;
    assert.deepEqual(Object.keys(first), ['from', 'to', 'expected', 'actual', 'reasons']);
    assert.deepEqual(
      [first.from, first.to, first.expected, first.actual],
      ['shop/api[Deployment]', 'shop/web[Deployment]', 'none', [{ protocol: 'TCP', ports: [[8080, 8080]] }]],
    );
    assert.deepEqual(first.reasons[0], {
      side: 'egress',
      verdict: 'allowed',
      why: 'not-isolated',
      description: 'shop/api[Deployment] is not isolated for egress: no NetworkPolicy selects it with Egress',
    });
    assert.deepEqual(
      { ...first.reasons[1], description: undefined },
      {
        side: 'ingress',
        verdict: 'allowed',
        policy: 'shop/web-in',
        rule: 'ingress[0]',
        file: 'k8s/app.yaml',
        line: 68,
        description: undefined,
      },
    );
    assert.deepEqual(document.results[2].errors[0].file, 'tests/netpol-expectations.yaml');
    assert.equal(document.results[3].status, 'skipped');
  });

  it('--max-witnesses caps the witnesses, never the totals', () => {
    const document = JSON.parse(run('k8s', 'tests', '--format', 'json', '--max-witnesses', '1').stdout);
    assert.equal(document.results[0].violations.length, 1);
    assert.deepEqual(document.results[0].pairs, { total: 3, violating: 3 });
  });

  it('--tag keeps the expectations with that tag; a tag no expectation has is a usage error', () => {
    const result = run('k8s', 'tests', '--tag', 'security', '--format', 'json');
    assert.deepEqual(JSON.parse(result.stdout).summary, { total: 1, passed: 0, failed: 1, error: 0, skipped: 0 });
    const none = run('k8s', 'tests', '--tag', 'nope');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no expectation is tagged "nope"/);
  });

  it('--fail-on decides which outcomes exit 1', () => {
    assert.equal(run('k8s', 'tests', '--fail-on', 'none').status, 0);
    assert.equal(run('k8s', 'tests', '--fail-on', 'failed').status, 1);
    assert.equal(run('k8s', 'tests', '--tag', 'security', '--fail-on', 'error').status, 0);
    assert.equal(run('k8s', '--expectations', 'tests', '--fail-on', 'failed,error').status, 1);
  });

  it('--junit and --sarif write side files while text goes to stdout', () => {
    const result = run('k8s', 'tests', '--junit', 'out/junit.xml', '--sarif', 'out.sarif');
    assert.match(result.stdout, /^tests\/netpol-expectations\.yaml:7:7: FAIL NPT002/);
    const junit = readFileSync(join(root, 'out', 'junit.xml'), 'utf8');
    assertWellFormedXml(junit);
    assert.match(
      junit,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="netpol test" tests="4" failures="1" errors="1" skipped="1" time="[\d.]+">/,
    );
    assert.match(
      junit,
      /<testsuite name="shop" file="tests\/netpol-expectations\.yaml" tests="4" failures="1" errors="1" skipped="1" time="[\d.]+">/,
    );
    assert.match(
      junit,
      /<testcase classname="shop" name="web is closed to the namespace" file="tests\/netpol-expectations\.yaml" line="7" time="[\d.]+">\n {6}<failure type="NPT002" message="shop\/api\[Deployment\] can reach shop\/web\[Deployment\] on TCP 8080 \(3 of 3 pairs\)">tests\/netpol-expectations\.yaml:7:7 3 of 3 pairs violate/,
    );
    assert.match(junit, /<error type="NPT004" message="unknown ref: no workload &quot;shop\/ghost\[Deployment\]&quot;/);
    assert.match(junit, /<skipped message="not yet"\/>/);
    const sarif = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8'));
    assert.deepEqual(sarifProblems(sarif), []);
  });

  it('--format sarif: one result per failed or not evaluable expectation, rules NPT001-NPT004, fingerprints, deciding rules', () => {
    const log = JSON.parse(run('k8s', 'tests', '--format', 'sarif').stdout);
    assert.deepEqual(sarifProblems(log), []);
    const [sarifRun] = log.runs;
    assert.deepEqual(sarifRun.automationDetails, { id: 'netpol-test/' });
    assert.deepEqual(
      sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id),
      ['NPT001', 'NPT002', 'NPT003', 'NPT004'],
    );
    assert.equal(sarifRun.tool.driver.rules[1].properties['security-severity'], '7.5');
    assert.match(
      sarifRun.tool.driver.rules[1].help.markdown,
      /\[A failing and a fixed example\]\(.*#npt002-expectation-denied-violated\)$/,
    );
    assert.deepEqual(
      sarifRun.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
      [
        ['NPT002', 'error'],
        ['NPT004', 'warning'],
      ],
    );
    const [failed] = sarifRun.results;
    assert.deepEqual(failed.partialFingerprints, { 'netpolExpectation/v1': 'web-is-closed-to-the-namespace' });
    assert.deepEqual(failed.locations[0].physicalLocation, {
      artifactLocation: { uri: 'tests/netpol-expectations.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 7, endLine: 11, endColumn: 23 },
    });
    assert.deepEqual(failed.relatedLocations[0].physicalLocation.artifactLocation, {
      uri: 'k8s/app.yaml',
      uriBaseId: '%SRCROOT%',
    });
    assert.equal(failed.relatedLocations[0].message.text, 'shop/web-in ingress[0]');
    assert.match(
      failed.message.text,
      /^Expectation 'web is closed to the namespace' failed: shop\/api\[Deployment\] can reach shop\/web\[Deployment\] on TCP 8080 \(3 of 3 pairs\)\. \[NetworkPolicy shop\/web-in ingress rule #1 .*\]\(1\)\.$/,
    );
    assert.deepEqual(failed.properties.pairsViolating, 3);
    const byCause = JSON.parse(run('k8s', 'tests', '--format', 'sarif', '--sarif-anchor', 'cause').stdout).runs[0].results[0];
    assert.deepEqual(byCause.locations[0].physicalLocation.artifactLocation.uri, 'k8s/app.yaml');
    assert.equal(byCause.relatedLocations.at(-1).physicalLocation.artifactLocation.uri, 'tests/netpol-expectations.yaml');
  });

  it('--format md: a summary line, then one <details> per failure or error', () => {
    const md = run('k8s', 'tests', '--format', 'md').stdout;
    assert.match(md, /^### ❌ netpol test: 4 expectations: 1 passed, 1 failed, 1 error, 1 skipped\n/);
    assert.equal(md.match(/<details>/g)?.length, 2);
    assert.match(
      md,
      /<summary><b>FAIL NPT002<\/b> web is closed to the namespace — tests\/netpol-expectations\.yaml:7<\/summary>/,
    );
  });

  it('problems of an expectations file outside any expectation go to stderr: YAML it cannot read, an apiVersion it does not know', () => {
    const broken = workspace({
      'app.yaml': MANIFESTS,
      'bad.yaml': 'apiVersion: [\n',
      'v9.yaml': EXPECTATIONS.replace('v1alpha1', 'v9'),
    });
    try {
      const unreadable = runNetpol(['test', 'app.yaml', '--expectations', 'bad.yaml'], broken);
      assert.equal(unreadable.status, 2);
      assert.match(unreadable.stderr, /^netpol: bad\.yaml:2:1: error NP0001 YAML syntax error/);
      const version = runNetpol(['test', 'app.yaml', '--expectations', 'v9.yaml'], broken);
      assert.equal(version.status, 1);
      assert.match(version.stderr, /^netpol: v9\.yaml:1:13: error NPT010 `apiVersion` must be "netpol-navigator\.dev\/v1alpha1"/);
      assert.match(version.stdout, /^0 expectations: /);
    } finally {
      removeWorkspace(broken);
    }
  });

  it('usage errors exit 2', () => {
    for (const args of [
      ['k8s', 'tests', '--format', 'xml'],
      ['k8s', 'tests', '--fail-on', 'sometimes'],
      ['k8s', 'tests', '--max-witnesses', 'many'],
      ['k8s', 'tests', '--sarif-anchor', 'rule'],
      ['k8s', 'tests', '--bogus'],
      [],
      ['k8s'],
    ]) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^netpol: .*\nRun 'netpol test --help' for usage\.\n$/);
    }
    assert.match(run('k8s').stderr, /no ReachabilityExpectations document under the paths/);
  });
});

describe('netpol test examples/', () => {
  before(() => ensureBuilt());

  it('the example expectations pass; the one in broken/ fails (NPT002)', () => {
    const passing = runNetpol(['test', 'examples', '--expectations', 'examples/netpol-expectations.yaml'], ROOT);
    assert.equal(passing.status, 0, passing.stdout);
    assert.match(passing.stdout, /\n12 expectations: 11 passed, 0 failed, 0 errors, 1 skipped\n$/);
    const all = runNetpol(['test', 'examples'], ROOT);
    assert.equal(all.status, 1);
    assert.match(
      all.stdout,
      /^examples\/broken\/netpol-expectations\.yaml:9:7: FAIL NPT002 nothing in monitoring reaches the payments API\n/,
    );
  });

  it('reads manifests rendered with -k as `reach` does (kubectl kustomize, as the -k tests)', () => {
    requireKubectl();
    const root = workspace({
      'expectations.yaml': `apiVersion: netpol-navigator.dev/v1alpha1
kind: ReachabilityExpectations
metadata: {name: dev}
spec:
  expectations:
    - {from: "shop-dev/dev-web[Deployment]", to: "shop-dev/dev-api[Deployment]", expect: exactly, ports: [80/TCP]}
`,
    });
    try {
      const result = runNetpol(
        ['test', '-k', join(ROOT, 'test/fixtures/kustomize/overlays/dev'), '--expectations', 'expectations.yaml'],
        root,
      );
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /PASS shop-dev\/dev-web\[Deployment\] → shop-dev\/dev-api\[Deployment\] exactly 80\/TCP/);
    } finally {
      removeWorkspace(root);
    }
  });
});

/** Every element closed in order, attributes quoted, nothing but entities after `&`: enough to know a parser reads it. */
function assertWellFormedXml(text: string): void {
  const stack: string[] = [];
  const body = text.replace(/^<\?xml[^>]*\?>\n/, '');
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes another element`);
    else stack.push(name);
  }
  assert.deepEqual(stack, []);
  assert.doesNotMatch(body.replace(/<[^>]*>/g, ''), /<|&(?!(amp|lt|gt|quot|apos);)/);
}
