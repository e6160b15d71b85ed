/**
 * "Trace" on an alert thread, "Ask @person: did you do this?" under a trace, and the person's
 * Yes / No in their direct message. Each acks at once and dispatches a job (trace-jobs.ts); the
 * event rows' "Trace who did it" comes through the event menu (event-menu.ts).
 *
 * Trace and Ask pass the allow-list like every click. The person's answer does not: they are
 * whoever the trace found, usually not an investigator, and the job accepts the answer only
 * from that one Slack user.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/action-ids.js';
import { isQuestionId } from '../person-question.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Thread keys are `<dedupe key>@<window start>` (src/alerts/threads.ts), bounded like a value. */
const isThreadKey = (value: string): boolean => value.includes('@') && value.length <= 2000;

export function traceAlertAction(env: HandlerEnv) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    if (!isThreadKey(action.value ?? '')) {
      return env.deps.log.error('trace button with an unreadable value', {});
    }
    const threadKey = action.value as string;
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, 'trace', `trace alert ${threadKey}`))) return;
    await env.dispatch({
      kind: 'trace',
      origin,
      from: { threadKey },
      nowMs: env.deps.now().getTime(),
    });
  };
}

export function askPersonAction(env: HandlerEnv) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const questionId = action.value ?? '';
    if (!isQuestionId(questionId)) {
      return env.deps.log.error('ask-person button with an unreadable value', {});
    }
    const origin = actionOrigin(body);
    if (!(await allowClick(env, origin, 'ask-person', `ask ${questionId}`))) return;
    await env.dispatch({ kind: 'ask-person', origin, questionId });
  };
}

export function personAnswerAction(env: HandlerEnv) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const questionId = action.value ?? '';
    const channel = body.channel?.id ?? body.container['channel_id'];
    const ts = body.message?.ts ?? body.container['message_ts'];
    if (!isQuestionId(questionId) || typeof channel !== 'string' || typeof ts !== 'string') {
      return env.deps.log.error('answer button with an unreadable click', {});
    }
    await env.dispatch({
      kind: 'person-answer',
      origin: actionOrigin(body),
      questionId,
      answer: action.action_id === ACTION.personNo ? 'no' : 'yes',
      dm: { channel, ts },
    });
  };
}
