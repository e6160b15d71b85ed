/**
 * Where a trace finds its events: any {@link QueryBackend} (DuckDB, LookupEvents, Athena, or
 * the planner choosing among them), or a plain list of events. The walker only ever asks for
 * "the events matching this filter", so whatever an engine can answer, it can trace on.
 */
import type { EventFilter } from '../core/filter.js';
import { matches } from '../core/matches.js';
import type { TrailEvent } from '../core/trail-event.js';
import type { QueryBackend } from '../ports/backend.js';

export interface TraceSearch {
  /** Newest first. */
  events: TrailEvent[];
  /** What the engine could not search (e.g. LookupEvents' 90-day horizon), as plain text. */
  gaps: string[];
  /** The engine that answered: `local`, `lookup`, `athena` or `memory`. */
  backend: string;
}

export interface TraceSource {
  find(filter: EventFilter, limit: number): Promise<TraceSearch>;
}

/**
 * A source over a query backend. `confirmCost` lets an Athena trace run past the cost cap once
 * the asker agreed; `signal` cancels the search in flight.
 */
export function backendSource(
  backend: QueryBackend,
  options: { signal?: AbortSignal; confirmCost?: boolean } = {},
): TraceSource {
  return {
    async find(filter, limit) {
      const result = await backend.run({
        filter,
        limit,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.confirmCost ? { confirmCost: true } : {}),
      });
      return {
        events: result.events,
        gaps: result.notes.filter((n) => n.kind === 'gap').map((n) => n.text),
        backend: result.stats.backend,
      };
    },
  };
}

/**
 * A source over events already in memory, with exactly the meaning the engines give a filter
 * (`matches()`). Example: `memorySource(fixtureEvents)` in tests, or over an alert's events.
 */
export function memorySource(events: readonly TrailEvent[]): TraceSource {
  return {
    find(filter, limit) {
      const found = events
        .filter((event) => matches(event, filter))
        .sort((a, b) => b.eventTimeMs - a.eventTimeMs || a.eventID.localeCompare(b.eventID))
        .slice(0, limit);
      return Promise.resolve({ events: found, gaps: [], backend: 'memory' });
    },
  };
}
