/**
 * One alert, whatever delivered it: SNS (HTTP or Lambda) or EventBridge straight to Lambda, and
 * whatever it carries: a CloudTrail record, a CloudWatch alarm state change, a CloudTrail
 * Insights event, a GuardDuty finding, or something we do not recognise. Decoding (decode.ts)
 * never fails: the unknown kind keeps the raw payload so a person can still read it.
 */
import type { TrailEvent } from '../core/trail-event.js';
import type { TimeWindow } from '../core/window.js';

/** How the alert reached us; `deliveryId` is what redeliveries share (SNS MessageId, event id). */
export interface AlertOrigin {
  via: 'sns' | 'eventbridge';
  deliveryId?: string;
  topicArn?: string;
  subject?: string;
}

interface AlertBase {
  origin: AlertOrigin;
  /** When the alert says it happened, epoch ms (the envelope's time when the payload has none). */
  timeMs: number;
  account?: string;
  region?: string;
  /** The payload exactly as received (parsed JSON, or the text when it was not JSON). */
  raw: unknown;
}

/** An EventBridge "… via CloudTrail" event: the record itself is the alert. */
export interface CloudTrailAlert extends AlertBase {
  kind: 'cloudtrail';
  /** `AWS API Call via CloudTrail`, `AWS Console Sign In via CloudTrail`, … or `CloudTrail record`. */
  detailType: string;
  /** The originating service (`aws.ec2`, `aws.signin`), not aws.cloudtrail. */
  source: string;
  event: TrailEvent;
}

/** A CloudWatch alarm state change. It names no event: the window is where to look for them. */
export interface AlarmAlert extends AlertBase {
  kind: 'alarm';
  alarmName: string;
  alarmArn?: string;
  description?: string;
  /** `ALARM`, `OK`, `INSUFFICIENT_DATA`. */
  newState: string;
  oldState?: string;
  reason: string;
  metricName?: string;
  namespace?: string;
  /** [StateChangeTime − Period × EvaluationPeriods, StateChangeTime]: what the alarm evaluated. */
  window: TimeWindow;
}

/** A CloudTrail Insights event: an unusual rate of calls or errors (Start), or its End. */
export interface InsightAlert extends AlertBase {
  kind: 'insight';
  state: 'Start' | 'End' | (string & {});
  eventSource: string;
  eventName: string;
  /** `ApiCallRateInsight` or `ApiErrorRateInsight`. */
  insightType: string;
  baseline?: number;
  observed?: number;
  /** Start and End share it. */
  sharedEventID?: string;
}

export interface GuardDutyAlert extends AlertBase {
  kind: 'guardduty';
  findingId: string;
  findingType: string;
  title: string;
  description?: string;
  /** GuardDuty's 1.0–8.9 (10 for attack sequences) scale. */
  severity: number;
  /** The affected resource in one phrase (instance id, access key, bucket). */
  resource?: string;
}

/** Anything else: shown with its raw JSON, never dropped. */
export interface UnknownAlert extends AlertBase {
  kind: 'unknown';
  /** One line: the message text, the EventBridge detail-type, or the SNS Subject of odd JSON. */
  summary: string;
}

export type Alert = CloudTrailAlert | AlarmAlert | InsightAlert | GuardDutyAlert | UnknownAlert;
export type AlertKind = Alert['kind'];
