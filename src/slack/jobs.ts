/**
 * The slow half of every request, as plain JSON: handlers ack, describe the work as a Job and
 * dispatch it. In a long-lived process the job runs right away; on Lambda it travels in the
 * payload of an asynchronous self-invocation, because Lambda only returns Slack's HTTP response
 * when the handler ends (facts-slack.md §1) and the answer can take longer than 3 seconds.
 */
import type { FollowUpChoice } from '../../blocks/action-ids.js';
import type { Visibility } from '../../blocks/answer.js';
import type { PageState, PinnedEvent } from '../../blocks/button-values.js';
import type { AlertClick } from '../alerts/actions.js';
import type { TraceJob } from './trace-jobs.js';

/** Who asked and where the reply goes. */
export interface Origin {
  userId: string;
  channelId: string;
  teamId?: string;
  /** Valid for 5 posts / 30 minutes after the request. */
  responseUrl: string;
  /** Posts already made to responseUrl before the job started. */
  responseUrlUsed?: number;
  /** The request was a click on an ephemeral message, which the job may replace. */
  fromEphemeral: boolean;
  visibility: Visibility;
}

export type Job =
  /** Answer a question (a /trail command, a page, did-you-mean or Run-in-Athena click). */
  | {
      kind: 'answer';
      origin: Origin;
      /** The question; timeZone empty means "look up the asker's zone". */
      page: PageState;
      via: 'command' | 'page' | 'suggestion' | 'follow-up' | 'run-in-athena' | 'confirm-cost';
      /** Replace the message the request came from instead of posting a new one. */
      replace: boolean;
    }
  /** A follow-up from the event menu: everything by this actor ±1h, this resource, this IP. */
  | {
      kind: 'follow-up';
      origin: Origin;
      choice: FollowUpChoice;
      eventId: string;
      /** The event is on a pinned answer: look it up, and ask the follow-up, on that engine. */
      pinned?: PinnedEvent;
      nowMs: number;
    }
  /** Fill the raw-event modal opened (as "loading") by the handler. */
  | {
      kind: 'raw-event';
      origin: Origin;
      eventId: string;
      pinned?: PinnedEvent;
      viewId: string;
      nowMs: number;
    }
  /** Post the answer page in the channel for everyone. */
  | { kind: 'share'; origin: Origin; page: PageState }
  /** Upload every matching event as a CSV file. */
  | { kind: 'export'; origin: Origin; page: PageState }
  /** Check log file integrity over a window: `/trail verify [account] [region] [window]`. */
  | { kind: 'verify'; origin: Origin; text: string; nowMs: number }
  /** An allowed click on an alert thread's button (alert-routes.ts). */
  | { kind: 'alert-click'; origin: Origin; click: AlertClick }
  /** Trace an event to a person, ask them, record their answer (trace-jobs.ts). */
  | TraceJob;

/** The field that marks a Lambda invocation as a hand-off rather than an HTTP event. */
export const HANDOFF_MARKER = 'trailhoundJob';

export interface HandOffEvent {
  [HANDOFF_MARKER]: Job;
}

/**
 * Tells the second (asynchronous) invocation apart from an API Gateway / Function URL event:
 * only the hand-off payload has a `trailhoundJob` object with a `kind`.
 */
export function isHandOffEvent(event: unknown): event is HandOffEvent {
  if (typeof event !== 'object' || event === null || !(HANDOFF_MARKER in event)) return false;
  const job = (event as Record<string, unknown>)[HANDOFF_MARKER];
  return (
    typeof job === 'object' && job !== null && typeof (job as { kind?: unknown }).kind === 'string'
  );
}
