/**
 * The investigation a thread opens with, and the questions behind the "Investigate" button:
 * the actor's other activity ±1 h, other changes to the same resource, failed logins from the
 * same IP, and for a CloudWatch alarm the events its CIS filter matched in the alarm's window.
 *
 * Questions are kept as serialisable specs (they live in the thread state, so a click an hour
 * later asks exactly the same thing) and turned into {@link EventFilter}s when run.
 */
import {
  all,
  any,
  eq,
  identity,
  not,
  present,
  resource,
  sourceIp,
  type EventFilter,
} from '../core/filter.js';
import { everything } from '../core/filter.js';
import type { TrailEvent } from '../core/trail-event.js';
import type { QueryBackend } from '../ports/backend.js';
import { CIS_FILTERS } from './cis.js';

export interface InvestigationSpec {
  /** Shown above the results, e.g. "Other activity of bob (±1 h)". Plain text; escape it. */
  title: string;
  /** The same question as a person would type it (questions.md phrasing). */
  phrase: string;
  kind: 'actor' | 'resource' | 'failed-logins-from-ip' | 'cis' | 'api-calls';
  /** The actor, resource, IP or `eventSource eventName`; the CIS control id for `cis`. */
  value: string;
  startMs: number;
  endMs: number;
  /** An event to leave out (the alert's own). */
  excludeEventId?: string;
}

export interface AlertQuestion {
  spec: InvestigationSpec;
  filter: EventFilter;
  limit: number;
}

export interface QuestionOutcome {
  events: TrailEvent[];
  total: number;
  truncated: boolean;
  /** How it was answered ("DuckDB · 412 files · 3 ms"). */
  provenance?: string;
}

/** Runs one question; the composition root wires it to a QueryBackend (or to ask()). */
export type QuestionRunner = (question: AlertQuestion) => Promise<QuestionOutcome>;

export interface InvestigationResult {
  spec: InvestigationSpec;
  outcome?: QuestionOutcome;
  /** Why the question could not be answered (shown in the thread instead of results). */
  error?: string;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The predicate of a spec. Example: kind `actor`, value `bob` → `identity('bob')`. */
export function filterFor(spec: InvestigationSpec): EventFilter {
  const window = { start: new Date(spec.startMs), end: new Date(spec.endMs) };
  let where;
  switch (spec.kind) {
    case 'actor':
      where = identity(spec.value);
      break;
    case 'resource':
      where = all(not(eq('readOnly', 'true')), resource(spec.value));
      break;
    case 'failed-logins-from-ip':
      where = all(
        eq('eventSource', 'signin.amazonaws.com'),
        any(
          eq('responseElements.ConsoleLogin', 'Failure'),
          present('errorCode'),
          present('errorMessage'),
        ),
        sourceIp(spec.value),
      );
      break;
    case 'cis':
      where = CIS_FILTERS.find((f) => f.control === spec.value)?.where ?? everything();
      break;
    case 'api-calls': {
      const [source = '', name = ''] = spec.value.split(' ');
      where = all(eq('eventSource', source), eq('eventName', name));
      break;
    }
  }
  if (spec.excludeEventId !== undefined)
    where = all(where, not(eq('eventID', spec.excludeEventId)));
  return { window, where };
}

/** A {@link QuestionRunner} over a backend: one page of at most `limit` events. */
export function runnerFromBackend(backend: QueryBackend): QuestionRunner {
  return async (question) => {
    const result = await backend.run({ filter: question.filter, limit: question.limit });
    return {
      events: result.events,
      total: result.total,
      truncated: result.truncated,
      provenance: result.provenance,
    };
  };
}

/**
 * Runs every spec (in parallel); a failing question becomes an error line, never a failed alert.
 */
export async function investigate(
  specs: readonly InvestigationSpec[],
  runner: QuestionRunner | undefined,
  limit = 10,
): Promise<InvestigationResult[]> {
  return Promise.all(
    specs.map(async (spec): Promise<InvestigationResult> => {
      if (runner === undefined) return { spec, error: 'no CloudTrail backend is configured' };
      try {
        return { spec, outcome: await runner({ spec, filter: filterFor(spec), limit }) };
      } catch (e) {
        return { spec, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
