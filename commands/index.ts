/**
 * The registry of questions. Order matters: the parser takes the first command whose phrasing
 * fits, so fixed phrasings ("changes to iam", "activity of root") come before the ones that
 * take any word as their subject ("changes to R", "activity of P").
 */
import type { CommandSpec } from '../src/core/command.js';
import { parseQuestion } from '../src/core/parse.js';
import type { AskContext, ParseResult } from '../src/core/question.js';
import { accessDenied } from './access-denied.js';
import { actorActivity } from './actor-activity.js';
import { bucketPolicy } from './bucket-policy.js';
import { event } from './event.js';
import { failedLogins } from './failed-logins.js';
import { iam } from './iam.js';
import { instances } from './instances.js';
import { ipActivity } from './ip-activity.js';
import { kms } from './kms.js';
import { network } from './network.js';
import { noMfaLogins } from './no-mfa-logins.js';
import { root } from './root.js';
import { securityGroups } from './security-groups.js';
import { trace } from './trace.js';
import { trail } from './trail.js';
import { whoChanged } from './who-changed.js';

export const COMMANDS: readonly CommandSpec[] = [
  failedLogins,
  noMfaLogins,
  accessDenied,
  root,
  securityGroups,
  network,
  iam,
  bucketPolicy,
  instances,
  trail,
  kms,
  ipActivity,
  trace,
  actorActivity,
  whoChanged,
  event,
];

/**
 * Reads a question against every command.
 * Example: `parse('who changed sg-0123 since monday', {now, timeZone: 'Europe/Paris'})`.
 */
export function parse(text: string, ctx: AskContext): ParseResult {
  return parseQuestion(text, COMMANDS, ctx);
}
