/**
 * The AWS side of trailhound's configuration, read from the environment:
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `TRAIL_BACKEND` | `auto`, `lookup`, `athena` or `local` | `auto` |
 * | `TRAIL_REGIONS` | comma-separated Regions LookupEvents fans out over | `AWS_REGION`, then `AWS_DEFAULT_REGION` |
 * | `TRAIL_ACCOUNTS` | comma-separated account ids, each optionally `=roleArn` | the credentials' own account |
 * | `ATHENA_DATABASE` | Glue database of the CloudTrail table; setting it turns Athena on | – |
 * | `ATHENA_TABLE` | the table (see infra/athena/cloudtrail_logs.sql) | `cloudtrail_logs` |
 * | `ATHENA_WORKGROUP` | workgroup to run in | `primary` |
 * | `ATHENA_OUTPUT_LOCATION` | `s3://…` for results, unless the workgroup enforces its own | – |
 * | `ATHENA_MAX_BYTES` | per-question scan cap, e.g. `10GB`, `500MB` or plain bytes | `10GB` |
 *
 * Credentials, Region and endpoints are left to the AWS SDK's own chain (`AWS_PROFILE`,
 * `AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT_URL_CLOUDTRAIL`, `AWS_ENDPOINT_URL_ATHENA`, …), which it
 * reads when a client is constructed; trailhound never passes an `endpoint` of its own.
 */
import { z } from 'zod';
import { TrailError } from '../core/errors.js';

export type BackendChoice = 'auto' | 'lookup' | 'athena' | 'local';

/** An account to search. Without a role the SDK's default credentials are used as they are. */
export interface AccountTarget {
  /** 12-digit id, or `default` for "whatever account the credentials belong to". */
  id: string;
  /** Role to assume (`sts:AssumeRole`) to read this account, for organisations. */
  roleArn?: string;
}

export interface AthenaSettings {
  /** Where the workgroup lives: AWS_REGION, else AWS_DEFAULT_REGION, else the first of TRAIL_REGIONS. */
  region: string;
  database: string;
  table: string;
  workgroup: string;
  outputLocation?: string;
  /** Most bytes one question may scan without a confirming click. */
  maxBytes: number;
}

export interface AwsSettings {
  backend: BackendChoice;
  regions: string[];
  accounts: AccountTarget[];
  /** Whether TRAIL_ACCOUNTS was given (so Athena can prune by account). */
  accountsConfigured: boolean;
  /** Whether TRAIL_REGIONS was given explicitly (rather than taken from AWS_REGION). */
  regionsConfigured: boolean;
  athena?: AthenaSettings;
  /** TRAIL_LOGS, for the local engine. */
  logs?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/**
 * Reads a byte size: plain bytes or a number with KB/MB/GB/TB (binary units, any case).
 *
 * @example parseByteSize('10GB') === 10737418240; parseByteSize('oops') === undefined
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b?)\s*$/i.exec(text);
  if (match === null) return undefined;
  const factor = UNITS[(match[2] ?? '').toUpperCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const envSchema = z.object({
  TRAIL_BACKEND: optionalText.pipe(
    z
      .enum(['auto', 'lookup', 'athena', 'local'], {
        error: 'TRAIL_BACKEND must be auto, lookup, athena or local',
      })
      .optional(),
  ),
  TRAIL_REGIONS: optionalText.pipe(
    z
      .string()
      .optional()
      .refine((value) => value === undefined || list(value).every((r) => REGION.test(r)), {
        error: 'TRAIL_REGIONS must be comma-separated Region names such as us-east-1,eu-west-1',
      }),
  ),
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
  TRAIL_ACCOUNTS: optionalText.pipe(
    z
      .string()
      .optional()
      .refine((value) => value === undefined || list(value).every(isAccountEntry), {
        error:
          'TRAIL_ACCOUNTS must be comma-separated 12-digit account ids, each optionally ' +
          '=arn:aws:iam::<id>:role/<name>',
      }),
  ),
  ATHENA_DATABASE: optionalText,
  ATHENA_TABLE: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_]+$/, { error: 'ATHENA_TABLE must be letters, digits and _' })
      .optional(),
  ),
  ATHENA_WORKGROUP: optionalText,
  ATHENA_OUTPUT_LOCATION: optionalText.pipe(
    z
      .string()
      .startsWith('s3://', { error: 'ATHENA_OUTPUT_LOCATION must be an s3:// URL' })
      .optional(),
  ),
  ATHENA_MAX_BYTES: optionalText.pipe(
    z
      .string()
      .optional()
      .refine((value) => value === undefined || parseByteSize(value) !== undefined, {
        error: 'ATHENA_MAX_BYTES must be a size such as 10GB, 500MB or 1073741824',
      }),
  ),
  TRAIL_LOGS: optionalText,
});

function isAccountEntry(entry: string): boolean {
  const [id = '', role] = splitAccount(entry);
  return ACCOUNT_ID.test(id) && (role === undefined || ROLE_ARN.test(role));
}

function splitAccount(entry: string): [string, string | undefined] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, undefined] : [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
}

const DEFAULT_MAX_BYTES = 10 * 1024 ** 3;

export type AwsSettingsResult =
  { ok: true; settings: AwsSettings } | { ok: false; errors: string[] };

/**
 * Reads the AWS settings from an environment, returning every problem at once (each message
 * names its variable) rather than stopping at the first.
 *
 * @example parseAwsSettings({ TRAIL_REGIONS: 'us-east-1,eu-west-1' })
 * // → { ok: true, settings: { backend: 'auto', regions: ['us-east-1', 'eu-west-1'], … } }
 */
export function parseAwsSettings(env: Env): AwsSettingsResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => issue.message) };
  }
  const e = parsed.data;
  const regions = list(e.TRAIL_REGIONS ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION);
  const accounts: AccountTarget[] = list(e.TRAIL_ACCOUNTS).map((entry) => {
    const [id, roleArn] = splitAccount(entry);
    return roleArn === undefined ? { id } : { id, roleArn };
  });
  const settings: AwsSettings = {
    backend: e.TRAIL_BACKEND ?? 'auto',
    regions: [...new Set(regions)],
    accounts: accounts.length > 0 ? accounts : [{ id: 'default' }],
    accountsConfigured: accounts.length > 0,
    regionsConfigured: e.TRAIL_REGIONS !== undefined,
  };
  if (e.ATHENA_DATABASE !== undefined) {
    settings.athena = {
      region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? settings.regions[0] ?? 'us-east-1',
      database: e.ATHENA_DATABASE,
      table: e.ATHENA_TABLE ?? 'cloudtrail_logs',
      workgroup: e.ATHENA_WORKGROUP ?? 'primary',
      maxBytes:
        e.ATHENA_MAX_BYTES === undefined
          ? DEFAULT_MAX_BYTES
          : (parseByteSize(e.ATHENA_MAX_BYTES) ?? DEFAULT_MAX_BYTES),
    };
    if (e.ATHENA_OUTPUT_LOCATION !== undefined) {
      settings.athena.outputLocation = e.ATHENA_OUTPUT_LOCATION;
    }
  }
  if (e.TRAIL_LOGS !== undefined) settings.logs = e.TRAIL_LOGS;
  return { ok: true, settings };
}

/** {@link parseAwsSettings} for edges: a `config` TrailError listing every problem. */
export function loadAwsSettings(env: Env): AwsSettings {
  const result = parseAwsSettings(env);
  if (!result.ok)
    throw new TrailError('config', result.errors.join('\n'), { errors: result.errors });
  return result.settings;
}
