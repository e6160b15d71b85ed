/**
 * Alerts inside the bot's processes. When ALERT_TOPIC_ARNS is set the entry builds the alert
 * intake ONCE ({@link withAlertIntake}), sharing the bot's backend for the investigations, and
 * keeps it in SlackDeps. From there the Heroku process serves `POST /alerts/sns`
 * ({@link alertRoutes}), the Slack app registers the alert buttons (src/slack/alert-routes.ts)
 * and the Lambda handler answers the same endpoint over a Function URL
 * ({@link snsOverLambdaHttp}). Without ALERT_TOPIC_ARNS none of this exists and the bot runs
 * as before; a wrong alert setting stops the process at start with every problem listed.
 */
import type { AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import { runnerFromBackend } from '../alerts/investigate.js';
import { alertIntakeFromEnv, snsRoute } from '../intake/alert-runtime.js';
import { handleSnsHttp } from '../intake/sns.js';
import type { StateStore } from '../ports/state.js';
import { stateStoreFromEnv } from '../state/from-env.js';
import type { RouteFactory } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import {
  isHttpEvent,
  isRequestFor,
  requestBody,
  requestHeaders,
  requestMethod,
  textReply,
} from './lambda-http.js';

export const SNS_PATH = '/alerts/sns';

/** Alerts are on when at least one SNS topic is configured. */
export const alertsConfigured = (env: Record<string, string | undefined>): boolean =>
  Boolean(env.ALERT_TOPIC_ARNS?.trim());

/**
 * `deps` plus the alert intake when alerts are configured (kept as is when `deps` already has
 * one, e.g. a test's). Throws the `config` TrailError of {@link alertIntakeFromEnv}, which names
 * every wrong ALERT_* variable. `longLived`: catch-up updates of a storm run on timers (Heroku,
 * Socket Mode), which a frozen Lambda process could not honour.
 */
export function withAlertIntake(
  env: Record<string, string | undefined>,
  deps: SlackDeps,
  runtime: { longLived: boolean },
): SlackDeps {
  if (deps.alertIntake !== undefined || !alertsConfigured(env)) return deps;
  const alertIntake = alertIntakeFromEnv(env, {
    runQuestion: runnerFromBackend(deps.backend),
    longLived: runtime.longLived,
    log: (message, fields) => deps.log.info(message, fields),
  });
  return { ...deps, alertIntake };
}

/**
 * `deps` with the store for state the bot keeps between requests (pending "did you do this?"
 * questions): the alert store when alerts are on, so one connection serves both, else the one
 * REDIS_URL or ALERT_STATE_TABLE names, else memory. Kept as is when `deps` has one.
 */
export function withStateStore(
  env: Record<string, string | undefined>,
  deps: SlackDeps,
): SlackDeps {
  if (deps.state !== undefined) return deps;
  return { ...deps, state: deps.alertIntake?.alerts.store ?? stateStoreFromEnv(env) };
}

/** Every state store `deps` holds, once each (the alert store is often the state store too). */
export const storesOf = (deps: SlackDeps): StateStore[] => [
  ...new Set([deps.state, deps.alertIntake?.alerts.store].filter((s) => s !== undefined)),
];

/** `POST /alerts/sns` when alerts are configured; no route (so a 404) otherwise. */
export const alertRoutes: RouteFactory = (ctx) =>
  ctx.deps.alertIntake ? [snsRoute(ctx.deps.alertIntake.sns, SNS_PATH)] : [];

/**
 * Answers `POST /alerts/sns` arriving at the Lambda over a Function URL or API Gateway, with the
 * same verification as the Heroku route; undefined for any other request (Slack's). A stage
 * prefix (`/prod/alerts/sns`, API Gateway HTTP APIs) is allowed.
 */
export async function snsOverLambdaHttp(
  event: unknown,
  deps: SlackDeps,
): Promise<AwsResponse | undefined> {
  if (!isHttpEvent(event) || !isRequestFor(event, SNS_PATH)) return undefined;
  if (deps.alertIntake === undefined) return textReply(404, 'Not Found');
  if (requestMethod(event) !== 'POST') return textReply(405, 'Method Not Allowed');
  const { status, body } = await handleSnsHttp(
    requestBody(event),
    requestHeaders(event),
    deps.alertIntake.sns,
  );
  return textReply(status, body);
}
