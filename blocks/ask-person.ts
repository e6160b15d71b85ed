/**
 * "Ask the person" in Block Kit: the line under a trace that names who it ends at (with the
 * "Ask @person: did you do this?" button when that is a Slack user), the direct message that
 * asks them (the event, Yes / No), the same message once answered, and the reply that brings
 * the answer back to the thread. Pure functions of view-models.
 *
 * Every value that came from an event or a trace (names, e-mails, user agents, the trace line)
 * is attacker-controlled: a role session name or a SAML subject is whatever the caller chose.
 * They go through mrkdwn.ts (`literal`, `plain`) in sections sent `verbatim`.
 */
import type { SeverityChange } from '../src/alerts/raise-severity.js';
import { SEVERITY_EMOJI } from '../src/alerts/severity.js';
import { formatTime } from '../src/core/time-format.js';
import type { AskedEvent, PersonAnswer, PersonQuestion } from '../src/slack/person-question.js';
import { ACTION, BLOCK } from './action-ids.js';
import { button, mention, noteMessage } from './alert.js';
import { LIMITS } from './limits.js';
import { clip, literal, plain, verbatimMrkdwn } from './mrkdwn.js';
import type { ActionsBlock, KnownBlock, SlackMessage } from './slack-types.js';

/** What the end of a trace allows: asking someone, or why nobody can be asked. */
export type AskOffer =
  /** The trace ends at a Slack user: offer the button (`questionId` is its value). */
  | { kind: 'ask'; questionId: string; origin: string; email: string; userId: string; name: string }
  /** The trace ends at an identity with no known e-mail (a service, a role, an IAM user). */
  | { kind: 'no-email'; origin: string }
  /** The e-mail is known, but no Slack user of this workspace has it (users_not_found). */
  | { kind: 'no-slack-user'; origin: string; email: string }
  /** The lookup or the question's store failed (`reason`: a Slack error code such as missing_scope). */
  | { kind: 'unavailable'; origin: string; email: string; reason: string };

const section = (mrkdwn: string): KnownBlock => ({
  type: 'section',
  text: verbatimMrkdwn(mrkdwn, LIMITS.sectionText),
});

/** Why there is no button, as one context line. */
const nobodyToAsk = (mrkdwn: string): KnownBlock[] => [
  {
    type: 'context',
    block_id: BLOCK.askPerson,
    elements: [verbatimMrkdwn(mrkdwn, LIMITS.textObject)],
  },
];

/**
 * The blocks that close a trace answer. Example: `{kind:'ask', name:'alice', …}` gives a
 * section naming `<@U0ALICE>` and a button "Ask @alice: did you do this?".
 */
export function askOfferBlocks(offer: AskOffer): KnownBlock[] {
  const origin = literal(offer.origin, 400);
  switch (offer.kind) {
    case 'no-email':
      return nobodyToAsk(
        `:grey_question: Nobody to ask: the trace ends at ${origin}, and no e-mail address is known for it.`,
      );
    case 'no-slack-user':
      return nobodyToAsk(
        `:grey_question: Nobody to ask: the trace ends at ${origin} (${literal(offer.email, 300)}), but no one in this Slack workspace has that e-mail address.`,
      );
    case 'unavailable':
      return nobodyToAsk(
        `:warning: The trace ends at ${origin} (${literal(offer.email, 300)}), but I could not look that address up in Slack (${literal(offer.reason, 100)}), so there is no button to ask them.`,
      );
    case 'ask': {
      const actions: ActionsBlock = {
        type: 'actions',
        block_id: BLOCK.askPerson,
        elements: [
          button(
            plain(`Ask @${offer.name}: did you do this?`, LIMITS.buttonText),
            ACTION.askPerson,
            offer.questionId,
          ),
        ],
      };
      return [
        section(
          `:bust_in_silhouette: The trace ends at ${origin} (${literal(offer.email, 300)}), who is ${mention(offer.userId)} in Slack.`,
        ),
        actions,
      ];
    }
  }
}

/**
 * A trace answer with the offer appended. When the trace already fills the message, its last
 * blocks make room: the offer is the part someone acts on.
 */
export function withAskOffer(trace: SlackMessage, offer: AskOffer): SlackMessage {
  const extra = askOfferBlocks(offer);
  const kept = trace.blocks.slice(0, LIMITS.messageBlocks - extra.length);
  return { text: trace.text, blocks: [...kept, ...extra] };
}

/** The event in a few lines, times in `timeZone`. */
function eventFacts(event: AskedEvent, timeZone: string): string {
  const where = [event.account, event.region].filter((x): x is string => x !== undefined);
  return [
    `*What* ${literal(event.eventName, 200)} on ${literal(event.eventSource, 200)}`,
    `*When* ${formatTime(event.timeMs, timeZone)}`,
    `*Where* ${literal(where.join(' / '), 200)}`,
    `*From IP* ${literal(event.sourceIp, 100)}`,
    `*User agent* ${literal(event.userAgent, 300)}`,
    `*As* ${literal(event.actor, 400)}`,
  ].join('\n');
}

function questionBlocks(q: PersonQuestion, askedBy: string | undefined): KnownBlock[] {
  const who = askedBy !== undefined ? mention(askedBy) : 'Your security team';
  return [
    section(
      `:wave: ${who} is looking into an AWS event that was traced back to you. *Did you do this?*`,
    ),
    section(eventFacts(q.event, q.person.timeZone)),
    {
      type: 'context',
      elements: [
        verbatimMrkdwn(
          `Trace: ${literal(q.trace, 1500)} · event ${literal(q.event.eventId, 200)}`,
          LIMITS.textObject,
        ),
      ],
    },
  ];
}

const ANSWER_WORDS = {
  yes: 'Yes, that was me',
  no: 'No, that was not me',
} as const;

/** The direct message to the person: the event and two buttons. */
export function personQuestionMessage(q: PersonQuestion, askedBy: string): SlackMessage {
  return {
    text: clip(
      `${mention(askedBy)} asks: did you do ${literal(q.event.eventName, 200)} at ${formatTime(q.event.timeMs, q.person.timeZone)}?`,
      LIMITS.fallbackText,
    ),
    blocks: [
      ...questionBlocks(q, askedBy),
      {
        type: 'actions',
        block_id: BLOCK.personAnswer,
        elements: [
          button(ANSWER_WORDS.yes, ACTION.personYes, q.id, 'primary'),
          button(ANSWER_WORDS.no, ACTION.personNo, q.id, 'danger'),
        ],
      },
    ],
  };
}

/** The direct message once answered: the buttons give way to the recorded answer. */
export function personAnsweredMessage(
  q: PersonQuestion,
  answer: PersonAnswer,
  askedBy: string | undefined,
): SlackMessage {
  const line = `:ballot_box_with_check: You answered *${ANSWER_WORDS[answer.answer]}* at ${formatTime(answer.atMs, q.person.timeZone)}. Thank you, it has been passed on.`;
  return {
    text: line,
    blocks: [
      ...questionBlocks(q, askedBy),
      { type: 'context', elements: [verbatimMrkdwn(line, LIMITS.textObject)] },
    ],
  };
}

/**
 * The answer, back where the trace was asked. Example: a No at 14:32 on an alert raised to
 * high → ":no_entry: <@U0ALICE> answered No … at 2026-11-26 14:32:05 CET. Severity raised …".
 */
export function personAnswerReply(
  q: PersonQuestion,
  answer: PersonAnswer,
  raised?: SeverityChange,
): SlackMessage {
  const who = mention(q.person.userId);
  const what = `${literal(q.event.eventName, 200)} at ${formatTime(q.event.timeMs, q.timeZone)}`;
  const at = formatTime(answer.atMs, q.timeZone);
  const lines =
    answer.answer === 'yes'
      ? [`:white_check_mark: ${who} answered *Yes*: they did ${what} (answered at ${at}).`]
      : [`:no_entry: ${who} answered *No*: they did *not* do ${what} (answered at ${at}).`];
  if (raised !== undefined) lines.push(severityLine(raised));
  return noteMessage(lines.join('\n'));
}

/** ":red_circle: Severity raised from MEDIUM to HIGH." (or why it stayed). */
export function severityLine(change: SeverityChange): string {
  const to = `${SEVERITY_EMOJI[change.to]} *${change.to.toUpperCase()}*`;
  return change.from === change.to
    ? `${to}: the alert is already at the highest severity.`
    : `Severity raised from *${change.from.toUpperCase()}* to ${to}.`;
}

/** To the asker, once the DM is out. */
export function askedNotice(q: PersonQuestion): SlackMessage {
  const where =
    q.reply.kind === 'thread' ? 'posted in this thread' : 'sent to you in a direct message';
  return noteMessage(
    `:incoming_envelope: Asked ${mention(q.person.userId)} in a direct message whether they did ${literal(q.event.eventName, 200)}. Their answer will be ${where}.`,
  );
}
