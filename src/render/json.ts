/**
 * The `--json` output: a stable, documented shape for scripts and for piping into `jq`. Field
 * names follow CloudTrail's own; absent values are `null` rather than missing, so a consumer
 * can rely on every key being there. Strings are left as recorded (JSON escaping makes them
 * safe); renderers of this output must still treat them as untrusted.
 */
import type { Answer, AnswerStats, AnswerSummary, Note } from '../core/answer.js';
import type { IntentId, Modifiers, ParseFailure } from '../core/question.js';
import type { TrailEvent } from '../core/trail-event.js';
import type { TraceResult } from '../trace/types.js';

export interface JsonEvent {
  eventID: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  eventType: string | null;
  awsRegion: string;
  recipientAccountId: string | null;
  /** Who, in words: `deploy-role session gha-98765`. */
  actor: string;
  actorType: string;
  actorArn: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  readOnly: boolean | null;
  /** ARNs of `resources[]`. */
  resources: string[];
  requestParameters: unknown;
}

export interface JsonAnswer {
  question: {
    text: string;
    intent: IntentId;
    subject: string | null;
    modifiers: Modifiers;
    window: { start: string; end: string } | null;
    windowText: string;
    timeZone: string;
  };
  events: JsonEvent[];
  summary: AnswerSummary;
  notes: Note[];
  stats: AnswerStats;
  provenance: string;
  truncated: boolean;
  total: number;
  nextCursor: string | null;
  /** The chain of a `trace` question (src/trace/types.ts), null for every other question. */
  trace: TraceResult | null;
}

export interface JsonError {
  error: { reason: string; message: string; suggestions: string[] };
}

export function eventToJson(event: TrailEvent): JsonEvent {
  return {
    eventID: event.eventID,
    eventTime: event.eventTime,
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventType: event.eventType ?? null,
    awsRegion: event.awsRegion,
    recipientAccountId: event.recipientAccountId ?? null,
    actor: event.actor.display,
    actorType: event.actor.type,
    actorArn: event.actor.arn ?? null,
    sourceIPAddress: event.sourceIPAddress ?? null,
    userAgent: event.userAgent ?? null,
    errorCode: event.errorCode ?? null,
    errorMessage: event.errorMessage ?? null,
    readOnly: event.readOnly ?? null,
    resources: event.resources.flatMap((r) => (r.arn === undefined ? [] : [r.arn])),
    requestParameters: event.raw.requestParameters ?? null,
  };
}

/**
 * Example: `JSON.stringify(answerToJson(answer))` →
 * `{"question":{"text":"failed logins today","intent":"failed-logins",…},"events":[…],…}`.
 */
export function answerToJson(answer: Answer): JsonAnswer {
  const { question } = answer;
  return {
    question: {
      text: question.text,
      intent: question.intent,
      subject: question.subject ?? null,
      modifiers: question.modifiers,
      window: question.window
        ? { start: question.window.start.toISOString(), end: question.window.end.toISOString() }
        : null,
      windowText: question.windowText,
      timeZone: question.timeZone,
    },
    events: answer.events.map(eventToJson),
    summary: answer.summary,
    notes: answer.notes,
    stats: answer.stats,
    provenance: answer.provenance,
    truncated: answer.truncated,
    total: answer.total,
    nextCursor: answer.nextCursor ?? null,
    trace: answer.trace ?? null,
  };
}

/** A question that was not understood: `{error: {reason: 'unknown', message, suggestions}}`. */
export function failureToJson(failure: ParseFailure): JsonError {
  return {
    error: { reason: failure.reason, message: failure.message, suggestions: failure.suggestions },
  };
}

/** A failure while answering: the reason is the TrailError code (`no-logs`, `config`, …). */
export function errorToJson(reason: string, message: string): JsonError {
  return { error: { reason, message, suggestions: [] } };
}
