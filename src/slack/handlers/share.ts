/**
 * "Share in channel": posts the same page (same question, instant and cursor) for everyone, with
 * who shared it. The ephemeral original stays with the asker.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePageState } from '../../../blocks/button-values.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

export function shareAction(env: HandlerEnv) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const page = decodePageState(action.value);
    if (page === undefined)
      return env.deps.log.error('share button with an unreadable value', {
        action: action.action_id,
      });
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, 'share', page.text))) return;
    await env.dispatch({ kind: 'share', origin, page });
  };
}
