/**
 * What every handler gets: configuration, dependencies, the allow-list and the dispatcher.
 * Handlers stay thin — check, ack, describe the work as a Job, dispatch — so they behave the same
 * on every runtime and finish well inside Slack's 3 seconds.
 */
import type { BlockAction } from '@slack/bolt';
import { refusalMessage, type RefusalReason } from '../../blocks/refusal.js';
import type { Config } from '../runtime/config.js';
import type { AllowList } from './allow-list.js';
import { writeAudit } from './audit.js';
import type { Dispatch, SlackDeps } from './deps.js';
import type { Origin } from './jobs.js';
import { ResponseUrl } from './response-url.js';

export interface HandlerEnv {
  config: Config;
  deps: SlackDeps;
  allowList: AllowList;
  dispatch: Dispatch;
}

/** Where a click came from and where its reply goes. */
export function actionOrigin(body: BlockAction): Origin {
  const channelId = body.channel?.id ?? String(body.container['channel_id'] ?? '');
  const teamId = body.team?.id ?? body.user.team_id;
  return {
    userId: body.user.id,
    channelId,
    ...(teamId !== undefined ? { teamId } : {}),
    responseUrl: body.response_url,
    fromEphemeral: body.container['is_ephemeral'] === true,
    // Pages, follow-ups and exports go to the clicker alone; sharing is its own button.
    visibility: 'ephemeral',
  };
}

/** Audits a refusal; nothing else runs. */
export function auditRefusal(
  env: HandlerEnv,
  origin: Pick<Origin, 'userId' | 'channelId' | 'teamId'>,
  via: string,
  question: string,
): void {
  writeAudit(env.deps, origin, { via, question, outcome: 'refused', elapsedMs: 0 });
}

/**
 * For clicks: checks the allow-list (an answer shared in channel can be clicked by anyone in it)
 * and, when refused, tells the clicker privately. Returns whether to go on.
 */
export async function allowClick(
  env: HandlerEnv,
  origin: Origin,
  via: string,
  question: string,
): Promise<boolean> {
  const verdict = await env.allowList.check(origin.userId, origin.channelId);
  if (verdict.allowed) return true;
  auditRefusal(env, origin, via, question);
  await postRefusal(env, origin.responseUrl, verdict.reason);
  return false;
}

async function postRefusal(
  env: HandlerEnv,
  responseUrl: string,
  reason: RefusalReason,
): Promise<void> {
  const poster = new ResponseUrl(responseUrl, { fetch: env.deps.fetch, sleep: env.deps.sleep });
  await poster
    .post({ response_type: 'ephemeral', replace_original: false, ...refusalMessage(reason) })
    .catch((error: unknown) =>
      env.deps.log.error('could not post a refusal', { reason: String(error) }),
    );
}
