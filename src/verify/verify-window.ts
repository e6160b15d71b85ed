/**
 * The one call the CLI and the Slack command make: pick the source and the keys from plain
 * options, run the checks, return the report.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { TrailError } from '../core/errors.js';
import { verifyArchive } from './check.js';
import { cloudTrailKeyProvider, keyFileProvider, type KeyProvider } from './keys.js';
import { localSource } from './local-source.js';
import type { VerifyReport } from './report.js';
import { parseS3Url, s3Source } from './s3-source.js';

export interface VerifyWindowOptions {
  /** A local copy of the trail bucket (any folder with `AWSLogs/` below it)… */
  logs?: string;
  /** …or the bucket itself, `s3://bucket/prefix` (the prefix above `AWSLogs/`). */
  s3?: string;
  account?: string;
  region?: string;
  /** Log files delivered from `from` (inclusive) to `to` (exclusive). */
  from?: Date;
  to?: Date;
  /** Saved `aws cloudtrail list-public-keys` output, for offline use. */
  keyFile?: string;
  /** Overrides keyFile and ListPublicKeys (tests, or keys loaded elsewhere). */
  keys?: KeyProvider;
  now?: Date;
  /** Injected clients (endpoints, credentials, tests). */
  s3Client?: S3Client;
  cloudTrailClientFor?: (region: string) => CloudTrailClient;
}

const defaultRegion = (): string =>
  process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

/** ListPublicKeys answers are cached for the life of the process (keys rotate monthly at most). */
let sharedKeys: KeyProvider | undefined;

async function chooseKeys(options: VerifyWindowOptions): Promise<KeyProvider> {
  if (options.keys) return options.keys;
  if (options.keyFile) return keyFileProvider(options.keyFile);
  if (options.cloudTrailClientFor) return cloudTrailKeyProvider(options.cloudTrailClientFor);
  sharedKeys ??= cloudTrailKeyProvider();
  return sharedKeys;
}

/**
 * Verifies CloudTrail log file integrity over a window.
 * @example await verifyWindow({ s3: 's3://trail-logs', account: '111122223333', from, to })
 */
export async function verifyWindow(options: VerifyWindowOptions): Promise<VerifyReport> {
  if ((options.logs === undefined) === (options.s3 === undefined)) {
    throw new TrailError('config', 'Give exactly one of --logs DIR or --s3 s3://bucket/prefix.');
  }
  if (options.from && options.to && options.from >= options.to) {
    throw new TrailError('config', 'The start of the window must be before its end.');
  }
  let source;
  if (options.s3 !== undefined) {
    const location = parseS3Url(options.s3);
    if (!location)
      throw new TrailError('config', `${options.s3} is not an s3://bucket/prefix URL.`);
    // followRegionRedirects: the trail bucket may live in another Region than the caller's default.
    const client =
      options.s3Client ?? new S3Client({ region: defaultRegion(), followRegionRedirects: true });
    source = s3Source(location, client);
  } else {
    source = localSource(options.logs as string);
  }
  return verifyArchive({
    source,
    keys: await chooseKeys(options),
    ...(options.account !== undefined && { account: options.account }),
    ...(options.region !== undefined && { region: options.region }),
    window: {
      ...(options.from !== undefined && { start: options.from }),
      ...(options.to !== undefined && { end: options.to }),
    },
    now: options.now ?? new Date(),
  });
}
