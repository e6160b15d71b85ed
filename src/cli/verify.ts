/**
 * `trailhound verify`: CloudTrail log file integrity over a local copy or the bucket itself.
 * Exit codes: 0 intact, 1 problems found, 2 usage or runtime error.
 */
import { isTrailError } from '../core/errors.js';
import { renderVerifyReport } from '../verify/render-terminal.js';
import { verifyWindow, type VerifyWindowOptions } from '../verify/verify-window.js';
import { readFlags } from './flags.js';

export const VERIFY_USAGE = `Usage: trailhound verify [--logs DIR | --s3 s3://bucket/prefix] [--account A] [--region R]
                         [--from T] [--to T] [--key-file F] [--json]

Checks CloudTrail log file integrity: every log file a digest lists exists and is unchanged,
no file was added, the digest chain is unbroken, no hours lack digests, and every digest's
signature verifies.

  --logs DIR       a local copy of the trail bucket (aws s3 sync s3://bucket/prefix DIR)
  --s3 URL         the trail bucket itself, s3://bucket/prefix (the prefix above AWSLogs/)
  --account A      only this account (12 digits)
  --region R       only this Region
  --from T, --to T files delivered in [from, to): ISO 8601 (2026-11-02T10:00Z) or 6h / 2d ago
  --key-file F     saved "aws cloudtrail list-public-keys" output (offline); default: ListPublicKeys
  --json           print the report as JSON

Offline, the newest digest's own signature is only in S3 object metadata: save it beside the
file as <digest>.signature or <digest>.metadata.json (aws s3api head-object output).`;

/**
 * Reads a time argument: ISO 8601, or a duration before `now` like `6h`, `2d`, `30m`.
 * @example parseTimeArg('2d', new Date('2026-11-03T00:00Z')) // 2026-11-01T00:00Z
 */
export function parseTimeArg(value: string, now: Date): Date | undefined {
  const ago = /^(\d+)([mhd])$/.exec(value);
  if (ago) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(ago[1]) * unit);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export async function verifyCommand(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void; now?: Date } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  },
  inject: Pick<VerifyWindowOptions, 'keys' | 's3Client' | 'cloudTrailClientFor'> = {},
): Promise<number> {
  const flags = readFlags(
    argv,
    {
      logs: { type: 'string' },
      s3: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'key-file': { type: 'string' },
      json: { type: 'boolean' },
    },
    VERIFY_USAGE,
    io,
  );
  if ('exit' in flags) return flags.exit;
  const { values } = flags;
  const now = io.now ?? new Date();
  const times: { from?: Date; to?: Date } = {};
  for (const name of ['from', 'to'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    const parsed = parseTimeArg(raw, now);
    if (!parsed) {
      io.err(
        `--${name} ${raw}: use ISO 8601 (2026-11-02T10:00Z) or a duration ago (6h, 2d).\n\n${VERIFY_USAGE}`,
      );
      return 2;
    }
    times[name] = parsed;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    io.err(`--account ${values.account}: an AWS account id has 12 digits.`);
    return 2;
  }
  try {
    const report = await verifyWindow({
      ...inject,
      ...(values.logs !== undefined && { logs: values.logs }),
      ...(values.s3 !== undefined && { s3: values.s3 }),
      ...(values.account !== undefined && { account: values.account }),
      ...(values.region !== undefined && { region: values.region }),
      ...(values['key-file'] !== undefined && { keyFile: values['key-file'] }),
      ...times,
      now,
    });
    io.out(values.json ? JSON.stringify(report, null, 2) : renderVerifyReport(report));
    return report.intact ? 0 : 1;
  } catch (e) {
    if (isTrailError(e)) {
      io.err(e.code === 'config' ? `${e.message}\n\n${VERIFY_USAGE}` : e.message);
      return 2;
    }
    io.err(`verify failed: ${(e as Error).message}`);
    return 2;
  }
}
