/**
 * A tiny seeded pseudo-random generator (mulberry32), so a synthetic trail is the same bytes on
 * every run with the same seed: tests can compare archives and benchmarks stay comparable.
 * Not for anything secret.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
  /** `length` characters from [A-Za-z0-9], like the suffix of a CloudTrail log file name. */
  alnum(length: number): string;
  /** A version-4-shaped UUID, like CloudTrail's eventID and requestID. */
  uuid(): string;
}

const HEX = '0123456789abcdef';
/** `BYTE_HEX[b]` is the two hex digits of byte b; UUIDs are built from it a byte at a time. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Example: `createRng(7).int(10)` is the same number on every run.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const fromAlphabet = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  const hex = (length: number): string => fromAlphabet(HEX, length);
  const word = (): string => {
    const w = Math.floor(next() * 4294967296);
    return (
      (BYTE_HEX[w >>> 24] as string) +
      BYTE_HEX[(w >>> 16) & 255] +
      BYTE_HEX[(w >>> 8) & 255] +
      BYTE_HEX[w & 255]
    );
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    hex,
    alnum: (length) => fromAlphabet(ALNUM, length),
    uuid: () => {
      const a = word();
      const b = word();
      const c = word();
      const d = word();
      // Version nibble 4 and variant nibble 8–b, as in a random (v4) UUID.
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${HEX[8 + (c.charCodeAt(0) & 3)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}
