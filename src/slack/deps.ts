/**
 * What the Slack app needs from the rest of trailhound, passed in rather than imported so tests
 * can run the real pipeline or a fake one, and so entries choose the backend and the way slow
 * work runs (in process, or handed off to a second Lambda invocation).
 */
import type { HelpSection } from '../../commands/help.js';
import type { AskOptions, AskOutcome } from '../ask.js';
import type { AlertIntake } from '../intake/alert-runtime.js';
import type { QueryBackend } from '../ports/backend.js';
import type { StateStore } from '../ports/state.js';
import type { AuditLine } from './audit.js';
import type { Job } from './jobs.js';

/** The question pipeline: text in, an answer or the reason it was not understood out. */
export type AskFn = (text: string, options: AskOptions) => Promise<AskOutcome>;
export type { AskOptions, AskOutcome };

export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/** Runs the slow part of a request after Slack has its ack. */
export type Dispatch = (job: Job) => Promise<void>;

export interface SlackDeps {
  ask: AskFn;
  backend: QueryBackend;
  helpSections: () => HelpSection[];
  /** The clock: questions are asked "now". */
  now: () => Date;
  /** One JSON line per question, for the audit trail. */
  audit: (line: AuditLine) => void;
  log: Logger;
  /** Used for response_url posts (Bolt's respond() cannot wait out a 429). */
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** How jobs run; createSlackApp defaults to running them in this process. */
  dispatch?: Dispatch;
  /** Most events an Export CSV gathers. */
  csvMaxRows?: number;
  /**
   * The alert intake, when alerts are configured (ALERT_TOPIC_ARNS): the alert buttons act
   * through it and the entries serve POST /alerts/sns with it. Absent, alerts are off.
   */
  alertIntake?: AlertIntake;
  /**
   * Where questions to a person ("Ask @alice: did you do this?") wait for their answer. Absent,
   * the alert store when alerts are on, else the store REDIS_URL / ALERT_STATE_TABLE names, else
   * this process's memory (see questionStore in trace-jobs.ts).
   */
  state?: StateStore;
}

/** Production logging: JSON lines on stdout/stderr, never a token or a request body. */
export const consoleLogger: Logger = {
  info: (message, detail) => console.log(JSON.stringify({ level: 'info', message, ...detail })),
  error: (message, detail) => console.error(JSON.stringify({ level: 'error', message, ...detail })),
};

export const consoleAudit = (line: AuditLine): void => console.log(JSON.stringify(line));

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
