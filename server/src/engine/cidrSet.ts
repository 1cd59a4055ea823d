// Address sets of `ipBlock`s: "cidr minus except" as sorted disjoint intervals per
// IP family, for reachability and its reports. CIDR text is read in one place only,
// `cidr.ts` (the API server's parser); this module starts from its result.
//
// Containment follows Go's net.IPNet.Contains, which is what CNI plugins built on
// the Go standard library apply: an IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`)
// holds IPv4 addresses, so it is the IPv4 network 10.0.0.0/8 here.
import { formatIPv6, parseCidrSloppy, type ParsedCidr } from './cidr';

export type IpFamily = 4 | 6;

/** Inclusive interval of addresses of one family (IPv4 as 32-bit, IPv6 as 128-bit numbers). */
export type AddressInterval = readonly [first: bigint, last: bigint];

/** A set of addresses: per family, sorted, disjoint, non-adjacent intervals. */
export interface AddressSet {
  readonly v4: readonly AddressInterval[];
  readonly v6: readonly AddressInterval[];
}

export const NO_ADDRESSES: AddressSet = Object.freeze({ v4: [], v6: [] });
export const EVERY_ADDRESS: AddressSet = Object.freeze({
  v4: [[0n, (1n << 32n) - 1n] as const],
  v6: [[0n, (1n << 128n) - 1n] as const],
});

/** A network as data: family, first address, prefix length within the family. */
export interface Network {
  family: IpFamily;
  first: bigint;
  prefix: number;
}

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** The network a parsed CIDR stands for, IPv4-mapped IPv6 taken as IPv4 (Go's IPNet.Contains). */
export function networkOf(cidr: ParsedCidr): Network {
  const bytes = cidr.network;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const mapped = cidr.family === 6 && value >> 32n === 0xffffn && cidr.prefixLength >= 96;
  if (cidr.family === 4 || mapped)
    return { family: 4, first: value & 0xffffffffn, prefix: cidr.family === 4 ? cidr.prefixLength : cidr.prefixLength - 96 };
  return { family: 6, first: value, prefix: cidr.prefixLength };
}

export function networkInterval(network: Network): AddressInterval {
  const size = 1n << BigInt(bitsOf(network.family) - network.prefix);
  return [network.first, network.first + size - 1n];
}

/** `10.0.0.0/8`, `2001:db8::/32`: the network in canonical text. */
export function formatNetworkOf(network: Network): string {
  return `${formatAddress(network.family, network.first)}/${network.prefix}`;
}

export function formatAddress(family: IpFamily, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number((address >> BigInt(120 - 8 * i)) & 0xffn);
  return formatIPv6(bytes);
}

/** `10.0.0.0 - 10.0.255.255` style text of an address interval. */
export function formatAddressInterval(family: IpFamily, [first, last]: AddressInterval): string {
  return first === last ? formatAddress(family, first) : `${formatAddress(family, first)} - ${formatAddress(family, last)}`;
}

/** The addresses of `cidr` minus those of `excepts` (other families are ignored). */
export function cidrMinus(cidr: ParsedCidr, excepts: readonly ParsedCidr[]): AddressSet {
  const outer = networkOf(cidr);
  const holes = excepts.map(networkOf).filter((hole) => hole.family === outer.family);
  const kept = subtractIntervals([networkInterval(outer)], normalize(holes.map(networkInterval)));
  return outer.family === 4 ? { v4: kept, v6: [] } : { v4: [], v6: kept };
}

/**
 * Reads an address or network as a user types it on a command line: a CIDR
 * (`10.1.2.0/24`) or a single address (`10.1.2.3`, `2001:db8::1`).
 */
export function parseAddressOrCidr(text: string): AddressSet | undefined {
  const withPrefix = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`;
  const parsed = parseCidrSloppy(withPrefix);
  if (!parsed) return undefined;
  const network = networkOf(parsed);
  const interval = [networkInterval(network)];
  return network.family === 4 ? { v4: interval, v6: [] } : { v4: [], v6: interval };
}

export const isEmptyAddressSet = (set: AddressSet): boolean => set.v4.length === 0 && set.v6.length === 0;

export const unionAddresses = (a: AddressSet, b: AddressSet): AddressSet => ({
  v4: normalize([...a.v4, ...b.v4]),
  v6: normalize([...a.v6, ...b.v6]),
});

export const subtractAddresses = (a: AddressSet, b: AddressSet): AddressSet => ({
  v4: subtractIntervals(a.v4, b.v4),
  v6: subtractIntervals(a.v6, b.v6),
});

/** True when every address of `inner` is in `outer`. */
export const containsAddresses = (outer: AddressSet, inner: AddressSet): boolean =>
  isEmptyAddressSet(subtractAddresses(inner, outer));

/** True when the sets share an address. */
export const overlapsAddresses = (a: AddressSet, b: AddressSet): boolean =>
  !isEmptyAddressSet(subtractAddresses(a, subtractAddresses(a, b)));

function normalize(intervals: readonly AddressInterval[]): AddressInterval[] {
  const sorted = [...intervals].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [first, last] of sorted) {
    const previous = out[out.length - 1];
    if (previous && first <= previous[1] + 1n) {
      if (last > previous[1]) previous[1] = last;
    } else out.push([first, last]);
  }
  return out;
}

function subtractIntervals(a: readonly AddressInterval[], holes: readonly AddressInterval[]): AddressInterval[] {
  const out: AddressInterval[] = [];
  for (const [first, last] of a) {
    let start = first;
    for (const [holeFirst, holeLast] of holes) {
      if (holeLast < start || holeFirst > last) continue;
      if (holeFirst > start) out.push([start, holeFirst - 1n]);
      if (holeLast + 1n > start) start = holeLast + 1n;
      if (start > last) break;
    }
    if (start <= last) out.push([start, last]);
  }
  return out;
}
