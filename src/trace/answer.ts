/**
 * A `trace` question answered through the same pipeline as every other question (src/ask.ts):
 * the walk runs on the asker's backend, and its result travels in `Answer.trace`, with the
 * events it rests on as the answer's events so exports and raw-event views keep working.
 */
import type { Question } from '../core/question.js';
import type { QueryBackend, QueryResult } from '../ports/backend.js';
import { summarize } from '../core/summary.js';
import { parseTraceStart } from './start.js';
import type { TraceResult } from './types.js';
import { walkTrace } from './walk.js';

export interface TraceQueryOptions {
  backend: QueryBackend;
  signal?: AbortSignal;
  confirmCost?: boolean;
}

/**
 * Runs the trace a question asks for. The question's window is where the key's or session's
 * use is looked for; its end is "now" for the walk.
 *
 * @example (await traceQuery(parse('trace ASIA…').question, { backend })).trace.origin
 */
export async function traceQuery(
  question: Question,
  options: TraceQueryOptions,
): Promise<QueryResult & { trace: TraceResult }> {
  const subject = question.subject ?? '';
  const start = parseTraceStart(subject) ?? { kind: 'event' as const, value: subject };
  const now = question.window?.end ?? new Date();
  const walk = await walkTrace(start, {
    backend: options.backend,
    now,
    ...(question.window ? { window: question.window } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.confirmCost ? { confirmCost: true } : {}),
  });
  const { result, events, searches } = walk;
  return {
    events,
    total: events.length,
    truncated: false,
    summary: summarize(events),
    notes: result.notes.map((text) => ({ kind: 'info' as const, text })),
    stats: { backend: result.searched.backend, apiCalls: searches },
    provenance: `Trace · ${searches} ${searches === 1 ? 'search' : 'searches'} on ${result.searched.backend}`,
    trace: result,
  };
}
