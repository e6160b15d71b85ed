/**
 * The one structured line written per alert handled, the alert counterpart of the question
 * audit line (src/slack/audit.ts): where it came from, what the rules made of it, what became
 * of it and how long that took. It names the delivery and the account, never the payload (an
 * AWS event carries request parameters) nor anything from Slack but channel-free thread keys.
 */
import type { Alert } from './alert.js';
import type { Severity } from './severity.js';
import {
  DeliveryInFlightError,
  handleAlert,
  type AlertDeps,
  type AlertOutcome,
} from './threads.js';

export interface AlertAuditLine {
  audit: 'trailhound.alert';
  at: string;
  via: Alert['origin']['via'];
  deliveryId?: string;
  topicArn?: string;
  kind: Alert['kind'];
  account?: string;
  region?: string;
  rule?: string;
  severity?: Severity;
  outcome: AlertResult['status'];
  threadKey?: string;
  /** Alerts the thread has absorbed, this one included. */
  count?: number;
  elapsedMs: number;
  /** For `failed`: the error's class and its message (Slack's or AWS's error code, clipped). */
  error?: string;
  reason?: string;
}

/** What became of the alert: handleAlert's outcome, or the error it threw. */
export type AlertResult = AlertOutcome | { status: 'failed'; error: unknown };

/**
 * Example: a threaded root sign-in gives `{audit: 'trailhound.alert', via: 'sns',
 * kind: 'cloudtrail', rule: 'root-activity', severity: 'critical', outcome: 'threaded',
 * count: 1, elapsedMs: 212, …}`.
 */
export function alertAuditLine(
  alert: Alert,
  result: AlertResult,
  timing: { at: number; elapsedMs: number },
): AlertAuditLine {
  const { origin } = alert;
  return {
    audit: 'trailhound.alert',
    at: new Date(timing.at).toISOString(),
    via: origin.via,
    ...(origin.deliveryId !== undefined ? { deliveryId: origin.deliveryId } : {}),
    ...(origin.topicArn !== undefined ? { topicArn: origin.topicArn } : {}),
    kind: alert.kind,
    ...(alert.account !== undefined ? { account: alert.account } : {}),
    ...(alert.region !== undefined ? { region: alert.region } : {}),
    ...('rule' in result ? { rule: result.rule, severity: result.severity } : {}),
    outcome: result.status,
    ...('threadKey' in result && result.threadKey !== undefined
      ? { threadKey: result.threadKey }
      : {}),
    ...('count' in result ? { count: result.count } : {}),
    elapsedMs: Math.round(timing.elapsedMs),
    ...('error' in result ? failure(result.error) : {}),
  };
}

const failure = (error: unknown): { error: string; reason: string } =>
  error instanceof Error
    ? { error: error.name, reason: error.message.slice(0, 300) }
    : { error: typeof error, reason: String(error).slice(0, 300) };

/**
 * {@link handleAlert}, then its audit line through `write` — also when it fails (the caller
 * still gets the error, to answer 5xx or fail the Lambda invocation). A redelivery refused
 * because its first delivery is still in flight writes nothing: that first delivery will.
 */
export async function handleAlertAudited(
  alert: Alert,
  deps: AlertDeps,
  write: (line: AlertAuditLine) => void,
): Promise<AlertOutcome> {
  const started = Date.now();
  const timing = () => ({ at: deps.now?.() ?? Date.now(), elapsedMs: Date.now() - started });
  try {
    const outcome = await handleAlert(alert, deps);
    write(alertAuditLine(alert, outcome, timing()));
    return outcome;
  } catch (e) {
    if (!(e instanceof DeliveryInFlightError)) {
      write(alertAuditLine(alert, { status: 'failed', error: e }, timing()));
    }
    throw e;
  }
}
