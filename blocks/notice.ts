/**
 * One-line messages (acks, confirmations): a single section plus the same text as fallback, so
 * the notification and the message always agree.
 */
import { LIMITS } from './limits.js';
import { clip } from './mrkdwn.js';
import type { SlackMessage } from './slack-types.js';

/** `mrkdwn` must already be escaped; untrusted parts go through `literal()` first. */
export function notice(mrkdwn: string): SlackMessage {
  const text = clip(mrkdwn, LIMITS.sectionText);
  return {
    text: clip(mrkdwn, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }],
  };
}
