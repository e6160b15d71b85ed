/**
 * `GET /healthz?deep=1`: the doctor's live checks, answered from a cache so that a load
 * balancer, a monitor or a stranger polling the URL costs at most one auth.test and one round
 * of AWS calls per {@link DEEP_HEALTH_TTL_MS}. Concurrent requests share the check in flight.
 * The body names checks and their status only: details can hold account ids and role ARNs.
 */
import type { CheckResult, CheckStatus } from './check.js';

export const DEEP_HEALTH_TTL_MS = 30_000;

export interface DeepHealthBody {
  ok: boolean;
  checkedAt: string;
  checks: { name: string; status: CheckStatus }[];
  /** Names of the checks that found a problem. */
  failing: string[];
}

/**
 * Wraps a check run in a time-based cache. Example: two calls 10 s apart run `checks` once;
 * a call 31 s after the first runs it again.
 */
export function cachedDeepHealth(
  checks: () => Promise<CheckResult[]>,
  now: () => number = Date.now,
  ttlMs = DEEP_HEALTH_TTL_MS,
): () => Promise<DeepHealthBody> {
  let cached: { at: number; body: Promise<DeepHealthBody> } | undefined;
  return () => {
    const at = now();
    if (cached === undefined || at - cached.at >= ttlMs) {
      const body = checks().then((results) => toBody(results, at));
      cached = { at, body };
      // A crash in the checks themselves is not cached: the next request tries again.
      body.catch(() => {
        if (cached?.body === body) cached = undefined;
      });
    }
    return cached.body;
  };
}

function toBody(results: CheckResult[], at: number): DeepHealthBody {
  const failing = results.filter((r) => r.status === 'problem').map((r) => r.name);
  return {
    ok: failing.length === 0,
    checkedAt: new Date(at).toISOString(),
    checks: results.map(({ name, status }) => ({ name, status })),
    failing,
  };
}
