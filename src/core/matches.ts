/**
 * The reference meaning of an {@link EventFilter}. Every backend (DuckDB, Athena, the
 * LookupEvents planner) is tested against these two functions; where a backend disagrees,
 * the backend is wrong.
 *
 * Semantics, crisply:
 * - Logic is two-valued. A missing field is `undefined`, and a comparison with `undefined` is
 *   simply false, so `not(eq('readOnly', 'true'))` is TRUE for a record without `readOnly`
 *   (SQL backends must use `IS DISTINCT FROM` / `COALESCE`, not bare `<>`).
 * - `eq`, `in`, `startsWith`, `endsWith` are case-sensitive on {@link fieldValue}.
 *   `in` with no values is false; `startsWith`/`endsWith` with `''` is true for any present field
 *   (including `''`) and false for a missing one.
 * - `present`: the field has a value and it is not `''`.
 * - `identity`: case-insensitive membership in {@link identityKeys}; `''` matches nothing.
 * - `resource`: case-sensitive membership in {@link resourceValues}; `''` matches nothing.
 * - `sourceIp`: {@link ipMatches} on `sourceIPAddress` (non-addresses and bad specs: false).
 * - `all` of nothing is true (matches everything); `any` of nothing is false.
 * - The window is half-open: `start <= eventTimeMs < end`; no window means no time limit.
 */
import type { EventFilter, Predicate } from './filter.js';
import { fieldValue } from './fields.js';
import { identityMatches } from './identity-keys.js';
import { ipMatches } from './ip.js';
import { resourceMatches } from './resource-values.js';
import type { CloudTrailRecord, TrailEvent } from './trail-event.js';
import type { TimeWindow } from './window.js';

/**
 * Whether the raw record satisfies the predicate tree.
 *
 * @example evaluate({ eventName: 'StopLogging' }, eq('eventName', 'StopLogging')) === true
 */
export function evaluate(record: CloudTrailRecord, p: Predicate): boolean {
  switch (p.kind) {
    case 'all':
      return p.of.every((child) => evaluate(record, child));
    case 'any':
      return p.of.some((child) => evaluate(record, child));
    case 'not':
      return !evaluate(record, p.of);
    case 'eq':
      return fieldValue(record, p.field) === p.value;
    case 'in': {
      const value = fieldValue(record, p.field);
      return value !== undefined && p.values.includes(value);
    }
    case 'present': {
      const value = fieldValue(record, p.field);
      return value !== undefined && value !== '';
    }
    case 'startsWith':
      return fieldValue(record, p.field)?.startsWith(p.value) ?? false;
    case 'endsWith':
      return fieldValue(record, p.field)?.endsWith(p.value) ?? false;
    case 'identity':
      return identityMatches(record, p.value);
    case 'resource':
      return resourceMatches(record, p.value);
    case 'sourceIp':
      return ipMatches(fieldValue(record, 'sourceIPAddress'), p.value);
  }
}

/** Whether an instant (epoch ms) lies in the half-open window [start, end). */
export const inWindow = (timeMs: number, window: TimeWindow): boolean =>
  window.start.getTime() <= timeMs && timeMs < window.end.getTime();

/**
 * Whether a normalised event answers the filter: inside the window (when there is one) and
 * its raw record satisfies `filter.where`.
 */
export function matches(event: TrailEvent, filter: EventFilter): boolean {
  if (filter.window !== undefined && !inWindow(event.eventTimeMs, filter.window)) return false;
  return evaluate(event.raw, filter.where);
}
