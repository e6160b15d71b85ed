/**
 * Alert settings from the environment, validated with zod; every problem is reported at once,
 * naming the variable.
 *
 * - `ALERT_CHANNEL` (required): the channel id alerts go to unless a route says
 *   otherwise (`C0123456789`; an id, not a #name).
 * - `ALERT_TOPIC_ARNS` (required for the SNS endpoint): comma-separated topic ARNs whose
 *   subscriptions are confirmed and whose messages are accepted.
 * - `ALERT_ROUTES`: `;`-separated `SELECTOR=CHANNEL`, first match wins. Selectors:
 *   `severity:critical` (exactly), `severity:high+` (high or more urgent),
 *   `account:111122223333`, `rule:iam-*` (glob).
 *   Example: `severity:critical=C0CRIT;account:111122223333=C0PROD`.
 * - `ALERT_MUTES`: `;`-separated `RULE_GLOB:ACTOR_GLOB@UNTIL` (UNTIL an ISO date or date-time,
 *   UTC), e.g. `authorization-failure:ci-*@2026-12-31`. Mutes added from Slack live in the store.
 * - `ALERT_DEDUPE_MINUTES` (default 60): alerts with one dedupe key inside this window share a
 *   thread. `ALERT_RETENTION_DAYS` (default 7): how long thread state (for buttons) is kept.
 * - `ALERT_TIME_ZONE` (default UTC): the zone alert times are shown in.
 */
import { z } from 'zod';
import { TrailError } from '../core/errors.js';
import type { Mute } from '../ports/state.js';
import { SEVERITIES, type Severity } from './severity.js';

export type RouteSelector =
  | { kind: 'severity'; severity: Severity; orMore: boolean }
  | { kind: 'account'; account: string }
  | { kind: 'rule'; pattern: string };

export interface Route {
  selector: RouteSelector;
  channel: string;
}

export interface AlertConfig {
  channel: string;
  topicArns: string[];
  routes: Route[];
  mutes: Mute[];
  dedupeWindowMs: number;
  retentionMs: number;
  timeZone: string;
}

/** A channel id (not a #name: chat.update only takes ids). */
const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
const TOPIC_ARN = /^arn:aws(?:-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

const listOf = (separator: RegExp) => (raw: string) =>
  raw
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const severity = z.enum(SEVERITIES);

const route = z.string().transform((entry, ctx): Route => {
  const match = /^(severity|account|rule):([^=]+)=(.+)$/.exec(entry);
  const [, kind, arg = '', channel = ''] = match ?? [];
  if (match === null || !CHANNEL.test(channel)) {
    ctx.addIssue({ code: 'custom', message: `"${entry}" is not SELECTOR=CHANNEL` });
    return z.NEVER;
  }
  if (kind === 'account') {
    if (!/^\d{12}$/.test(arg)) {
      ctx.addIssue({ code: 'custom', message: `"${arg}" is not a 12-digit account id` });
      return z.NEVER;
    }
    return { selector: { kind: 'account', account: arg }, channel };
  }
  if (kind === 'rule') return { selector: { kind: 'rule', pattern: arg }, channel };
  const orMore = arg.endsWith('+');
  const parsed = severity.safeParse(orMore ? arg.slice(0, -1) : arg);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: `"${arg}" is not one of ${SEVERITIES.join(', ')}` });
    return z.NEVER;
  }
  return { selector: { kind: 'severity', severity: parsed.data, orMore }, channel };
});

const mute = z.string().transform((entry, ctx): Mute => {
  const colon = entry.indexOf(':');
  const at = entry.lastIndexOf('@');
  const until = at > colon ? Date.parse(entry.slice(at + 1).trim()) : NaN;
  if (colon <= 0 || at <= colon + 1 || !Number.isFinite(until)) {
    ctx.addIssue({ code: 'custom', message: `"${entry}" is not RULE:ACTOR@UNTIL` });
    return z.NEVER;
  }
  return {
    id: `config:${entry}`,
    rule: entry.slice(0, colon).trim(),
    actor: entry.slice(colon + 1, at).trim(),
    expiresAtMs: until,
    createdBy: 'config',
  };
});

const positive = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a positive number` });
        return z.NEVER;
      }
      return n;
    });

const schema = z
  .object({
    ALERT_CHANNEL: z
      .string({ error: 'is required (the Slack channel id for alerts)' })
      .regex(CHANNEL, 'is not a channel id'),
    ALERT_TOPIC_ARNS: z
      .string()
      .optional()
      .transform((raw) => listOf(/,/)(raw ?? ''))
      .pipe(z.array(z.string().regex(TOPIC_ARN, 'is not an SNS topic ARN'))),
    ALERT_ROUTES: z
      .string()
      .optional()
      .transform((raw) => listOf(/;/)(raw ?? ''))
      .pipe(z.array(route)),
    ALERT_MUTES: z
      .string()
      .optional()
      .transform((raw) => listOf(/;/)(raw ?? ''))
      .pipe(z.array(mute)),
    ALERT_DEDUPE_MINUTES: positive(60),
    ALERT_RETENTION_DAYS: positive(7),
    ALERT_TIME_ZONE: z
      .string()
      .optional()
      .transform((raw) => raw?.trim() || 'UTC')
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'is not an IANA time zone'),
    /** Read only to check that the alert channels can be clicked in (see the refinement). */
    TRAIL_ALLOWED_CHANNELS: z
      .string()
      .optional()
      .transform((raw) => listOf(/,/)(raw ?? '')),
  })
  .superRefine((e, ctx) => {
    // Alert buttons pass the same allow-list as /trail: a channel missing from a set
    // TRAIL_ALLOWED_CHANNELS would post alerts whose every Acknowledge click is refused.
    if (e.TRAIL_ALLOWED_CHANNELS.length === 0) return;
    const alertChannels = [e.ALERT_CHANNEL, ...e.ALERT_ROUTES.map((r) => r.channel)];
    for (const channel of new Set(alertChannels)) {
      if (!e.TRAIL_ALLOWED_CHANNELS.includes(channel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['TRAIL_ALLOWED_CHANNELS'],
          message: `does not include the alert channel ${channel}: its alert buttons would refuse every click`,
        });
      }
    }
  });

export type AlertConfigResult =
  { ok: true; config: AlertConfig } | { ok: false; problems: string[] };

/**
 * Reads the alert settings. Example: `parseAlertConfig({ ALERT_CHANNEL: 'C0SEC' })` →
 * `{ ok: true, config: { channel: 'C0SEC', routes: [], dedupeWindowMs: 3600000, … } }`.
 */
export function parseAlertConfig(env: Record<string, string | undefined>): AlertConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
      ),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      channel: e.ALERT_CHANNEL,
      topicArns: e.ALERT_TOPIC_ARNS,
      routes: e.ALERT_ROUTES,
      mutes: e.ALERT_MUTES,
      dedupeWindowMs: e.ALERT_DEDUPE_MINUTES * 60_000,
      retentionMs: e.ALERT_RETENTION_DAYS * 24 * 60 * 60_000,
      timeZone: e.ALERT_TIME_ZONE,
    },
  };
}

/** {@link parseAlertConfig} for entry points: a `config` TrailError listing every problem. */
export function loadAlertConfig(env: Record<string, string | undefined>): AlertConfig {
  const result = parseAlertConfig(env);
  if (result.ok) return result.config;
  throw new TrailError('config', `Alert settings are wrong:\n${result.problems.join('\n')}`, {
    problems: result.problems,
  });
}
