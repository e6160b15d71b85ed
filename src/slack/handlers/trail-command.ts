/**
 * `/trail <question>`: allow-list, then an immediate "searching …" ack (Slack shows
 * operation_timeout after 3 s), then the question runs as a job that replaces that message.
 * `/trail verify …` (log file integrity) runs as its own job the same way.
 */
import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { searchingMessage } from '../../../blocks/progress.js';
import { refusalMessage } from '../../../blocks/refusal.js';
import { visibilityFor } from '../../runtime/config.js';
import { isVerifyRequest } from '../../verify/verify-request.js';
import { auditRefusal, type HandlerEnv } from '../handler-env.js';

export function trailCommand(env: HandlerEnv) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs): Promise<void> => {
    const text = command.text.trim() === '' ? 'help' : command.text.trim();
    const origin = {
      userId: command.user_id,
      channelId: command.channel_id,
      teamId: command.team_id,
      responseUrl: command.response_url,
      fromEphemeral: true,
      visibility: visibilityFor(env.config, command.channel_id),
    };
    const verdict = await env.allowList.check(command.user_id, command.channel_id);
    if (!verdict.allowed) {
      auditRefusal(env, origin, 'command', text);
      await ack({ response_type: 'ephemeral', ...refusalMessage(verdict.reason) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...searchingMessage(text) });
    const nowMs = env.deps.now().getTime();
    if (isVerifyRequest(text)) {
      await env.dispatch({ kind: 'verify', origin, text, nowMs });
      return;
    }
    await env.dispatch({
      kind: 'answer',
      origin,
      // An empty zone means "the asker's", looked up after the ack (users.info takes a round trip).
      page: { text, nowMs, timeZone: '', cursors: [] },
      via: 'command',
      replace: true,
    });
  };
}
