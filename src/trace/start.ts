/**
 * What a trace starts from, read from what someone typed: an access key id, a role session
 * (`deploy-role/gha-98765` or its `arn:aws:sts::…:assumed-role/…` ARN) or an event id.
 */
import { eventIdProblem } from '../core/command.js';
import type { TraceStart } from './types.js';

/** AKIA… long-term user keys, ASIA… temporary (STS) keys. */
const ACCESS_KEY = /^(?:AKIA|ASIA)[A-Z0-9]{12,124}$/;
const SESSION_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/(?:[^/\s]+\/)*[^/\s]+\/[^/\s]+$/;
const ROLE_SESSION = /^[\w+=,.@-]{1,64}\/[\w+=,.@:-]{2,64}$/;

/**
 * Classifies a trace argument, or undefined when it is none of the three.
 *
 * @example parseTraceStart('asiaexample1234567890') // → { kind: 'access-key', value: 'ASIAEXAMPLE1234567890' }
 * @example parseTraceStart('deploy-role/gha-98765') // → { kind: 'session', value: 'deploy-role/gha-98765' }
 */
export function parseTraceStart(text: string): TraceStart | undefined {
  const value = text.trim();
  if (ACCESS_KEY.test(value.toUpperCase()))
    return { kind: 'access-key', value: value.toUpperCase() };
  if (SESSION_ARN.test(value) || ROLE_SESSION.test(value)) return { kind: 'session', value };
  if (!value.includes('/') && eventIdProblem(value) === undefined) return { kind: 'event', value };
  return undefined;
}

/** Why `text` cannot start a trace, or undefined when it can (for the question parser). */
export function traceStartProblem(text: string): string | undefined {
  return parseTraceStart(text) === undefined
    ? `"${text}" is not an access key id, role session or event id (e.g. ASIA…, deploy-role/gha-98765 or an eventID).`
    : undefined;
}

/** Role and session of a `role/session` or assumed-role ARN start, and the account when the ARN names it. */
export function sessionParts(value: string): { role: string; session: string; accountId?: string } {
  const arn = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/(.+)\/([^/]+)$/.exec(value);
  if (arn !== null) {
    const role = (arn[2] ?? '').split('/').at(-1) ?? '';
    return { role, session: arn[3] ?? '', accountId: arn[1] ?? '' };
  }
  const [role = '', session = ''] = value.split('/');
  return { role, session };
}
