/**
 * What a button carries so the click can be answered with no server state: the question text,
 * the instant and time zone it was asked in (so the window resolves identically on every page),
 * and the cursors of the pages before the current one (for "◀ Previous").
 *
 * Slack caps a button value at 2000 characters. When the cursor trail grows past that, the oldest
 * cursors are dropped and `trimmed` is set; "◀ Previous" from the oldest kept page then goes back
 * to the first page, which is always reachable (it needs no cursor).
 */
import type { EngineKind } from '../src/ports/backend.js';
import { EVENT_MENU_CHOICES, type EventMenuChoice } from './action-ids.js';
import { LIMITS } from './limits.js';

export interface PageState {
  /** The question as the asker typed it. */
  text: string;
  /** The reference time of the original question, epoch ms. */
  nowMs: number;
  timeZone: string;
  /** cursors[i] opens page i + 2; the current page is cursors.length + 1. */
  cursors: string[];
  /** Older cursors were dropped to fit the value limit. */
  trimmed?: boolean;
  /**
   * The engine the question is pinned to ("Run in Athena"), so its pages, shares and exports
   * stay there; absent, the configured backend chooses.
   */
  backend?: EngineKind;
  /** The asker confirmed running it above the Athena cost cap (ATHENA_MAX_BYTES). */
  confirmCost?: boolean;
}

interface Wire {
  q: string;
  n: number;
  z: string;
  c: string[];
  t?: 1;
  b?: EngineKind;
  k?: 1;
}

const toWire = (s: PageState): Wire => ({
  q: s.text,
  n: s.nowMs,
  z: s.timeZone,
  c: s.cursors,
  ...(s.trimmed ? { t: 1 as const } : {}),
  ...(s.backend !== undefined ? { b: s.backend } : {}),
  ...(s.confirmCost ? { k: 1 as const } : {}),
});

/**
 * Encodes a page state into a button value, dropping the oldest cursors if needed; `undefined`
 * when even the bare question does not fit (a question of ~1900 characters), in which case the
 * builder leaves the button out. Example: `encodePageState({text:'root activity', nowMs:0,
 * timeZone:'UTC', cursors:[]})` → `'{"q":"root activity","n":0,"z":"UTC","c":[]}'`.
 */
export function encodePageState(state: PageState): string | undefined {
  let current = state;
  for (;;) {
    const value = JSON.stringify(toWire(current));
    if (value.length <= LIMITS.buttonValue) return value;
    if (current.cursors.length === 0) return undefined;
    current = { ...current, cursors: current.cursors.slice(1), trimmed: true };
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const ENGINES: readonly unknown[] = ['local', 'lookup', 'athena'] satisfies EngineKind[];
const isEngine = (v: unknown): v is EngineKind => ENGINES.includes(v);

/** Reads a button value back; `undefined` for anything that is not one of ours. */
export function decodePageState(value: string | undefined): PageState | undefined {
  if (value === undefined) return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const w = wire as Partial<Record<keyof Wire, unknown>>;
  if (!isString(w.q) || !isString(w.z) || typeof w.n !== 'number' || !Number.isFinite(w.n)) {
    return undefined;
  }
  if (!Array.isArray(w.c) || !w.c.every(isString)) return undefined;
  if (w.b !== undefined && !isEngine(w.b)) return undefined;
  return {
    text: w.q,
    nowMs: w.n,
    timeZone: w.z,
    cursors: w.c,
    ...(w.t === 1 ? { trimmed: true } : {}),
    ...(w.b !== undefined ? { backend: w.b } : {}),
    ...(w.k === 1 ? { confirmCost: true } : {}),
  };
}

/** The state of the next page: the current state plus the cursor that opens it. */
export const nextPage = (state: PageState, nextCursor: string): PageState => ({
  ...state,
  cursors: [...state.cursors, nextCursor],
});

/** The state of the previous page (the first page when the trail was trimmed to nothing). */
export const previousPage = (state: PageState): PageState => {
  const cursors = state.cursors.slice(0, -1);
  return cursors.length === 0 ? { ...state, cursors, trimmed: false } : { ...state, cursors };
};

/** The cursor that opens the page a state describes (none for the first page). */
export const currentCursor = (state: PageState): string | undefined => state.cursors.at(-1);

/**
 * An event of an answer pinned to one engine ("Run in Athena"): the engine to look it up on and
 * when it happened, so its raw event, follow-ups and trace search there, around that time (an
 * event past LookupEvents' 90 days is only on Athena, where an unbounded id search would scan the
 * whole table).
 */
export interface PinnedEvent {
  engine: EngineKind;
  eventTimeMs: number;
}

/** An event choice as its menu option carries it. */
export interface EventChoice {
  choice: EventMenuChoice;
  eventId: string;
  pinned?: PinnedEvent;
}

/** Separates the pinned engine and time (whole seconds, base 36) from the event id. */
const PIN_SEPARATOR = '~';

/**
 * An event-menu option value: `actor:<eventID>`, or `actor:<eventID>~athena~<seconds base 36>`
 * on a pinned answer; undefined when it would not fit.
 */
export function encodeEventChoice(
  choice: EventMenuChoice,
  eventId: string,
  pinned?: PinnedEvent,
): string | undefined {
  const pin =
    pinned === undefined
      ? ''
      : `${PIN_SEPARATOR}${pinned.engine}${PIN_SEPARATOR}${Math.floor(pinned.eventTimeMs / 1000).toString(36)}`;
  const value = `${choice}:${eventId}${pin}`;
  return value.length <= LIMITS.optionValue ? value : undefined;
}

/** Reads an event-menu option value back; `undefined` for anything that is not one of ours. */
export function decodeEventChoice(value: string | undefined): EventChoice | undefined {
  if (value === undefined) return undefined;
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const choice = EVENT_MENU_CHOICES.find((c) => c === value.slice(0, colon));
  const [eventId = '', engine, seconds, ...rest] = value.slice(colon + 1).split(PIN_SEPARATOR);
  if (choice === undefined || eventId === '' || rest.length > 0) return undefined;
  if (engine === undefined) return { choice, eventId };
  const eventTimeMs = /^[0-9a-z]{1,10}$/.test(seconds ?? '')
    ? parseInt(seconds ?? '', 36) * 1000
    : NaN;
  if (!isEngine(engine) || !Number.isFinite(eventTimeMs)) return undefined;
  return { choice, eventId, pinned: { engine, eventTimeMs } };
}
