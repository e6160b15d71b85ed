/**
 * Type guards that tell alert payloads apart. Each checks the few fields that prove the shape
 * (named in its comment) and nothing more: the decoder reads the rest tolerantly, because AWS
 * adds fields without notice and one odd field must not turn an alarm into an "unknown".
 */
import { isJsonObject } from '../core/fields.js';

type Json = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';

/** An SNS envelope as POSTed to an HTTPS subscription; proven by `Type` + `MessageId` + `TopicArn`. */
export interface SnsHttpEnvelope extends Json {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message?: string;
  Subject?: string;
  Timestamp?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

export const isSnsHttpEnvelope = (v: unknown): v is SnsHttpEnvelope =>
  isJsonObject(v) && isString(v.Type) && isString(v.MessageId) && isString(v.TopicArn);

/**
 * One record of an SNS → Lambda event; proven by `EventSource: "aws:sns"` and an `Sns` object.
 * Note Lambda spells the certificate field `SigningCertUrl` (not `…URL`).
 */
export interface LambdaSnsRecord extends Json {
  EventSource: 'aws:sns';
  Sns: Json & { MessageId: string; TopicArn: string; Message: string; Type?: string };
}

export const isLambdaSnsRecord = (v: unknown): v is LambdaSnsRecord =>
  isJsonObject(v) &&
  v.EventSource === 'aws:sns' &&
  isJsonObject(v.Sns) &&
  isString(v.Sns.MessageId) &&
  isString(v.Sns.TopicArn) &&
  isString(v.Sns.Message);

/** An SNS → Lambda event; proven by a `Records` array whose first entry is an SNS record. */
export const isLambdaSnsEvent = (v: unknown): v is { Records: unknown[] } =>
  isJsonObject(v) && Array.isArray(v.Records) && isLambdaSnsRecord(v.Records[0]);

/** An EventBridge event; proven by `detail-type` + `source` (strings) and a `detail` object. */
export interface EventBridgeEvent extends Json {
  'detail-type': string;
  source: string;
  detail: Json;
  id?: string;
  account?: string;
  region?: string;
  time?: string;
}

export const isEventBridgeEvent = (v: unknown): v is EventBridgeEvent =>
  isJsonObject(v) && isString(v['detail-type']) && isString(v.source) && isJsonObject(v.detail);

/** The detail-types whose `detail` is a CloudTrail record (Insights excepted, see below). */
const CLOUDTRAIL_DETAIL_TYPES = new Set([
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  // The EventBridge guide spells it "Signin"; rules in the wild match the spaced form.
  'AWS Console Signin via CloudTrail',
  'AWS Console Action via CloudTrail',
  'AWS Service Event via CloudTrail',
]);

/** An EventBridge event carrying a CloudTrail record; proven by its `detail-type`. */
export const isCloudTrailEventBridgeEvent = (v: EventBridgeEvent): boolean =>
  CLOUDTRAIL_DETAIL_TYPES.has(v['detail-type']);

/** A CloudTrail record; proven by `eventName` + `eventSource` + `eventTime` (strings). */
export const isCloudTrailRecord = (v: unknown): v is Json =>
  isJsonObject(v) && isString(v.eventName) && isString(v.eventSource) && isString(v.eventTime);

/** A CloudTrail Insights record; proven by `eventType: "AwsCloudTrailInsight"` + `insightDetails`. */
export const isInsightRecord = (v: unknown): v is Json & { insightDetails: Json } =>
  isJsonObject(v) && v.eventType === 'AwsCloudTrailInsight' && isJsonObject(v.insightDetails);

/** A GuardDuty finding event; proven by `source: "aws.guardduty"` + `detail-type: "GuardDuty Finding"`. */
export const isGuardDutyEvent = (v: EventBridgeEvent): boolean =>
  v.source === 'aws.guardduty' && v['detail-type'] === 'GuardDuty Finding';

/**
 * A CloudWatch alarm notification (the SNS Message of an alarm action); proven by `AlarmName`,
 * `NewStateValue` and `StateChangeTime` (strings).
 */
export interface CloudWatchAlarmMessage extends Json {
  AlarmName: string;
  NewStateValue: string;
  StateChangeTime: string;
}

export const isCloudWatchAlarm = (v: unknown): v is CloudWatchAlarmMessage =>
  isJsonObject(v) &&
  isString(v.AlarmName) &&
  isString(v.NewStateValue) &&
  isString(v.StateChangeTime);
