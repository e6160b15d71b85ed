import type { AnswerStats, AnswerSummary, Note } from '../core/answer.js';
import type { EventFilter } from '../core/filter.js';
import type { TrailEvent } from '../core/trail-event.js';

/** Progress a long query reports while it runs ("3 pages, 150 events", "RUNNING, 1.2 GB"). */
export interface QueryProgress {
  message: string;
  eventsSoFar?: number;
  bytesScanned?: number;
}

export interface QueryRequest {
  filter: EventFilter;
  /** The most events to return (one page). */
  limit: number;
  /** Opaque cursor from a previous result's `nextCursor`. */
  cursor?: string;
  onProgress?: (progress: QueryProgress) => void;
  signal?: AbortSignal;
  /**
   * The asker confirmed a query estimated above the cost cap (Athena's `cost-cap` error),
   * so run it anyway.
   */
  confirmCost?: boolean;
}

export interface QueryResult {
  /** Newest first. */
  events: TrailEvent[];
  /** Total matches when known (DuckDB, Athena); LookupEvents may only know a lower bound. */
  total: number;
  truncated: boolean;
  /** Summary over all matches when the engine can compute it; otherwise over `events`. */
  summary?: AnswerSummary;
  notes: Note[];
  stats: Omit<AnswerStats, 'elapsedMs'> & { elapsedMs?: number };
  provenance: string;
  nextCursor?: string;
}

/** A place CloudTrail events can be searched: the local DuckDB index, LookupEvents, Athena. */
export interface QueryBackend {
  /** `auto` plans each question and delegates to one of the others (backends/aws-backends.ts). */
  readonly name: 'local' | 'lookup' | 'athena' | 'auto';
  run(request: QueryRequest): Promise<QueryResult>;
  /**
   * Runs the request on one engine whatever the configuration would choose: the "Run in Athena"
   * button of an answer whose LookupEvents search had a gap. Absent: only `name` can answer.
   */
  runWith?(kind: EngineKind, request: QueryRequest): Promise<QueryResult>;
  close(): Promise<void>;
}

/** The engines that search (`auto` only chooses among them). */
export type EngineKind = Exclude<QueryBackend['name'], 'auto'>;
