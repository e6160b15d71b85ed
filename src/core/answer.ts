import type { TraceResult } from '../trace/types.js';
import type { Question } from './question.js';
import type { TrailEvent } from './trail-event.js';

export interface Count {
  key: string;
  count: number;
}

/** Who, what, from where and which errors, over every event that matched (not just one page). */
export interface AnswerSummary {
  byActor: Count[];
  byEventName: Count[];
  bySourceIp: Count[];
  byError: Count[];
  /** How many matched events carry an errorCode or a failed ConsoleLogin. */
  failures: number;
}

export interface Note {
  /** gap: data that was not searched; truncation: more matched than shown; warning: skipped input. */
  kind: 'gap' | 'truncation' | 'warning' | 'info';
  text: string;
  /**
   * A follow-up the renderer may offer as a button: `run-in-athena` re-asks the same question
   * on Athena (set by LookupEvents on gaps it cannot fill, only when Athena is configured).
   */
  action?: 'run-in-athena';
}

export interface AnswerStats {
  /** `local`, `lookup` or `athena`. */
  backend: string;
  elapsedMs: number;
  filesScanned?: number;
  rowsScanned?: number;
  bytesScanned?: number;
  apiCalls?: number;
  regions?: string[];
  accounts?: string[];
  /** Estimated cost in US dollars (Athena). */
  costUsd?: number;
}

export interface Answer {
  question: Question;
  /** Newest first; at most the requested limit. */
  events: TrailEvent[];
  /** How many events matched in all, when the backend knows; otherwise at least events.length. */
  total: number;
  /** More matched than `events` holds. */
  truncated: boolean;
  summary: AnswerSummary;
  notes: Note[];
  stats: AnswerStats;
  /** A one-line description of how the answer was found, e.g. "DuckDB · 412 files · 3 ms". */
  provenance: string;
  /** Opaque cursor for the next page, when there is one. */
  nextCursor?: string;
  /**
   * For a `trace` question: the chain from the start back to its origin. `events` then holds
   * the events it rests on (the start, then each issuing call).
   */
  trace?: TraceResult;
}
