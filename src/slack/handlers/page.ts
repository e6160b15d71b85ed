/**
 * "Next ▶" / "◀ Previous": the button value holds the whole question and cursor trail, so the
 * page is asked again with no server state. A page of an ephemeral answer replaces it; a page of
 * an answer shared in channel goes privately to whoever clicked.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePageState } from '../../../blocks/button-values.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

export function pageAction(env: HandlerEnv) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const page = decodePageState(action.value);
    if (page === undefined)
      return env.deps.log.error('page button with an unreadable value', {
        action: action.action_id,
      });
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, 'page', page.text))) return;
    await env.dispatch({
      kind: 'answer',
      origin,
      page,
      via: 'page',
      replace: origin.fromEphemeral,
    });
  };
}
