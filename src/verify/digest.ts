/**
 * CloudTrail digest files: their fields, their object keys, and the exact string CloudTrail signs.
 *
 * Sources: CloudTrail user guide "Digest file structure" and "Custom implementations of log file
 * integrity validation"; the AWS CLI's `validate-logs` (awscli/customizations/cloudtrail/validation.py)
 * for the `null` placeholder of a starting digest.
 */

/** One log file a digest vouches for; `hashValue` is hex SHA-256 of the UNCOMPRESSED file. */
export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: string;
}

/** A previous-digest link; all of it is null in a starting digest (logging or validation restarted). */
export interface PreviousDigestLink {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: string;
  signature: string;
}

export interface Digest {
  awsAccountId: string;
  digestStartTime: Date;
  digestEndTime: Date;
  /** The end time exactly as written in the file: it is part of the signed string. */
  digestEndTimeText: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  previous: PreviousDigestLink | null;
  logFiles: DigestLogFile[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (o: Record<string, unknown>, field: string): string | undefined =>
  typeof o[field] === 'string' ? o[field] : undefined;

const time = (value: string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/**
 * Parses the uncompressed JSON of a digest file. Returns an error instead of throwing so that one
 * damaged digest becomes a reported problem, not a crash.
 *
 * @example parseDigest('{"awsAccountId":"111122223333", …}') // { ok: true, value: { … } }
 */
export function parseDigest(json: string): Parsed<Digest> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (!isRecord(raw)) return { ok: false, error: 'not a JSON object' };
  const required = [
    'awsAccountId',
    'digestStartTime',
    'digestEndTime',
    'digestS3Bucket',
    'digestS3Object',
    'digestPublicKeyFingerprint',
  ] as const;
  for (const field of required) {
    if (text(raw, field) === undefined) return { ok: false, error: `missing ${field}` };
  }
  const start = time(text(raw, 'digestStartTime'));
  const end = time(text(raw, 'digestEndTime'));
  if (start === undefined || end === undefined) return { ok: false, error: 'unreadable times' };
  if (!Array.isArray(raw.logFiles)) return { ok: false, error: 'missing logFiles' };
  const logFiles: DigestLogFile[] = [];
  for (const entry of raw.logFiles) {
    if (!isRecord(entry)) return { ok: false, error: 'a logFiles entry is not an object' };
    const s3Bucket = text(entry, 's3Bucket');
    const s3Object = text(entry, 's3Object');
    const hashValue = text(entry, 'hashValue');
    if (s3Bucket === undefined || s3Object === undefined || hashValue === undefined) {
      return { ok: false, error: 'a logFiles entry lacks s3Bucket, s3Object or hashValue' };
    }
    logFiles.push({
      s3Bucket,
      s3Object,
      hashValue: hashValue.toLowerCase(),
      hashAlgorithm: text(entry, 'hashAlgorithm') ?? 'SHA-256',
    });
  }
  const prevObject = text(raw, 'previousDigestS3Object');
  const prevHash = text(raw, 'previousDigestHashValue');
  const prevSignature = text(raw, 'previousDigestSignature');
  const previous =
    prevObject !== undefined && prevHash !== undefined && prevSignature !== undefined
      ? {
          s3Bucket: text(raw, 'previousDigestS3Bucket') ?? '',
          s3Object: prevObject,
          hashValue: prevHash.toLowerCase(),
          hashAlgorithm: text(raw, 'previousDigestHashAlgorithm') ?? 'SHA-256',
          signature: prevSignature,
        }
      : null;
  return {
    ok: true,
    value: {
      awsAccountId: text(raw, 'awsAccountId') as string,
      digestStartTime: start,
      digestEndTime: end,
      digestEndTimeText: text(raw, 'digestEndTime') as string,
      digestS3Bucket: text(raw, 'digestS3Bucket') as string,
      digestS3Object: text(raw, 'digestS3Object') as string,
      digestPublicKeyFingerprint: text(raw, 'digestPublicKeyFingerprint') as string,
      digestSignatureAlgorithm: text(raw, 'digestSignatureAlgorithm') ?? 'SHA256withRSA',
      previous,
      logFiles,
    },
  };
}

/**
 * The string CloudTrail signs for a digest (user guide, "Recreate the data signing string").
 * A starting digest has no previous signature; CloudTrail signs the literal `null` there (the
 * AWS CLI notes it "must be 'null' to match the Java implementation").
 *
 * @example
 * dataToSign({ digestEndTimeText: '2015-08-12T04:01:31Z', digestS3Bucket: 'b',
 *   digestS3Object: 'AWSLogs/…json.gz', previous: null }, '4ff0…')
 * // '2015-08-12T04:01:31Z\nb/AWSLogs/…json.gz\n4ff0…\nnull'
 */
export function dataToSign(
  digest: Pick<Digest, 'digestEndTimeText' | 'digestS3Bucket' | 'digestS3Object' | 'previous'>,
  uncompressedDigestSha256Hex: string,
): string {
  return [
    digest.digestEndTimeText,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    uncompressedDigestSha256Hex,
    digest.previous?.signature ?? 'null',
  ].join('\n');
}
