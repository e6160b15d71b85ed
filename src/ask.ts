/**
 * The question pipeline shared by the CLI and Slack: text → `parse` → `Question` → backend →
 * `Answer`. Everything a renderer shows (summary, notes, timings, provenance) is filled here so
 * the terminal, `--json` and Block Kit always tell the same story about the same answer.
 */
import { parse } from '../commands/index.js';
import type { Answer, Note } from './core/answer.js';
import type { AskContext, ParseFailure, Question } from './core/question.js';
import { summarize } from './core/summary.js';
import type { QueryBackend, QueryProgress, QueryResult } from './ports/backend.js';
import { traceQuery } from './trace/answer.js';
import type { TraceResult } from './trace/types.js';

export interface RunOptions {
  backend: QueryBackend;
  /** The most events in the answer (one page). */
  limit: number;
  /** `nextCursor` of a previous answer to the same question: its next page. */
  cursor?: string;
  onProgress?: (progress: QueryProgress) => void;
  signal?: AbortSignal;
  /** The asker confirmed a query estimated above the cost cap (Athena): run it anyway. */
  confirmCost?: boolean;
  /** A monotonic clock in milliseconds, for `stats.elapsedMs`; default `performance.now`. */
  clock?: () => number;
}

export interface AskOptions extends RunOptions {
  /** When the question is asked and in which time zone ("today" depends on both). */
  ctx: AskContext;
}

export type AskOutcome = { ok: true; answer: Answer } | ParseFailure;

/**
 * Answers a question typed by a person, or says why it could not be read (with did-you-mean
 * suggestions). Backend failures are thrown as `TrailError`s.
 *
 * @example
 * const outcome = await ask('failed logins today', { ctx: { now, timeZone: 'UTC' }, backend, limit: 20 });
 * if (outcome.ok) console.log(outcome.answer.total);
 */
export async function ask(text: string, options: AskOptions): Promise<AskOutcome> {
  const parsed = parse(text, options.ctx);
  if (!parsed.ok) return parsed;
  return { ok: true, answer: await runQuestion(parsed.question, options) };
}

/**
 * Answers an already-understood question: a Slack follow-up button or a next page carries the
 * `Question` and must not be re-read against a later clock.
 */
export async function runQuestion(question: Question, options: RunOptions): Promise<Answer> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const result: QueryResult & { trace?: TraceResult } =
    question.intent === 'trace'
      ? await traceQuery(question, options)
      : await options.backend.run({
          filter: question.filter,
          limit: options.limit,
          ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.confirmCost ? { confirmCost: true } : {}),
        });
  const elapsedMs = Math.round(clock() - started);
  const total = Math.max(result.total, result.events.length);
  const answer: Answer = {
    question,
    events: result.events,
    total,
    truncated: result.truncated,
    summary: result.summary ?? summarize(result.events),
    notes: withTruncationNote(result.notes, result.events.length, total, result.truncated),
    stats: { ...result.stats, elapsedMs },
    provenance: `${result.provenance} · ${formatElapsed(elapsedMs)}`,
  };
  if (result.nextCursor !== undefined) answer.nextCursor = result.nextCursor;
  if (result.trace !== undefined) answer.trace = result.trace;
  return answer;
}

/** Says "20 of 412" once, unless the backend already explained the truncation itself. */
function withTruncationNote(notes: Note[], shown: number, total: number, truncated: boolean) {
  if (!truncated || notes.some((n) => n.kind === 'truncation')) return notes;
  const count = (n: number) => n.toLocaleString('en-US');
  const text =
    total > shown
      ? `showing ${count(shown)} of ${count(total)} matching events`
      : `showing ${count(shown)} matching events; there are more`;
  return [...notes, { kind: 'truncation' as const, text }];
}

/** Example: 3.4 → `3 ms`, 2345 → `2.3 s`. */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
