/**
 * The "who, what, from where, which errors" overview shown above a list of events. Backends
 * that can aggregate over every match (DuckDB, Athena) compute the same numbers in SQL; this is
 * the in-memory reference and the fallback.
 */
import type { AnswerSummary, Count } from './answer.js';
import { fieldValue } from './fields.js';
import type { TrailEvent } from './trail-event.js';

/**
 * Whether the call failed: it has an errorCode, or it is a console sign-in whose
 * `responseElements.ConsoleLogin` is `Failure` (those carry only an errorMessage).
 */
export function isFailure(event: TrailEvent): boolean {
  if (event.errorCode !== undefined && event.errorCode !== '') return true;
  return fieldValue(event.raw, 'responseElements.ConsoleLogin') === 'Failure';
}

/** The error label of a failed event: its errorCode, else its errorMessage, else `Failure`. */
const errorLabel = (event: TrailEvent): string =>
  event.errorCode || event.errorMessage || 'Failure';

/** The `top` most frequent keys, most frequent first; ties in key order so output is stable. */
function topCounts(keys: Iterable<string>, top: number): Count[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, Math.max(0, top));
}

/**
 * Counts by actor display, eventName, sourceIPAddress and error, keeping the `top` of each.
 * Events without a source IP are not counted under any IP; only failures count under errors.
 *
 * @example summarize(events, 3).byActor // [{ key: 'alice', count: 12 }, …]
 */
export function summarize(events: TrailEvent[], top = 5): AnswerSummary {
  const failures = events.filter(isFailure);
  return {
    byActor: topCounts(
      events.map((event) => event.actor.display),
      top,
    ),
    byEventName: topCounts(
      events.map((event) => event.eventName),
      top,
    ),
    bySourceIp: topCounts(
      events.flatMap((event) => (event.sourceIPAddress ? [event.sourceIPAddress] : [])),
      top,
    ),
    byError: topCounts(failures.map(errorLabel), top),
    failures: failures.length,
  };
}
