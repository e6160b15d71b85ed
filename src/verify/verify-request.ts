/**
 * `/trail verify [account] [region] [window]` read from plain words, the way questions are:
 * Slack's escaping undone, the account (12 digits) and Region anywhere, the rest a time window
 * in the asker's zone (default: the last 24 hours, so a bare `verify` stays a quick check).
 * Pure; the Slack job turns the result into a `verifyWindow()` call.
 */
import type { HelpSection } from '../../commands/help.js';
import { REGION } from '../core/command.js';
import { normalise } from '../core/parse.js';
import type { AskContext } from '../core/question.js';
import { defaultWindow, parseWindow } from '../core/time-window.js';
import type { TimeWindow } from '../core/window.js';

export interface VerifyRequest {
  account?: string;
  region?: string;
  window: TimeWindow;
  /** The window as given, e.g. `yesterday` or `last 24 hours (default)`. */
  windowText: string;
}

export type VerifyParse = { ok: true; request: VerifyRequest } | { ok: false; message: string };

/** Hours checked when no window is given. */
export const VERIFY_DEFAULT_HOURS = 24;

/** The Slack help's entry for it (the CLI has `trailhound verify --help` instead). */
export const VERIFY_HELP: HelpSection = {
  title: 'Log integrity',
  description:
    'Checks the CloudTrail digest files: every log file present and unchanged, none added, the hourly chain unbroken and signed. Without a window: the last 24 hours.',
  // Sections without an intent show their examples as written.
  examples: [
    '/trail verify',
    '/trail verify logs yesterday',
    '/trail verify 111122223333 us-east-1 last 7 days',
  ],
};

/** What is checked, after the verb: "logs", "log files", "log integrity", "digests", … */
const OBJECT = String.raw`(?:the\s+)?(?:cloudtrail\s+)?(?:log\s+integrity|log\s+files?|logs?|digests?|integrity)`;

/**
 * "verify", "verify logs", "check log integrity", "validate the log files", "integrity check",
 * "are the logs intact" — then the arguments. "check"/"validate" need an object, so that a
 * future question starting with "check" is not taken for a verification.
 */
const LEAD = new RegExp(
  String.raw`^(?:verify(?:\s+${OBJECT})?|(?:check|validate)\s+${OBJECT}|(?:log\s+)?integrity(?:\s+check)?|are\s+(?:the\s+)?logs\s+intact)(?=\s|$)`,
  'i',
);

/** Words that only join the arguments ("verify for account 111122223333 in eu-west-1"). */
const JOINERS = new Set(['for', 'in', 'of', 'account', 'region']);

const ACCOUNT = /^\d{12}$/;

/** Whether the text asks for a verification rather than a question. Example: `verify logs` → true. */
export const isVerifyRequest = (text: string): boolean => LEAD.test(normalise(text));

/**
 * Reads a verify request; `undefined` when the text is not one (it is then a question).
 * Example: `parseVerifyRequest('verify 111122223333 yesterday', {now, timeZone: 'UTC'})` →
 * `{ok: true, request: {account: '111122223333', window: yesterday, windowText: 'yesterday'}}`.
 */
export function parseVerifyRequest(text: string, ctx: AskContext): VerifyParse | undefined {
  const words = normalise(text);
  const lead = LEAD.exec(words);
  if (lead === null) return undefined;
  const rest = words.slice(lead[0].length).trim().split(' ').filter(Boolean);
  const request: Partial<VerifyRequest> = {};
  const windowWords: string[] = [];
  for (const word of rest) {
    const lower = word.toLowerCase();
    if (ACCOUNT.test(word) && request.account === undefined) request.account = word;
    else if (REGION.test(lower) && request.region === undefined) request.region = lower;
    else if (!JOINERS.has(lower)) windowWords.push(word);
  }
  if (windowWords.length === 0) {
    const { window, text: windowText } = defaultWindow(VERIFY_DEFAULT_HOURS, ctx);
    return { ok: true, request: { ...request, window, windowText } };
  }
  const parsed = parseWindow(windowWords.join(' '), ctx);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `${parsed.message} Write it as "verify [account] [region] [window]", e.g. "verify 111122223333 us-east-1 yesterday".`,
    };
  }
  return { ok: true, request: { ...request, window: parsed.window, windowText: parsed.text } };
}
