// CIDR values the way kube-apiserver reads them (rules B2-B9 and the CIDR warnings).
//
// Two parsers matter. The "sloppy" one (k8s.io/utils ParseCIDRSloppy, a fork of
// Go 1.16's net.ParseCIDR) decides whether a value is a CIDR at all: it reads
// IPv4 parts with leading zeros as decimal, allows any number of leading zeros
// in an IPv6 group and in the prefix length, accepts IPv4-mapped IPv6 and masks
// host bits off. The strict one (Go's netip.ParsePrefix) is what
// StrictIPCIDRValidation compares against. Addresses are kept as 16 bytes, IPv4
// in its ::ffff:a.b.c.d form, because Go's net.IP does the same and the
// containment rule (B9) depends on it.

export type CidrFamily = 4 | 6;

export interface ParsedCidr {
  /** The address as written, host bits kept; IPv4 as ::ffff:a.b.c.d. */
  address: Uint8Array;
  /** 4 when the address was written as IPv4, 6 otherwise (IPv4-mapped IPv6 is 6). */
  family: CidrFamily;
  /** Prefix length in the written family's bits (0..32 or 0..128). */
  prefixLength: number;
  /** The address with the bits beyond the prefix cleared. */
  network: Uint8Array;
}

/** What strict validation (StrictIPCIDRValidation) rejects in a value the sloppy parser accepts, first match only. */
export type StrictCidrProblem = 'leadingZeros' | 'ipv4MappedIPv6' | 'hostBits';

export const strictCidrProblemDetail: Record<StrictCidrProblem, string> = {
  leadingZeros: 'must not have leading 0s in IP or prefix length',
  ipv4MappedIPv6: 'must not have an IPv4-mapped IPv6 address',
  hostBits: 'must not have bits set beyond the prefix length',
};

export const invalidCidrDetail = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

export interface CidrWarning {
  kind: 'ambiguous' | 'nonStandard' | 'notCanonical';
  /** The API server's warning text without the leading field path. */
  text: string;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** ParseCIDRSloppy: undefined when the API server cannot read the value as a CIDR at all (B2/B6). */
export function parseCidrSloppy(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  return buildCidr(text.slice(0, slash), text.slice(slash + 1), false);
}

/** netip.ParsePrefix: undefined when a strict parser rejects the value. */
export function parseCidrStrict(text: string): ParsedCidr | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  return buildCidr(text.slice(0, slash), text.slice(slash + 1), true);
}

function buildCidr(addressText: string, prefixText: string, strict: boolean): ParsedCidr | undefined {
  let family: CidrFamily = 4;
  let address = parseIPv4(addressText, strict);
  if (!address) {
    family = 6;
    address = parseIPv6(addressText, strict);
  }
  if (!address) return undefined;
  const prefixLength = parseDecimal(prefixText, strict);
  if (prefixLength === undefined || prefixLength > (family === 4 ? 32 : 128)) return undefined;
  return { address, family, prefixLength, network: maskAddress(address, family, prefixLength) };
}

/** The prefix length: digits only; strictly, no leading zero unless it is "0". */
function parseDecimal(text: string, strict: boolean): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  if (strict && text.length > 1 && text[0] === '0') return undefined;
  const value = Number(text.replace(/^0+(?=.)/, '').slice(0, 12));
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseIPv4(text: string, strict: boolean): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(16);
  bytes.set(V4_MAPPED_PREFIX);
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    if (!/^[0-9]+$/.test(part)) return undefined;
    // Go 1.16 read "010" as decimal 10; netip refuses the leading zero.
    if (strict && part.length > 1 && part[0] === '0') return undefined;
    const value = Number(part.replace(/^0+(?=.)/, '').slice(0, 4));
    if (value > 255) return undefined;
    bytes[12 + i] = value;
  }
  return bytes;
}

function parseIPv6(text: string, strict: boolean): Uint8Array | undefined {
  const bytes = new Uint8Array(16);
  let rest = text;
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest.length === 0) return bytes;
  }
  let i = 0;
  while (i < 16) {
    const digits = /^[0-9A-Fa-f]*/.exec(rest)![0];
    if (digits.length === 0) return undefined;
    // The sloppy parser takes any number of (leading-zero) hex digits while the value fits 16 bits.
    if (strict && digits.length > 4) return undefined;
    const value = parseInt(digits.replace(/^0+(?=.)/, '').slice(0, 6), 16);
    if (value > 0xffff) return undefined;
    if (rest[digits.length] === '.') {
      // An embedded IPv4 address must end the address.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(rest, strict);
      if (!v4) return undefined;
      bytes.set(v4.subarray(12), i);
      rest = '';
      i += 4;
      break;
    }
    bytes[i] = value >> 8;
    bytes[i + 1] = value & 0xff;
    i += 2;
    rest = rest.slice(digits.length);
    if (rest.length === 0) break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest.length === 0) break;
    }
  }
  if (rest.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) bytes[j + shift] = bytes[j];
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) bytes[j] = 0;
  } else if (ellipsis >= 0) {
    // "::" must stand for at least one group of zeros.
    return undefined;
  }
  return bytes;
}

function maskAddress(address: Uint8Array, family: CidrFamily, prefixLength: number): Uint8Array {
  const network = new Uint8Array(address);
  const firstMaskedBit = family === 4 ? 96 + prefixLength : prefixLength;
  for (let byte = 0; byte < 16; byte++) {
    const bitsKept = Math.min(8, Math.max(0, firstMaskedBit - byte * 8));
    if (family === 4 && byte < 12) continue;
    network[byte] &= (0xff00 >> bitsKept) & 0xff;
  }
  return network;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((value, i) => value === b[i]);

/** The last four bytes when the address is IPv4 or IPv4-mapped IPv6 (Go's IP.To4). */
function to4(address: Uint8Array): Uint8Array | undefined {
  return V4_MAPPED_PREFIX.every((value, i) => address[i] === value) ? address.subarray(12) : undefined;
}

/** RFC 5952: lower case, no leading zeros, the first longest run of two or more zero groups as "::". */
export function formatIPv6(address: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (address[2 * i] << 8) | address[2 * i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  return bestStart < 0 ? hex(0, 8) : `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** Go's net.IP.String: IPv4 and IPv4-mapped IPv6 print as dotted quads. */
function formatNetIP(address: Uint8Array): string {
  const v4 = to4(address);
  return v4 ? Array.from(v4).join('.') : formatIPv6(address);
}

/** Go's net.IPNet.String: the network, with an IPv4-mapped network shown as IPv4. */
export function formatNetwork(cidr: ParsedCidr): string {
  const v4 = to4(cidr.network);
  if (v4 && cidr.family === 6) return `${Array.from(v4).join('.')}/${Math.max(0, cidr.prefixLength - 96)}`;
  return `${formatNetIP(cidr.network)}/${cidr.prefixLength}`;
}

/** The strict-mode error for a value the sloppy parser accepted, if any (B3, then B4, then B5). */
export function strictCidrProblem(text: string): StrictCidrProblem | undefined {
  const strict = parseCidrStrict(text);
  if (!strict) return 'leadingZeros';
  if (strict.family === 6 && to4(strict.address)) return 'ipv4MappedIPv6';
  if (!sameBytes(strict.address, strict.network)) return 'hostBits';
  return undefined;
}

/** GetWarningsForCIDR: the API server's warnings for a value the sloppy parser accepted. */
export function cidrWarnings(text: string): CidrWarning[] {
  const sloppy = parseCidrSloppy(text);
  if (!sloppy) return [];
  const warnings: CidrWarning[] = [];
  if (!sameBytes(sloppy.address, sloppy.network)) {
    const singleAddress = `${formatNetIP(sloppy.address)}/${sloppy.family === 4 ? 32 : 128}`;
    warnings.push({
      kind: 'ambiguous',
      text: `CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(formatNetwork(sloppy))} or ${JSON.stringify(singleAddress)}?)`,
    });
  }
  const strict = parseCidrStrict(text);
  if (!strict || (strict.family === 6 && to4(strict.address))) {
    warnings.push({
      kind: 'nonStandard',
      text: `non-standard CIDR value ${JSON.stringify(text)} is invalid: use ${JSON.stringify(formatNetwork(sloppy))}`,
    });
  }
  if (warnings.length === 0 && strict && strict.family === 6) {
    const canonical = `${formatIPv6(strict.address)}/${strict.prefixLength}`;
    if (canonical !== text) {
      warnings.push({
        kind: 'notCanonical',
        text: `IPv6 CIDR value ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`,
      });
    }
  }
  return warnings;
}

/**
 * B9: `except` must be a strict subset of `cidr`. As in the API server (Go's
 * IPNet.Contains on the masked networks, then a prefix-length comparison), an
 * IPv4 network and an IPv6 one never contain each other, except that an
 * IPv4-mapped IPv6 network counts as IPv4 for containment.
 */
export function isStrictSubset(except: ParsedCidr, cidr: ParsedCidr): boolean {
  return containsNetwork(cidr, except.network) && cidr.prefixLength < except.prefixLength;
}

function containsNetwork(cidr: ParsedCidr, address: Uint8Array): boolean {
  const cidrV4 = to4(cidr.network);
  const addressV4 = to4(address);
  if (Boolean(cidrV4) !== Boolean(addressV4)) return false;
  if (cidrV4 && addressV4) {
    const bits = cidr.family === 4 ? cidr.prefixLength : Math.max(0, cidr.prefixLength - 96);
    return samePrefix(cidrV4, addressV4, bits);
  }
  return samePrefix(cidr.network, address, cidr.prefixLength);
}

function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let byte = 0; byte < a.length; byte++) {
    const kept = Math.min(8, Math.max(0, bits - byte * 8));
    const mask = (0xff00 >> kept) & 0xff;
    if ((a[byte] & mask) !== (b[byte] & mask)) return false;
  }
  return true;
}
