/**
 * One line of `trailhound doctor`: a named check that passed, found a problem (with what to do
 * about it) or did not apply to this configuration. Checks never throw; a failure of the thing
 * checked is a `problem` result.
 */
import { toTrailError, type AwsCallContext } from '../backends/aws-errors.js';
import { isTrailError, type TrailErrorCode } from '../core/errors.js';

export type CheckStatus = 'ok' | 'problem' | 'skipped';

export interface CheckResult {
  /** Stable and short, e.g. `slack token`, `cloudtrail eu-west-1`; /healthz?deep=1 lists these. */
  name: string;
  status: CheckStatus;
  /** What was found, e.g. `bot trailhound in team T0123`. Never holds a secret. */
  detail: string;
  /** For a problem: the one thing to do about it. */
  fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });

export const problem = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'problem',
  detail,
  fix,
});

export const skipped = (name: string, detail: string): CheckResult => ({
  name,
  status: 'skipped',
  detail,
});

const AWS_FIXES: Partial<Record<TrailErrorCode, (action: string) => string>> = {
  'access-denied': (action) =>
    `Add ${action} to the policy of the bot's role (infra/iam-policy.json has every action).`,
  config: () =>
    'Give the process AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ' +
    'or an instance, container or Lambda role.',
  network: () =>
    'Check the network and any proxy, or AWS_ENDPOINT_URL_* if you point at a custom endpoint.',
  throttled: () => 'Something else is using the same API quota; run the doctor again in a minute.',
};

/**
 * A failed AWS call as a problem whose fix names the missing IAM action when AWS refused it.
 *
 * @example awsProblem('cloudtrail eu-west-1', accessDenied, { action: 'cloudtrail:LookupEvents' })
 * // → { status: 'problem', fix: 'Add cloudtrail:LookupEvents to the policy of the bot's role …' }
 */
export function awsProblem(name: string, error: unknown, context: AwsCallContext): CheckResult {
  const e = toTrailError(error, context);
  if (!isTrailError(e)) return problem(name, `${context.action} was aborted`, 'Run it again.');
  const action = typeof e.detail.action === 'string' ? e.detail.action : context.action;
  const fix =
    AWS_FIXES[e.code]?.(action) ??
    `Fix what AWS reports for ${context.action}, then run the doctor again.`;
  // What AWS said, without toTrailError's advice (the fix line gives it).
  const cause = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
  };
  const said = [cause.name, cause.message].filter((p) => typeof p === 'string').join(': ');
  const where = context.region === undefined ? '' : ` in ${context.region}`;
  return problem(name, `${context.action} failed${where}: ${said || String(error)}`, fix);
}
