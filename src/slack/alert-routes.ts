/**
 * The alert thread buttons (Acknowledge, Investigate, Raw event, Mark expected, Resolve, Mute)
 * in the Slack app. Each click is acked at once, passes the same allow-list as /trail (alert
 * channels are often wider than the people who may act on them), runs through
 * `handleAlertAction` — which posts its result in the thread and rewrites the parent's status
 * line — and leaves one audit line. What the clicker alone must know (refused, state expired,
 * failed) goes back to them privately through the response_url.
 *
 * Nothing is registered when alerts are off (no `alertIntake` in the deps).
 */
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ALERT_ACTION_IDS } from '../../blocks/alert-action-ids.js';
import { escapeMrkdwn } from '../../blocks/mrkdwn.js';
import { notice } from '../../blocks/notice.js';
import { alertClickFrom, handleAlertAction } from '../alerts/actions.js';
import type { AlertDeps } from '../alerts/threads.js';
import { writeAudit, type AuditOutcome } from './audit.js';
import { actionOrigin, allowClick, type HandlerEnv } from './handler-env.js';
import type { Origin } from './jobs.js';
import { ResponseUrl } from './response-url.js';

/** A button value is a thread key or a mute proposal; the audit line keeps a bounded part. */
const AUDITED_VALUE_CHARS = 300;

function tellClicker(env: HandlerEnv, origin: Origin, mrkdwn: string): Promise<void> {
  const poster = new ResponseUrl(origin.responseUrl, {
    fetch: env.deps.fetch,
    sleep: env.deps.sleep,
  });
  return poster
    .post({ response_type: 'ephemeral', replace_original: false, ...notice(mrkdwn) })
    .then(
      () => undefined,
      (error: unknown) =>
        env.deps.log.error('could not answer an alert click', { reason: String(error) }),
    );
}

function alertClickHandler(env: HandlerEnv, alerts: AlertDeps) {
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
    const question = `${click.actionId} ${click.value.slice(0, AUDITED_VALUE_CHARS)}`;
    if (!(await allowClick(env, origin, click.actionId, question))) return;
    const started = Date.now();
    const audit = (outcome: AuditOutcome, errorCode?: string): void =>
      writeAudit(env.deps, origin, {
        via: click.actionId,
        question,
        outcome,
        elapsedMs: Date.now() - started,
        ...(errorCode !== undefined ? { errorCode } : {}),
      });
    try {
      const result = await handleAlertAction(click.actionId, click, alerts);
      if (result.ok) return audit('answered');
      // The thread's state expired or the value was not ours: nothing was changed.
      audit('failed', 'not-actionable');
      await tellClicker(env, origin, escapeMrkdwn(result.message));
    } catch (error) {
      audit('failed', 'slack-or-store');
      env.deps.log.error('alert button failed', {
        action: click.actionId,
        reason: error instanceof Error ? error.message : String(error),
      });
      await tellClicker(
        env,
        origin,
        ':warning: That did not go through (Slack or the alert store failed). Try again in a moment.',
      );
    }
  };
}

/**
 * Registers every id of ALERT_ACTION_IDS on the app when alerts are configured. Example:
 * `registerAlertActions(app, env)` inside registerRoutes.
 */
export function registerAlertActions(app: App, env: HandlerEnv): void {
  const alerts = env.deps.alertIntake?.alerts;
  if (alerts === undefined) return;
  const handler = alertClickHandler(env, alerts);
  for (const id of ALERT_ACTION_IDS) app.action<BlockAction<ButtonAction>>(id, handler);
}
