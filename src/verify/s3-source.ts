/**
 * The trail bucket itself. Listing uses ListObjectsV2 (paginated); objects come from GetObject,
 * whose response also carries the digest's signature as user metadata (`x-amz-meta-signature`,
 * surfaced by the SDK as `Metadata.signature`) — the same value HeadObject would return, without
 * a second request per digest.
 */
import {
  GetObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { TrailError } from '../core/errors.js';
import {
  mapLimit,
  sha256OfGzip,
  type ArchiveSource,
  type HashResult,
  type ListHint,
} from './source.js';

/** GetObject calls in flight: S3 serves thousands per second per prefix; the socket pool is the limit. */
const GET_CONCURRENCY = 32;
const HOUR = 3_600_000;

export interface S3Location {
  bucket: string;
  /** Key prefix without a leading slash; '' for the whole bucket. */
  prefix: string;
}

/**
 * Parses `s3://bucket/prefix`.
 * @example parseS3Url('s3://trail-logs/org/') // { bucket: 'trail-logs', prefix: 'org/' }
 */
export function parseS3Url(url: string): S3Location | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) return undefined;
  return { bucket: m[1] as string, prefix: m[2] ?? '' };
}

const isMissing = (e: unknown): boolean =>
  e instanceof NoSuchKey || (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404);

function asTrailError(e: unknown, what: string): unknown {
  if (
    e instanceof S3ServiceException &&
    (e.name === 'AccessDenied' || e.$metadata.httpStatusCode === 403)
  ) {
    return new TrailError(
      'access-denied',
      `S3 refused ${what}: the caller needs s3:ListBucket and s3:GetObject on the trail bucket.`,
      {},
      { cause: e },
    );
  }
  return e;
}

const DAY = 86_400_000;
/** Beyond this many days, listing a Region's folder whole is cheaper than a call per day. */
const MAX_DAY_PREFIXES = 62;

async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
  }
  return keys;
}

/** The "subfolders" of a prefix: ListObjectsV2 with Delimiter '/' returns them as CommonPrefixes. */
async function listFolders(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  const pages = paginateListObjectsV2(
    { client },
    { Bucket: bucket, Prefix: prefix, Delimiter: '/' },
  );
  for await (const page of pages) {
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
  }
  return folders;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `YYYY/MM/DD/` folders of the days that overlap [start, end], or undefined when there are too
 * many (or the window is open) and the Region folder should be listed whole.
 * @example dayFolders(new Date('2026-11-01T23:00Z'), new Date('2026-11-02T01:00Z')) // ['2026/11/01/', '2026/11/02/']
 */
export function dayFolders(start?: Date, end?: Date): string[] | undefined {
  if (!start || !end) return undefined;
  const first = Math.floor(start.getTime() / DAY);
  const last = Math.floor(end.getTime() / DAY);
  if (last - first + 1 > MAX_DAY_PREFIXES) return undefined;
  const days: string[] = [];
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY);
    days.push(`${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/`);
  }
  return days;
}

/**
 * Lists only what a verification needs: the accounts (under organization folders too), Regions
 * and days asked for, found with Delimiter listings, instead of every object of a bucket that
 * may hold years of logs. Log days are widened by an hour each side and digest days run to an
 * hour past the end, because a digest lists files of the hour before it.
 */
async function listNarrowed(
  client: S3Client,
  bucket: string,
  prefix: string,
  hint: ListHint,
): Promise<string[]> {
  // A prefix already inside AWSLogs/ (one account, one Region…) is listed as given.
  if (prefix.includes('AWSLogs/')) return listKeys(client, bucket, prefix);
  const base = `${prefix}${prefix === '' || prefix.endsWith('/') ? '' : '/'}AWSLogs/`;
  const accountRoots: string[] = [];
  for (const folder of await listFolders(client, bucket, base)) {
    const name = folder.slice(base.length, -1);
    if (/^o-[a-z0-9]+$/.test(name))
      accountRoots.push(...(await listFolders(client, bucket, folder)));
    else accountRoots.push(folder);
  }
  const { start, end } = hint;
  const hourBefore = start && new Date(start.getTime() - HOUR);
  const hourAfter = end && new Date(end.getTime() + HOUR);
  const plans = [
    { folder: 'CloudTrail/', days: dayFolders(hourBefore, hourAfter) },
    { folder: 'CloudTrail-Digest/', days: dayFolders(start, hourAfter) },
  ];
  const prefixes: string[] = [];
  for (const root of accountRoots) {
    if (hint.account && root.split('/').at(-2) !== hint.account) continue;
    for (const { folder, days } of plans) {
      const regions = hint.region
        ? [`${root}${folder}${hint.region}/`]
        : await listFolders(client, bucket, `${root}${folder}`);
      for (const region of regions) {
        if (days) prefixes.push(...days.map((day) => region + day));
        else prefixes.push(region);
      }
    }
  }
  const lists = await mapLimit(prefixes, 8, (p) => listKeys(client, bucket, p));
  return lists.flat();
}

export function s3Source(location: S3Location, client: S3Client = new S3Client({})): ArchiveSource {
  const { bucket, prefix } = location;
  const signatures = new Map<string, string>();
  const get = async (key: string): Promise<Buffer | undefined> => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const signature = out.Metadata?.signature;
      if (signature) signatures.set(key, signature.toLowerCase());
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw asTrailError(e, `GetObject s3://${bucket}/${key}`);
    }
  };
  return {
    description: `s3://${bucket}/${prefix}`,
    storesSignatures: true,
    async list(hint = {}) {
      try {
        return await listNarrowed(client, bucket, prefix, hint);
      } catch (e) {
        throw asTrailError(e, `ListObjectsV2 on s3://${bucket}/${prefix}`);
      }
    },
    read: get,
    hashUncompressed: (keys) =>
      mapLimit(keys, GET_CONCURRENCY, async (key): Promise<HashResult> => {
        const body = await get(key);
        return body === undefined ? { missing: true } : sha256OfGzip(body);
      }),
    signatureOf(key) {
      const hex = signatures.get(key);
      return Promise.resolve(
        hex === undefined ? undefined : { hex, via: 'S3 object metadata (x-amz-meta-signature)' },
      );
    },
  };
}
