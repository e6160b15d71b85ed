/**
 * The answer message: what was asked and over which window, who/what/where in summary, one row
 * per event with a menu of follow-ups, paging and export buttons, and where the answer came from.
 * Pure: the same view-model always gives the same blocks, and every limit of limits.ts holds
 * however many or however long the events are.
 */
import type { Answer, Count } from '../src/core/answer.js';
import { isFailure } from '../src/core/summary.js';
import { describeWindow, formatTime } from '../src/core/time-format.js';
import type { TrailEvent } from '../src/core/trail-event.js';
import { ACTION, BLOCK, EVENT_MENU_CHOICES, type EventMenuChoice } from './action-ids.js';
import {
  encodeEventChoice,
  encodePageState,
  nextPage,
  previousPage,
  type PageState,
} from './button-values.js';
import { LIMITS } from './limits.js';
import {
  andMore,
  clip,
  escapeMrkdwn,
  joinWithin,
  literal,
  plain,
  verbatimMrkdwn,
} from './mrkdwn.js';
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  KnownBlock,
  PlainTextOption,
  SectionBlock,
  SlackMessage,
} from './slack-types.js';
import { traceMessage } from './trace.js';
import { understood } from './understood.js';

export type Visibility = 'ephemeral' | 'in_channel';

export interface AnswerView {
  answer: Answer;
  /** Where the answer is shown: times are rendered in this zone. */
  timeZone: string;
  /** The state that reproduces this page (question text, reference time, cursors). */
  page: PageState;
  /** Ephemeral answers get a "Share in channel" button. */
  visibility: Visibility;
  /** Slack user id of whoever shared an answer into the channel. */
  sharedBy?: string;
}

/** Blocks an answer uses besides event rows: header, window, summary, divider, hidden-rows note, notes, buttons, provenance. */
const FIXED_BLOCKS = 8;
/** Rows per page that always fit in one message. */
export const MAX_EVENT_ROWS = LIMITS.messageBlocks - FIXED_BLOCKS;

const TOP = 3;

const MENU_LABELS: Readonly<Record<EventMenuChoice, string>> = {
  raw: 'Raw event',
  trace: 'Trace who did it',
  actor: 'Everything by this actor ±1h',
  resource: 'Other changes to this resource',
  ip: 'Everything from this source IP',
};

const plainText = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: plain(text, max),
  emoji: false,
});

/** `literal ×12` lines of a summary column, with "… and N more" for the rest. */
function countLines(counts: readonly Count[], max: number): string {
  const lines = counts.slice(0, TOP).map((c) => `${literal(c.key, 300)} ×${c.count}`);
  if (counts.length > TOP) lines.push(andMore(counts.length - TOP));
  return joinWithin(lines.length > 0 ? lines : ['—'], '\n', max);
}

function summaryBlock(answer: Answer): SectionBlock {
  const { summary, total, truncated } = answer;
  const count = `${total}${truncated && total <= answer.events.length ? '+' : ''}`;
  const failures =
    summary.failures > 0 ? ` · :warning: *${summary.failures} failed*` : ' · no failures';
  const field = (title: string, counts: Count[]) =>
    verbatimMrkdwn(
      `*${title}*\n${countLines(counts, LIMITS.sectionFieldText - title.length - 3)}`,
      LIMITS.sectionFieldText,
    );
  const fields = [
    field('Who', summary.byActor),
    field('What', summary.byEventName),
    field('From where', summary.bySourceIp),
  ];
  if (summary.byError.length > 0) fields.push(field(':warning: Errors', summary.byError));
  return {
    type: 'section',
    block_id: BLOCK.summary,
    text: verbatimMrkdwn(`*${count} matching event${total === 1 ? '' : 's'}*${failures}`, 3000),
    fields,
  };
}

/** The "who" of a row: the actor as CloudTrail names it. */
const who = (e: TrailEvent): string => e.actor.display;

function eventRowText(event: TrailEvent, timeZone: string): string {
  const when = escapeMrkdwn(formatTime(event.eventTimeMs, timeZone));
  const mark = isFailure(event) ? ':warning: ' : '';
  const account = event.recipientAccountId ?? event.actor.accountId;
  const lines = [
    `${mark}*${when}* · ${literal(event.eventName, 200)} by ${literal(who(event), 600)}`,
    `account ${literal(account, 100)} · region ${literal(event.awsRegion, 100)} · IP ${literal(event.sourceIPAddress, 300)}`,
  ];
  if (event.errorCode !== undefined || event.errorMessage !== undefined) {
    lines.push(
      `error ${literal(event.errorCode, 200)}${event.errorMessage ? ` ${literal(event.errorMessage, 1000)}` : ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * The per-event menu. On an answer pinned to one engine, each choice carries the engine and the
 * event's time, so the raw event, the follow-ups and the trace look for it there.
 */
function eventMenu(event: TrailEvent, page: PageState) {
  const pinned =
    page.backend === undefined
      ? undefined
      : { engine: page.backend, eventTimeMs: event.eventTimeMs };
  const options: PlainTextOption[] = [];
  for (const choice of EVENT_MENU_CHOICES) {
    const value = encodeEventChoice(choice, event.eventID, pinned);
    if (value !== undefined) {
      options.push({ text: plainText(MENU_LABELS[choice], LIMITS.optionText), value });
    }
  }
  if (options.length < LIMITS.overflowOptionsMin) return undefined;
  return { type: 'overflow' as const, action_id: ACTION.eventMenu, options };
}

function eventRow(event: TrailEvent, timeZone: string, page: PageState): SectionBlock {
  const menu = eventMenu(event, page);
  return {
    type: 'section',
    text: verbatimMrkdwn(eventRowText(event, timeZone), LIMITS.sectionText),
    ...(menu ? { accessory: menu } : {}),
  };
}

function button(text: string, actionId: string, value: string | undefined, style?: 'primary') {
  if (value === undefined) return undefined;
  const b: Button = {
    type: 'button',
    text: plainText(text, LIMITS.buttonText),
    action_id: actionId,
    value,
  };
  if (style) b.style = style;
  return b;
}

/**
 * LookupEvents flags the gaps it cannot fill (older than 90 days, data events) when Athena is
 * configured; the answer then offers to re-ask the whole question there, from its first page.
 */
const athenaCanFillGap = (view: AnswerView): boolean =>
  view.page.backend !== 'athena' && view.answer.notes.some((n) => n.action === 'run-in-athena');

function pagerBlock(view: AnswerView): ActionsBlock | undefined {
  const { page, answer, visibility } = view;
  const firstPage: PageState = { ...page, cursors: [] };
  const candidates = [
    page.cursors.length > 0
      ? button(
          page.trimmed && page.cursors.length === 1 ? '⏮ First page' : '◀ Previous',
          ACTION.pagePrevious,
          encodePageState(previousPage(page)),
        )
      : undefined,
    answer.nextCursor !== undefined
      ? button('Next ▶', ACTION.pageNext, encodePageState(nextPage(page, answer.nextCursor)))
      : undefined,
    athenaCanFillGap(view)
      ? button(
          'Run in Athena',
          ACTION.runInAthena,
          encodePageState({ ...firstPage, trimmed: false, backend: 'athena' }),
        )
      : undefined,
    answer.events.length > 0
      ? button('Export CSV', ACTION.exportCsv, encodePageState(firstPage))
      : undefined,
    visibility === 'ephemeral'
      ? button('Share in channel', ACTION.share, encodePageState(page), 'primary')
      : undefined,
  ];
  const elements = candidates.filter((b): b is Button => b !== undefined);
  return elements.length > 0 ? { type: 'actions', block_id: BLOCK.pager, elements } : undefined;
}

function numberWithUnit(n: number, unit: string): string {
  return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

function listOrMore(items: readonly string[] | undefined, max = 5): string | undefined {
  if (items === undefined || items.length === 0) return undefined;
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} ${andMore(items.length - max)}` : shown;
}

/**
 * Backend, scope and cost of the answer. The pipeline's provenance line already names the engine,
 * what it read and how long it took ("DuckDB · 255 files · 29 ms"); this adds what it leaves out:
 * regions, accounts, API calls, bytes scanned and the cost estimate.
 */
export function provenanceParts(answer: Answer): string[] {
  const s = answer.stats;
  const line = answer.provenance || s.backend;
  const parts = [line];
  const regions = listOrMore(s.regions);
  if (regions) parts.push(`regions ${regions}`);
  const accounts = listOrMore(s.accounts);
  if (accounts) parts.push(`accounts ${accounts}`);
  if (s.apiCalls !== undefined && !/API call/i.test(line))
    parts.push(numberWithUnit(s.apiCalls, 'API call'));
  if (s.bytesScanned !== undefined && !/scanned/i.test(line))
    parts.push(`${bytes(s.bytesScanned)} scanned`);
  if (s.costUsd !== undefined && !line.includes('$'))
    parts.push(`≈ $${s.costUsd.toFixed(s.costUsd < 0.01 ? 4 : 2)}`);
  return parts;
}

/** "page 2" when the answer has more than one page (the truncation note gives the counts). */
function pageLabel(view: AnswerView): string | undefined {
  const { page, answer } = view;
  if (page.cursors.length === 0 && answer.nextCursor === undefined) return undefined;
  return page.trimmed
    ? 'page ≥ ' + String(page.cursors.length + 1)
    : `page ${page.cursors.length + 1}`;
}

function contextOf(texts: string[], blockId?: string): ContextBlock {
  const elements = texts.slice(0, LIMITS.contextElements);
  if (texts.length > LIMITS.contextElements) {
    elements[LIMITS.contextElements - 1] = andMore(texts.length - LIMITS.contextElements + 1);
  }
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: elements.map((t) => verbatimMrkdwn(t, LIMITS.textObject)),
  };
}

/** The window echoed in the asker's zone, e.g. "last 24 hours (default) · 26 Nov 09:00 → 27 Nov 09:00 (Europe/Paris)". */
export function windowLine(answer: Answer, timeZone: string): string {
  const q = answer.question;
  if (q.window === undefined) return `:clock3: ${escapeMrkdwn(q.windowText || 'any time')}`;
  return `:clock3: ${escapeMrkdwn(q.windowText)} · ${escapeMrkdwn(describeWindow(q.window, timeZone))}`;
}

const NOTE_ICONS = {
  gap: ':grey_question:',
  truncation: ':scissors:',
  warning: ':warning:',
  info: ':information_source:',
} as const;

/**
 * The whole answer message. Example: an answer with 3 events gives header, window, summary,
 * divider, 3 rows, buttons and provenance — 9 blocks.
 */
export function answerMessage(view: AnswerView): SlackMessage {
  const { answer, timeZone, page } = view;
  // A trace is a chain, not a list of events: it has its own message.
  if (answer.trace !== undefined) return traceMessage(answer.trace, timeZone);
  const title = understood(answer.question);
  const blocks: KnownBlock[] = [
    { type: 'header', block_id: BLOCK.header, text: plainText(title, LIMITS.headerText) },
    contextOf([windowLine(answer, timeZone)]),
    summaryBlock(answer),
    { type: 'divider' },
  ];
  const rows = answer.events.slice(0, MAX_EVENT_ROWS);
  if (rows.length === 0) {
    blocks.push({
      type: 'section',
      text: verbatimMrkdwn('_No matching events in this window._', 3000),
    });
  }
  for (const event of rows) blocks.push(eventRow(event, timeZone, page));
  if (answer.events.length > rows.length) {
    blocks.push(
      contextOf([andMore(answer.events.length - rows.length) + ' on this page (use Export CSV)']),
    );
  }
  if (answer.notes.length > 0) {
    blocks.push(
      contextOf(answer.notes.map((n) => `${NOTE_ICONS[n.kind]} ${escapeMrkdwn(n.text)}`)),
    );
  }
  const pager = pagerBlock(view);
  if (pager) blocks.push(pager);
  const label = pageLabel(view);
  const footer = [
    [...(label ? [label] : []), ...provenanceParts(answer)].map(escapeMrkdwn).join(' · '),
  ];
  if (view.sharedBy !== undefined && /^[UW][A-Z0-9]+$/.test(view.sharedBy)) {
    footer.push(`shared by <@${view.sharedBy}>`);
  }
  blocks.push(contextOf(footer, BLOCK.provenance));
  const failures = answer.summary.failures > 0 ? `, ${answer.summary.failures} failed` : '';
  const text = clip(
    `${escapeMrkdwn(title)}: ${answer.total} event${answer.total === 1 ? '' : 's'}${failures} (${escapeMrkdwn(answer.question.windowText)})`,
    LIMITS.fallbackText,
  );
  return { text, blocks };
}
