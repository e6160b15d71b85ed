/**
 * Where an archive of CloudTrail files lives (a local folder or an S3 prefix), behind one small
 * interface so the checks never know which. Keys are the source's own (a relative path or an S3
 * key); the checks match them to what digests record through `canonicalKey` (from `AWSLogs/` on),
 * because a downloaded copy keeps the layout but not the bucket or prefix.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** A digest's own signature, found outside the digest (it is never inside its own file). */
export interface FoundSignature {
  hex: string;
  /** e.g. "S3 object metadata (x-amz-meta-signature)" or "sidecar file ….signature". */
  via: string;
}

/** What a verification will look at. */
export interface ListHint {
  account?: string;
  region?: string;
  /** Log files delivered in [start, end) and the digests that list them; open if undefined. */
  start?: Date;
  end?: Date;
}

export type HashResult = { sha256: string } | { missing: true } | { unreadable: string };

export interface ArchiveSource {
  /** e.g. "s3://bucket/prefix" or "folder ./trail". */
  readonly description: string;
  /**
   * True when every digest's own signature should be found (S3 keeps it as object metadata on
   * every digest CloudTrail writes); false for copies, where only sidecars may hold it.
   */
  readonly storesSignatures: boolean;
  /**
   * Object keys under the source (any file; the checks classify them). The hint says what the
   * checks will look at, so a source may skip the rest (S3 lists only the days and accounts
   * asked for); a source may also return more.
   */
  list(hint?: ListHint): Promise<string[]>;
  /** The raw (compressed) bytes, or undefined when the object does not exist. */
  read(key: string): Promise<Buffer | undefined>;
  /** Hex SHA-256 of each object's UNCOMPRESSED content (what digests record), in input order. */
  hashUncompressed(keys: readonly string[]): Promise<HashResult[]>;
  /**
   * The signature CloudTrail stored beside a digest (`x-amz-meta-signature`), when this source can
   * see it. Call after `read(key)`: S3 returns the metadata with the object itself.
   */
  signatureOf(key: string): Promise<FoundSignature | undefined>;
}

/** Gunzips and hashes; a file that is not gzip is reported, not thrown. */
export async function sha256OfGzip(body: Buffer): Promise<HashResult> {
  let plain: Buffer;
  try {
    plain = await gunzipAsync(body);
  } catch (e) {
    return { unreadable: `not gzip (${(e as Error).message})` };
  }
  return { sha256: createHash('sha256').update(plain).digest('hex') };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
