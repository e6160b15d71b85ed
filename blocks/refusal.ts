/**
 * The polite "no" for someone outside the allow-lists. It says where the bot can be used, not
 * who may use it, and nothing about the question (which was not run).
 */
import { notice } from './notice.js';
import type { SlackMessage } from './slack-types.js';

export type RefusalReason = 'channel' | 'user';

/** Example: `refusalMessage('channel')` → "Sorry, trailhound only answers in the channels it is set up for …". */
export function refusalMessage(reason: RefusalReason): SlackMessage {
  const why =
    reason === 'channel'
      ? 'trailhound only answers in the channels it has been set up for. Please ask in your security channel.'
      : 'you are not on the list of people who can query CloudTrail with trailhound. Your security team can add you.';
  return notice(`:no_entry: Sorry, ${why} Nothing was searched.`);
}
