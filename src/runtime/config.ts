/**
 * The environment, read once at start into a typed Config. Every problem is collected and
 * reported in ONE message ("SLACK_BOT_TOKEN is missing; PORT must be a number …"), so a deploy
 * is fixed in one round instead of one variable per crash. Values of secrets never appear in
 * messages or logs — only the variable names.
 */
import { z } from 'zod';
import type { Visibility } from '../../blocks/answer.js';
import { MAX_EVENT_ROWS } from '../../blocks/answer.js';
import { BACKEND_KINDS, isBackendKind, type BackendKind } from '../backends/create.js';
import { TrailError } from '../core/errors.js';

/** How the Slack app receives requests. */
export type ReceiverKind = 'http' | 'socket' | 'lambda';

export interface Config {
  slack: {
    botToken: string;
    /** Required for HTTP and Lambda (request signatures); unused in Socket Mode. */
    signingSecret?: string;
    /** Socket Mode only (xapp-…). */
    appToken?: string;
    /** Web API base URL override for test environments (Bolt's clientOptions.slackApiUrl). */
    apiUrl?: string;
  };
  port: number;
  backend: { kind: BackendKind; logs?: string };
  allow: { channels: string[]; users: string[]; usergroup?: string };
  replies: { visibility: Visibility; byChannel: Record<string, Visibility> };
  /** Events per answer page. */
  pageSize: number;
  /** Lambda only: this function's own name, for the asynchronous self-invocation. */
  lambdaFunctionName?: string;
  /**
   * `/trail verify`: the trail bucket (`s3://bucket/prefix`, TRAIL_VERIFY_S3), else the local
   * copy in TRAIL_LOGS; keys from a saved list-public-keys file, else cloudtrail:ListPublicKeys.
   */
  verify: { s3?: string; keyFile?: string };
}

const list = (pattern: RegExp, what: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(z.string().regex(pattern, `must be a comma-separated list of ${what}`)));

const VISIBILITY = z.enum(['ephemeral', 'in_channel'], {
  error: 'must be "ephemeral" or "in_channel"',
});

const visibilityByChannel = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const out: Record<string, Visibility> = {};
    for (const pair of (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const [channel = '', visibility = ''] = pair.split('=').map((s) => s.trim());
      const parsed = VISIBILITY.safeParse(visibility);
      if (!/^[CGD][A-Z0-9]+$/.test(channel) || !parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `must look like "C0123ABC=in_channel,C0456DEF=ephemeral" (bad entry "${pair}")`,
        });
        continue;
      }
      out[channel] = parsed.data;
    }
    return out;
  });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v.trim());
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    });

const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string({ error: 'is missing (the Bot User OAuth Token, xoxb-…)' })
      .startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ error: 'must be a URL such as http://127.0.0.1:9000/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  PORT: wholeNumber(0, 65535, 3000),
  TRAIL_BACKEND: optionalText.transform((v, ctx): BackendKind => {
    const kind = v ?? 'local';
    if (isBackendKind(kind)) return kind;
    ctx.addIssue({ code: 'custom', message: `must be one of ${BACKEND_KINDS.join(', ')}` });
    return z.NEVER;
  }),
  TRAIL_LOGS: optionalText,
  TRAIL_ALLOWED_CHANNELS: list(/^[CGD][A-Z0-9]+$/, 'channel ids (C0123ABC)'),
  TRAIL_ALLOWED_USERS: list(/^[UW][A-Z0-9]+$/, 'user ids (U0123ABC)'),
  TRAIL_ALLOWED_USERGROUP: optionalText.pipe(
    z
      .string()
      .regex(/^S[A-Z0-9]+$/, 'must be a user group id (S0123ABC)')
      .optional(),
  ),
  TRAIL_REPLY_VISIBILITY: optionalText.pipe(VISIBILITY.default('ephemeral')),
  TRAIL_REPLY_VISIBILITY_CHANNELS: visibilityByChannel,
  TRAIL_PAGE_SIZE: wholeNumber(1, MAX_EVENT_ROWS, 10),
  AWS_LAMBDA_FUNCTION_NAME: optionalText,
  TRAIL_VERIFY_S3: optionalText.pipe(
    z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:\/.*)?$/, {
        error: 'must be the trail bucket as s3://bucket/prefix (the prefix above AWSLogs/)',
      })
      .optional(),
  ),
  TRAIL_VERIFY_KEY_FILE: optionalText,
});

/** Requirements that depend on the runtime or on other variables (read from the raw env, so
 * they are reported together with the schema's problems). */
function crossChecks(raw: NodeJS.ProcessEnv, kind: ReceiverKind): string[] {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = raw[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const env = {
    SLACK_SIGNING_SECRET: text('SLACK_SIGNING_SECRET'),
    SLACK_APP_TOKEN: text('SLACK_APP_TOKEN'),
    AWS_LAMBDA_FUNCTION_NAME: text('AWS_LAMBDA_FUNCTION_NAME'),
    TRAIL_BACKEND: text('TRAIL_BACKEND') ?? 'local',
    TRAIL_LOGS: text('TRAIL_LOGS'),
  };
  if (kind !== 'socket' && env.SLACK_SIGNING_SECRET === undefined) {
    problems.push('SLACK_SIGNING_SECRET is missing (Basic Information → Signing Secret)');
  }
  if (kind === 'socket') {
    if (env.SLACK_APP_TOKEN === undefined) {
      problems.push(
        'SLACK_APP_TOKEN is missing (an app-level token xapp-… with connections:write; Socket Mode needs it)',
      );
    } else if (!env.SLACK_APP_TOKEN.startsWith('xapp-')) {
      problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp-');
    }
  }
  if (kind === 'lambda' && env.AWS_LAMBDA_FUNCTION_NAME === undefined) {
    problems.push(
      'AWS_LAMBDA_FUNCTION_NAME is missing (Lambda sets it; outside Lambda set it to the function to invoke)',
    );
  }
  if (env.TRAIL_BACKEND === 'local' && env.TRAIL_LOGS === undefined) {
    problems.push(
      'TRAIL_LOGS is missing (the folder of CloudTrail log files the local backend searches)',
    );
  }
  return problems;
}

/**
 * Reads the configuration for one runtime, or throws a TrailError('config') whose message lists
 * every problem. Example: `loadConfig({SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's',
 * TRAIL_LOGS: './logs'}, 'http').port` → `3000`.
 */
export function loadConfig(env: NodeJS.ProcessEnv, kind: ReceiverKind): Config {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`)),
    ...crossChecks(env, kind),
  ];
  if (!parsed.success || problems.length > 0) throw configError(problems);
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      ...(e.SLACK_SIGNING_SECRET !== undefined ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_APP_TOKEN !== undefined ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_API_URL !== undefined ? { apiUrl: e.SLACK_API_URL } : {}),
    },
    port: e.PORT,
    backend: {
      kind: e.TRAIL_BACKEND,
      ...(e.TRAIL_LOGS !== undefined ? { logs: e.TRAIL_LOGS } : {}),
    },
    allow: {
      channels: e.TRAIL_ALLOWED_CHANNELS,
      users: e.TRAIL_ALLOWED_USERS,
      ...(e.TRAIL_ALLOWED_USERGROUP !== undefined ? { usergroup: e.TRAIL_ALLOWED_USERGROUP } : {}),
    },
    replies: { visibility: e.TRAIL_REPLY_VISIBILITY, byChannel: e.TRAIL_REPLY_VISIBILITY_CHANNELS },
    pageSize: e.TRAIL_PAGE_SIZE,
    ...(e.AWS_LAMBDA_FUNCTION_NAME !== undefined
      ? { lambdaFunctionName: e.AWS_LAMBDA_FUNCTION_NAME }
      : {}),
    verify: {
      ...(e.TRAIL_VERIFY_S3 !== undefined ? { s3: e.TRAIL_VERIFY_S3 } : {}),
      ...(e.TRAIL_VERIFY_KEY_FILE !== undefined ? { keyFile: e.TRAIL_VERIFY_KEY_FILE } : {}),
    },
  };
}

function configError(problems: string[]): TrailError {
  return new TrailError(
    'config',
    `trailhound cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    { problems },
  );
}

/** Where an answer in `channel` is shown: the per-channel override, else the default. */
export const visibilityFor = (config: Pick<Config, 'replies'>, channel: string): Visibility =>
  config.replies.byChannel[channel] ?? config.replies.visibility;
