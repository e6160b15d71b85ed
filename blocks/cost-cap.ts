/**
 * The reply to a question Athena would run above the per-question byte cap (ATHENA_MAX_BYTES):
 * what it would scan and cost, and a "Run anyway" button that asks the same question again with
 * the cost confirmed. The button carries the question (button-values.ts), so nothing is kept.
 */
import type { TrailError } from '../src/core/errors.js';
import { ACTION } from './action-ids.js';
import { encodePageState, type PageState } from './button-values.js';
import { LIMITS } from './limits.js';
import { clip, escapeMrkdwn, plain } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/**
 * Example: a 2 TB estimate over a 10 GB cap gives ":moneybag: This question would scan about
 * 2 TB ($10.00) on Athena, more than the 10 GB cap … Confirm to run it anyway." and the button.
 */
export function costCapMessage(error: TrailError, page: PageState): SlackMessage {
  const text = `:moneybag: ${escapeMrkdwn(error.message)}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText), verbatim: true },
    },
  ];
  const value = encodePageState({ ...page, confirmCost: true });
  if (value !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: plain('Run anyway', LIMITS.buttonText), emoji: false },
          action_id: ACTION.confirmCost,
          value,
          style: 'danger',
        },
      ],
    });
  }
  return { text: clip(text, LIMITS.fallbackText), blocks };
}
