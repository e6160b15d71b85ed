/**
 * Keyset paging for backends that merge several sources: results are ordered newest first,
 * ties broken by eventID, and a cursor is the (time, eventID) of the last event shown. The next
 * page is everything strictly after it in that order, so it needs no server-side state and
 * survives a process restart (a Slack "more" button may be clicked hours later).
 */
import { TrailError } from '../../core/errors.js';
import type { TrailEvent } from '../../core/trail-event.js';

export interface Keyset {
  timeMs: number;
  eventID: string;
}

/** Newest first, then by eventID, so every event has one fixed position. */
export const newestFirst = (a: TrailEvent, b: TrailEvent): number =>
  b.eventTimeMs - a.eventTimeMs || (a.eventID < b.eventID ? -1 : a.eventID > b.eventID ? 1 : 0);

/** Whether `event` comes after the cursor position in {@link newestFirst} order. */
export const isAfter = (event: TrailEvent, cursor: Keyset): boolean =>
  event.eventTimeMs < cursor.timeMs ||
  (event.eventTimeMs === cursor.timeMs && event.eventID > cursor.eventID);

/** @example encodeCursor({ timeMs: 0, eventID: 'e' }) === 'eyJ0IjowLCJpZCI6ImUifQ' */
export const encodeCursor = (position: Keyset): string =>
  Buffer.from(JSON.stringify({ t: position.timeMs, id: position.eventID })).toString('base64url');

/** Reads a cursor from {@link encodeCursor}; anything else is refused with a clear error. */
export function decodeCursor(cursor: string): Keyset {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      't' in parsed &&
      'id' in parsed &&
      typeof parsed.t === 'number' &&
      Number.isFinite(parsed.t) &&
      typeof parsed.id === 'string'
    ) {
      return { timeMs: parsed.t, eventID: parsed.id };
    }
  } catch {
    // Fall through to the error below: a cursor that is not ours.
  }
  throw new TrailError(
    'query-failed',
    'That "more results" link is not valid any more; ask again.',
  );
}
