/**
 * IPv4/IPv6 addresses and CIDR blocks as fixed-width hex, so "is this address inside that
 * block" is a plain string comparison `lo <= hex <= hi` that works the same in JavaScript,
 * DuckDB and Athena. Every address becomes 32 lowercase hex digits (128 bits); an IPv4
 * address is stored IPv4-mapped (`::ffff:a.b.c.d`), so `10.0.0.1` and `::ffff:10.0.0.1`
 * are the same address and IPv4 blocks never contain IPv6 addresses.
 *
 * CloudTrail's `sourceIPAddress` is not always an address: AWS services appear as
 * `ec2.amazonaws.com` and internal calls as `AWS Internal`. Those have no hex and match
 * no address or block.
 */

export type IpRange =
  { ok: true; lo: string; hi: string; canonical: string } | { ok: false; message: string };

const IPV4_MAPPED_PREFIX = '00000000000000000000ffff';
const HEX_WIDTH = 32;

/**
 * Dotted-quad IPv4 octets. Each part is 1–3 decimal digits up to 255; a leading zero is read as
 * decimal (`090` = 90), never octal, which is how CloudTrail's own samples write them.
 */
function parseIpv4(text: string): number[] | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (parts === null) return undefined;
  const octets = parts.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** Eight 16-bit groups from IPv6 text (with `::` and an optional dotted IPv4 tail). */
function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;

  const toGroups = (part: string, allowIpv4Tail: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (allowIpv4Tail && index === pieces.length - 1 && piece.includes('.')) {
        const octets = parseIpv4(piece);
        if (octets === undefined) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = octets;
        groups.push(a * 256 + b, c * 256 + d);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };

  const [headText = '', tailText] = halves;
  if (tailText === undefined) {
    const groups = toGroups(headText, true);
    return groups?.length === 8 ? groups : undefined;
  }
  const head = toGroups(headText, false);
  const tail = toGroups(tailText, true);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one group of zeros.
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

const ipv4Hex = (octets: number[]): string =>
  IPV4_MAPPED_PREFIX + octets.map((octet) => octet.toString(16).padStart(2, '0')).join('');

const groupsHex = (groups: number[]): string =>
  groups.map((group) => group.toString(16).padStart(4, '0')).join('');

/**
 * The 32-hex-digit form of an IPv4 or IPv6 address, or `undefined` for anything else
 * (host names, `AWS Internal`, blocks, surrounding spaces, zone ids).
 *
 * @example ipToHex('10.0.0.1') === '00000000000000000000ffff0a000001'
 * @example ipToHex('ec2.amazonaws.com') === undefined
 */
export function ipToHex(ip: string): string | undefined {
  const octets = parseIpv4(ip);
  if (octets !== undefined) return ipv4Hex(octets);
  const groups = parseIpv6(ip);
  return groups === undefined ? undefined : groupsHex(groups);
}

/** Dotted-quad text for the last 32 bits of a mapped address. */
const formatIpv4 = (hex: string): string =>
  Array.from({ length: 4 }, (_, i) => parseInt(hex.slice(24 + i * 2, 26 + i * 2), 16)).join('.');

/**
 * RFC 5952 text: lowercase, no leading zeros, the longest run of 2+ zero groups as `::`, and
 * IPv4-mapped addresses as `::ffff:a.b.c.d`.
 */
function formatIpv6(hex: string): string {
  if (hex.startsWith(IPV4_MAPPED_PREFIX)) return `::ffff:${formatIpv4(hex)}`;
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const text = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(':');
  return bestStart < 0 ? text(0, 8) : `${text(0, bestStart)}::${text(bestStart + bestLength, 8)}`;
}

const toHex = (value: bigint): string => value.toString(16).padStart(HEX_WIDTH, '0');

/**
 * Parses what a person typed after "from": one address or a CIDR block, IPv4 or IPv6.
 * Surrounding whitespace is ignored. Host bits in a block are allowed and cleared
 * (`10.0.0.7/24` is `10.0.0.0/24`). The range is inclusive: `lo <= ipToHex(ip) <= hi`.
 *
 * @example parseIpOrCidr('10.0.0.0/8')
 * // → { ok: true, lo: '…ffff0a000000', hi: '…ffff0affffff', canonical: '10.0.0.0/8' }
 */
export function parseIpOrCidr(text: string): IpRange {
  const input = text.trim();
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const prefixText = slash < 0 ? undefined : input.slice(slash + 1);

  const octets = parseIpv4(addressText);
  const groups = octets === undefined ? parseIpv6(addressText) : undefined;
  if (octets === undefined && groups === undefined) {
    return { ok: false, message: `"${input}" is not an IPv4 or IPv6 address or CIDR block` };
  }
  const isV4 = octets !== undefined;
  const hex = isV4 ? ipv4Hex(octets) : groupsHex(groups ?? []);
  const maxPrefix = isV4 ? 32 : 128;
  const family = isV4 ? 'IPv4' : 'IPv6';
  const formatted = (value: string): string => (isV4 ? formatIpv4(value) : formatIpv6(value));

  if (prefixText === undefined) return { ok: true, lo: hex, hi: hex, canonical: formatted(hex) };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return {
      ok: false,
      message: `"/${prefixText}" is not a valid ${family} prefix length (0 to ${maxPrefix})`,
    };
  }
  const prefix = Number(prefixText);
  // Prefix length in the 128-bit space: an IPv4 /n sits under the 96-bit mapped prefix.
  const hostBits = BigInt(128 - (isV4 ? 96 + prefix : prefix));
  const hostMask = (1n << hostBits) - 1n;
  const network = BigInt(`0x${hex}`) & ~hostMask;
  const lo = toHex(network);
  return { ok: true, lo, hi: toHex(network | hostMask), canonical: `${formatted(lo)}/${prefix}` };
}

/**
 * Whether a record's `sourceIPAddress` equals the address or lies inside the block `spec`.
 * Non-addresses (`AWS Internal`, service names, missing) and unparsable specs never match.
 *
 * @example ipMatches('203.0.113.9', '203.0.113.0/24') === true
 * @example ipMatches('ec2.amazonaws.com', '0.0.0.0/0') === false
 */
export function ipMatches(ip: string | undefined, spec: string): boolean {
  if (ip === undefined) return false;
  const hex = ipToHex(ip);
  if (hex === undefined) return false;
  const range = parseIpOrCidr(spec);
  return range.ok && range.lo <= hex && hex <= range.hi;
}
