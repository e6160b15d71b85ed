/**
 * `/trail help` and the reply to anything that did not parse: what went wrong (the parser's own
 * message), did-you-mean buttons that ask the suggested question in one click, and examples.
 */
import type { HelpSection } from '../commands/help.js';
import type { ParseFailure } from '../src/core/question.js';
import { ACTION, BLOCK } from './action-ids.js';
import { encodePageState } from './button-values.js';
import { LIMITS } from './limits.js';
import { clip, escapeMrkdwn, joinWithin, literal, plain } from './mrkdwn.js';
import type { Button, KnownBlock, SlackMessage } from './slack-types.js';

export interface HelpView {
  sections: readonly HelpSection[];
  /** Absent for a plain `/trail help`. */
  failure?: ParseFailure;
  /** What the asker typed (shown back when it did not parse). */
  text: string;
  /** Reference time and zone the suggestion buttons ask in. */
  nowMs: number;
  timeZone: string;
}

/** The most did-you-mean buttons shown: enough to choose from, few enough to read. */
const MAX_SUGGESTIONS = 5;

function suggestionButtons(view: HelpView): Button[] {
  const suggestions = view.failure?.suggestions ?? [];
  const buttons: Button[] = [];
  for (const suggestion of suggestions.slice(0, MAX_SUGGESTIONS)) {
    const value = encodePageState({
      text: suggestion,
      nowMs: view.nowMs,
      timeZone: view.timeZone,
      cursors: [],
    });
    if (value === undefined) continue;
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: plain(suggestion, LIMITS.buttonText), emoji: false },
      action_id: `${ACTION.suggestion}.${buttons.length}`,
      value,
    });
  }
  return buttons;
}

/** Question sections show whole commands; the windows and narrowing sections show fragments. */
function sectionBlock(section: HelpSection): KnownBlock {
  const prefix = section.intent !== undefined ? '/trail ' : '';
  const lines = section.examples.map((e) => `• ${literal(prefix + e, 300)}`);
  const title = `*${escapeMrkdwn(section.title)}* — ${escapeMrkdwn(section.description)}\n`;
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: title + joinWithin(lines, '\n', LIMITS.sectionText - title.length),
      verbatim: true,
    },
  };
}

function failureLead(failure: ParseFailure, text: string): string {
  switch (failure.reason) {
    case 'help':
      return '';
    case 'unknown':
      return `:thinking_face: I did not understand ${literal(text, 500)}. ${escapeMrkdwn(failure.message)}`;
    case 'bad-window':
    case 'bad-argument':
      return `:thinking_face: ${escapeMrkdwn(failure.message)}`;
  }
}

/**
 * Example: an unparsed "who chnged sg-1" gives a lead line, "Did you mean" buttons
 * ("who changed sg-1", …) and the example sections.
 */
export function helpMessage(view: HelpView): SlackMessage {
  const blocks: KnownBlock[] = [];
  const lead = view.failure ? failureLead(view.failure, view.text) : '';
  if (lead !== '') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(lead, LIMITS.sectionText), verbatim: true },
    });
  }
  const buttons = suggestionButtons(view);
  if (buttons.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '*Did you mean:*' }],
    });
    blocks.push({ type: 'actions', block_id: BLOCK.suggestions, elements: buttons });
  }
  blocks.push({
    type: 'header',
    text: { type: 'plain_text', text: 'Ask trailhound about CloudTrail', emoji: false },
  });
  // Leave room for the blocks above and the footer below.
  const room = LIMITS.messageBlocks - blocks.length - 1;
  for (const section of view.sections.slice(0, room)) blocks.push(sectionBlock(section));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Add a window (`yesterday`, `last 6 hours`, `since monday`, `between 2026-11-01 and 2026-11-03`) and narrow with `by alice`, `from 203.0.113.7`, `in eu-west-1`. Times are shown in your Slack time zone.',
      },
    ],
  });
  const fallback =
    lead !== ''
      ? lead
      : 'How to ask trailhound: /trail who changed sg-0abc, /trail failed logins yesterday, …';
  return { text: clip(fallback, LIMITS.fallbackText), blocks };
}
