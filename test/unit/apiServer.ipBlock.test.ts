import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateManifest } from '../../server/src/engine/validate/index';
import { manifest } from '../helpers';
import { runRules } from './apiServer.helpers';

const header = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test}\n';

/** One egress peer with this ipBlock, written as a YAML flow mapping. */
const ipBlock = (flow: string): string => `${header}spec:\n  egress:\n  - to:\n    - ipBlock: ${flow}\n`;

const path = 'spec.egress[0].to[0].ipBlock';

describe('apiServer: ipBlock cidr (B1-B5)', () => {
  it('B1: an empty cidr is required, at the cidr key; nothing else in the ipBlock is checked', () => {
    const run = runRules(ipBlock('{cidr: "", except: [nonsense]}'));
    assert.deepEqual(run.found, ['NP1501@cidr']);
    assert.equal(run.messages[0], `${path}.cidr: Required value`);
  });

  it('B1: an absent or null cidr decodes as "" and is required too ("empty or missing"), not a schema finding', () => {
    assert.deepEqual(runRules(ipBlock('{except: [nonsense]}')).found, ['NP1501@{except: [nonsense]}']);
    assert.deepEqual(runRules(ipBlock('{cidr: ~}')).found, ['NP1501@cidr']);
    const full = validateManifest(manifest(ipBlock('{}'))).map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(full, [`NP1501 ${path}.cidr: Required value`]);
  });

  it("B9 reads an IPv4-mapped IPv6 except as IPv4 (Go's IPNet.Contains): inside 10.0.0.0/8 it is a strict subset; 1.35 only warns (B5 warning), 1.36 rejects it (B5)", () => {
    const legacy = runRules(ipBlock('{cidr: 10.0.0.0/8, except: ["::ffff:10.1.0.0/112"]}'), '1.35');
    assert.deepEqual(legacy.found, ['NP1503@"::ffff:10.1.0.0/112"']);
    assert.equal(legacy.diagnostics[0].severity, 'warning');
    const strict = runRules(ipBlock('{cidr: 10.0.0.0/8, except: ["::ffff:10.1.0.0/112"]}'), '1.36');
    assert.deepEqual(strict.found, ['NP1503@"::ffff:10.1.0.0/112"']);
    assert.equal(strict.diagnostics[0].severity, 'error');
  });

  it('B2: a cidr that even the lenient parser cannot read; except is then not checked', () => {
    const run = runRules(ipBlock('{cidr: 10.0.0.0, except: [nonsense]}'));
    assert.deepEqual(run.found, ['NP1502@10.0.0.0']);
    assert.equal(
      run.messages[0],
      `${path}.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
    );
  });

  it('B3: leading zeros are an error from 1.36 (StrictIPCIDRValidation on by default)', () => {
    const run = runRules(ipBlock('{cidr: 010.0.0.0/08}'), '1.36');
    assert.deepEqual(run.found, ['NP1503@010.0.0.0/08']);
    assert.equal(run.diagnostics[0].severity, 'error');
    assert.equal(run.messages[0], `${path}.cidr: Invalid value: "010.0.0.0/08": must not have leading 0s in IP or prefix length`);
  });

  it('B3: leading zeros are a warning up to 1.35, with the API server warning text', () => {
    const run = runRules(ipBlock('{cidr: 010.0.0.0/08}'), '1.35');
    assert.deepEqual(run.found, ['NP1503@010.0.0.0/08']);
    assert.equal(run.diagnostics[0].severity, 'warning');
    assert.equal(run.messages[0], `${path}.cidr: non-standard CIDR value "010.0.0.0/08" is invalid: use "10.0.0.0/8"`);
  });

  it('B4: an IPv4-mapped IPv6 cidr: error from 1.36, warning before', () => {
    const strict = runRules(ipBlock('{cidr: "::ffff:10.0.0.0/104"}'), '1.36');
    assert.deepEqual(strict.found, ['NP1503@"::ffff:10.0.0.0/104"']);
    assert.equal(
      strict.messages[0],
      `${path}.cidr: Invalid value: "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address`,
    );
    const legacy = runRules(ipBlock('{cidr: "::ffff:10.0.0.0/104"}'), '1.33');
    assert.equal(legacy.diagnostics[0].severity, 'warning');
    assert.equal(legacy.messages[0], `${path}.cidr: non-standard CIDR value "::ffff:10.0.0.0/104" is invalid: use "10.0.0.0/8"`);
  });

  it('B5: host bits: error from 1.36, "ambiguous" warning on 1.35', () => {
    const strict = runRules(ipBlock('{cidr: 192.168.0.5/24}'), '1.36');
    assert.deepEqual(strict.found, ['NP1504@192.168.0.5/24']);
    assert.equal(strict.diagnostics[0].severity, 'error');
    assert.equal(
      strict.messages[0],
      `${path}.cidr: Invalid value: "192.168.0.5/24": must not have bits set beyond the prefix length`,
    );
    const legacy = runRules(ipBlock('{cidr: 10.0.0.1/8}'), '1.35');
    assert.deepEqual(legacy.found, ['NP1504@10.0.0.1/8']);
    assert.equal(legacy.diagnostics[0].severity, 'warning');
    assert.equal(
      legacy.messages[0],
      `${path}.cidr: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)`,
    );
  });

  it('at most one of B3/B4/B5 per value in strict mode, in that order; legacy mode can warn twice', () => {
    assert.deepEqual(runRules(ipBlock('{cidr: 010.0.0.1/8}'), '1.36').found, ['NP1503@010.0.0.1/8']);
    assert.deepEqual(runRules(ipBlock('{cidr: 010.0.0.1/8}'), '1.35').found, ['NP1503@010.0.0.1/8', 'NP1504@010.0.0.1/8']);
  });

  it('NP2007: an IPv6 cidr not in RFC 5952 form is a warning in every version', () => {
    for (const version of ['1.35', '1.36']) {
      const run = runRules(ipBlock('{cidr: "2001:DB8:0:0::/64"}'), version);
      assert.deepEqual(run.found, ['NP2007@"2001:DB8:0:0::/64"']);
      assert.equal(run.diagnostics[0].severity, 'warning');
      assert.equal(
        run.messages[0],
        `${path}.cidr: IPv6 CIDR value "2001:DB8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")`,
      );
    }
    // Host bits take precedence over the canonical-form warning.
    assert.deepEqual(runRules(ipBlock('{cidr: "2001:DB8::1/64"}'), '1.35').found, ['NP1504@"2001:DB8::1/64"']);
  });

  it('accepts canonical IPv4 and IPv6 cidrs, including /0', () => {
    for (const cidr of ['10.0.0.0/8', '0.0.0.0/0', '"2001:db8::/32"', '"::/0"', '192.168.1.1/32']) {
      assert.deepEqual(runRules(ipBlock(`{cidr: ${cidr}}`)).found, [], cidr);
    }
  });
});

describe('apiServer: ipBlock except (B6-B9)', () => {
  it('B6: an unreadable except entry is reported at that list item and skipped for B9', () => {
    const run = runRules(ipBlock('{cidr: 10.0.0.0/8, except: [10.1.0.0/16, "", 300.0.0.0/8, 11.0.0.0/16]}'));
    assert.deepEqual(run.found, ['NP1502@""', 'NP1502@300.0.0.0/8', 'NP1505@11.0.0.0/16']);
    assert.ok(
      run.messages.includes(
        `${path}.except[1]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
      ),
    );
  });

  it('B7: strict forms of except entries follow the cidr rules (error on 1.36, warning on 1.35), and B9 still applies', () => {
    const strict = runRules(ipBlock('{cidr: 10.0.0.0/8, except: [10.1.0.1/16, 010.2.0.0/16, 11.0.0.1/16]}'), '1.36');
    assert.deepEqual(strict.found, ['NP1503@010.2.0.0/16', 'NP1504@10.1.0.1/16', 'NP1504@11.0.0.1/16', 'NP1505@11.0.0.1/16']);
    assert.ok(strict.diagnostics.every((d) => d.severity === 'error'));
    const legacy = runRules(ipBlock('{cidr: 10.0.0.0/8, except: [10.1.0.1/16]}'), '1.35');
    assert.deepEqual(legacy.found, ['NP1504@10.1.0.1/16']);
    assert.equal(
      legacy.messages[0],
      `${path}.except[0]: CIDR value "10.1.0.1/16" is ambiguous in this context (should be "10.1.0.0/16" or "10.1.0.1/32"?)`,
    );
  });

  it('B9: an except equal to, wider than, or outside the cidr is not a strict subset', () => {
    const run = runRules(ipBlock('{cidr: 10.0.0.0/16, except: [10.0.0.0/16, 10.0.0.0/8, 192.168.0.0/24, 10.0.1.0/24]}'));
    assert.deepEqual(run.found, ['NP1505@10.0.0.0/16', 'NP1505@10.0.0.0/8', 'NP1505@192.168.0.0/24']);
    assert.equal(run.messages[0], `${path}.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``);
  });

  it('B9: an except of the other IP family fails with the same message', () => {
    const run = runRules(ipBlock('{cidr: 0.0.0.0/0, except: ["2001:db8::/32"]}'));
    assert.deepEqual(run.found, ['NP1505@"2001:db8::/32"']);
  });

  it('B9 uses the masked cidr: in legacy mode 10.0.0.1/8 contains 10.1.0.0/16', () => {
    const run = runRules(ipBlock('{cidr: 10.0.0.1/8, except: [10.1.0.0/16]}'), '1.35');
    assert.deepEqual(run.found, ['NP1504@10.0.0.1/8']);
  });

  it('duplicate except entries are allowed', () => {
    assert.deepEqual(runRules(ipBlock('{cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.1.0.0/16]}')).found, []);
  });
});
