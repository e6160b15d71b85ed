/**
 * Answers, help and errors for a terminal: what was understood, over which window (in the
 * asker's zone), a summary, then the events grouped by day, newest first. Every string that
 * comes from an event goes through `stripControl`.
 */
import { understood } from '../../blocks/understood.js';
import type { HelpSection } from '../../commands/help.js';
import type { Answer, Count, Note } from '../core/answer.js';
import type { ParseFailure } from '../core/question.js';
import { isFailure } from '../core/summary.js';
import { describeWindow, formatTime } from '../core/time-format.js';
import type { TrailEvent } from '../core/trail-event.js';
import { clip, painter, stripControl, type Paint } from './text.js';
import { renderTrace } from './trace.js';

export interface TerminalOptions {
  color: boolean;
}

const AGENT_WIDTH = 70;
const MESSAGE_WIDTH = 120;
/** What a change asked for (the rule it added, the policy it set), in one line. */
const REQUEST_WIDTH = 160;
const safe = (text: string | undefined, max = 200): string => clip(stripControl(text ?? ''), max);

/** `Thu 2026-11-26` for the day an instant falls on in `timeZone`. */
function dayHeading(ms: number, timeZone: string): string {
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(ms);
  return `${weekday} ${formatTime(ms, timeZone).split(' ')[0]}`;
}

function counts(label: string, list: Count[], paint: Paint): string | undefined {
  if (list.length === 0) return undefined;
  const items = list.map((c) => `${safe(c.key, 60)} ${paint('dim', `(${c.count})`)}`);
  return `  ${label.padEnd(7)} ${items.join(', ')}`;
}

function eventLines(event: TrailEvent, timeZone: string, paint: Paint): string[] {
  const clock = formatTime(event.eventTimeMs, timeZone).split(' ').slice(1).join(' ');
  const service = event.eventSource.replace(/\.amazonaws\.com$/, '');
  const name =
    event.readOnly === false ? paint('yellow', safe(event.eventName)) : safe(event.eventName);
  const error = isFailure(event)
    ? paint('red', `✗ ${safe(event.errorCode || event.errorMessage || 'Failure', 60)}`)
    : '';
  const head = `  ${paint('dim', clock)}  ${name} ${paint('dim', `(${safe(service, 40)})`)}${error ? `  ${error}` : ''}`;
  const where = [
    `${safe(event.actor.display, 120)} ${paint('dim', `[${safe(event.actor.type, 30)}]`)}`,
    event.sourceIPAddress ? `from ${safe(event.sourceIPAddress, 60)}` : undefined,
    `${safe(event.awsRegion, 30)}${event.recipientAccountId ? ` · ${safe(event.recipientAccountId, 20)}` : ''}`,
  ].filter((part): part is string => part !== undefined);
  const lines = [head, `      ${where.join(' · ')}`];
  if (event.errorCode && event.errorMessage && event.errorMessage !== event.errorCode) {
    lines.push(`      ${paint('red', safe(event.errorMessage, MESSAGE_WIDTH))}`);
  }
  const request = event.raw.requestParameters;
  if (event.readOnly !== true && request !== null && request !== undefined) {
    lines.push(`      ${paint('dim', 'request')} ${safe(JSON.stringify(request), REQUEST_WIDTH)}`);
  }
  const detail = [
    event.userAgent ? `agent ${safe(event.userAgent, AGENT_WIDTH)}` : undefined,
    `id ${safe(event.eventID, 64)}`,
  ].filter((part): part is string => part !== undefined);
  lines.push(`      ${paint('dim', detail.join(' · '))}`);
  return lines;
}

const NOTE_MARK: Record<Note['kind'], string> = {
  gap: '⚠',
  warning: '⚠',
  truncation: '…',
  info: 'ℹ',
};

/**
 * The whole answer as terminal text (ending in a newline).
 * Example first line: `Who changed sg-0a1b2c3d4e5f · in eu-west-1`.
 */
export function renderAnswer(answer: Answer, options: TerminalOptions): string {
  const paint = painter(options.color);
  const { question, summary } = answer;
  const zone = question.timeZone;
  if (answer.trace !== undefined) {
    return `${renderTrace(answer.trace, zone, options)}${paint('dim', safe(answer.provenance, 300))}\n`;
  }
  const out: string[] = [paint('bold', safe(understood(question), 300))];
  const window = question.window
    ? `${describeWindow(question.window, zone)}  ${paint('dim', `(${safe(question.windowText)})`)}`
    : paint('dim', 'any time');
  out.push(`  ${'window'.padEnd(7)} ${window}`);
  const found =
    answer.total === 0
      ? 'no matching events'
      : `${answer.total.toLocaleString('en-US')} event${answer.total === 1 ? '' : 's'}` +
        (summary.failures > 0
          ? `, ${paint('red', `${summary.failures.toLocaleString('en-US')} failed`)}`
          : '');
  out.push(`  ${'found'.padEnd(7)} ${found}`);
  for (const line of [
    counts('who', summary.byActor, paint),
    counts('what', summary.byEventName, paint),
    counts('from', summary.bySourceIp, paint),
    counts('errors', summary.byError, paint),
  ]) {
    if (line !== undefined) out.push(line);
  }

  let day = '';
  for (const event of answer.events) {
    const heading = dayHeading(event.eventTimeMs, zone);
    if (heading !== day) {
      day = heading;
      out.push('', paint('cyan', heading));
    }
    out.push(...eventLines(event, zone, paint));
  }

  const notes = answer.notes.map(
    (note) =>
      `  ${NOTE_MARK[note.kind]} ${paint(note.kind === 'info' || note.kind === 'truncation' ? 'dim' : 'yellow', safe(note.text, 1000))}`,
  );
  if (answer.nextCursor !== undefined) {
    notes.push(`  ${NOTE_MARK.truncation} next page: --cursor ${safe(answer.nextCursor, 200)}`);
  }
  if (notes.length > 0) out.push('', ...notes);
  out.push('', paint('dim', safe(answer.provenance, 300)));
  return `${out.join('\n')}\n`;
}

/** A question that was not understood: the parser's reason, did-you-mean, and where to look. */
export function renderParseFailure(failure: ParseFailure, options: TerminalOptions): string {
  const paint = painter(options.color);
  const out = [paint(failure.reason === 'help' ? 'bold' : 'red', safe(failure.message, 1000))];
  if (failure.suggestions.length > 0) {
    out.push('', failure.reason === 'help' ? 'Try:' : 'Did you mean:');
    for (const s of failure.suggestions) out.push(`  trailhound ask "${safe(s)}"`);
  }
  out.push('', paint('dim', 'All questions: trailhound ask --help'));
  return `${out.join('\n')}\n`;
}

/** Every question, window and modifier with examples, for `trailhound ask --help`. */
export function renderHelpSections(
  sections: readonly HelpSection[],
  options: TerminalOptions,
): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const section of sections) {
    out.push(`${paint('bold', section.title)} ${paint('dim', `— ${section.description}`)}`);
    for (const example of section.examples) out.push(`    ${example}`);
  }
  return `${out.join('\n')}\n`;
}

/** An error meant for the person (a TrailError's message), on one or two lines. */
export function renderError(message: string, options: TerminalOptions): string {
  const paint = painter(options.color);
  return `${paint('red', 'trailhound:')} ${safe(message, 2000)}\n`;
}
