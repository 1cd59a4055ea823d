import assert from 'node:assert/strict';
import { seededRandom } from '../../bench/seededRandom';
import { describe, it } from 'node:test';
import {
  ALL,
  NONE,
  PROTOCOLS,
  allPortsOf,
  contains,
  equals,
  formatConnectionSet,
  fromCanonicalJson,
  fromIntervals,
  intersect,
  isAll,
  isEmpty,
  isSubset,
  parsePortSpec,
  portRange,
  resolvePorts,
  subtract,
  toCanonicalJson,
  union,
  unionAll,
  type ConnectionSet,
  type ContainerPort,
  type Protocol,
  type RulePort,
} from '../../server/src/engine/ports';

// A brute-force model: one byte per port and protocol. The engine must never work
// like this; the tests may, to check the interval algebra against the obvious truth.
type Bitmap = Record<Protocol, Uint8Array>;

function toBitmap(set: ConnectionSet): Bitmap {
  const bitmap = { TCP: new Uint8Array(65536), UDP: new Uint8Array(65536), SCTP: new Uint8Array(65536) };
  for (const protocol of PROTOCOLS) for (const [lo, hi] of set[protocol]) bitmap[protocol].fill(1, lo, hi + 1);
  return bitmap;
}

function combineBitmaps(a: Bitmap, b: Bitmap, bit: (x: number, y: number) => number): Bitmap {
  const out = toBitmap(NONE);
  for (const protocol of PROTOCOLS) {
    const [x, y, z] = [a[protocol], b[protocol], out[protocol]];
    for (let port = 1; port <= 65535; port++) z[port] = bit(x[port], y[port]);
  }
  return out;
}

/** The canonical JSON a bitmap must have: maximal runs of allowed ports, TCP/UDP/SCTP order. */
function canonicalOfBitmap(bitmap: Bitmap): ReturnType<typeof toCanonicalJson> {
  if (PROTOCOLS.every((protocol) => bitmap[protocol].subarray(1).every((bit) => bit === 1))) return 'all';
  const out: Array<{ protocol: Protocol; ports: Array<[number, number]> }> = [];
  for (const protocol of PROTOCOLS) {
    const ports: Array<[number, number]> = [];
    const bits = bitmap[protocol];
    for (let port = 1; port <= 65535; port++) {
      if (!bits[port]) continue;
      const start = port;
      while (port < 65535 && bits[port + 1]) port++;
      ports.push([start, port]);
    }
    if (ports.length > 0) out.push({ protocol, ports });
  }
  return out;
}

/** Random sets that overlap, touch and hit the 1 and 65535 edges often. */
function randomSet(random: () => number): ConnectionSet {
  const pick = (n: number): number => Math.floor(random() * n);
  let set = NONE;
  for (const protocol of PROTOCOLS) {
    if (random() < 0.1) {
      set = union(set, allPortsOf(protocol));
      continue;
    }
    const count = pick(6);
    for (let i = 0; i < count; i++) {
      const zone = pick(3);
      const lo = zone === 0 ? 1 + pick(120) : zone === 1 ? 65416 + pick(120) : 1 + pick(65535);
      const hi = lo + (random() < 0.3 ? 0 : random() < 0.8 ? pick(40) : pick(30000));
      set = union(set, portRange(protocol, lo, hi));
    }
  }
  return set;
}

describe('ports: connection set algebra', () => {
  it('union, intersect and subtract agree with a per-port model on random sets (seeded)', () => {
    const random = seededRandom(20261125);
    for (let round = 0; round < 60; round++) {
      const a = randomSet(random);
      const b = randomSet(random);
      const bitsA = toBitmap(a);
      const bitsB = toBitmap(b);
      assert.deepEqual(
        toCanonicalJson(union(a, b)),
        canonicalOfBitmap(combineBitmaps(bitsA, bitsB, (x, y) => x | y)),
        `union, round ${round}`,
      );
      assert.deepEqual(
        toCanonicalJson(intersect(a, b)),
        canonicalOfBitmap(combineBitmaps(bitsA, bitsB, (x, y) => x & y)),
        `intersect, round ${round}`,
      );
      assert.deepEqual(
        toCanonicalJson(subtract(a, b)),
        canonicalOfBitmap(combineBitmaps(bitsA, bitsB, (x, y) => x & (1 - y))),
        `subtract, round ${round}`,
      );
      assert.equal(equals(a, b), JSON.stringify(canonicalOfBitmap(bitsA)) === JSON.stringify(canonicalOfBitmap(bitsB)));
      assert.equal(
        isEmpty(a),
        PROTOCOLS.every((protocol) => bitsA[protocol].every((bit) => bit === 0)),
      );
      for (let probe = 0; probe < 50; probe++) {
        const protocol = PROTOCOLS[Math.floor(random() * 3)];
        const port = 1 + Math.floor(random() * 65535);
        assert.equal(contains(a, protocol, port), bitsA[protocol][port] === 1, `contains ${port}/${protocol}, round ${round}`);
      }
    }
  });

  it('keeps its own representation canonical: sorted, disjoint, never adjacent', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const set = subtract(union(randomSet(random), randomSet(random)), randomSet(random));
      for (const protocol of PROTOCOLS) {
        set[protocol].forEach(([lo, hi], i) => {
          assert.ok(1 <= lo && lo <= hi && hi <= 65535);
          if (i > 0) assert.ok(lo > set[protocol][i - 1][1] + 1, 'intervals are separated by at least one port');
        });
      }
    }
  });

  it('satisfies the set laws on random sets (seeded)', () => {
    const random = seededRandom(99);
    for (let round = 0; round < 100; round++) {
      const [a, b, c] = [randomSet(random), randomSet(random), randomSet(random)];
      assert.ok(equals(union(a, b), union(b, a)));
      assert.ok(equals(intersect(a, union(b, c)), union(intersect(a, b), intersect(a, c))));
      assert.ok(equals(union(subtract(a, b), intersect(a, b)), a));
      assert.ok(isEmpty(intersect(subtract(a, b), b)));
      assert.ok(equals(subtract(ALL, subtract(ALL, a)), a));
      assert.ok(isSubset(intersect(a, b), a));
      assert.equal(isSubset(a, b), equals(union(a, b), b));
    }
  });

  it('has ALL and NONE as identities and absorbers', () => {
    const set = portRange('UDP', 53);
    assert.ok(equals(union(set, NONE), set));
    assert.ok(equals(intersect(set, ALL), set));
    assert.ok(isAll(union(set, ALL)));
    assert.ok(isEmpty(intersect(set, NONE)));
    assert.ok(isEmpty(subtract(set, ALL)));
    assert.ok(isAll(ALL) && !isAll(allPortsOf('TCP')) && isEmpty(NONE) && !isEmpty(set));
  });

  it('is immutable: the constants and results are frozen', () => {
    const set = union(portRange('TCP', 80), portRange('TCP', 443));
    for (const value of [ALL, NONE, set, set.TCP, set.TCP[0]]) assert.ok(Object.isFrozen(value));
    assert.throws(() => (set.TCP as Array<readonly [number, number]>).push([1, 2]));
  });

  it('builds a canonical set from unsorted, overlapping, touching intervals', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 50; round++) {
      const intervals: Array<[number, number]> = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
        const lo = Math.floor(random() * 300) - 10;
        return [lo, lo + Math.floor(random() * 40) - 5];
      });
      const expected = intervals.reduce((set, [lo, hi]) => union(set, portRange('UDP', lo, hi)), NONE);
      assert.deepEqual(toCanonicalJson(fromIntervals('UDP', intervals)), toCanonicalJson(expected));
    }
    assert.ok(
      equals(
        fromIntervals('TCP', [
          [40001, 65535],
          [1, 40000],
        ]),
        allPortsOf('TCP'),
      ),
    );
    assert.equal(
      fromIntervals('TCP', [
        [0, 0],
        [9, 3],
      ]),
      NONE,
    );
  });

  it('clips ranges to 1..65535 and treats an inverted range as empty', () => {
    assert.deepEqual(toCanonicalJson(portRange('TCP', 0, 10)), [{ protocol: 'TCP', ports: [[1, 10]] }]);
    assert.deepEqual(toCanonicalJson(portRange('TCP', 65000, 70000)), [{ protocol: 'TCP', ports: [[65000, 65535]] }]);
    assert.ok(isEmpty(portRange('TCP', 90, 80)));
    assert.ok(isEmpty(portRange('TCP', 0)));
  });
});

describe('ports: canonical JSON and human forms', () => {
  it('is exactly "all" when every port of every protocol is allowed', () => {
    assert.equal(toCanonicalJson(ALL), 'all');
    assert.equal(toCanonicalJson(unionAll(PROTOCOLS.map(allPortsOf))), 'all');
    assert.equal(
      toCanonicalJson(
        union(portRange('TCP', 1, 1000), union(portRange('TCP', 1001, 65535), union(allPortsOf('UDP'), allPortsOf('SCTP')))),
      ),
      'all',
    );
  });

  it('is a list otherwise, even when one protocol is complete', () => {
    assert.deepEqual(toCanonicalJson(allPortsOf('TCP')), [{ protocol: 'TCP', ports: [[1, 65535]] }]);
    assert.deepEqual(toCanonicalJson(NONE), []);
  });

  it('merges adjacent ranges: [80,80] + [81,90] => [80,90]', () => {
    assert.deepEqual(toCanonicalJson(union(portRange('TCP', 80), portRange('TCP', 81, 90))), [
      { protocol: 'TCP', ports: [[80, 90]] },
    ]);
    assert.deepEqual(
      toCanonicalJson(
        fromIntervals('TCP', [
          [81, 90],
          [80, 80],
        ]),
      ),
      [{ protocol: 'TCP', ports: [[80, 90]] }],
    );
  });

  it('sorts ranges and orders protocols TCP, UDP, SCTP, omitting empty ones', () => {
    const set = unionAll([portRange('SCTP', 9), portRange('TCP', 8080, 8090), portRange('TCP', 80), portRange('TCP', 85, 82)]);
    assert.deepEqual(toCanonicalJson(set), [
      {
        protocol: 'TCP',
        ports: [
          [80, 80],
          [8080, 8090],
        ],
      },
      { protocol: 'SCTP', ports: [[9, 9]] },
    ]);
    assert.equal(
      JSON.stringify(toCanonicalJson(set)),
      '[{"protocol":"TCP","ports":[[80,80],[8080,8090]]},{"protocol":"SCTP","ports":[[9,9]]}]',
    );
  });

  it('reads its canonical JSON back and refuses other values', () => {
    const set = unionAll([portRange('TCP', 80), portRange('UDP', 53), portRange('SCTP', 100, 200)]);
    assert.ok(equals(fromCanonicalJson(JSON.parse(JSON.stringify(toCanonicalJson(set))))!, set));
    assert.equal(fromCanonicalJson('all'), ALL);
    assert.equal(fromCanonicalJson([{ protocol: 'tcp', ports: [[1, 2]] }]), undefined);
    assert.equal(fromCanonicalJson([{ protocol: 'TCP', ports: [[0, 2]] }]), undefined);
    assert.equal(fromCanonicalJson({}), undefined);
  });

  it('prints `TCP 80, 8080-8090; UDP 53` for people', () => {
    const set = unionAll([portRange('UDP', 53), portRange('TCP', 8080, 8090), portRange('TCP', 80)]);
    assert.equal(formatConnectionSet(set), 'TCP 80, 8080-8090; UDP 53');
    assert.equal(formatConnectionSet(ALL), 'all ports');
    assert.equal(formatConnectionSet(NONE), 'no ports');
    assert.equal(formatConnectionSet(union(allPortsOf('TCP'), portRange('SCTP', 9))), 'TCP all ports; SCTP 9');
  });
});

describe('ports: parsing a port given on the command line', () => {
  it('reads 8080/TCP, 53/udp, a bare port as TCP, and a range', () => {
    const parsed = (text: string) => {
      const result = parsePortSpec(text);
      assert.ok('set' in result, `${text} parses`);
      return toCanonicalJson(result.set);
    };
    assert.deepEqual(parsed('8080/TCP'), [{ protocol: 'TCP', ports: [[8080, 8080]] }]);
    assert.deepEqual(parsed('53/udp'), [{ protocol: 'UDP', ports: [[53, 53]] }]);
    assert.deepEqual(parsed('8080'), [{ protocol: 'TCP', ports: [[8080, 8080]] }]);
    assert.deepEqual(parsed('8000-8080/sctp'), [{ protocol: 'SCTP', ports: [[8000, 8080]] }]);
  });

  it('refuses out-of-range ports, inverted ranges, unknown protocols and names', () => {
    for (const text of ['0', '65536/TCP', '90-80', '80/ICMP', 'http', '', '80/']) {
      assert.ok('error' in parsePortSpec(text), text);
    }
  });
});

describe("ports: what a rule's ports allow to a destination", () => {
  const web: ContainerPort[] = [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { containerPort: 7000, protocol: 'TCP' },
  ];
  const tcpPort = (from: number, to = from): RulePort => ({ kind: 'range', protocol: 'TCP', from, to });

  it('allows every port of every protocol when the rule has no ports (API reference: "If this field is empty or missing, this rule matches all ports")', () => {
    assert.equal(resolvePorts([], web), ALL);
  });

  it('allows every port of the protocol when `port` is absent', () => {
    assert.ok(equals(resolvePorts([{ kind: 'protocol', protocol: 'UDP' }], web), allPortsOf('UDP')));
  });

  it('allows port..endPort inclusive (docs "Targeting a range of ports": 32000-32768)', () => {
    const set = resolvePorts([tcpPort(32000, 32768)], web);
    assert.deepEqual(toCanonicalJson(set), [{ protocol: 'TCP', ports: [[32000, 32768]] }]);
    assert.ok(
      contains(set, 'TCP', 32000) && contains(set, 'TCP', 32768) && !contains(set, 'TCP', 32769) && !contains(set, 'UDP', 32000),
    );
  });

  it('unions the entries of one rule', () => {
    assert.equal(
      formatConnectionSet(resolvePorts([tcpPort(443), tcpPort(80), { kind: 'protocol', protocol: 'SCTP' }], web)),
      'TCP 80, 443; SCTP all ports',
    );
  });

  it('resolves a named port on the destination by name AND protocol (semantic traps "Ports")', () => {
    assert.equal(formatConnectionSet(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'http' }], web)), 'TCP 8080');
    assert.equal(formatConnectionSet(resolvePorts([{ kind: 'named', protocol: 'UDP', name: 'dns' }], web)), 'UDP 53');
  });

  it('allows nothing for a named port exposed with another protocol (rule protocol defaults to TCP)', () => {
    assert.ok(isEmpty(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'dns' }], web)));
  });

  it('allows nothing for a named port the destination does not expose, while other entries still count', () => {
    assert.ok(isEmpty(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'grpc' }], web)));
    assert.ok(isEmpty(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'http' }], [])));
    assert.equal(
      formatConnectionSet(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'grpc' }, tcpPort(443)], web)),
      'TCP 443',
    );
  });

  it('resolves the same name differently per destination', () => {
    const rule: RulePort[] = [{ kind: 'named', protocol: 'TCP', name: 'http' }];
    const api: ContainerPort[] = [{ name: 'http', containerPort: 3000, protocol: 'TCP' }];
    assert.equal(formatConnectionSet(resolvePorts(rule, web)), 'TCP 8080');
    assert.equal(formatConnectionSet(resolvePorts(rule, api)), 'TCP 3000');
  });

  it('never lets a malformed entry allow anything, and keeps it from meaning "all ports"', () => {
    assert.ok(isEmpty(resolvePorts([{ kind: 'invalid', reason: 'unsupported protocol' }], web)));
  });
});
