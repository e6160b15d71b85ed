/**
 * What a thread shows about its first alert, as plain serialisable data: the parent message is
 * rebuilt from it on every update (count, status), and the buttons read it back later. Raw
 * payloads are stored redacted (CloudTrail logs AssumeRole's temporary credentials).
 */
import { redact } from '../../blocks/raw-event.js';
import { HIDDEN_NAME } from '../core/actor.js';
import type { Alert } from './alert.js';
import { DAY_MS, HOUR_MS, type InvestigationSpec } from './investigate.js';
import type { Verdict } from './rules.js';
import type { Severity } from './severity.js';
import type { StoryPart } from './story.js';

export interface AlertView {
  kind: Alert['kind'];
  rule: string;
  title: string;
  severity: Severity;
  story: StoryPart[];
  dedupeKey: string;
  timeMs: number;
  /** Who / where / how, each untrusted text (escape when rendering). */
  who?: string;
  account?: string;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
  /** `aws.ec2 · AWS API Call via CloudTrail`, `CloudWatch alarm`, `GuardDuty`. */
  source: string;
  /** For CloudTrail alerts: the event, which "Trace" starts from (or from its key). */
  event?: AlertEventRef;
  /** The actor glob "Mark expected" proposes (absent: the mute covers every actor). */
  muteActor?: string;
  /** The payload as pretty JSON, secrets redacted, at most {@link MAX_RAW} characters. */
  raw: string;
  investigation: InvestigationSpec[];
  /** For alarms: the evaluated window and CloudWatch's reason. */
  alarm?: { state: string; reason: string; startMs: number; endMs: number };
}

/** The alert's CloudTrail event, as "Trace" and "Ask the person" need it. Untrusted strings. */
export interface AlertEventRef {
  id: string;
  name: string;
  source: string;
  accessKeyId?: string;
}

/** Keeps a thread record well under DynamoDB's 400 KB item limit. */
export const MAX_RAW = 64_000;

function rawJson(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : JSON.stringify(redact(raw), null, 2);
  return text.length <= MAX_RAW ? text : `${text.slice(0, MAX_RAW - 1)}…`;
}

function sourceOf(alert: Alert): string {
  switch (alert.kind) {
    case 'cloudtrail':
      return `${alert.source} · ${alert.detailType}`;
    case 'alarm':
      return 'CloudWatch alarm';
    case 'insight':
      return 'CloudTrail Insights';
    case 'guardduty':
      return 'GuardDuty';
    case 'unknown':
      return alert.origin.via === 'sns' ? 'SNS' : 'EventBridge';
  }
}

/** The questions the first reply answers, per alert kind. */
function investigationFor(alert: Alert, verdict: Verdict): InvestigationSpec[] {
  if (alert.kind === 'alarm') {
    if (verdict.cis === undefined || alert.newState !== 'ALARM') return [];
    return [
      {
        title: `${verdict.cis.title}: events in the alarm window`,
        phrase: verdict.cis.phrase,
        kind: 'cis',
        value: verdict.cis.control,
        startMs: alert.window.start.getTime(),
        endMs: alert.window.end.getTime(),
      },
    ];
  }
  if (alert.kind === 'insight') {
    if (alert.state === 'End' || alert.eventSource === '') return [];
    return [
      {
        title: `${alert.eventName} calls around the insight (±1 h)`,
        phrase: `${alert.eventName} calls`,
        kind: 'api-calls',
        value: `${alert.eventSource} ${alert.eventName}`,
        startMs: alert.timeMs - HOUR_MS,
        endMs: alert.timeMs + HOUR_MS,
      },
    ];
  }
  if (alert.kind !== 'cloudtrail') return [];
  const e = alert.event;
  const t = e.eventTimeMs;
  const specs: InvestigationSpec[] = [];
  const name = e.actor.arn ?? e.actor.userName;
  if (name !== undefined && name !== HIDDEN_NAME) {
    specs.push({
      title: `Other activity of ${e.actor.display} (±1 h)`,
      phrase: `what did ${name} do`,
      kind: 'actor',
      value: name,
      startMs: t - HOUR_MS,
      endMs: t + HOUR_MS,
      excludeEventId: e.eventID,
    });
  }
  if (
    verdict.resource !== undefined &&
    alert.event.eventSource !== 'signin.amazonaws.com' &&
    !verdict.resource.includes(', ')
  ) {
    specs.push({
      title: `Other changes to ${verdict.resource} (7 days)`,
      phrase: `who changed ${verdict.resource}`,
      kind: 'resource',
      value: verdict.resource,
      startMs: t - 7 * DAY_MS,
      endMs: t + HOUR_MS,
      excludeEventId: e.eventID,
    });
  }
  if (e.sourceIPAddress !== undefined && /^[0-9a-fA-F:.]+$/.test(e.sourceIPAddress)) {
    specs.push({
      title: `Failed logins from ${e.sourceIPAddress} (24 h)`,
      phrase: `failed logins from ${e.sourceIPAddress}`,
      kind: 'failed-logins-from-ip',
      value: e.sourceIPAddress,
      startMs: t - DAY_MS,
      endMs: t + HOUR_MS,
      excludeEventId: e.eventID,
    });
  }
  return specs;
}

/** The view of an alert under its verdict. Pure. */
export function toView(alert: Alert, verdict: Verdict): AlertView {
  const view: AlertView = {
    kind: alert.kind,
    rule: verdict.rule,
    title: verdict.title,
    severity: verdict.severity,
    story: verdict.story,
    dedupeKey: verdict.dedupeKey,
    timeMs: alert.timeMs,
    source: sourceOf(alert),
    raw: rawJson(alert.raw),
    investigation: investigationFor(alert, verdict),
    ...(alert.account !== undefined ? { account: alert.account } : {}),
    ...(alert.region !== undefined ? { region: alert.region } : {}),
  };
  if (alert.kind === 'cloudtrail') {
    const e = alert.event;
    view.who = e.actor.display;
    if (e.eventID) {
      view.event = {
        id: e.eventID,
        name: e.eventName,
        source: e.eventSource,
        ...(e.actor.accessKeyId ? { accessKeyId: e.actor.accessKeyId } : {}),
      };
    }
    if (e.sourceIPAddress) view.sourceIp = e.sourceIPAddress;
    if (e.userAgent) view.userAgent = e.userAgent;
    const muteName = e.actor.arn ?? e.actor.userName;
    if (muteName !== undefined && muteName !== HIDDEN_NAME) view.muteActor = muteName;
  }
  if (alert.kind === 'alarm') {
    view.alarm = {
      state: alert.newState,
      reason: alert.reason,
      startMs: alert.window.start.getTime(),
      endMs: alert.window.end.getTime(),
    };
  }
  return view;
}
