/**
 * Payload → {@link Alert}. Never throws: whatever arrives becomes an alert, the unknown kind at
 * worst, with the raw payload kept for the "Raw event" button.
 *
 * Example: the SNS Message of an EventBridge rule with no input transformer is the event JSON,
 * so `decodeMessageText('{"detail-type":"AWS API Call via CloudTrail",…}', origin, t)` is a
 * `cloudtrail` alert whose `event` is the normalised `detail`.
 */
import { isJsonObject, scalarText, valueAt } from '../core/fields.js';
import { normaliseRecord } from '../core/normalise.js';
import type {
  AlarmAlert,
  Alert,
  AlertOrigin,
  CloudTrailAlert,
  GuardDutyAlert,
  InsightAlert,
  UnknownAlert,
} from './alert.js';
import {
  isCloudTrailEventBridgeEvent,
  isCloudTrailRecord,
  isCloudWatchAlarm,
  isEventBridgeEvent,
  isGuardDutyEvent,
  isInsightRecord,
  type CloudWatchAlarmMessage,
  type EventBridgeEvent,
} from './guards.js';

type Json = Record<string, unknown>;

/** CloudWatch's defaults for the CIS alarms: one period of 5 minutes. */
const DEFAULT_PERIOD_SECONDS = 300;

const text = (value: unknown): string | undefined => scalarText(value) || undefined;

const finiteNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Epoch ms of an ISO time (CloudWatch writes `2026-11-26T02:13:44.123+0000`); else `fallback`. */
function timeOf(value: unknown, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : fallback;
}

/** `ec2.amazonaws.com` → `aws.ec2`, the EventBridge name of the service. */
const eventBridgeSource = (eventSource: string): string =>
  eventSource === '' ? 'aws.unknown' : `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;

/** The text of an SNS Message: JSON is decoded as a payload, anything else is an unknown alert. */
export function decodeMessageText(message: string, origin: AlertOrigin, receivedMs: number): Alert {
  let payload: unknown;
  try {
    payload = JSON.parse(message);
  } catch {
    return unknownAlert(message, origin, receivedMs, message);
  }
  return decodePayload(payload, origin, receivedMs);
}

/** A parsed payload (an EventBridge event, an alarm message, a bare CloudTrail record, …). */
export function decodePayload(payload: unknown, origin: AlertOrigin, receivedMs: number): Alert {
  if (isEventBridgeEvent(payload)) return fromEventBridge(payload, origin, receivedMs);
  if (isCloudWatchAlarm(payload)) return fromAlarm(payload, origin, receivedMs);
  if (isInsightRecord(payload)) return fromInsight(payload, payload, origin, receivedMs);
  if (isCloudTrailRecord(payload)) {
    return fromRecord(payload, payload, origin, 'CloudTrail record', undefined);
  }
  const summary =
    origin.subject ?? (isJsonObject(payload) ? 'Unrecognised JSON alert' : String(payload));
  return unknownAlert(payload, origin, receivedMs, summary);
}

function unknownAlert(
  raw: unknown,
  origin: AlertOrigin,
  timeMs: number,
  summary: string,
): UnknownAlert {
  const line = summary.replace(/\s+/g, ' ').trim();
  return {
    kind: 'unknown',
    origin,
    timeMs,
    raw,
    summary: line === '' ? 'Empty alert' : line.length > 150 ? `${line.slice(0, 149)}…` : line,
  };
}

function fromEventBridge(event: EventBridgeEvent, origin: AlertOrigin, receivedMs: number): Alert {
  const withId =
    origin.deliveryId === undefined && event.id
      ? { ...origin, deliveryId: String(event.id) }
      : origin;
  const timeMs = timeOf(event.time, receivedMs);
  if (isGuardDutyEvent(event)) return fromGuardDuty(event, withId, timeMs);
  if (isInsightRecord(event.detail)) return fromInsight(event.detail, event, withId, timeMs);
  if (isCloudTrailEventBridgeEvent(event)) {
    return fromRecord(event.detail, event, withId, event['detail-type'], event.source);
  }
  const alert = unknownAlert(event, withId, timeMs, `${event['detail-type']} (${event.source})`);
  return withPlace(alert, text(event.account), text(event.region));
}

function withPlace<T extends Alert>(
  alert: T,
  account: string | undefined,
  region: string | undefined,
): T {
  return {
    ...alert,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

function fromRecord(
  record: Json,
  raw: unknown,
  origin: AlertOrigin,
  detailType: string,
  source: string | undefined,
): CloudTrailAlert {
  const event = normaliseRecord(record);
  const alert: CloudTrailAlert = {
    kind: 'cloudtrail',
    origin,
    timeMs: event.eventTimeMs,
    raw,
    detailType,
    source: source ?? eventBridgeSource(event.eventSource),
    event,
  };
  return withPlace(
    alert,
    event.recipientAccountId ?? text(valueAt(record, ['userIdentity', 'accountId'])),
    event.awsRegion || undefined,
  );
}

function fromAlarm(
  message: CloudWatchAlarmMessage,
  origin: AlertOrigin,
  receivedMs: number,
): AlarmAlert {
  const changedMs = timeOf(message.StateChangeTime, receivedMs);
  const trigger = isJsonObject(message.Trigger) ? message.Trigger : {};
  const period = finiteNumber(trigger.Period) ?? DEFAULT_PERIOD_SECONDS;
  const periods = finiteNumber(trigger.EvaluationPeriods) ?? 1;
  const alert: AlarmAlert = {
    kind: 'alarm',
    origin,
    timeMs: changedMs,
    raw: message,
    alarmName: message.AlarmName,
    newState: message.NewStateValue,
    reason: text(message.NewStateReason) ?? '',
    // Half-open [start, end): one millisecond past the change so an event stamped exactly at
    // StateChangeTime is still inside.
    window: { start: new Date(changedMs - period * periods * 1000), end: new Date(changedMs + 1) },
  };
  const optional: Partial<AlarmAlert> = {};
  const arn = text(message.AlarmArn);
  if (arn !== undefined) optional.alarmArn = arn;
  const description = text(message.AlarmDescription);
  if (description !== undefined) optional.description = description;
  const oldState = text(message.OldStateValue);
  if (oldState !== undefined) optional.oldState = oldState;
  const metricName = text(trigger.MetricName);
  if (metricName !== undefined) optional.metricName = metricName;
  const namespace = text(trigger.Namespace);
  if (namespace !== undefined) optional.namespace = namespace;
  // `Region` is a display name ("US East (N. Virginia)"); the ARN holds the code.
  const region = arn?.split(':')[3] || text(message.Region);
  return withPlace({ ...alert, ...optional }, text(message.AWSAccountId), region);
}

function fromInsight(
  record: Json & { insightDetails: Json },
  raw: unknown,
  origin: AlertOrigin,
  fallbackMs: number,
): InsightAlert {
  const details = record.insightDetails;
  const stats = (path: string[]): number | undefined =>
    finiteNumber(valueAt(details, ['insightContext', 'statistics', ...path]));
  const baseline = stats(['baseline', 'average']);
  const observed = stats(['insight', 'average']);
  const sharedEventID = text(record.sharedEventID);
  const alert: InsightAlert = {
    kind: 'insight',
    origin,
    timeMs: timeOf(record.eventTime, fallbackMs),
    raw,
    state: text(details.state) ?? 'Start',
    eventSource: text(details.eventSource) ?? '',
    eventName: text(details.eventName) ?? '',
    insightType: text(details.insightType) ?? 'Insight',
    ...(baseline !== undefined ? { baseline } : {}),
    ...(observed !== undefined ? { observed } : {}),
    ...(sharedEventID !== undefined ? { sharedEventID } : {}),
  };
  return withPlace(alert, text(record.recipientAccountId), text(record.awsRegion));
}

/** The affected resource of a finding in one phrase, by GuardDuty's `resourceType`. */
function findingResource(resource: unknown): string | undefined {
  if (!isJsonObject(resource)) return undefined;
  const at = (...path: string[]): string | undefined => text(valueAt(resource, path));
  switch (resource.resourceType) {
    case 'Instance':
      return at('instanceDetails', 'instanceId');
    case 'AccessKey':
      return at('accessKeyDetails', 'userName') ?? at('accessKeyDetails', 'accessKeyId');
    case 'S3Bucket': {
      const buckets = resource.s3BucketDetails;
      return Array.isArray(buckets) ? text(valueAt(buckets[0], ['name'])) : undefined;
    }
    default:
      return text(resource.resourceType);
  }
}

function fromGuardDuty(
  event: EventBridgeEvent,
  origin: AlertOrigin,
  fallbackMs: number,
): GuardDutyAlert {
  const d = event.detail;
  const resource = findingResource(d.resource);
  const description = text(d.description);
  const alert: GuardDutyAlert = {
    kind: 'guardduty',
    origin,
    timeMs: timeOf(d.updatedAt, timeOf(d.createdAt, fallbackMs)),
    raw: event,
    findingId: text(d.id) ?? '',
    findingType: text(d.type) ?? 'Unknown',
    title: text(d.title) ?? text(d.type) ?? 'GuardDuty finding',
    severity: finiteNumber(d.severity) ?? 0,
    ...(description !== undefined ? { description } : {}),
    ...(resource !== undefined ? { resource } : {}),
  };
  return withPlace(
    alert,
    text(d.accountId) ?? text(event.account),
    text(d.region) ?? text(event.region),
  );
}
