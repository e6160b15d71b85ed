/**
 * Reads what a CloudTrail object key says about itself: which account, Region and (for digests)
 * trail it belongs to, and when it was delivered. Keys look like
 *   [prefix/]AWSLogs/[o-xxxxxxxxxx/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<16 chars>.json.gz
 *   [prefix/]AWSLogs/[o-xxxxxxxxxx/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_YYYYMMDDTHHmmssZ[_backfill].json.gz
 * (CloudTrail user guide: "Finding your log files", "Digest file structure").
 */

export interface ArchiveScope {
  /** Organization id for organization trails (`o-…`), else undefined. */
  org?: string;
  account: string;
  region: string;
}

export interface LogKey extends ArchiveScope {
  kind: 'log';
  /** The key from `AWSLogs/` on; the same for a local copy and the S3 original. */
  canonical: string;
  /** Delivery minute from the file name. */
  delivered: Date;
}

export interface DigestKey extends ArchiveScope {
  kind: 'digest';
  canonical: string;
  trail: string;
  homeRegion: string;
  /** Digest end time from the file name. */
  end: Date;
  backfill: boolean;
}

export type ArchiveKey = LogKey | DigestKey;

const SCOPE =
  /(?:^|\/)(AWSLogs\/(?:(o-[a-z0-9]+)\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest)\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/([^/]+))$/;
const LOG_NAME = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;
const DIGEST_NAME =
  /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z]{2}(?:-[a-z0-9]+)+-\d+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/;

/** `20150817T1445Z` or `20150817T150131Z` → Date. */
export function parseCompactTime(value: string): Date {
  const [, y, mo, d, h, mi, s] =
    /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(value) ?? [];
  return new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)),
  );
}

/**
 * Classifies an object key or a local relative path; anything that is not a CloudTrail log or
 * digest (Insights files, sidecars, stray files) gives undefined.
 *
 * @example parseArchiveKey('logs/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/111122223333_CloudTrail_us-east-1_20261102T0105Z_abcdEFGH12345678.json.gz')
 * // { kind: 'log', account: '111122223333', region: 'us-east-1', delivered: 2026-11-02T01:05Z, canonical: 'AWSLogs/…' }
 */
export function parseArchiveKey(key: string): ArchiveKey | undefined {
  const m = SCOPE.exec(key.replaceAll('\\', '/'));
  if (!m) return undefined;
  const [, canonical, org, account, folder, region, name] = m as unknown as string[];
  if (
    canonical === undefined ||
    account === undefined ||
    region === undefined ||
    name === undefined
  ) {
    return undefined;
  }
  const scope: ArchiveScope = org === undefined ? { account, region } : { org, account, region };
  if (folder === 'CloudTrail') {
    const log = LOG_NAME.exec(name);
    if (!log || log[1] !== account || log[2] !== region) return undefined;
    return { kind: 'log', canonical, ...scope, delivered: parseCompactTime(log[3] as string) };
  }
  const digest = DIGEST_NAME.exec(name);
  if (!digest || digest[1] !== account || digest[2] !== region) return undefined;
  return {
    kind: 'digest',
    canonical,
    ...scope,
    trail: digest[3] as string,
    homeRegion: digest[4] as string,
    end: parseCompactTime(digest[5] as string),
    backfill: digest[6] !== undefined,
  };
}

/** The part of a key from `AWSLogs/` on, used to match a digest's S3 path to a local copy. */
export function canonicalKey(key: string): string | undefined {
  const normalized = key.replaceAll('\\', '/');
  const at = normalized.startsWith('AWSLogs/') ? 0 : normalized.indexOf('/AWSLogs/') + 1;
  return at === 0 && !normalized.startsWith('AWSLogs/') ? undefined : normalized.slice(at);
}

/** Chains are per organization + account + Region + trail + home Region. */
export const chainId = (k: DigestKey): string =>
  [k.org ?? '-', k.account, k.region, k.trail, k.homeRegion].join('/');

export const scopeId = (k: ArchiveScope): string => [k.org ?? '-', k.account, k.region].join('/');
