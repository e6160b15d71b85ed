/**
 * Builds CloudTrail archives (log files + hourly signed digests) exactly as CloudTrail lays them
 * out, signed with a test RSA key through the same code path as AWS's keys: the verifier only
 * ever sees DER bytes and a fingerprint, as ListPublicKeys returns them.
 *
 * Uses node builtins only, so bench/ can use it too.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const HOUR = 3_600_000;

export interface TestSigner {
  privateKey: KeyObject;
  /** What ListPublicKeys calls Fingerprint (we use the MD5 of the DER, 32 hex digits like AWS's). */
  fingerprint: string;
  /** PKCS #1 DER, what ListPublicKeys returns base64-encoded as Value. */
  der: Buffer;
}

export function makeSigner(): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  return { privateKey, der, fingerprint: createHash('md5').update(der).digest('hex') };
}

export interface TrailSpec {
  account: string;
  region: string;
  trail?: string;
  homeRegion?: string;
  /** Organization id for organization trails: keys gain an `o-…/` segment. */
  org?: string;
}

export interface ArchiveSpec {
  bucket?: string;
  /** Key prefix above AWSLogs/, e.g. 'cloudtrail/'. */
  prefix?: string;
  trails: TrailSpec[];
  /** Start of the first digest hour. */
  start: Date;
  hours: number;
  filesPerHour?: number;
  /** Records in each log file (default 1); more makes files closer to real sizes. */
  recordsPerFile?: number;
  /** Hours with logging on but nothing delivered: the digest says logFiles: []. */
  quietHours?: number[];
  /** Hours [from, to) while logging was stopped: no logs, no digests; the next digest starts a new chain. */
  stopped?: { from: number; to: number };
  signer: TestSigner;
}

export interface StoredObject {
  body: Buffer;
  /** S3 user metadata without the x-amz-meta- prefix, e.g. { signature, 'signature-algorithm' }. */
  metadata: Record<string, string>;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const ymd = (d: Date): string =>
  `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
const compact = (d: Date, seconds: boolean): string =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${seconds ? pad(d.getUTCSeconds()) : ''}Z`;
const iso = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export class DigestArchive {
  readonly bucket: string;
  readonly prefix: string;
  readonly signer: TestSigner;
  /** Full S3 keys (prefix included) → object. */
  readonly objects = new Map<string, StoredObject>();
  /** Digest keys per trail (index into spec.trails), oldest first. */
  readonly digests: string[][] = [];
  /** Log keys per trail, oldest first. */
  readonly logs: string[][] = [];

  constructor(spec: ArchiveSpec) {
    this.bucket = spec.bucket ?? 'trail-bucket';
    this.prefix = spec.prefix ?? '';
    this.signer = spec.signer;
    spec.trails.forEach((t, i) => this.buildTrail(spec, t, i));
  }

  private buildTrail(spec: ArchiveSpec, t: TrailSpec, index: number): void {
    const trail = t.trail ?? 'main-trail';
    const home = t.homeRegion ?? t.region;
    const root = `${this.prefix}AWSLogs/${t.org ? `${t.org}/` : ''}${t.account}`;
    const digests: string[] = [];
    const logs: string[] = [];
    let previous: { key: string; sha: string; signature: string } | undefined;
    let serial = 0;
    for (let h = 0; h < spec.hours; h++) {
      if (spec.stopped && h >= spec.stopped.from && h < spec.stopped.to) {
        previous = undefined; // StopLogging: no digests at all, and a new chain afterwards
        continue;
      }
      const start = new Date(spec.start.getTime() + h * HOUR + 31_000);
      const end = new Date(start.getTime() + HOUR);
      const files = spec.quietHours?.includes(h) ? 0 : (spec.filesPerHour ?? 2);
      const entries = [];
      for (let f = 0; f < files; f++) {
        const delivered = new Date(start.getTime() + ((f + 1) * HOUR) / (files + 1));
        const eventTime = iso(new Date(delivered.getTime() - 120_000));
        const suffix = createHash('md5')
          .update(`${index}-${serial++}`)
          .digest('base64url')
          .replace(/[-_]/g, 'x')
          .slice(0, 16);
        const key = `${root}/CloudTrail/${t.region}/${ymd(delivered)}/${t.account}_CloudTrail_${t.region}_${compact(delivered, false)}_${suffix}.json.gz`;
        const plain = JSON.stringify({
          Records: Array.from({ length: spec.recordsPerFile ?? 1 }, (_, r) => ({
            eventVersion: '1.11',
            eventTime,
            eventSource: 'iam.amazonaws.com',
            eventName: 'ListUsers',
            awsRegion: t.region,
            recipientAccountId: t.account,
            userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
            eventID: `${index}-${serial}-${r}`,
          })),
        });
        this.objects.set(key, { body: gzipSync(plain), metadata: {} });
        logs.push(key);
        entries.push({
          s3Bucket: this.bucket,
          s3Object: key,
          hashValue: sha256(plain),
          hashAlgorithm: 'SHA-256',
          newestEventTime: eventTime,
          oldestEventTime: eventTime,
        });
      }
      const key = `${root}/CloudTrail-Digest/${t.region}/${ymd(end)}/${t.account}_CloudTrail-Digest_${t.region}_${trail}_${home}_${compact(end, true)}.json.gz`;
      const digest = {
        awsAccountId: t.account,
        digestStartTime: iso(start),
        digestEndTime: iso(end),
        digestS3Bucket: this.bucket,
        digestS3Object: key,
        digestPublicKeyFingerprint: spec.signer.fingerprint,
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: entries.at(-1)?.newestEventTime ?? null,
        oldestEventTime: entries[0]?.oldestEventTime ?? null,
        previousDigestS3Bucket: previous ? this.bucket : null,
        previousDigestS3Object: previous?.key ?? null,
        previousDigestHashValue: previous?.sha ?? null,
        previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
        previousDigestSignature: previous?.signature ?? null,
        logFiles: entries,
      };
      const plain = JSON.stringify(digest);
      const signature = signDigest(spec.signer.privateKey, digest, sha256(plain));
      this.objects.set(key, {
        body: gzipSync(plain),
        metadata: { signature, 'signature-algorithm': 'SHA256withRSA' },
      });
      digests.push(key);
      previous = { key, sha: sha256(plain), signature };
    }
    this.digests[index] = digests;
    this.logs[index] = logs;
  }

  /** Replaces an object's uncompressed content, keeping its metadata (an edit after delivery). */
  rewrite(key: string, edit: (plain: string) => string): void {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    object.body = gzipSync(edit(gunzipSync(object.body).toString('utf8')));
  }

  /** The key with the bucket's prefix stripped, i.e. what the verifier reports. */
  canonical(key: string): string {
    return key.slice(this.prefix.length);
  }

  /**
   * Writes the archive under `dir` as `aws s3 sync` would, plus, for the digests chosen, the
   * signature sidecar an investigator saves from S3 metadata before going offline.
   */
  async writeTo(
    dir: string,
    sidecars: 'none' | 'newest-signature' | 'newest-metadata' = 'none',
  ): Promise<void> {
    const newest = new Set(
      this.digests.map((d) => d.at(-1)).filter((k): k is string => k !== undefined),
    );
    for (const [key, object] of this.objects) {
      const path = join(dir, ...key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, object.body);
      if (!newest.has(key) || sidecars === 'none') continue;
      if (sidecars === 'newest-signature')
        await writeFile(`${path}.signature`, `${object.metadata.signature ?? ''}\n`);
      else
        await writeFile(
          `${path}.metadata.json`,
          JSON.stringify({ ContentType: 'application/json', Metadata: object.metadata }),
        );
    }
  }
}

/** SHA256withRSA over CloudTrail's data-to-sign string, hex-encoded as in x-amz-meta-signature. */
export function signDigest(
  privateKey: KeyObject,
  digest: {
    digestEndTime: string;
    digestS3Bucket: string;
    digestS3Object: string;
    previousDigestSignature: string | null;
  },
  uncompressedSha256: string,
): string {
  const data = `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${uncompressedSha256}\n${digest.previousDigestSignature ?? 'null'}`;
  return sign('sha256', Buffer.from(data, 'utf8'), privateKey).toString('hex');
}

export const buildDigestArchive = (spec: ArchiveSpec): DigestArchive => new DigestArchive(spec);
