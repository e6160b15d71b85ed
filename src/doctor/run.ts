/**
 * `trailhound doctor` end to end: reads the same environment the bot would, then checks each
 * thing the bot depends on, in the order a broken deploy is best fixed in — settings, Slack,
 * AWS credentials, each Region's LookupEvents, the Athena table, alerts and their state store.
 * `/healthz?deep=1` runs the live subset ({@link deepHealth}).
 */
import { statSync } from 'node:fs';
import { alertsConfigured } from '../entry/alert-routes.js';
import { parseAlertConfig } from '../alerts/config.js';
import { ClientConfigs, type AwsClientOptions } from '../backends/aws-clients.js';
import { parseAwsSettings, type AwsSettings, type Env } from '../backends/aws-config.js';
import { isTrailError } from '../core/errors.js';
import { loadConfig, type ReceiverKind } from '../runtime/config.js';
import { checkAthenaTable } from './athena-table.js';
import { ok, problem, skipped, type CheckResult } from './check.js';
import { checkAwsCredentials } from './identity.js';
import { checkLookupAccess, lookupCheckName } from './lookup-access.js';
import { checkAppToken, checkSigningSecret, checkSlackToken } from './slack.js';
import { checkStateStore } from './state-store.js';

export interface DoctorOptions {
  /** The runtime to check for; default {@link receiverKindFor}. */
  mode?: ReceiverKind;
  /** AWS client settings (tests: fixed credentials, one attempt). */
  clientOptions?: AwsClientOptions;
}

export interface DoctorReport {
  mode: ReceiverKind;
  /** No check found a problem. */
  healthy: boolean;
  checks: CheckResult[];
}

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/**
 * The runtime an environment is meant for: Lambda sets AWS_LAMBDA_FUNCTION_NAME; an app token
 * without a signing secret is Socket Mode; anything else is the HTTP (Heroku) process.
 * @example receiverKindFor({ SLACK_APP_TOKEN: 'xapp-1' }) === 'socket'
 */
export function receiverKindFor(env: Env): ReceiverKind {
  if (value(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined) return 'lambda';
  if (
    value(env, 'SLACK_APP_TOKEN') !== undefined &&
    value(env, 'SLACK_SIGNING_SECRET') === undefined
  )
    return 'socket';
  return 'http';
}

/** Every variable problem the bot would stop at, plus the AWS and alert settings' own. */
function settingsCheck(env: Env, mode: ReceiverKind): CheckResult {
  const problems: string[] = [];
  try {
    loadConfig({ ...env }, mode);
  } catch (e) {
    if (!isTrailError(e)) throw e;
    problems.push(...((e.detail.problems as string[] | undefined) ?? [e.message]));
  }
  const aws = parseAwsSettings(env);
  if (!aws.ok) problems.push(...aws.errors);
  if (problems.length === 0)
    return ok('settings', `every variable the ${mode} runtime reads is valid`);
  return problem(
    'settings',
    problems.join('; '),
    'Set or correct these variables (README → Configuration reference lists each one).',
  );
}

/** The backend TRAIL_BACKEND names (the bot's default is local). */
const backendKind = (env: Env): string => value(env, 'TRAIL_BACKEND') ?? 'local';

function localLogsCheck(env: Env): CheckResult {
  const logs = value(env, 'TRAIL_LOGS');
  const name = 'local logs';
  if (logs === undefined) {
    return problem(
      name,
      'TRAIL_LOGS is not set',
      'Set TRAIL_LOGS to a folder synced from the trail bucket.',
    );
  }
  try {
    statSync(logs);
    return ok(name, `${logs} exists`);
  } catch {
    return problem(
      name,
      `${logs} does not exist`,
      `aws s3 sync s3://<trail-bucket>/AWSLogs ${logs}/AWSLogs, or point TRAIL_LOGS elsewhere.`,
    );
  }
}

/**
 * AWS access for the configured backend: credentials, then LookupEvents in every Region of
 * every account, then the Athena table. After a credentials problem the rest are skipped: they
 * would all fail the same way.
 */
async function awsChecks(
  settings: AwsSettings,
  kind: string,
  clientOptions: AwsClientOptions,
): Promise<CheckResult[]> {
  const usesLookup = kind === 'auto' || kind === 'lookup';
  const usesAthena = kind === 'auto' || kind === 'athena';
  const region = settings.athena?.region ?? settings.regions[0] ?? 'us-east-1';
  const credentials = await checkAwsCredentials(region, clientOptions);
  const results = [credentials];
  const later: { name: string; run: () => Promise<CheckResult> }[] = [];
  if (usesLookup) {
    if (settings.regions.length === 0) {
      results.push(
        problem(
          'cloudtrail',
          'no Region to search',
          'Set TRAIL_REGIONS (e.g. us-east-1,eu-west-1) or AWS_REGION.',
        ),
      );
    }
    const configs = new ClientConfigs({ ...clientOptions, roleSessionName: 'trailhound-doctor' });
    for (const account of settings.accounts) {
      for (const r of settings.regions) {
        later.push({
          name: lookupCheckName(r, account),
          run: () => checkLookupAccess(r, account, configs),
        });
      }
    }
  }
  if (usesAthena) {
    const { athena } = settings;
    if (athena === undefined) {
      if (kind === 'athena') {
        results.push(
          problem(
            'athena table',
            'ATHENA_DATABASE is not set',
            'Set ATHENA_DATABASE (and ATHENA_TABLE) to the table of infra/athena/cloudtrail_logs.sql.',
          ),
        );
      } else results.push(skipped('athena table', 'Athena is off (ATHENA_DATABASE not set)'));
    } else later.push({ name: 'athena table', run: () => checkAthenaTable(athena, clientOptions) });
  }
  if (credentials.status === 'problem') {
    return [...results, ...later.map((c) => skipped(c.name, 'needs working AWS credentials'))];
  }
  // One call per check, all at once: a dozen Regions take as long as the slowest.
  return [...results, ...(await Promise.all(later.map((c) => c.run())))];
}

function alertsCheck(env: Env): CheckResult {
  const name = 'alerts';
  if (!alertsConfigured(env) && value(env, 'ALERT_CHANNEL') === undefined) {
    return skipped(name, 'alerts are off (set ALERT_TOPIC_ARNS and ALERT_CHANNEL to turn them on)');
  }
  const parsed = parseAlertConfig(env);
  if (!parsed.ok) {
    return problem(
      name,
      parsed.problems.join('; '),
      'Correct these ALERT_* variables (README → Configuring alerts).',
    );
  }
  const { config } = parsed;
  if (config.topicArns.length === 0) {
    return problem(
      name,
      'ALERT_TOPIC_ARNS is not set, so every SNS message would be refused',
      'Set ALERT_TOPIC_ARNS to the ARN of the alert topic (template.yaml outputs it).',
    );
  }
  return ok(
    name,
    `to ${config.channel}; topics ${config.topicArns.join(', ')}; ${config.routes.length} route(s), ${config.mutes.length} mute(s)`,
  );
}

/**
 * Runs every check for an environment. Example: with only `SLACK_BOT_TOKEN` set, the report
 * has a `settings` problem naming SLACK_SIGNING_SECRET and TRAIL_LOGS, and `healthy: false`.
 */
export async function runDoctor(env: Env, options: DoctorOptions = {}): Promise<DoctorReport> {
  const mode = options.mode ?? receiverKindFor(env);
  const clientOptions = options.clientOptions ?? {};
  const slackApiUrl = value(env, 'SLACK_API_URL');
  const kind = backendKind(env);
  const aws = parseAwsSettings(env);
  const alertsOn = alertsConfigured(env);
  const checks: CheckResult[] = [
    settingsCheck(env, mode),
    await checkSlackToken(
      value(env, 'SLACK_BOT_TOKEN'),
      slackApiUrl !== undefined ? { apiUrl: slackApiUrl } : {},
    ),
    checkSigningSecret(value(env, 'SLACK_SIGNING_SECRET'), mode),
    checkAppToken(value(env, 'SLACK_APP_TOKEN'), mode),
  ];
  if (kind === 'local') checks.push(localLogsCheck(env));
  else if (aws.ok) checks.push(...(await awsChecks(aws.settings, kind, clientOptions)));
  checks.push(alertsCheck(env));
  checks.push(
    await checkStateStore(env, {
      mode,
      alertsOn,
      region: value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
      clientOptions,
    }),
  );
  return { mode, healthy: checks.every((c) => c.status !== 'problem'), checks };
}

export interface DeepHealthInput {
  botToken: string;
  slackApiUrl?: string;
  /** TRAIL_BACKEND as the bot resolved it. */
  backend: string;
  /** Where the AWS settings come from (TRAIL_REGIONS, ATHENA_*), as for the backend itself. */
  env: Env;
  clientOptions?: AwsClientOptions;
}

/**
 * The live checks behind `/healthz?deep=1`: Slack auth.test and, for an AWS backend, the
 * credentials, each Region's LookupEvents and the Athena table.
 */
export async function deepHealth(input: DeepHealthInput): Promise<CheckResult[]> {
  const checks = [
    await checkSlackToken(
      input.botToken,
      input.slackApiUrl !== undefined ? { apiUrl: input.slackApiUrl } : {},
    ),
  ];
  const aws = parseAwsSettings(input.env);
  if (input.backend !== 'local' && aws.ok) {
    checks.push(...(await awsChecks(aws.settings, input.backend, input.clientOptions ?? {})));
  }
  return checks;
}
