/**
 * Wiring the alert intake from the environment, for the entry points: the alert settings
 * (src/alerts/config.ts), the state store (REDIS_URL / ALERT_STATE_TABLE / memory), Slack
 * through the alert-tuned WebClient (SLACK_BOT_TOKEN, SLACK_API_URL), and the SNS verifier.
 *
 * Heroku / Socket Mode (Bolt custom route):
 *   const intake = alertIntakeFromEnv(process.env, { runQuestion, longLived: true });
 *   customRoutes: [snsRoute(intake.sns)]            // POST /alerts/sns
 * Lambda:
 *   const intake = alertIntakeFromEnv(process.env, { runQuestion });
 *   export const handler = (event: unknown) => handleLambdaEvent(event, intake.lambda);
 */
import { alertWebClient, slackChat } from '../adapters/slack-chat.js';
import { loadAlertConfig } from '../alerts/config.js';
import type { QuestionRunner } from '../alerts/investigate.js';
import { deferWithTimer, type AlertDeps, type AlertLogger } from '../alerts/threads.js';
import { TrailError } from '../core/errors.js';
import { stateStoreFromEnv } from '../state/from-env.js';
import type { LambdaAlertDeps } from './lambda-alerts.js';
import { createSnsVerifier } from './sns-signature.js';
import { snsRequestListener, type SnsIntakeDeps } from './sns.js';

export interface AlertIntake {
  alerts: AlertDeps;
  sns: SnsIntakeDeps;
  lambda: LambdaAlertDeps;
}

export interface AlertIntakeOptions {
  /** Answers the investigation questions (e.g. `runnerFromBackend(backend)`). */
  runQuestion?: QuestionRunner;
  log?: AlertLogger;
  /** A long-lived process (Heroku, Socket Mode): storm catch-up updates run on timers. */
  longLived?: boolean;
}

/**
 * The bot's SLACK_API_URL override (a Slack stand-in for test environments) applies to the alert
 * client too, so one setting moves all of trailhound's Slack traffic.
 */
function slackApiUrl(env: Record<string, string | undefined>): { slackApiUrl?: string } {
  const url = env.SLACK_API_URL?.trim();
  if (!url) return {};
  return { slackApiUrl: url.endsWith('/') ? url : `${url}/` };
}

/** Builds everything the alert entry points need; throws a `config` TrailError naming what is wrong. */
export function alertIntakeFromEnv(
  env: Record<string, string | undefined>,
  options: AlertIntakeOptions = {},
): AlertIntake {
  const config = loadAlertConfig(env);
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) throw new TrailError('config', 'SLACK_BOT_TOKEN is required to post alerts');
  if (config.topicArns.length === 0) {
    throw new TrailError('config', 'ALERT_TOPIC_ARNS is required: no SNS topic would be accepted');
  }
  const alerts: AlertDeps = {
    store: stateStoreFromEnv(env),
    chat: slackChat(alertWebClient(token, slackApiUrl(env))),
    config,
    ...(options.runQuestion ? { runQuestion: options.runQuestion } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.longLived ? { defer: deferWithTimer } : {}),
  };
  const verifier = createSnsVerifier();
  const shared = {
    alerts,
    verifier,
    topicArns: config.topicArns,
    ...(options.log ? { log: options.log } : {}),
  };
  return { alerts, sns: shared, lambda: shared };
}

/** The SNS endpoint as a Bolt `customRoutes` entry (also usable with any node:http router). */
export function snsRoute(deps: SnsIntakeDeps, path = '/alerts/sns') {
  return { path, method: ['POST'], handler: snsRequestListener(deps) };
}
