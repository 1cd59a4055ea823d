// IP networks of `ipBlock`s as data: parse a CIDR the way the API server's lenient
// parser reads it, and describe "cidr minus except" as address intervals for reports.
//
// Addresses are bigints so IPv4 (32 bits) and IPv6 (128 bits) share one code path.

export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** The network address: host bits after the prefix are cleared, as the API server does. */
  network: bigint;
  prefix: number;
}

/** Inclusive interval of addresses of one family. */
export type AddressInterval = readonly [first: bigint, last: bigint];

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

/**
 * Parses `10.0.0.0/8` or `2001:db8::/64` leniently, like k8s.io/utils ParseCIDRSloppy:
 * IPv4 parts and IPv6 groups may carry leading zeros (IPv4 read as decimal), the prefix length may carry
 * leading zeros, and host bits are masked off. Undefined when it is not a CIDR.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText.replace(/^0+(?=\d)/, ''))) return undefined;
  const prefix = Number(prefixText);
  const parsed = addressText.includes(':') ? parseIpv6(addressText) : parseIpv4(addressText);
  if (!parsed) return undefined;
  const family = parsed.family;
  if (prefix > bitsOf(family)) return undefined;
  return { family, network: parsed.address & networkMask(family, prefix), prefix };
}

function networkMask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(bitsOf(family));
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function parseIpv4(text: string): { family: 4; address: bigint } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let address = 0n;
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    address = (address << 8n) | BigInt(value);
  }
  return { family: 4, address };
}

function parseIpv6(text: string): { family: 6; address: bigint } | undefined {
  let groupsText = text;
  let tail: bigint[] = [];
  // An embedded IPv4 address (`::ffff:10.0.0.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (!ipv4) return undefined;
    tail = [ipv4.address >> 16n, ipv4.address & 0xffffn];
    // `::1.2.3.4` keeps its `::`; `::ffff:1.2.3.4` drops the colon before the IPv4 part.
    groupsText = text.slice(0, lastColon + 1).endsWith('::') ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return undefined;
  const readGroups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    if (!groups.every((group) => /^[0-9a-fA-F]+$/.test(group) && parseInt(group, 16) <= 0xffff)) return undefined;
    return groups.map((group) => BigInt(parseInt(group, 16)));
  };
  const head = readGroups(halves[0]);
  const rest = halves.length === 2 ? readGroups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const written = [...head, ...rest, ...tail];
  let groups: bigint[];
  if (halves.length === 2) {
    if (written.length > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - written.length).fill(0n), ...rest, ...tail];
  } else {
    if (written.length !== 8) return undefined;
    groups = written;
  }
  return { family: 6, address: groups.reduce((address, group) => (address << 16n) | group, 0n) };
}

/** The network in canonical text: `10.0.0.0/8`, `2001:db8::/64` (RFC 5952 compression). */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.family, cidr.network)}/${cidr.prefix}`;
}

export function formatAddress(family: IpFamily, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  // RFC 5952 section 5: IPv4-mapped addresses keep their dotted tail.
  if (address >> 32n === 0xffffn) return `::ffff:${formatAddress(4, address & 0xffffffffn)}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups (the first, on a tie) becomes `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (part: number[]): string => part.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** First and last address of a network. */
export function cidrInterval(cidr: Cidr): AddressInterval {
  const size = 1n << BigInt(bitsOf(cidr.family) - cidr.prefix);
  return [cidr.network, cidr.network + size - 1n];
}

/**
 * The API server's rule for an `except` entry (validation rule B9): its network
 * address lies inside `outer` and its prefix is strictly longer. Other families
 * are never inside.
 */
export function isStrictSubnet(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const [first, last] = cidrInterval(outer);
  return inner.network >= first && inner.network <= last;
}

/** The addresses of `cidr` minus those of `excepts`, as sorted disjoint intervals. */
export function cidrMinus(cidr: Cidr, excepts: readonly Cidr[]): AddressInterval[] {
  const holes = excepts
    .filter((hole) => hole.family === cidr.family)
    .map(cidrInterval)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const [first, last] = cidrInterval(cidr);
  const out: AddressInterval[] = [];
  let start = first;
  for (const [holeFirst, holeLast] of holes) {
    if (holeLast < start || holeFirst > last) continue;
    if (holeFirst > start) out.push([start, holeFirst - 1n]);
    if (holeLast + 1n > start) start = holeLast + 1n;
    if (start > last) return out;
  }
  if (start <= last) out.push([start, last]);
  return out;
}

/** `10.0.0.0 - 10.0.255.255` style text of an address interval. */
export function formatAddressInterval(family: IpFamily, [first, last]: AddressInterval): string {
  return first === last ? formatAddress(family, first) : `${formatAddress(family, first)} - ${formatAddress(family, last)}`;
}
