import type { EventFilter } from './filter.js';
import type { TimeWindow } from './window.js';

export type IntentId =
  | 'who-changed'
  | 'failed-logins'
  | 'access-denied'
  | 'actor-activity'
  | 'ip-activity'
  | 'security-groups'
  | 'network'
  | 'iam'
  | 'bucket-policy'
  | 'instances'
  | 'trail'
  | 'root'
  | 'no-mfa-logins'
  | 'kms'
  | 'event'
  | 'trace';

/** The narrowing modifiers any intent accepts: `by P`, `from IP`, `in REGION`. */
export interface Modifiers {
  by?: string;
  from?: string;
  in?: string;
}

/** Where a question is asked from: the reference time and the asker's IANA time zone. */
export interface AskContext {
  now: Date;
  timeZone: string;
}

/** A question as understood: what to look for, over which window, and how it was read. */
export interface Question {
  text: string;
  intent: IntentId;
  /** The intent's main argument: the resource, person, IP/CIDR or event id, when it takes one. */
  subject?: string;
  modifiers: Modifiers;
  /** Absent for `event <id>`, which ignores time. */
  window?: TimeWindow;
  /** How the window was given, e.g. `yesterday` or `last 24 hours (default)`. */
  windowText: string;
  timeZone: string;
  filter: EventFilter;
}

export type ParseFailure =
  /** The user asked for help. */
  | { ok: false; reason: 'help'; message: string; suggestions: string[] }
  /** No intent recognised: `suggestions` are the closest example phrasings ("did you mean …"). */
  | { ok: false; reason: 'unknown'; message: string; suggestions: string[] }
  /** An intent was recognised but its time expression was ambiguous or unparseable. */
  | { ok: false; reason: 'bad-window'; message: string; suggestions: string[] }
  /** An intent was recognised but its argument is missing or malformed (e.g. a bad CIDR). */
  | { ok: false; reason: 'bad-argument'; message: string; suggestions: string[] };

export type ParseResult = { ok: true; question: Question } | ParseFailure;
