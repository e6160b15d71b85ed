/**
 * The per-event menu. "Raw event" opens a modal at once — trigger_id expires 3 s after the click
 * and works once — showing "fetching …", and the job fills it in with views.update. "Trace who
 * did it" runs a trace (trace-jobs.ts). The follow-ups run as new questions answered privately
 * to the clicker. On an answer pinned to one engine ("Run in Athena") the choice carries the
 * engine and the event's time, and all of these look there.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  OverflowAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { decodeEventChoice } from '../../../blocks/button-values.js';
import { rawEventLoadingView } from '../../../blocks/raw-event.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

/** CloudTrail event ids are UUIDs; anything else is not ours and must not become a question. */
const EVENT_ID = /^[A-Za-z0-9-]{1,128}$/;

export function eventMenuAction(env: HandlerEnv) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const picked = decodeEventChoice(action.selected_option.value);
    if (picked === undefined || !EVENT_ID.test(picked.eventId)) {
      return env.deps.log.error('event menu with an unreadable value', {
        action: action.action_id,
      });
    }
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, picked.choice, `event ${picked.eventId}`))) return;
    const nowMs = env.deps.now().getTime();
    const { eventId } = picked;
    const pinned = picked.pinned ? { pinned: picked.pinned } : {};
    if (picked.choice === 'raw') {
      const opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: rawEventLoadingView(eventId),
      });
      const viewId = opened.view?.id;
      if (viewId === undefined) return env.deps.log.error('views.open returned no view id', {});
      await env.dispatch({ kind: 'raw-event', origin, eventId, ...pinned, viewId, nowMs });
      return;
    }
    if (picked.choice === 'trace') {
      await env.dispatch({ kind: 'trace', origin, from: { eventId, ...pinned }, nowMs });
      return;
    }
    await env.dispatch({
      kind: 'follow-up',
      origin,
      choice: picked.choice,
      eventId,
      ...pinned,
      nowMs,
    });
  };
}
