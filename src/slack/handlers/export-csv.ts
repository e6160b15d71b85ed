/**
 * "Export CSV": every matching event (up to the cap) as a file — in a DM for an ephemeral answer
 * (the channel did not see it), in the channel for a shared one.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePageState } from '../../../blocks/button-values.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

export function exportCsvAction(env: HandlerEnv) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const page = decodePageState(action.value);
    if (page === undefined)
      return env.deps.log.error('export button with an unreadable value', {
        action: action.action_id,
      });
    const base = actionOrigin(body);
    const origin = {
      ...base,
      visibility: base.fromEphemeral ? ('ephemeral' as const) : ('in_channel' as const),
    };
    if (!(await allowClick(env, origin, 'export', page.text))) return;
    await env.dispatch({ kind: 'export', origin, page });
  };
}
