/**
 * A did-you-mean button: asks the suggested question now, in place of the help message.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePageState } from '../../../blocks/button-values.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

export function suggestionAction(env: HandlerEnv) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const suggested = decodePageState(action.value);
    if (suggested === undefined)
      return env.deps.log.error('suggestion with an unreadable value', {
        action: action.action_id,
      });
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, 'suggestion', suggested.text))) return;
    const page = { ...suggested, nowMs: env.deps.now().getTime(), cursors: [] };
    await env.dispatch({
      kind: 'answer',
      origin,
      page,
      via: 'suggestion',
      replace: origin.fromEphemeral,
    });
  };
}
