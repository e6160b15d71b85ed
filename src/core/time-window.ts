/**
 * Time expressions of questions.md ("yesterday", "last 6 hours", "since monday",
 * "between 2026-11-01 and 2026-11-03", …) turned into absolute half-open windows.
 *
 * Everything is computed from an injected `now` in the asker's IANA time zone, so that "today"
 * in Tokyo starts at 15:00 UTC the day before. Anything ambiguous is refused with a message
 * saying how to write it instead: a guessed window answers a different question than the one
 * that was asked, and nobody notices.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay, startOfWeek, subDays } from 'date-fns';
import type { AskContext } from './question.js';
import type { TimeWindow } from './window.js';

export type WindowResult =
  { ok: true; window: TimeWindow; text: string } | { ok: false; message: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Absolute units: `last 7 days` is 7 × 24 h, not seven calendar days. */
const UNITS: ReadonlyArray<{ names: readonly string[]; ms: number }> = [
  { names: ['m', 'min', 'mins', 'minute', 'minutes'], ms: MINUTE },
  { names: ['h', 'hr', 'hrs', 'hour', 'hours'], ms: HOUR },
  { names: ['d', 'day', 'days'], ms: DAY },
  { names: ['w', 'wk', 'wks', 'week', 'weeks'], ms: 7 * DAY },
];

const CALENDAR_UNITS = new Set(['month', 'months', 'year', 'years', 'quarter', 'quarters']);

const WEEKDAYS = [
  ['sunday', 'sun'],
  ['monday', 'mon'],
  ['tuesday', 'tue', 'tues'],
  ['wednesday', 'wed'],
  ['thursday', 'thu', 'thur', 'thurs'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
] as const;

const SHORTHAND = /^(\d+)([a-z]+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(z|[+-]\d{2}:?\d{2})?$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const IP_LIKE = /^[\d.]+(\/\d+)?$|^[0-9a-f]*:[0-9a-f:.]*(\/\d+)?$/;

/** The window to use when the question gives none, e.g. "last 24 hours (default)". */
export function defaultWindow(
  hours: number,
  ctx: AskContext,
): { window: TimeWindow; text: string } {
  const end = new Date(ctx.now.getTime());
  const start = new Date(end.getTime() - hours * HOUR);
  const text = hours % 24 === 0 && hours > 24 ? `last ${hours / 24} days` : `last ${hours} hours`;
  return { window: { start, end }, text: `${text} (default)` };
}

/** Zones already checked; only valid ones are kept, so the set stays bounded by the IANA list. */
const knownZones = new Set<string>();

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Paris`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  knownZones.add(timeZone);
  return true;
}

/**
 * How many tokens, starting at `tokens[i]`, form a time expression (0 when none starts there).
 * Lets the question parser lift the window out of a sentence wherever it stands:
 * `["who","changed","sg-1","since","2026-11-25","14:00"]` at 3 → 3.
 * It only delimits; `parseWindow` decides whether the expression makes sense.
 */
export function windowSpanAt(tokens: readonly string[], i: number): number {
  const word = (k: number): string => (tokens[k] ?? '').toLowerCase();
  const t = word(i);
  if (t === 'today' || t === 'yesterday' || isShorthand(t)) return 1;
  if (t === 'this' && /^(week|month|year|day|morning|afternoon|evening)$/.test(word(i + 1))) {
    return 2;
  }
  const lead = leadIn(word(i), word(i + 1), word(i + 2));
  if (lead >= 0) {
    const n = word(i + lead + 1);
    if (n === '') return lead + 1;
    return lead + (/^\d+(\.\d+)?$/.test(n) && word(i + lead + 2) !== '' ? 3 : 2);
  }
  if (t === 'since') return 1 + pointSpan(tokens, i + 1);
  if (t === 'on' && looksLikePoint(word(i + 1))) return 1 + pointSpan(tokens, i + 1);
  if (t === 'between') {
    const a = pointSpan(tokens, i + 1);
    return word(i + 1 + a) === 'and' ? 2 + a + pointSpan(tokens, i + 2 + a) : 1 + a;
  }
  if (t === 'from' && word(i + 1) !== '' && !looksLikeIp(word(i + 1))) {
    const a = pointSpan(tokens, i + 1);
    if (word(i + 1 + a) === 'to') return 2 + a + pointSpan(tokens, i + 2 + a);
    if (looksLikePoint(word(i + 1))) return 1 + a;
  }
  return 0;
}

/** Length of `in the last` / `over the past` / `last` before the amount; -1 when absent. */
function leadIn(a: string, b: string, c: string): number {
  if (a === 'last' || a === 'past') return 0;
  if (!/^(in|over|during|for|within)$/.test(a)) return -1;
  if (b === 'last' || b === 'past') return 1;
  return b === 'the' && (c === 'last' || c === 'past') ? 2 : -1;
}

/** A point is one token, or a date followed by a separate time of day (`2026-11-25 14:00`). */
function pointSpan(tokens: readonly string[], i: number): number {
  const [first, next = ''] = [tokens[i], tokens[i + 1]];
  if (first === undefined) return 0;
  // "last monday" is taken whole so that it can be refused as a whole.
  if (/^(last|this|next)$/i.test(first) && weekdayIndex(next.toLowerCase()) >= 0) return 2;
  return DATE.test(first) && TIME_OF_DAY_WITH_ZONE.test(next) ? 2 : 1;
}
const TIME_OF_DAY_WITH_ZONE = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/i;

/** `from 10.0.0.0/8` is the address modifier, `from 14:00 to 16:00` a window. */
function looksLikeIp(t: string): boolean {
  return IP_LIKE.test(t) && !TIME_OF_DAY.test(t);
}

function looksLikePoint(t: string): boolean {
  return /^\d/.test(t) || t === 'today' || t === 'yesterday' || weekdayIndex(t) >= 0;
}

function isShorthand(t: string): boolean {
  const m = SHORTHAND.exec(t);
  return m !== null && unitOf(m[2] ?? '') !== undefined;
}

function unitOf(name: string): (typeof UNITS)[number] | undefined {
  return UNITS.find((u) => u.names.includes(name));
}

function weekdayIndex(t: string): number {
  return WEEKDAYS.findIndex((names) => (names as readonly string[]).includes(t));
}

/**
 * Reads one time expression into a window [start, end).
 * Example: `parseWindow('yesterday', {now: 2026-11-26T10:00Z, timeZone: 'UTC'})` →
 * `{ok: true, window: {start: 2026-11-25T00:00Z, end: 2026-11-26T00:00Z}, text: 'yesterday'}`.
 */
export function parseWindow(expression: string, ctx: AskContext): WindowResult {
  if (!isValidTimeZone(ctx.timeZone)) {
    return {
      ok: false,
      message: `"${ctx.timeZone}" is not a time zone I know (use e.g. Europe/Paris).`,
    };
  }
  // Echoed as typed (`since 2026-11-26T10:00Z`), read in lower case.
  const text = expression.trim().replace(/\s+/g, ' ');
  const words = text.toLowerCase().split(' ');
  const now = new TZDate(ctx.now.getTime(), ctx.timeZone);
  const result = read(words, now);
  if (!result.ok) return result;
  const { start, end } = result.window;
  if (start.getTime() > now.getTime()) {
    return { ok: false, message: `"${text}" starts in the future; nothing has been logged yet.` };
  }
  if (end.getTime() <= start.getTime()) {
    return { ok: false, message: `In "${text}" the end comes before the start.` };
  }
  return {
    ok: true,
    window: { start: new Date(start.getTime()), end: new Date(end.getTime()) },
    text,
  };
}

type Read = { ok: true; window: TimeWindow } | { ok: false; message: string };

function read(words: string[], now: TZDate): Read {
  const [first = '', second = ''] = words;
  const text = words.join(' ');
  if (text === 'today') return span(startOfDay(now), now);
  if (text === 'yesterday') return span(subDays(startOfDay(now), 1), startOfDay(now));
  if (text === 'this week') return span(startOfWeek(now, { weekStartsOn: 1 }), now);
  if (first === 'this') {
    return refuse(`"${text}" is not supported; say "today", "this week" or "since YYYY-MM-DD".`);
  }
  if (isShorthand(text)) return relative(text.match(SHORTHAND)?.slice(1) ?? [], text, now);
  const lead = leadIn(first, second, words[2] ?? '');
  if (lead >= 0) return relative(words.slice(lead + 1), text, now);
  if (first === 'since') return since(words.slice(1).join(' '), now);
  if (first === 'on') return onDay(words.slice(1).join(' '), now);
  if (first === 'between') return range(words.slice(1), 'and', text, now);
  if (first === 'from') return range(words.slice(1), 'to', text, now);
  return refuse(
    `I can't read "${text}" as a time; try "last 6 hours", "yesterday" or "since monday".`,
  );
}

const span = (start: Date, end: Date): Read => ({ ok: true, window: { start, end } });
const refuse = (message: string): Read => ({ ok: false, message });

/** `last 6 hours`, `past week`, `24h`: [now − N units, now). */
function relative(parts: string[], text: string, now: TZDate): Read {
  const [first = '', second] = parts;
  const glued = SHORTHAND.exec(first);
  const [amount, unitName] =
    second !== undefined
      ? [first, second]
      : glued
        ? [glued[1] ?? '', glued[2]]
        : /^\d/.test(first)
          ? [first, undefined]
          : ['1', first];
  if (parts.length > 2 || first === '') {
    return refuse(`"${text}" needs an amount and a unit, e.g. "last 6 hours" or "last 7 days".`);
  }
  if (!/^\d+$/.test(amount)) {
    return refuse(`"${amount}" in "${text}" is not a whole number; e.g. "last 90 minutes".`);
  }
  if (unitName === undefined) {
    return refuse(
      `"${text}" needs a unit: minutes, hours, days or weeks (e.g. "last ${amount} hours").`,
    );
  }
  const unit = unitOf(unitName);
  if (unit === undefined) {
    const hint = CALENDAR_UNITS.has(unitName)
      ? `${unitName.replace(/s$/, '')}s vary in length; say e.g. "last 30 days"`
      : `"${unitName}" is not a unit I know; use minutes, hours, days or weeks (e.g. "last 14 days")`;
    return refuse(`In "${text}", ${hint}.`);
  }
  const n = Number(amount);
  const start = new Date(now.getTime() - n * unit.ms);
  if (n === 0 || Number.isNaN(start.getTime())) {
    return refuse(`"${text}" is not a usable length of time.`);
  }
  return span(start, now);
}

/** One point in time: a day (today, a weekday, YYYY-MM-DD) or an instant (a date-time). */
type Point = { ok: true; start: Date; dayEnd?: Date } | { ok: false; message: string };

function since(point: string, now: TZDate): Read {
  if (point === '') {
    return refuse('"since" needs a date, a date-time or a weekday, e.g. "since monday".');
  }
  const p = readPoint(point, now);
  return p.ok ? span(p.start, now) : p;
}

function onDay(point: string, now: TZDate): Read {
  const p = readPoint(point, now);
  if (!p.ok) return p;
  if (p.dayEnd === undefined) {
    return refuse(`"on" takes a whole day (on YYYY-MM-DD); for "${point}" say "since ${point}".`);
  }
  return span(p.start, p.dayEnd);
}

/** `between A and B` / `from A to B`: [A, B]; a date B runs through the end of day B. */
function range(words: string[], joiner: 'and' | 'to', text: string, now: TZDate): Read {
  const at = words.indexOf(joiner);
  const lead = joiner === 'and' ? 'between' : 'from';
  if (at <= 0 || at === words.length - 1) {
    const start = words.join(' ');
    const open = joiner === 'to' && at < 0 && start !== '' ? ` or "since ${start}"` : '';
    return refuse(`"${text}" needs two ends: "${lead} YYYY-MM-DD ${joiner} YYYY-MM-DD"${open}.`);
  }
  const a = readPoint(words.slice(0, at).join(' '), now);
  if (!a.ok) return a;
  const b = readPoint(words.slice(at + 1).join(' '), now);
  if (!b.ok) return b;
  // A date-time B is inclusive, so the half-open window ends one millisecond after it.
  const end = b.dayEnd ?? new Date(b.start.getTime() + 1);
  if (end.getTime() <= a.start.getTime()) {
    return refuse(`In "${text}" the end comes before the start.`);
  }
  return span(a.start, end);
}

function readPoint(point: string, now: TZDate): Point {
  const today = startOfDay(now);
  const day = (start: Date): Point => ({ ok: true, start, dayEnd: addDays(start, 1) });
  if (point === 'today') return day(today);
  if (point === 'yesterday') return day(subDays(today, 1));
  const weekday = weekdayIndex(point);
  // "since monday" on a Monday means today, otherwise the most recent Monday.
  if (weekday >= 0) return day(subDays(today, (now.getDay() - weekday + 7) % 7));
  const [qualifier = '', name = ''] = point.split(' ');
  if (/^(last|this|next)$/.test(qualifier) && weekdayIndex(name) >= 0) {
    const message = `"${point}" could mean this week's or last week's ${name}; say "since ${name}" (the most recent one) or give a date (YYYY-MM-DD).`;
    return { ok: false, message };
  }
  const d = DATE.exec(point);
  if (d) return calendarDay(point, Number(d[1]), Number(d[2]), Number(d[3]), now);
  const dt = DATETIME.exec(point);
  if (dt) return instant(point, dt, now);
  if (TIME_OF_DAY.test(point)) {
    // A bare time of day is today's, in the asker's zone.
    const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const m = DATETIME.exec(`${date} ${point}`);
    if (m) return instant(point, m, now);
  }
  return {
    ok: false,
    message: `"${point}" is not a date I can read without guessing; write YYYY-MM-DD (e.g. 2026-02-13), YYYY-MM-DD HH:MM or a weekday.`,
  };
}

function calendarDay(point: string, y: number, mo: number, d: number, now: TZDate): Point {
  const start = new TZDate(y, mo - 1, d, now.timeZone ?? 'UTC');
  if (start.getFullYear() !== y || start.getMonth() !== mo - 1 || start.getDate() !== d) {
    return { ok: false, message: `"${point}" is not a real date.` };
  }
  return { ok: true, start, dayEnd: addDays(start, 1) };
}

function instant(point: string, m: RegExpExecArray, now: TZDate): Point {
  const num = (k: number): number => Number(m[k] ?? 0);
  const [y, mo, d, h, mi, s] = [num(1), num(2), num(3), num(4), num(5), num(6)];
  const ms = Number((m[7] ?? '').padEnd(3, '0'));
  const zone = m[8];
  const day = calendarDay(point, y, mo, d, now);
  if (!day.ok) return day;
  if (h > 23 || mi > 59 || s > 59) {
    return { ok: false, message: `"${point}" is not a real time of day.` };
  }
  if (zone !== undefined) {
    const offset = zone === 'z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const iso = `${m[1]}-${m[2]}-${m[3]}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}${offset}`;
    const start = new Date(iso);
    return Number.isNaN(start.getTime())
      ? { ok: false, message: `"${point}" has an offset I can't read.` }
      : { ok: true, start };
  }
  // A local time repeated when the clocks go back is read as its first occurrence.
  const start = new TZDate(y, mo - 1, d, h, mi, s, ms, now.timeZone ?? 'UTC');
  if (start.getHours() !== h || start.getMinutes() !== mi) {
    // A local time the clocks skip when daylight saving starts.
    return {
      ok: false,
      message: `"${point}" does not exist in ${now.timeZone ?? 'UTC'} (the clocks skip it).`,
    };
  }
  return { ok: true, start };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
