/**
 * Alert threads in Block Kit: the parent message (severity, story, who/when/where, count,
 * status, buttons) and the replies (investigation, raw event, click results, mute proposal).
 * Pure functions of view-models. Every value that came from an alert is attacker-controlled
 * and goes through mrkdwn.ts (`literal` / `escapeMrkdwn`), in sections sent `verbatim`.
 */
import type { AlertView } from '../src/alerts/view.js';
import type { InvestigationResult } from '../src/alerts/investigate.js';
import { SEVERITY_EMOJI } from '../src/alerts/severity.js';
import type { ThreadStatus } from '../src/alerts/status.js';
import { storyText, type StoryPart } from '../src/alerts/story.js';
import { formatTime } from '../src/core/time-format.js';
import type { TrailEvent } from '../src/core/trail-event.js';
import { ACTION } from './action-ids.js';
import { ALERT_ACTION, ALERT_BLOCK } from './alert-action-ids.js';
import { LIMITS } from './limits.js';
import { clip, escapeMrkdwn, joinWithin, literal, verbatimMrkdwn } from './mrkdwn.js';
import type { Button, KnownBlock, SlackMessage } from './slack-types.js';

export interface ParentView {
  view: AlertView;
  /** The thread key every button carries. */
  threadKey: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  status?: ThreadStatus;
  timeZone: string;
}

/** Untrusted story values in code spans, our words escaped too (titles can hold finding types). */
export const storyMrkdwn = (parts: readonly StoryPart[]): string =>
  parts.map((p) => (typeof p === 'string' ? escapeMrkdwn(p) : literal(p.value, 300))).join('');

/** `<@U0123ABC>` for a Slack user id; any other actor as escaped text. */
export const mention = (by: string): string =>
  /^[UW][A-Z0-9]{2,}$/.test(by) ? `<@${by}>` : escapeMrkdwn(by);

export function statusLine(status: ThreadStatus | undefined, timeZone: string): string {
  if (status === undefined) return ':bell: Open';
  const at = formatTime(status.atMs, timeZone);
  if (status.state === 'reopened')
    return `:bell: Reopened at ${at}: new alerts after it was resolved`;
  const verb = status.state === 'resolved' ? ':white_check_mark: Resolved' : ':eyes: Acknowledged';
  return `${verb} by ${mention(status.by)} at ${at}`;
}

/** "×37 since 2026-11-26 02:00:00 UTC · latest 2026-11-26 02:13:44 UTC". */
export const countLine = (p: ParentView): string =>
  `×${p.count} since ${formatTime(p.firstSeenMs, p.timeZone)} · latest ${formatTime(p.lastSeenMs, p.timeZone)}`;

/** A button with our label (escape any untrusted part first) and a value cut to Slack's limit. */
export const button = (
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value: clip(value, LIMITS.buttonValue),
  ...(style ? { style } : {}),
});

function facts(view: AlertView, timeZone: string): string[] {
  const where = [view.account, view.region].filter((x): x is string => x !== undefined).join(' / ');
  const lines = [
    `*Who* ${literal(view.who, 300)}`,
    `*When* ${formatTime(view.timeMs, timeZone)}`,
    `*Where* ${literal(where, 200)}`,
    `*Source IP* ${literal(view.sourceIp, 100)}`,
    `*User agent* ${literal(view.userAgent, 300)}`,
    `*Source* ${literal(view.source, 200)}`,
  ];
  if (view.alarm) {
    lines.push(
      `*Alarm window* ${formatTime(view.alarm.startMs, timeZone)} → ${formatTime(view.alarm.endMs, timeZone)}`,
    );
    if (view.alarm.reason) lines.push(`*Reason* ${literal(view.alarm.reason, 600)}`);
  }
  return lines;
}

/** The fallback text: severity and story, escaped (it is what notifications show). */
const fallback = (view: AlertView, prefix = ''): string =>
  clip(
    `${prefix}${view.severity.toUpperCase()}: ${escapeMrkdwn(storyText(view.story))}`,
    LIMITS.fallbackText,
  );

/** The thread's parent message. */
export function alertParentMessage(p: ParentView): SlackMessage {
  const { view } = p;
  const resolved = p.status?.state === 'resolved';
  const headline = `${SEVERITY_EMOJI[view.severity]} *${view.severity.toUpperCase()}* · ${escapeMrkdwn(view.title)}${resolved ? ' · _resolved_' : ''}\n${storyMrkdwn(view.story)}`;
  const context = [statusLine(p.status, p.timeZone), ...(p.count > 1 ? [countLine(p)] : [])];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: ALERT_BLOCK.headline,
      text: verbatimMrkdwn(headline, LIMITS.sectionText),
    },
    {
      type: 'section',
      block_id: ALERT_BLOCK.facts,
      text: verbatimMrkdwn(facts(view, p.timeZone).join('\n'), LIMITS.sectionText),
    },
    {
      type: 'context',
      block_id: ALERT_BLOCK.status,
      elements: context.map((text) => verbatimMrkdwn(text, LIMITS.textObject)),
    },
    {
      type: 'actions',
      block_id: ALERT_BLOCK.actions,
      elements: [
        button('Acknowledge', ALERT_ACTION.acknowledge, p.threadKey, 'primary'),
        button('Investigate', ALERT_ACTION.investigate, p.threadKey),
        button('Raw event', ALERT_ACTION.rawEvent, p.threadKey),
        // Who really did it: only a CloudTrail event has credentials to trace.
        ...(view.event !== undefined ? [button('Trace', ACTION.traceAlert, p.threadKey)] : []),
        button('Mark expected', ALERT_ACTION.markExpected, p.threadKey),
        button('Resolve', ALERT_ACTION.resolve, p.threadKey, 'danger'),
      ],
    },
  ];
  return { text: fallback(view, p.count > 1 ? `×${p.count} ` : ''), blocks };
}

function eventLine(e: TrailEvent, timeZone: string): string {
  const api = `${e.eventSource.replace(/\.amazonaws\.com$/, '')}:${e.eventName}`;
  const error = e.errorCode ? ` :x: ${literal(e.errorCode, 100)}` : '';
  return `• ${formatTime(e.eventTimeMs, timeZone)} ${literal(e.actor.display, 200)} ${literal(api, 150)} from ${literal(e.sourceIPAddress, 80)}${error}`;
}

function resultSection(r: InvestigationResult, timeZone: string): KnownBlock[] {
  const title = `*${escapeMrkdwn(r.spec.title)}*`;
  const question = `_ask:_ ${literal(r.spec.phrase, 300)}`;
  let body: string;
  if (r.outcome === undefined)
    body = `:warning: Could not run: ${literal(r.error ?? 'unknown error', 500)}`;
  else if (r.outcome.events.length === 0) body = 'Nothing found.';
  else {
    const lines = r.outcome.events.map((e) => eventLine(e, timeZone));
    const more =
      r.outcome.total > r.outcome.events.length
        ? [`… ${r.outcome.total - r.outcome.events.length} more`]
        : [];
    body = joinWithin(
      [...lines, ...more],
      '\n',
      LIMITS.sectionText - title.length - question.length - 10,
    );
  }
  const provenance = r.outcome?.provenance
    ? [
        {
          type: 'context' as const,
          elements: [verbatimMrkdwn(escapeMrkdwn(r.outcome.provenance), LIMITS.textObject)],
        },
      ]
    : [];
  return [
    {
      type: 'section',
      text: verbatimMrkdwn(`${title} · ${question}\n${body}`, LIMITS.sectionText),
    },
    ...provenance,
  ];
}

/** The investigation reply (the thread's first reply, and the "Investigate" button's answer). */
export function investigationMessage(
  results: readonly InvestigationResult[],
  timeZone: string,
  heading = ':mag: Investigation',
): SlackMessage {
  if (results.length === 0) {
    return {
      text: `${heading}: nothing to look up for this alert`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `${heading}: this alert names no actor, resource or address to look up.`,
          },
        },
      ],
    };
  }
  const found = results.reduce((n, r) => n + (r.outcome?.total ?? 0), 0);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${heading} · ${found} related event${found === 1 ? '' : 's'}`,
      },
    },
    ...results.flatMap((r) => resultSection(r, timeZone)),
  ];
  return {
    text: `${heading}: ${found} related events`,
    blocks: blocks.slice(0, LIMITS.messageBlocks),
  };
}

/** The raw payload in the thread, as code sections (already redacted in the view). */
export function rawMessage(view: AlertView): SlackMessage {
  // A backtick run inside the payload could close the code block: backticks become ˋ
  // (U+02CB), as in mrkdwn.ts's code spans.
  const body = escapeMrkdwn(view.raw.replace(/`/g, 'ˋ'));
  const size = LIMITS.sectionText - 8;
  const sections: KnownBlock[] = [];
  let start = 0;
  while (start < body.length && sections.length < 20) {
    let end = Math.min(body.length, start + size);
    // Never end a piece inside an escape (&amp;): the partial escape starts the next piece.
    const amp = body.lastIndexOf('&', end - 1);
    if (end < body.length && amp > end - 5 && body.indexOf(';', amp) >= end) end = amp;
    sections.push({
      type: 'section',
      text: verbatimMrkdwn('```' + body.slice(start, end) + '```', LIMITS.sectionText),
    });
    start = end;
  }
  if (sections.length === 20)
    sections.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… the rest of the payload is not shown' }],
    });
  return { text: 'Raw alert payload', blocks: sections };
}

/** A one-line reply ("Acknowledged by @alice"): `text` is our mrkdwn, already escaped. */
export const noteMessage = (text: string): SlackMessage => ({
  text,
  blocks: [{ type: 'section', text: verbatimMrkdwn(text, LIMITS.sectionText) }],
});

/** A thread reply announcing a status change. */
export const statusMessage = (status: ThreadStatus, timeZone: string): SlackMessage =>
  noteMessage(statusLine(status, timeZone));

export interface MuteProposalView {
  rule: string;
  /** Actor glob, `*` for every actor. */
  actor: string;
  days: number;
  /** The encoded proposal the confirm button carries. */
  value: string;
}

/** "Mark expected": what would be muted and for how long, with a confirm button. */
export function muteProposalMessage(p: MuteProposalView): SlackMessage {
  const text = `:zzz: Mute ${literal(p.rule, 200)} alerts from ${literal(p.actor, 400)} for ${p.days} days?`;
  return {
    text,
    blocks: [
      { type: 'section', text: verbatimMrkdwn(text, LIMITS.sectionText) },
      {
        type: 'actions',
        elements: [button(`Mute for ${p.days} days`, ALERT_ACTION.muteConfirm, p.value, 'primary')],
      },
    ],
  };
}
