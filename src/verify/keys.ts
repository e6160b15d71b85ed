/**
 * Public keys that verify digest signatures. CloudTrail signs with a key per Region and publishes
 * it through `cloudtrail:ListPublicKeys` (`Value` = DER, PKCS #1 per the user guide, though its
 * own sample list also holds an X.509 SubjectPublicKeyInfo; we accept both). A digest names its
 * key by `digestPublicKeyFingerprint`.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CloudTrailClient, paginateListPublicKeys } from '@aws-sdk/client-cloudtrail';
import { TrailError } from '../core/errors.js';
import type { TimeWindow } from '../core/window.js';

/** Fingerprint (lower-case hex) → key. */
export type PublicKeySet = ReadonlyMap<string, KeyObject>;

/**
 * Where keys come from. `region` is the Region that delivered the digests (each Region has its own
 * key pair); `range` spans their start and end times so one call can serve a whole chain.
 */
export interface KeyProvider {
  /** How the keys were obtained, for the report (e.g. "cloudtrail:ListPublicKeys"). */
  readonly description: string;
  keysFor(region: string, range: TimeWindow): Promise<PublicKeySet>;
}

/** One key as ListPublicKeys returns it. */
export interface PublicKeyEntry {
  fingerprint: string;
  /** DER bytes, PKCS #1 RSAPublicKey or SubjectPublicKeyInfo. */
  der: Uint8Array;
}

/**
 * Turns DER bytes into a node:crypto key: PKCS #1 first (what ListPublicKeys documents), then SPKI.
 * @example derToPublicKey(Buffer.from('MIIBCgKCAQEA…', 'base64')).asymmetricKeyType // 'rsa'
 */
export function derToPublicKey(der: Uint8Array): KeyObject {
  const key = Buffer.from(der);
  try {
    return createPublicKey({ key, format: 'der', type: 'pkcs1' });
  } catch {
    return createPublicKey({ key, format: 'der', type: 'spki' });
  }
}

function toKeySet(entries: readonly PublicKeyEntry[]): Map<string, KeyObject> {
  return new Map(entries.map((e) => [e.fingerprint.toLowerCase(), derToPublicKey(e.der)]));
}

/** Keys supplied directly (tests, or keys already loaded elsewhere). */
export function staticKeyProvider(
  entries: readonly PublicKeyEntry[],
  description = 'supplied keys',
): KeyProvider {
  const keys = toKeySet(entries);
  return { description, keysFor: () => Promise.resolve(keys) };
}

/**
 * Reads the JSON that `aws cloudtrail list-public-keys` prints (`{"PublicKeyList":[{"Value":
 * base64, "Fingerprint": hex, …}]}`; the user guide's sample spells it `publicKeyList`), saved
 * beforehand for offline validation as the guide recommends. Keys of several Regions can share
 * one file: fingerprints are unique.
 */
export function parseKeyFile(json: string): PublicKeyEntry[] | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return 'the key file is not JSON';
  }
  const list =
    typeof raw === 'object' && raw !== null
      ? ((raw as Record<string, unknown>).PublicKeyList ??
        (raw as Record<string, unknown>).publicKeyList)
      : undefined;
  if (!Array.isArray(list)) return 'the key file has no PublicKeyList';
  const entries: PublicKeyEntry[] = [];
  for (const item of list as unknown[]) {
    const { Value, Fingerprint } = (item ?? {}) as Record<string, unknown>;
    if (typeof Value !== 'string' || typeof Fingerprint !== 'string') {
      return 'a PublicKeyList entry lacks Value or Fingerprint';
    }
    entries.push({ fingerprint: Fingerprint, der: Buffer.from(Value, 'base64') });
  }
  return entries;
}

export async function keyFileProvider(path: string): Promise<KeyProvider> {
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (e) {
    throw new TrailError('config', `Cannot read the key file ${path}.`, {}, { cause: e });
  }
  const entries = parseKeyFile(json);
  if (typeof entries === 'string') {
    throw new TrailError(
      'config',
      `${path}: ${entries}. Save it with \`aws cloudtrail list-public-keys --start-time … --end-time …\`.`,
    );
  }
  return staticKeyProvider(entries, `key file ${path}`);
}

/**
 * Keys from `cloudtrail:ListPublicKeys`, called in the digests' own Region and cached per Region
 * and range (a key is valid for about a month, so one call usually serves a whole window).
 * `clientFor` lets callers inject endpoints or credentials.
 */
export function cloudTrailKeyProvider(
  clientFor: (region: string) => CloudTrailClient = (region) => new CloudTrailClient({ region }),
): KeyProvider {
  const cache = new Map<string, Promise<PublicKeySet>>();
  const load = async (region: string, range: TimeWindow): Promise<PublicKeySet> => {
    const entries: PublicKeyEntry[] = [];
    const pages = paginateListPublicKeys(
      { client: clientFor(region) },
      { StartTime: range.start, EndTime: range.end },
    );
    try {
      for await (const page of pages) {
        for (const key of page.PublicKeyList ?? []) {
          if (key.Value && key.Fingerprint)
            entries.push({ fingerprint: key.Fingerprint, der: key.Value });
        }
      }
    } catch (e) {
      if (/AccessDenied|Unauthorized/.test((e as Error).name)) {
        throw new TrailError(
          'access-denied',
          `CloudTrail refused ListPublicKeys in ${region}: the caller needs cloudtrail:ListPublicKeys (or use --key-file).`,
          {},
          { cause: e },
        );
      }
      throw e;
    }
    return toKeySet(entries);
  };
  return {
    description: 'cloudtrail:ListPublicKeys',
    keysFor(region, range) {
      const id = `${region}|${range.start.toISOString()}|${range.end.toISOString()}`;
      let keys = cache.get(id);
      if (!keys) {
        keys = load(region, range);
        // A failed call must not poison the cache for the next verification.
        keys.catch(() => cache.delete(id));
        cache.set(id, keys);
      }
      return keys;
    },
  };
}
