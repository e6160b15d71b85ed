/**
 * The alert thread buttons (Acknowledge, Investigate, Raw event, Mark expected, Resolve, Mute)
 * in the Slack app. Each click is acked at once, passes the same allow-list as /trail (alert
 * channels are often wider than the people who may act on them), and becomes an `alert-click`
 * job — in the background on Heroku and Socket Mode, in a second invocation on Lambda, where
 * Slack's answer waits for the handler and an Investigate (several searches) would outlast
 * Slack's 3 seconds. The job runs `handleAlertAction` — which posts its result in the thread and
 * rewrites the parent's status line — and leaves one audit line. What the clicker alone must
 * know (refused, state expired, failed) goes back to them privately through the response_url.
 *
 * Nothing is registered when alerts are off (no `alertIntake` in the deps).
 */
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ALERT_ACTION_IDS } from '../../blocks/alert-action-ids.js';
import { escapeMrkdwn } from '../../blocks/mrkdwn.js';
import { notice } from '../../blocks/notice.js';
import { alertClickFrom, handleAlertAction, type AlertClick } from '../alerts/actions.js';
import { writeAudit, type AuditOutcome } from './audit.js';
import type { SlackDeps } from './deps.js';
import { actionOrigin, allowClick, type HandlerEnv } from './handler-env.js';
import type { Job, Origin } from './jobs.js';
import { ResponseUrl } from './response-url.js';

/** A button value is a thread key or a mute proposal; the audit line keeps a bounded part. */
const AUDITED_VALUE_CHARS = 300;

/** The click as the allow-list check and the audit line name it. */
const auditedQuestion = (click: AlertClick): string =>
  `${click.actionId} ${click.value.slice(0, AUDITED_VALUE_CHARS)}`;

function tellClicker(deps: SlackDeps, origin: Origin, mrkdwn: string): Promise<void> {
  const poster = new ResponseUrl(origin.responseUrl, { fetch: deps.fetch, sleep: deps.sleep });
  return poster
    .post({ response_type: 'ephemeral', replace_original: false, ...notice(mrkdwn) })
    .then(
      () => undefined,
      (error: unknown) =>
        deps.log.error('could not answer an alert click', { reason: String(error) }),
    );
}

function alertClickHandler(env: HandlerEnv) {
  return async ({
    ack,
    body,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const click = alertClickFrom(body);
    if (click === undefined) {
      env.deps.log.error('alert button with an unreadable click', {});
      return;
    }
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, click.actionId, auditedQuestion(click)))) return;
    await env.dispatch({ kind: 'alert-click', origin, click });
  };
}

/** Carries out an allowed alert button click (see the module comment); never throws. */
export async function runAlertClickJob(
  job: Extract<Job, { kind: 'alert-click' }>,
  deps: SlackDeps,
): Promise<void> {
  const { origin, click } = job;
  const question = auditedQuestion(click);
  const started = Date.now();
  const audit = (outcome: AuditOutcome, errorCode?: string): void =>
    writeAudit(deps, origin, {
      via: click.actionId,
      question,
      outcome,
      elapsedMs: Date.now() - started,
      ...(errorCode !== undefined ? { errorCode } : {}),
    });
  const alerts = deps.alertIntake?.alerts;
  if (alerts === undefined) {
    // A hand-off reaching a deployment whose alerts were since switched off.
    audit('failed', 'alerts-off');
    return tellClicker(deps, origin, 'Alerts are not configured here any more (ALERT_TOPIC_ARNS).');
  }
  try {
    const result = await handleAlertAction(click.actionId, click, alerts);
    if (result.ok) return audit('answered');
    // The thread's state expired or the value was not ours: nothing was changed.
    audit('failed', 'not-actionable');
    await tellClicker(deps, origin, escapeMrkdwn(result.message));
  } catch (error) {
    audit('failed', 'slack-or-store');
    deps.log.error('alert button failed', {
      action: click.actionId,
      reason: error instanceof Error ? error.message : String(error),
    });
    await tellClicker(
      deps,
      origin,
      ':warning: That did not go through (Slack or the alert store failed). Try again in a moment.',
    );
  }
}

/**
 * Registers every id of ALERT_ACTION_IDS on the app when alerts are configured. Example:
 * `registerAlertActions(app, env)` inside registerRoutes.
 */
export function registerAlertActions(app: App, env: HandlerEnv): void {
  if (env.deps.alertIntake === undefined) return;
  const handler = alertClickHandler(env);
  for (const id of ALERT_ACTION_IDS) app.action<BlockAction<ButtonAction>>(id, handler);
}
