import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateManifest } from '../../server/src/engine/validate/index';
import { manifest, yaml } from '../helpers';
import { runRules } from './apiServer.helpers';

const header = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test}\n';

describe('apiServer: selectors (S1-S7) on spec.podSelector and every peer selector', () => {
  it('S1: a bad matchLabels key is reported at the key, with the map as the API path', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchLabels: {"a/b/c": x, good: y}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1201@"a/b/c"']);
    assert.match(
      run.messages[0],
      /^spec\.podSelector\.matchLabels: Invalid value: "a\/b\/c": a valid label key must consist of /,
    );
  });

  it('S2: a bad matchLabels value is reported at the value', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchLabels: {app: "-web"}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1202@"-web"']);
    assert.match(
      run.messages[0],
      /^spec\.podSelector\.matchLabels: Invalid value: "-web": a valid label must be an empty string or /,
    );
  });

  it('S3: In and NotIn need values; missing or empty both fail, at the values key', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - key: app
            operator: In
            values: []
          - key: app
            operator: NotIn
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1203@key: app\n      operator: NotIn', 'NP1203@values']);
    assert.equal(
      run.messages[0],
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    );
  });

  it('S4: Exists and DoesNotExist take no values', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - {key: app, operator: Exists, values: [a]}
          - {key: app, operator: DoesNotExist, values: []}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1204@values']);
    assert.equal(
      run.messages[0],
      "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    );
  });

  it('S5: operators are case-sensitive; an empty one fails too', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - {key: app, operator: in, values: [a]}
          - {key: app, operator: "", values: [a]}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1205@""', 'NP1205@in']);
    assert.equal(
      run.messages[0],
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
    );
  });

  it('S6: matchExpressions keys are qualified names; an empty key fails with two messages', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - {key: "", operator: Exists}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1201@""', 'NP1201@""']);
    assert.equal(run.messages[0], 'spec.podSelector.matchExpressions[0].key: Invalid value: "": name part must be non-empty');
  });

  it('S5: an absent or null operator decodes as "" and gets the S5 message (rules §4.1 note), not a schema finding', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - key: app
          - {key: app, operator: ~}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1205@key: app', 'NP1205@~']);
    assert.equal(
      run.messages[0],
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
    );
    const full = validateManifest(manifest(text)).map((d) => `${d.code} ${d.message}`);
    assert.ok(
      full.includes('NP1205 spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator'),
      full.join('\n'),
    );
    assert.ok(!full.some((line) => line.startsWith('NP1003')), full.join('\n'));
  });

  it('S6: an absent key decodes as "" and fails as the empty key does (rules §4.1 note, Q5/Q6)', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - {operator: Exists}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1201@{operator: Exists}', 'NP1201@{operator: Exists}']);
    assert.equal(run.messages[0], 'spec.podSelector.matchExpressions[0].key: Invalid value: "": name part must be non-empty');
  });

  it('S7: each bad value of matchExpressions is reported at that value, with its index in the path', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchExpressions:
          - {key: app, operator: In, values: [ok, "not ok", ""]}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1202@"not ok"']);
    assert.match(run.messages[0], /^spec\.podSelector\.matchExpressions\[0\]\.values\[1\]: Invalid value: "not ok": /);
  });

  it('checks podSelector and namespaceSelector of ingress and egress peers with their own paths', () => {
    const text =
      header +
      yaml`
      spec:
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {"-ns": x}}
            podSelector: {matchExpressions: [{key: app, operator: Exist}]}
        egress:
        - to:
          - podSelector: {matchLabels: {app: "x y"}}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1201@"-ns"', 'NP1202@"x y"', 'NP1205@Exist']);
    assert.deepEqual(run.messages.map((m) => m.split(': ')[0]).sort(), [
      'spec.egress[0].to[0].podSelector.matchLabels',
      'spec.ingress[0].from[0].namespaceSelector.matchLabels',
      'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator',
    ]);
  });

  it('accepts empty and null selectors and null matchLabels values (they decode as "")', () => {
    const text =
      header +
      yaml`
      spec:
        podSelector:
          matchLabels:
            app:
        ingress:
        - from:
          - namespaceSelector: {}
          - podSelector: {matchLabels: null, matchExpressions: []}
    `;
    assert.deepEqual(runRules(text).found, []);
  });
});

describe('apiServer: ports (P1-P7)', () => {
  const ports = (lines: string): string => `${header}spec:\n  ingress:\n  - ports:\n${lines}`;

  it('P1: protocol must be TCP, UDP or SCTP, case-sensitive', () => {
    const run = runRules(ports('    - {protocol: tcp, port: 80}\n    - {protocol: SCTP}\n    - {protocol: ""}\n'));
    assert.deepEqual(run.found, ['NP1301@""', 'NP1301@tcp']);
    assert.equal(
      run.messages[0],
      'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
    );
  });

  it('P2: a numeric port must be between 1 and 65535', () => {
    const run = runRules(ports('    - port: 0\n    - port: 65536\n    - port: -1\n    - port: 65535\n'));
    assert.deepEqual(run.found, ['NP1302@-1', 'NP1302@0', 'NP1302@65536']);
    assert.equal(run.messages[0], 'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
  });

  it('P3: endPort below port is rejected, and the bad value printed is the port', () => {
    const run = runRules(ports('    - {port: 8080, endPort: 8000}\n    - {port: 8080, endPort: 8080}\n'));
    assert.deepEqual(run.found, ['NP1304@8000']);
    assert.equal(
      run.messages[0],
      'spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`',
    );
  });

  it('P4: endPort out of range; P3 and P4 can both fire', () => {
    const run = runRules(ports('    - {port: 100, endPort: 0}\n    - {port: 100, endPort: 70000}\n'));
    assert.deepEqual(run.found, ['NP1304@0', 'NP1305@0', 'NP1305@70000']);
    assert.ok(
      run.messages.includes('spec.ingress[0].ports[1].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive'),
    );
  });

  it('P5: endPort with a named port', () => {
    const run = runRules(ports('    - {port: http, endPort: 90}\n'));
    assert.deepEqual(run.found, ['NP1306@90']);
    assert.equal(
      run.messages[0],
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
    );
  });

  it('P6: a named port must be an IANA service name, one diagnostic per failed condition', () => {
    const run = runRules(ports('    - port: Web_Port--\n    - port: http\n'));
    assert.deepEqual(run.found, ['NP1303@Web_Port--', 'NP1303@Web_Port--', 'NP1303@Web_Port--']);
    assert.deepEqual(run.messages, [
      'spec.ingress[0].ports[0].port: Invalid value: "Web_Port--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].port: Invalid value: "Web_Port--": must not contain consecutive hyphens',
      'spec.ingress[0].ports[0].port: Invalid value: "Web_Port--": must not begin or end with a hyphen',
    ]);
  });

  it('P6: a quoted number is a port name and fails, with a hint to remove the quotes', () => {
    const run = runRules(ports('    - port: "80"\n    - port: \'99999\'\n'));
    assert.deepEqual(run.found, ['NP1303@"80"', "NP1303@'99999'"]);
    assert.equal(
      run.messages[0],
      'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z) (did you mean the number 80? remove the quotes)',
    );
    // 99999 would not be a valid number either, so there is nothing to suggest.
    assert.equal(
      run.messages[1],
      'spec.ingress[0].ports[1].port: Invalid value: "99999": must contain at least one letter (a-z)',
    );
  });

  it('P7: endPort without port', () => {
    const run = runRules(`${header}spec:\n  egress:\n  - ports:\n    - {protocol: UDP, endPort: 53}\n`);
    assert.deepEqual(run.found, ['NP1307@53']);
    assert.equal(
      run.messages[0],
      'spec.egress[0].ports[0].endPort: Invalid value: 53: may not be specified when `port` is not specified',
    );
  });

  it('accepts an empty port entry, a null entry, and endPort equal to port', () => {
    assert.deepEqual(runRules(ports('    - {}\n    -\n    - {port: 1, endPort: 65535}\n')).found, []);
  });
});

describe('apiServer: peers (R1-R2)', () => {
  it('R1: a peer with none of podSelector, namespaceSelector, ipBlock is reported at the peer item', () => {
    const text =
      header +
      yaml`
      spec:
        egress:
        - to:
          - {}
          - podSelector: null
    `;
    const run = runRules(text);
    // A null podSelector decodes as an absent one.
    assert.deepEqual(run.found, ['NP1401@podSelector: null', 'NP1401@{}']);
    assert.equal(run.messages[0], 'spec.egress[0].to[0]: Required value: must specify a peer');
  });

  it('R1: a null peer decodes as an empty one', () => {
    const text = `${header}spec:\n  ingress:\n  - from:\n    - \n    - podSelector: {}\n`;
    const run = runRules(text);
    assert.equal(run.diagnostics.length, 1);
    assert.equal(run.diagnostics[0].code, 'NP1401');
    assert.equal(run.messages[0], 'spec.ingress[0].from[0]: Required value: must specify a peer');
  });

  it('R2: ipBlock with another peer is forbidden; sub-field errors are still reported', () => {
    const text =
      header +
      yaml`
      spec:
        ingress:
        - from:
          - {ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {matchLabels: {"-x": y}}}
          - {podSelector: {}, namespaceSelector: {}}
    `;
    const run = runRules(text);
    assert.deepEqual(run.found, [
      'NP1201@"-x"',
      'NP1402@{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {matchLabels: {"-x": y}}}',
    ]);
    assert.ok(run.messages.includes('spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'));
  });

  it('accepts empty from/to lists and an empty rule', () => {
    const text =
      header +
      yaml`
      spec:
        ingress:
        - {}
        - from: []
        egress:
        - to:
    `;
    assert.deepEqual(runRules(text).found, []);
  });
});

describe('apiServer: policyTypes (T1-T2)', () => {
  it('T1: more than two entries, printed as a JSON array; T2 is then not checked', () => {
    const text = `${header}spec:\n  policyTypes: [Ingress, Egress, ingress]\n`;
    const run = runRules(text);
    assert.deepEqual(run.found, ['NP1601@[Ingress, Egress, ingress]']);
    assert.equal(
      run.messages[0],
      'spec.policyTypes: Invalid value: ["Ingress","Egress","ingress"]: may not specify more than two policyTypes',
    );
  });

  it('T2: each entry must be exactly Ingress or Egress', () => {
    const run = runRules(`${header}spec:\n  policyTypes: [ingress, Egress]\n`);
    assert.deepEqual(run.found, ['NP1602@ingress']);
    assert.equal(run.messages[0], 'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"');
  });

  it('duplicates and empty lists are not API-server errors', () => {
    assert.deepEqual(runRules(`${header}spec:\n  policyTypes: [Egress, Egress]\n`).found, []);
    assert.deepEqual(runRules(`${header}spec:\n  policyTypes: []\n`).found, []);
  });
});
