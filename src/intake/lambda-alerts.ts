/**
 * The alert entry point on Lambda: SNS event records (the same decoding and signature checks as
 * the HTTP endpoint; note Lambda's `SigningCertUrl` spelling) and EventBridge events delivered
 * directly to the function.
 *
 * Failures throw, so Lambda retries the invocation (asynchronous invokes: twice, then the
 * dead-letter queue); records already handled are skipped on the retry by their MessageId.
 * A record that fails verification is logged and dropped: retrying cannot make it genuine.
 */
import { decodeMessageText, decodePayload } from '../alerts/decode.js';
import {
  isEventBridgeEvent,
  isLambdaSnsEvent,
  isLambdaSnsRecord,
  type LambdaSnsRecord,
} from '../alerts/guards.js';
import { handleAlertAudited, type AlertAuditLine } from '../alerts/audit.js';
import type { AlertDeps, AlertOutcome } from '../alerts/threads.js';
import type { SnsVerifier } from './sns-signature.js';

export interface LambdaAlertDeps {
  alerts: AlertDeps;
  verifier: SnsVerifier;
  topicArns: readonly string[];
  log?: (message: string, fields?: Record<string, unknown>) => void;
  now?: () => number;
}

export interface LambdaAlertReport {
  handled: AlertOutcome['status'][];
  /** Records refused (unverifiable or from another topic), with the reason. */
  refused: string[];
}

const defaultLog = (message: string, fields?: Record<string, unknown>): void =>
  console.log(JSON.stringify({ message, ...fields }));

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Writes an alert's audit line (src/alerts/audit.ts) as this handler's log line. */
const auditTo =
  (deps: LambdaAlertDeps, fields: Record<string, unknown> = {}) =>
  (line: AlertAuditLine): void =>
    (deps.log ?? defaultLog)(
      line.outcome === 'failed'
        ? 'lambda: alert failed, Lambda will retry'
        : 'lambda: alert handled',
      { ...fields, ...line },
    );

async function handleSnsRecord(
  record: LambdaSnsRecord,
  deps: LambdaAlertDeps,
): Promise<AlertOutcome | string> {
  const sns = record.Sns;
  const fields = { messageId: sns.MessageId, topicArn: sns.TopicArn };
  if (!deps.topicArns.includes(sns.TopicArn)) return 'topic is not in ALERT_TOPIC_ARNS';
  const subject = str(sns.Subject);
  const timestamp = str(sns.Timestamp) ?? '';
  const verdict = await deps.verifier.verify({
    Type: str(sns.Type) ?? 'Notification',
    MessageId: sns.MessageId,
    TopicArn: sns.TopicArn,
    Message: sns.Message,
    Timestamp: timestamp,
    ...(subject !== undefined ? { Subject: subject } : {}),
    ...(str(sns.SignatureVersion) ? { SignatureVersion: str(sns.SignatureVersion) } : {}),
    ...(str(sns.Signature) ? { Signature: str(sns.Signature) } : {}),
    // Lambda writes SigningCertUrl; accept the HTTP spelling too.
    ...((str(sns.SigningCertUrl) ?? str(sns.SigningCertURL))
      ? { SigningCertURL: str(sns.SigningCertUrl) ?? str(sns.SigningCertURL) }
      : {}),
  });
  if (!verdict.ok) {
    if (verdict.retryable)
      throw new Error(`sns: cannot verify ${sns.MessageId} yet: ${verdict.reason}`);
    return verdict.reason;
  }
  const sentMs = Date.parse(timestamp);
  const alert = decodeMessageText(
    sns.Message,
    {
      via: 'sns',
      deliveryId: sns.MessageId,
      topicArn: sns.TopicArn,
      ...(subject ? { subject } : {}),
    },
    Number.isFinite(sentMs) ? sentMs : (deps.now?.() ?? Date.now()),
  );
  return handleAlertAudited(alert, deps.alerts, auditTo(deps, fields));
}

/**
 * Handles one Lambda invocation. Example wiring:
 *   export const handler = (event: unknown) => handleLambdaEvent(event, await depsOnce());
 */
export async function handleLambdaEvent(
  event: unknown,
  deps: LambdaAlertDeps,
): Promise<LambdaAlertReport> {
  const log = deps.log ?? defaultLog;
  const report: LambdaAlertReport = { handled: [], refused: [] };
  const now = deps.now?.() ?? Date.now();
  if (isLambdaSnsEvent(event)) {
    const failures: string[] = [];
    for (const record of event.Records) {
      if (!isLambdaSnsRecord(record)) {
        report.refused.push('not an SNS record');
        continue;
      }
      try {
        const result = await handleSnsRecord(record, deps);
        if (typeof result === 'string') {
          log('lambda: record refused', { reason: result, messageId: record.Sns.MessageId });
          report.refused.push(result);
        } else report.handled.push(result.status);
      } catch (e) {
        // Keep going so one bad record does not hold back the others, then fail the invocation.
        failures.push(`${record.Sns.MessageId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`alerts not delivered, Lambda will retry: ${failures.join('; ')}`);
    return report;
  }
  // EventBridge delivers its event as the invocation payload; anything else becomes an
  // unknown alert rather than vanishing.
  const origin =
    isEventBridgeEvent(event) && str(event.id)
      ? { via: 'eventbridge' as const, deliveryId: str(event.id) as string }
      : { via: 'eventbridge' as const };
  const alert = decodePayload(event, origin, now);
  const outcome = await handleAlertAudited(alert, deps.alerts, auditTo(deps));
  report.handled.push(outcome.status);
  return report;
}
