import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cidrWarnings,
  formatIPv6,
  formatNetwork,
  isStrictSubset,
  parseCidrSloppy,
  parseCidrStrict,
  strictCidrProblem,
  type ParsedCidr,
} from '../../server/src/engine/cidr';
import {
  cidrMinus,
  containsAddresses,
  EVERY_ADDRESS,
  formatAddressInterval,
  formatNetworkOf,
  networkOf,
  overlapsAddresses,
  parseAddressOrCidr,
  type AddressSet,
} from '../../server/src/engine/cidrSet';

function sloppy(text: string): ParsedCidr {
  const parsed = parseCidrSloppy(text);
  assert.ok(parsed, `${text} should parse sloppily`);
  return parsed;
}

const network = (text: string): string => formatNetwork(sloppy(text));

describe('cidr: the sloppy parser of k8s.io/utils (B2/B6 accept what it accepts)', () => {
  it('reads IPv4 parts with leading zeros as decimal, not octal: 010.000.000.005/32 is 10.0.0.5/32', () => {
    assert.equal(network('010.000.000.005/32'), '10.0.0.5/32');
    assert.equal(network('0000000010.0.0.0/8'), '10.0.0.0/8');
  });

  it('accepts a prefix length with leading zeros: /08 is /8', () => {
    assert.equal(network('10.0.0.0/08'), '10.0.0.0/8');
    assert.equal(network('10.0.0.0/0000032'), '10.0.0.0/32');
  });

  it('masks host bits off', () => {
    assert.equal(network('10.0.0.1/8'), '10.0.0.0/8');
    assert.equal(network('192.168.0.5/24'), '192.168.0.0/24');
    assert.equal(network('2001:db8::1/32'), '2001:db8::/32');
  });

  it('accepts /0 for both families and the whole range of prefix lengths', () => {
    assert.equal(network('0.0.0.0/0'), '0.0.0.0/0');
    assert.equal(network('1.2.3.4/0'), '0.0.0.0/0');
    assert.equal(network('::/0'), '::/0');
    assert.equal(network('::1/128'), '::1/128');
    assert.equal(parseCidrSloppy('10.0.0.0/33'), undefined);
    assert.equal(parseCidrSloppy('::/129'), undefined);
  });

  it('accepts IPv4-mapped IPv6 and shows its network as IPv4, like Go', () => {
    const mapped = sloppy('::ffff:10.0.0.0/104');
    assert.equal(mapped.family, 6);
    assert.equal(mapped.prefixLength, 104);
    assert.equal(formatNetwork(mapped), '10.0.0.0/8');
    assert.equal(network('::ffff:a00:0/104'), '10.0.0.0/8');
  });

  it('reads IPv6 forms: compressed, full, upper case, embedded IPv4, extra leading zeros in a group', () => {
    assert.equal(network('2001:DB8:0:0:0:0:0:0/64'), '2001:db8::/64');
    assert.equal(network('fe80::/10'), 'fe80::/10');
    assert.equal(network('::1.2.3.4/128'), '::102:304/128');
    assert.equal(network('00002001:db8::/32'), '2001:db8::/32');
    assert.equal(network('1:2:3:4:5:6:7::/128'), '1:2:3:4:5:6:7:0/128');
  });

  it('rejects what is not a CIDR at all', () => {
    for (const text of [
      '',
      '10.0.0.0',
      '10.0.0.0/',
      '/8',
      '10.0.0/8',
      '10.0.0.0.0/8',
      '256.0.0.0/8',
      '10.0.0.0/+8',
      '10.0.0.0/-1',
      '10.0.0.0/8/8',
      ' 10.0.0.0/8',
      '10.0.0.0/8 ',
      'a.b.c.d/8',
      ':::/64',
      '1::2::3/64',
      '1:2:3:4:5:6:7:8::/64',
      '1:2:3:4:5:6:7/64',
      '12345::/16',
      '::1.2.3/96',
      'fe80::1%eth0/64',
      '1:2:3:4:5:6:7:1.2.3.4/128',
    ]) {
      assert.equal(parseCidrSloppy(text), undefined, JSON.stringify(text));
    }
  });
});

describe('cidr: strict checks (StrictIPCIDRValidation, B3-B5 in that order)', () => {
  it('B3: leading zeros in the address or the prefix length, or too many hex digits', () => {
    assert.equal(strictCidrProblem('010.0.0.0/8'), 'leadingZeros');
    assert.equal(strictCidrProblem('10.0.0.0/08'), 'leadingZeros');
    assert.equal(strictCidrProblem('00002001:db8::/32'), 'leadingZeros');
    // Leading zeros win over host bits: only one problem is reported.
    assert.equal(strictCidrProblem('010.0.0.1/8'), 'leadingZeros');
  });

  it('B4: an IPv4-mapped IPv6 address, before host bits', () => {
    assert.equal(strictCidrProblem('::ffff:10.0.0.0/104'), 'ipv4MappedIPv6');
    assert.equal(strictCidrProblem('::ffff:10.0.0.1/104'), 'ipv4MappedIPv6');
  });

  it('B5: bits set beyond the prefix length', () => {
    assert.equal(strictCidrProblem('10.0.0.1/8'), 'hostBits');
    assert.equal(strictCidrProblem('2001:db8::1/64'), 'hostBits');
  });

  it('accepts canonical and merely non-canonical values ("0" alone is not a leading zero)', () => {
    for (const text of [
      '10.0.0.0/8',
      '0.0.0.0/0',
      '10.0.0.0/32',
      '::/0',
      '2001:DB8::/32',
      '2001:db8:0:0:0:0:0:0/64',
      '0.0.0.0/32',
    ]) {
      assert.equal(strictCidrProblem(text), undefined, text);
    }
    assert.equal(parseCidrStrict('10.0.0.0/08'), undefined);
  });
});

describe('cidr: RFC 5952 canonical IPv6 text', () => {
  const bytes = (text: string): Uint8Array => sloppy(`${text}/128`).address;

  it('lower case, no leading zeros, longest zero run compressed, first one on a tie, a single zero group kept', () => {
    assert.equal(formatIPv6(bytes('2001:0DB8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
    assert.equal(formatIPv6(bytes('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6(bytes('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIPv6(bytes('1:0:0:2:0:0:0:3')), '1:0:0:2::3');
    assert.equal(formatIPv6(bytes('::')), '::');
    assert.equal(formatIPv6(bytes('1::')), '1::');
  });
});

describe('cidr: the API server warnings (GetWarningsForCIDR, §7)', () => {
  it('host bits: ambiguous, suggesting the network or the single address', () => {
    assert.deepEqual(cidrWarnings('10.0.0.1/8'), [
      {
        kind: 'ambiguous',
        text: 'CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      },
    ]);
  });

  it('leading zeros: non-standard, suggesting the parsed network', () => {
    assert.deepEqual(cidrWarnings('010.0.0.0/08'), [
      { kind: 'nonStandard', text: 'non-standard CIDR value "010.0.0.0/08" is invalid: use "10.0.0.0/8"' },
    ]);
  });

  it('host bits and leading zeros together give both warnings', () => {
    assert.deepEqual(
      cidrWarnings('010.0.0.1/8').map((w) => w.kind),
      ['ambiguous', 'nonStandard'],
    );
  });

  it('IPv4-mapped IPv6: non-standard, suggesting the IPv4 form', () => {
    assert.deepEqual(cidrWarnings('::ffff:10.0.0.0/104'), [
      { kind: 'nonStandard', text: 'non-standard CIDR value "::ffff:10.0.0.0/104" is invalid: use "10.0.0.0/8"' },
    ]);
  });

  it('IPv6 not in RFC 5952 form, only when nothing else is wrong', () => {
    assert.deepEqual(cidrWarnings('2001:DB8::/32'), [
      { kind: 'notCanonical', text: 'IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")' },
    ]);
    assert.deepEqual(
      cidrWarnings('2001:DB8::1/32').map((w) => w.kind),
      ['ambiguous'],
    );
    assert.deepEqual(cidrWarnings('2001:db8::/32'), []);
    assert.deepEqual(cidrWarnings('10.0.0.0/8'), []);
    assert.deepEqual(cidrWarnings('not a cidr'), []);
  });
});

describe('cidr: strict-subset containment (B9)', () => {
  const subset = (except: string, cidr: string): boolean => isStrictSubset(sloppy(except), sloppy(cidr));

  it('accepts a longer prefix inside the cidr', () => {
    assert.equal(subset('10.1.0.0/16', '10.0.0.0/8'), true);
    assert.equal(subset('10.255.255.255/32', '10.0.0.0/8'), true);
    assert.equal(subset('2001:db8:1::/48', '2001:db8::/32'), true);
    assert.equal(subset('0.0.0.0/1', '0.0.0.0/0'), true);
  });

  it('rejects an equal, wider or outside network', () => {
    assert.equal(subset('10.0.0.0/8', '10.0.0.0/8'), false);
    assert.equal(subset('10.0.0.0/7', '10.0.0.0/8'), false);
    assert.equal(subset('11.0.0.0/16', '10.0.0.0/8'), false);
    assert.equal(subset('2001:db9::/48', '2001:db8::/32'), false);
  });

  it('compares masked networks: host bits in cidr or except do not matter', () => {
    assert.equal(subset('10.1.2.3/16', '10.0.0.1/8'), true);
    assert.equal(subset('10.0.0.5/8', '10.0.0.1/8'), false);
  });

  it('never contains the other family, not even ::/0 and 0.0.0.0/0', () => {
    assert.equal(subset('10.0.0.0/8', '::/0'), false);
    assert.equal(subset('2001:db8::/32', '0.0.0.0/0'), false);
    assert.equal(subset('::/1', '0.0.0.0/0'), false);
  });

  it('counts an IPv4-mapped IPv6 except as IPv4, as Go does (strict mode rejects it by B7 anyway)', () => {
    assert.equal(subset('::ffff:10.1.0.0/112', '10.0.0.0/8'), true);
    assert.equal(subset('::ffff:11.1.0.0/112', '10.0.0.0/8'), false);
    // An IPv4-mapped cidr contains IPv4 networks, but its /104 is not shorter than a /16.
    assert.equal(subset('10.1.0.0/16', '::ffff:10.0.0.0/104'), false);
    assert.equal(subset('::ffff:10.1.0.0/112', '::ffff:10.0.0.0/104'), true);
  });
});

describe('cidr: address sets of ipBlocks (cidrSet, built on the one parser above)', () => {
  const v4 = (set: AddressSet): string[] => set.v4.map((interval) => formatAddressInterval(4, interval));

  it('carves overlapping and edge excepts correctly', () => {
    const holes = ['192.168.0.0/26', '192.168.0.32/27', '192.168.0.255/32'].map(sloppy);
    assert.deepEqual(v4(cidrMinus(sloppy('192.168.0.0/24'), holes)), ['192.168.0.64 - 192.168.0.254']);
  });

  it('takes an IPv4-mapped IPv6 network as the IPv4 network it holds (Go IPNet.Contains)', () => {
    assert.deepEqual(formatNetworkOf(networkOf(sloppy('::ffff:10.0.0.0/104'))), '10.0.0.0/8');
    assert.deepEqual(v4(cidrMinus(sloppy('::ffff:10.0.0.0/104'), [sloppy('10.1.0.0/16')])), [
      '10.0.0.0 - 10.0.255.255',
      '10.2.0.0 - 10.255.255.255',
    ]);
    assert.equal(formatNetworkOf(networkOf(sloppy('2001:00db8::/32'))), '2001:db8::/32');
  });

  it('reads command-line addresses and networks, and compares sets', () => {
    const block = cidrMinus(sloppy('10.0.0.0/8'), [sloppy('10.1.0.0/16')]);
    assert.ok(containsAddresses(block, parseAddressOrCidr('10.2.3.4')!));
    assert.ok(!containsAddresses(block, parseAddressOrCidr('10.1.3.4')!));
    assert.ok(!containsAddresses(block, parseAddressOrCidr('10.0.0.0/8')!));
    assert.ok(overlapsAddresses(block, parseAddressOrCidr('10.0.0.0/8')!));
    assert.ok(!overlapsAddresses(block, parseAddressOrCidr('10.1.0.0/16')!));
    assert.ok(containsAddresses(EVERY_ADDRESS, parseAddressOrCidr('2001:db8::1')!));
    assert.equal(parseAddressOrCidr('10.0.0'), undefined);
  });
});
