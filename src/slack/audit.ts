/**
 * The audit line written for every question asked through Slack: who asked what, where, how
 * it was answered and what it cost. It holds the question text (the asker typed it into Slack
 * already) and Slack ids, never a name, a token, a response_url (a bearer credential for 30
 * minutes) or event data. `rows` is the events shown, `total` every event that matched.
 */
import type { Answer } from '../core/answer.js';

export type AuditOutcome = 'answered' | 'not-understood' | 'refused' | 'failed';

export interface AuditLine {
  audit: 'trailhound.question';
  at: string;
  user: string;
  channel: string;
  team?: string;
  /** command, page, suggestion, follow-up, share, export. */
  via: string;
  question: string;
  outcome: AuditOutcome;
  intent?: string;
  /** The resolved window, ISO 8601, half-open (absent for `event ID`, which has none). */
  window?: { start: string; end: string };
  backend?: string;
  rows?: number;
  total?: number;
  elapsedMs: number;
  bytesScanned?: number;
  apiCalls?: number;
  costUsd?: number;
  errorCode?: string;
}

export interface AuditInput {
  at: Date;
  user: string;
  channel: string;
  team?: string;
  via: string;
  question: string;
  outcome: AuditOutcome;
  elapsedMs: number;
  answer?: Answer;
  errorCode?: string;
}

/** Example: an answered question gives `{audit:'trailhound.question', outcome:'answered', rows: 10, …}`. */
export function auditLine(input: AuditInput): AuditLine {
  const { answer } = input;
  const stats = answer?.stats;
  return {
    audit: 'trailhound.question',
    at: input.at.toISOString(),
    user: input.user,
    channel: input.channel,
    ...(input.team !== undefined ? { team: input.team } : {}),
    via: input.via,
    question: input.question,
    outcome: input.outcome,
    ...(answer
      ? { intent: answer.question.intent, rows: answer.events.length, total: answer.total }
      : {}),
    ...(answer?.question.window
      ? {
          window: {
            start: answer.question.window.start.toISOString(),
            end: answer.question.window.end.toISOString(),
          },
        }
      : {}),
    ...(stats ? { backend: stats.backend } : {}),
    elapsedMs: Math.round(input.elapsedMs),
    ...(stats?.bytesScanned !== undefined ? { bytesScanned: stats.bytesScanned } : {}),
    ...(stats?.apiCalls !== undefined ? { apiCalls: stats.apiCalls } : {}),
    ...(stats?.costUsd !== undefined ? { costUsd: stats.costUsd } : {}),
    ...(input.errorCode !== undefined ? { errorCode: input.errorCode } : {}),
  };
}

/**
 * Writes the audit line of something a Slack user did: who and where come from the request's
 * origin, the time from the injected clock.
 */
export function writeAudit(
  deps: { audit: (line: AuditLine) => void; now: () => Date },
  origin: { userId: string; channelId: string; teamId?: string | undefined },
  fields: Omit<AuditInput, 'at' | 'user' | 'channel' | 'team'>,
): void {
  deps.audit(
    auditLine({
      at: deps.now(),
      user: origin.userId,
      channel: origin.channelId,
      ...(origin.teamId !== undefined ? { team: origin.teamId } : {}),
      ...fields,
    }),
  );
}
