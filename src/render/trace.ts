/**
 * A trace for a terminal: the starting event, each issuing call newest first (time in the
 * asker's zone, account, Region, source IP, caller → what they obtained, how sure), then the
 * origin or dead end and what was searched. Every record string goes through `stripControl`.
 */
import { describeWindow, formatTime } from '../core/time-format.js';
import type { TraceHop, TraceResult } from '../trace/types.js';
import { originText } from '../trace/summary-text.js';
import { clip, painter, stripControl } from './text.js';
import type { TerminalOptions } from './terminal.js';

const safe = (text: string | undefined, max = 300): string => clip(stripControl(text ?? ''), max);

const at = (iso: string, timeZone: string): string => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatTime(ms, timeZone) : safe(iso, 40);
};

function where(
  accountId: string | undefined,
  region: string,
  sourceIp: string | undefined,
): string {
  return [
    accountId === undefined ? undefined : `account ${safe(accountId, 20)}`,
    safe(region, 30),
    sourceIp === undefined ? undefined : `from ${safe(sourceIp, 60)}`,
  ]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
}

/**
 * The trace as terminal text (ending in a newline).
 * Example first line: `Trace of ASIADBADMINEXAMPLE01`.
 */
export function renderTrace(
  result: TraceResult,
  timeZone: string,
  options: TerminalOptions,
): string {
  const paint = painter(options.color);
  const out = [paint('bold', `Trace of ${safe(result.start.value, 200)}`)];
  const start = result.startEvent;
  if (start === undefined) {
    out.push(`  ${paint('dim', 'no call made with it was found')}`);
  } else {
    out.push(
      `  ${paint('dim', at(start.eventTime, timeZone))}  ${safe(start.eventName, 80)} by ${safe(start.actor)}`,
      `      ${where(start.accountId, start.region, start.sourceIp)}`,
    );
  }
  result.hops.forEach((hop: TraceHop, i) => {
    const sure = hop.confidence === 'exact' ? paint('green', 'exact') : paint('yellow', 'inferred');
    out.push(
      '',
      `  ${paint('cyan', `${i + 1}.`)} ${paint('dim', at(hop.eventTime, timeZone))}  ${safe(hop.eventName, 80)}  ${where(hop.accountId, hop.region, hop.sourceIp)}`,
      `      ${safe(hop.from)} → ${safe(hop.to)}`,
      `      ${sure}: ${paint('dim', safe(hop.how, 600))}`,
    );
  });
  const origin = result.origin;
  out.push(
    '',
    origin.kind === 'dead-end'
      ? `  ${paint('red', '✗ dead end')} at ${safe(origin.label)}: ${safe(origin.reason, 1000)}`
      : `  ${paint('green', '●')} ${paint('bold', safe(originText(origin), 400))}`,
  );
  if (origin.kind !== 'dead-end') {
    if (origin.email !== undefined) out.push(`      e-mail ${safe(origin.email, 200)}`);
    for (const [key, value] of Object.entries(origin.details ?? {})) {
      out.push(`      ${safe(key, 40)} ${safe(value, 300)}`);
    }
  }
  if (result.notes.length > 0) {
    out.push('', ...result.notes.map((n) => `  ℹ ${paint('dim', safe(n, 1000))}`));
  }
  const window = {
    start: new Date(result.searched.window.start),
    end: new Date(result.searched.window.end),
  };
  out.push(
    '',
    paint(
      'dim',
      `searched ${describeWindow(window, timeZone)} on ${safe(result.searched.backend, 40)}`,
    ),
  );
  return `${out.join('\n')}\n`;
}
