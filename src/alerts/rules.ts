/**
 * What an alert means: which rule it falls under, how severe it is, the one-line story a person
 * reads first, and the dedupe key (rule + account + actor + resource) that folds a storm of the
 * same thing into one thread.
 *
 * CloudTrail events are matched against the built-in rules below; every other alert kind has
 * one rule of its own. Nothing is dropped: a CloudTrail event that no rule claims becomes an
 * `cloudtrail-event` verdict of severity info (someone chose to send it to us).
 */
import { createHash } from 'node:crypto';
import { isJsonObject, scalarText, valueAt } from '../core/fields.js';
import { all, any, endsWith, eq, oneOf, startsWith, type Predicate } from '../core/filter.js';
import {
  BUCKET_POLICY_EVENTS,
  IAM_EVENTS,
  INSTANCE_EVENTS,
  KMS_KEY_DELETION_EVENTS,
  NETWORK_EVENTS,
  SECURITY_GROUP_RULE_EVENTS,
} from '../core/event-sets.js';
import { evaluate } from '../core/matches.js';
import type { TrailEvent } from '../core/trail-event.js';
import type {
  Alert,
  AlarmAlert,
  CloudTrailAlert,
  GuardDutyAlert,
  InsightAlert,
  UnknownAlert,
} from './alert.js';
import { CIS_FILTERS, cisFilterFor, type CisFilter } from './cis.js';
import { guardDutySeverity, severityRank, type Severity } from './severity.js';
import { v, type StoryPart } from './story.js';

export interface Verdict {
  /** Rule id, e.g. `security-group-change`; what mutes and routes name. */
  rule: string;
  /** The rule's title, e.g. "Security group change". */
  title: string;
  severity: Severity;
  story: StoryPart[];
  /** Who did it, as displayed; absent for alarms, Insights, findings. */
  actor?: string;
  /** Every name the actor goes by (display, user name, ARN, role, session): mutes match any. */
  actorNames: string[];
  resource?: string;
  /** Rule + account + actor + resource, hashed when long; equal keys share a thread. */
  dedupeKey: string;
  /** This alert closes the thread its key opened (alarm back to OK, Insight End). */
  resolves: boolean;
  /** For CloudWatch alarms on a CIS metric filter: the filter that explains the alarm. */
  cis?: CisFilter;
}

interface EventRule {
  id: string;
  title: string;
  /** Evaluated with the reference `evaluate()` on the raw record. */
  when: Predicate;
  severity: (e: TrailEvent) => Severity;
  story: (e: TrailEvent) => StoryPart[];
  resource: (e: TrailEvent) => string | undefined;
}

const text = (value: unknown): string | undefined => scalarText(value) || undefined;
const param = (e: TrailEvent, ...path: string[]): string | undefined =>
  text(valueAt(e.raw, ['requestParameters', ...path]));

/** `ec2.amazonaws.com` + `RunInstances` → `ec2:RunInstances`, how people write an API call. */
const apiName = (e: TrailEvent): string =>
  `${e.eventSource.replace(/\.amazonaws\.com$/, '')}:${e.eventName}`;

const from = (e: TrailEvent): StoryPart[] =>
  e.sourceIPAddress ? [' from ', v(e.sourceIPAddress)] : [];

/** " (failed: AccessDenied)" when the call did not succeed: an attempt is still worth a look. */
const failure = (e: TrailEvent): StoryPart[] =>
  e.errorCode ? [' (failed: ', v(e.errorCode), ')'] : [];

/** The request parameters that name what a call acted on, most specific first. */
const RESOURCE_PARAMS = [
  'groupId',
  'groupName',
  'networkAclId',
  'routeTableId',
  'internetGatewayId',
  'customerGatewayId',
  'vpcPeeringConnectionId',
  'vpcId',
  'bucketName',
  'roleName',
  'userName',
  'policyArn',
  'policyName',
  'name',
  'keyId',
  'trailName',
];

function instanceIds(e: TrailEvent): string[] {
  const items = valueAt(e.raw, ['requestParameters', 'instancesSet', 'items']);
  if (!Array.isArray(items)) return [];
  return items
    .map((item) => text(valueAt(item, ['instanceId'])))
    .filter((id): id is string => id !== undefined);
}

function primaryResource(e: TrailEvent): string | undefined {
  const ids = instanceIds(e);
  if (ids.length > 0) return ids.join(', ');
  for (const name of RESOURCE_PARAMS) {
    const value = param(e, name);
    if (value !== undefined) return value;
  }
  return e.resources[0]?.arn;
}

/** "bob ran iam:PutRolePolicy on deploy-role from 203.0.113.50": the generic story. */
const ran = (e: TrailEvent): StoryPart[] => {
  const resource = primaryResource(e);
  return [
    v(e.actor.display),
    ' ran ',
    v(apiName(e)),
    ...(resource ? [' on ', v(resource)] : []),
    ...from(e),
    ...failure(e),
  ];
};

// ---- security groups: who opened what to whom, on which ports

interface Permission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
}

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function itemsOf(value: unknown): unknown[] {
  const items = valueAt(value, ['items']);
  return Array.isArray(items) ? items : [];
}

/**
 * The permissions of an Authorize/Revoke call. CloudTrail records them as
 * `ipPermissions.items[{ipProtocol, fromPort, toPort, ipRanges.items[{cidrIp}], ipv6Ranges…}]`;
 * the older single-rule form puts `cidrIp`/`fromPort`/`toPort` directly in requestParameters.
 */
function permissions(e: TrailEvent): Permission[] {
  const params = valueAt(e.raw, ['requestParameters']);
  const found: Permission[] = [];
  for (const item of itemsOf(valueAt(params, ['ipPermissions']))) {
    if (!isJsonObject(item)) continue;
    const cidrs = [
      ...itemsOf(item.ipRanges).map((r) => text(valueAt(r, ['cidrIp']))),
      ...itemsOf(item.ipv6Ranges).map((r) => text(valueAt(r, ['cidrIpv6']))),
      ...itemsOf(item.prefixListIds).map((r) => text(valueAt(r, ['prefixListId']))),
      ...itemsOf(item.groups).map((r) => text(valueAt(r, ['groupId']))),
    ].filter((c): c is string => c !== undefined);
    found.push({
      protocol: text(item.ipProtocol) ?? '-1',
      fromPort: num(item.fromPort),
      toPort: num(item.toPort),
      cidrs,
    });
  }
  if (found.length === 0 && isJsonObject(params) && text(params.cidrIp) !== undefined) {
    found.push({
      protocol: text(params.ipProtocol) ?? '-1',
      fromPort: num(params.fromPort),
      toPort: num(params.toPort),
      cidrs: [text(params.cidrIp) as string],
    });
  }
  return found;
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** "port 22", "ports 8000-8100", "all ports", "icmp". */
function portPhrase(p: Permission): string {
  if (p.protocol === '-1' || p.protocol === 'all') return 'all ports';
  if (p.fromPort === undefined || p.fromPort < 0) return p.protocol;
  if (p.toPort === undefined || p.toPort === p.fromPort) return `port ${p.fromPort}`;
  if (p.fromPort === 0 && p.toPort === 65535) return `all ${p.protocol} ports`;
  return `ports ${p.fromPort}-${p.toPort}`;
}

const joinDistinct = (values: string[]): string => [...new Set(values)].join(', ');

function securityGroupStory(e: TrailEvent): StoryPart[] {
  const group = param(e, 'groupId') ?? param(e, 'groupName') ?? 'a security group';
  const who = v(e.actor.display);
  const perms = permissions(e);
  const targets = joinDistinct(perms.flatMap((p) => p.cidrs));
  const ports = joinDistinct(perms.map(portPhrase));
  const scope = [...(targets ? [' to ', v(targets)] : []), ...(ports ? [' on ', ports] : [])];
  switch (e.eventName) {
    case 'AuthorizeSecurityGroupIngress':
      return [who, ' opened ', v(group), ...scope, ...from(e), ...failure(e)];
    case 'AuthorizeSecurityGroupEgress':
      return [who, ' opened egress from ', v(group), ...scope, ...from(e), ...failure(e)];
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return [who, ' closed ', v(group), ...scope, ...from(e), ...failure(e)];
    case 'CreateSecurityGroup':
      return [who, ' created security group ', v(group), ...from(e), ...failure(e)];
    case 'DeleteSecurityGroup':
      return [who, ' deleted security group ', v(group), ...from(e), ...failure(e)];
    default:
      return ran(e);
  }
}

const opensToWorld = (e: TrailEvent): boolean =>
  e.eventName.startsWith('Authorize') &&
  permissions(e).some((p) => p.cidrs.some((c) => WORLD.has(c)));

// ---- the rules

const ec2 = eq('eventSource', 'ec2.amazonaws.com');

const TRAIL_VERBS: Record<string, string> = {
  StopLogging: 'stopped logging for trail',
  DeleteTrail: 'deleted trail',
  UpdateTrail: 'updated trail',
};

const KMS_VERBS: Record<string, string> = {
  ScheduleKeyDeletion: 'scheduled deletion of KMS key',
  DisableKey: 'disabled KMS key',
};

const fixed = (s: Severity) => (): Severity => s;

/** In priority order: when two rules match with the same severity, the first wins. */
export const EVENT_RULES: readonly EventRule[] = [
  {
    id: 'trail-tampering',
    title: 'CloudTrail logging changed',
    when: all(
      eq('eventSource', 'cloudtrail.amazonaws.com'),
      oneOf('eventName', Object.keys(TRAIL_VERBS)),
    ),
    severity: (e) => (e.eventName === 'UpdateTrail' ? 'high' : 'critical'),
    story: (e) => {
      const trail = param(e, 'name') ?? param(e, 'trailName') ?? 'a trail';
      return [
        v(e.actor.display),
        ` ${TRAIL_VERBS[e.eventName] ?? 'changed trail'} `,
        v(trail),
        ...from(e),
        ...failure(e),
      ];
    },
    resource: (e) => param(e, 'name') ?? param(e, 'trailName'),
  },
  {
    id: 'root-usage',
    title: 'Root account used',
    when: (CIS_FILTERS.find((f) => f.control === 'CloudWatch.1') as CisFilter).where,
    severity: fixed('critical'),
    story: (e) =>
      e.eventName === 'ConsoleLogin'
        ? ['root signed in to the console', ...from(e), ...failure(e)]
        : ['root ran ', v(apiName(e)), ...from(e), ...failure(e)],
    resource: (e) => e.recipientAccountId,
  },
  {
    id: 'kms-key-deletion',
    title: 'KMS key disabled or scheduled for deletion',
    when: all(eq('eventSource', 'kms.amazonaws.com'), oneOf('eventName', KMS_KEY_DELETION_EVENTS)),
    severity: fixed('high'),
    story: (e) => {
      const days = param(e, 'pendingWindowInDays');
      return [
        v(e.actor.display),
        ` ${KMS_VERBS[e.eventName] ?? 'changed KMS key'} `,
        v(param(e, 'keyId') ?? 'a key'),
        ...(days && e.eventName === 'ScheduleKeyDeletion' ? [` in ${Number(days)} days`] : []),
        ...from(e),
        ...failure(e),
      ];
    },
    resource: (e) => param(e, 'keyId'),
  },
  {
    id: 'security-group-change',
    title: 'Security group change',
    when: all(ec2, oneOf('eventName', SECURITY_GROUP_RULE_EVENTS)),
    severity: (e) => (opensToWorld(e) && !e.errorCode ? 'high' : 'medium'),
    story: securityGroupStory,
    resource: (e) => param(e, 'groupId') ?? param(e, 'groupName'),
  },
  {
    id: 'iam-change',
    title: 'IAM policy or identity change',
    when: all(eq('eventSource', 'iam.amazonaws.com'), oneOf('eventName', IAM_EVENTS)),
    severity: fixed('high'),
    story: ran,
    resource: primaryResource,
  },
  {
    id: 's3-bucket-policy-change',
    title: 'S3 bucket policy change',
    when: all(eq('eventSource', 's3.amazonaws.com'), oneOf('eventName', BUCKET_POLICY_EVENTS)),
    severity: fixed('high'),
    story: ran,
    resource: (e) => param(e, 'bucketName'),
  },
  {
    id: 'vpc-change',
    title: 'VPC or network change',
    when: all(ec2, oneOf('eventName', NETWORK_EVENTS)),
    severity: fixed('medium'),
    story: ran,
    resource: primaryResource,
  },
  {
    id: 'console-login-failure',
    title: 'Failed console login',
    when: all(
      eq('eventSource', 'signin.amazonaws.com'),
      eq('eventName', 'ConsoleLogin'),
      any(
        eq('responseElements.ConsoleLogin', 'Failure'),
        eq('errorMessage', 'Failed authentication'),
      ),
    ),
    severity: fixed('medium'),
    story: (e) => {
      const mfa = text(valueAt(e.raw, ['additionalEventData', 'MFAUsed']));
      return [
        'failed console login as ',
        v(e.actor.display),
        ...from(e),
        ...(mfa ? [' (MFA used: ', v(mfa), ')'] : []),
      ];
    },
    resource: (e) => e.recipientAccountId,
  },
  {
    id: 'ec2-instance-action',
    title: 'EC2 instance action',
    when: all(ec2, oneOf('eventName', INSTANCE_EVENTS)),
    severity: (e) => (e.eventName === 'TerminateInstances' ? 'medium' : 'low'),
    story: ran,
    resource: primaryResource,
  },
  {
    id: 'authorization-failure',
    title: 'Authorization failure',
    when: any(
      endsWith('errorCode', 'UnauthorizedOperation'),
      startsWith('errorCode', 'AccessDenied'),
    ),
    severity: fixed('low'),
    story: (e) => [
      v(e.actor.display),
      ' was denied ',
      v(apiName(e)),
      ' (',
      v(e.errorCode ?? ''),
      ')',
      ...from(e),
    ],
    // One thread per actor and service: a scan across many calls stays one storm.
    resource: (e) => e.eventSource,
  },
];

const MAX_KEY = 200;

/** `rule|account|actor|resource`, or its SHA-256 when long (store keys stay small). */
export function dedupeKey(...parts: Array<string | undefined>): string {
  const key = parts.map((p) => (p ?? '').replace(/\|/g, '/')).join('|');
  return key.length <= MAX_KEY
    ? key
    : `${parts[0] ?? ''}|sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function actorNames(e: TrailEvent): string[] {
  const a = e.actor;
  return [
    a.display,
    a.userName,
    a.arn,
    a.roleName,
    a.sessionName,
    a.principalId,
    a.sourceIdentity,
  ].filter((n): n is string => n !== undefined && n !== '');
}

function cloudTrailVerdict(alert: CloudTrailAlert): Verdict {
  const e = alert.event;
  const matched = EVENT_RULES.filter((r) => evaluate(e.raw, r.when))
    .map((rule) => ({ rule, severity: rule.severity(e) }))
    // Stable sort: the most severe match wins, ties go to the earlier rule.
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  const rule = matched?.rule;
  const resource = rule ? rule.resource(e) : primaryResource(e);
  const id = rule?.id ?? 'cloudtrail-event';
  return {
    rule: id,
    title: rule?.title ?? alert.detailType,
    severity: matched?.severity ?? 'info',
    story: rule ? rule.story(e) : ran(e),
    actor: e.actor.display,
    actorNames: actorNames(e),
    ...(resource !== undefined ? { resource } : {}),
    dedupeKey: dedupeKey(id, alert.account, e.actor.arn ?? e.actor.display, resource ?? apiName(e)),
    resolves: false,
  };
}

function alarmVerdict(alert: AlarmAlert): Verdict {
  const cis = cisFilterFor(alert.metricName, alert.alarmName);
  const state = alert.newState;
  const resolves = state === 'OK';
  const story: StoryPart[] =
    state === 'ALARM'
      ? ['alarm ', v(alert.alarmName), ' fired', ...(cis ? [` (${cis.title})`] : [])]
      : ['alarm ', v(alert.alarmName), ' is ', v(state)];
  return {
    rule: cis
      ? `cis-${cis.control.toLowerCase().replace('cloudwatch.', 'cloudwatch-')}`
      : 'cloudwatch-alarm',
    title: cis?.title ?? 'CloudWatch alarm',
    severity: state === 'ALARM' ? (cis?.severity ?? 'medium') : 'info',
    story,
    actorNames: [],
    resource: alert.alarmName,
    // ALARM and OK share the key, so OK finds the thread ALARM opened; other states
    // (INSUFFICIENT_DATA) get their own thread rather than counting as another ALARM.
    dedupeKey: dedupeKey(
      'alarm',
      alert.account,
      alert.alarmArn ?? alert.alarmName,
      state === 'ALARM' || state === 'OK' ? undefined : state,
    ),
    resolves,
    ...(cis ? { cis } : {}),
  };
}

function insightVerdict(alert: InsightAlert): Verdict {
  const api = `${alert.eventSource.replace(/\.amazonaws\.com$/, '')}:${alert.eventName}`;
  const what = alert.insightType === 'ApiErrorRateInsight' ? 'error rate' : 'call rate';
  const rates =
    alert.observed !== undefined && alert.baseline !== undefined
      ? [` (${alert.observed.toFixed(1)}/min vs a baseline of ${alert.baseline.toFixed(1)})`]
      : [];
  const ended = alert.state === 'End';
  return {
    rule: 'cloudtrail-insight',
    title: 'CloudTrail Insights: unusual activity',
    severity: ended ? 'info' : 'medium',
    story: ended
      ? [`unusual ${what} of `, v(api), ' ended']
      : [`unusual ${what} of `, v(api), ...rates],
    actorNames: [],
    resource: api,
    dedupeKey: dedupeKey(
      'cloudtrail-insight',
      alert.account,
      alert.region,
      `${api}/${alert.insightType}`,
    ),
    resolves: ended,
  };
}

function guardDutyVerdict(alert: GuardDutyAlert): Verdict {
  return {
    rule: 'guardduty-finding',
    title: `GuardDuty: ${alert.findingType}`,
    severity: guardDutySeverity(alert.severity),
    story: [v(alert.title), ...(alert.resource ? [' on ', v(alert.resource)] : [])],
    actorNames: [],
    ...(alert.resource !== undefined ? { resource: alert.resource } : {}),
    dedupeKey: dedupeKey('guardduty-finding', alert.account, alert.findingType, alert.resource),
    resolves: false,
  };
}

function unknownVerdict(alert: UnknownAlert): Verdict {
  return {
    rule: 'unrecognised-alert',
    title: 'Unrecognised alert',
    severity: 'low',
    story: [v(alert.summary)],
    actorNames: [],
    dedupeKey: dedupeKey('unrecognised-alert', alert.account, alert.summary),
    resolves: false,
  };
}

/** The verdict on one alert. Pure. */
export function judge(alert: Alert): Verdict {
  switch (alert.kind) {
    case 'cloudtrail':
      return cloudTrailVerdict(alert);
    case 'alarm':
      return alarmVerdict(alert);
    case 'insight':
      return insightVerdict(alert);
    case 'guardduty':
      return guardDutyVerdict(alert);
    case 'unknown':
      return unknownVerdict(alert);
  }
}
