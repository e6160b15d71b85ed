/**
 * The CIS AWS Foundations metric filters (Security Hub controls CloudWatch.1–14), as event
 * filters. A CloudWatch alarm on one of them carries no event, so the bot recognises the alarm
 * by its metric or alarm name and runs the same filter over the alarm's evaluation window to
 * show the events that fired it. The predicates follow the CIS filter text literally.
 */
import {
  all,
  any,
  endsWith,
  eq,
  not,
  oneOf,
  present,
  startsWith,
  type Predicate,
} from '../core/filter.js';
import {
  CIS_IAM_POLICY_EVENTS,
  CIS_S3_POLICY_EVENTS,
  CIS_SECURITY_GROUP_EVENTS,
  CIS_TRAIL_EVENTS,
  GATEWAY_EVENTS,
  KMS_KEY_DELETION_EVENTS,
  NACL_EVENTS,
  ROUTE_EVENTS,
  VPC_EVENTS,
} from '../core/event-sets.js';
import type { Severity } from './severity.js';

export const CONFIG_EVENTS = [
  'StopConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutDeliveryChannel',
  'PutConfigurationRecorder',
];
export interface CisFilter {
  /** Security Hub control id, e.g. `CloudWatch.1`. */
  control: string;
  title: string;
  severity: Severity;
  /** The question a person would type for the same events (questions.md phrasing). */
  phrase: string;
  where: Predicate;
  /**
   * Lower-cased, alphanumeric-only fragments of metric or alarm names used for this filter
   * (`RootAccountUsage`, `CIS-3.1-UnauthorizedAPICalls`, …). Checked in table order, so the
   * more specific entries come first.
   */
  names: string[];
}

export const CIS_FILTERS: readonly CisFilter[] = [
  {
    control: 'CloudWatch.1',
    title: 'Root account usage',
    severity: 'critical',
    phrase: 'root activity',
    where: all(
      eq('userIdentity.type', 'Root'),
      not(present('userIdentity.invokedBy')),
      not(eq('eventType', 'AwsServiceEvent')),
    ),
    names: ['rootaccount', 'rootusage', 'rootactivity', 'root'],
  },
  {
    control: 'CloudWatch.3',
    title: 'Console sign-in without MFA',
    severity: 'high',
    phrase: 'logins without mfa',
    where: all(
      eq('eventName', 'ConsoleLogin'),
      not(eq('additionalEventData.MFAUsed', 'Yes')),
      eq('userIdentity.type', 'IAMUser'),
      eq('responseElements.ConsoleLogin', 'Success'),
    ),
    names: ['withoutmfa', 'nomfa', 'mfa'],
  },
  {
    control: 'CloudWatch.6',
    title: 'Console sign-in failures',
    severity: 'medium',
    phrase: 'failed logins',
    where: all(eq('eventName', 'ConsoleLogin'), eq('errorMessage', 'Failed authentication')),
    names: [
      'signinfailure',
      'loginfailure',
      'failedlogin',
      'failedconsole',
      'authenticationfailure',
    ],
  },
  {
    control: 'CloudWatch.2',
    title: 'Unauthorized API calls',
    severity: 'medium',
    phrase: 'access denied',
    where: any(
      endsWith('errorCode', 'UnauthorizedOperation'),
      startsWith('errorCode', 'AccessDenied'),
    ),
    names: ['unauthorized', 'accessdenied'],
  },
  {
    control: 'CloudWatch.4',
    title: 'IAM policy changes',
    severity: 'high',
    phrase: 'iam policy changes',
    where: oneOf('eventName', CIS_IAM_POLICY_EVENTS),
    names: ['iampolicy', 'iamchange'],
  },
  {
    control: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    severity: 'critical',
    phrase: 'cloudtrail changes',
    where: oneOf('eventName', CIS_TRAIL_EVENTS),
    names: ['cloudtrail', 'trailchange', 'trailconfig'],
  },
  {
    control: 'CloudWatch.7',
    title: 'KMS key disabled or scheduled for deletion',
    severity: 'high',
    phrase: 'kms key deletion',
    where: all(eq('eventSource', 'kms.amazonaws.com'), oneOf('eventName', KMS_KEY_DELETION_EVENTS)),
    names: ['cmk', 'kmskey', 'keydeletion', 'kms'],
  },
  {
    control: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    severity: 'high',
    phrase: 'bucket policy changes',
    where: all(eq('eventSource', 's3.amazonaws.com'), oneOf('eventName', CIS_S3_POLICY_EVENTS)),
    names: ['bucketpolicy', 's3policy', 's3bucket'],
  },
  {
    control: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    severity: 'high',
    phrase: 'aws config changes',
    where: all(eq('eventSource', 'config.amazonaws.com'), oneOf('eventName', CONFIG_EVENTS)),
    names: ['awsconfig', 'configchange', 'configrecorder'],
  },
  {
    control: 'CloudWatch.10',
    title: 'Security group changes',
    severity: 'medium',
    phrase: 'security group changes',
    where: oneOf('eventName', CIS_SECURITY_GROUP_EVENTS),
    names: ['securitygroup', 'sgchange'],
  },
  {
    control: 'CloudWatch.11',
    title: 'Network ACL changes',
    severity: 'medium',
    phrase: 'network changes',
    where: oneOf('eventName', NACL_EVENTS),
    names: ['nacl', 'networkacl'],
  },
  {
    control: 'CloudWatch.12',
    title: 'Network gateway changes',
    severity: 'medium',
    phrase: 'network changes',
    where: oneOf('eventName', GATEWAY_EVENTS),
    names: ['gateway'],
  },
  {
    control: 'CloudWatch.13',
    title: 'Route table changes',
    severity: 'medium',
    phrase: 'network changes',
    where: oneOf('eventName', ROUTE_EVENTS),
    names: ['routetable', 'route'],
  },
  {
    control: 'CloudWatch.14',
    title: 'VPC changes',
    severity: 'medium',
    phrase: 'vpc changes',
    where: oneOf('eventName', VPC_EVENTS),
    names: ['vpc'],
  },
];

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The CIS filter an alarm watches, recognised by its metric name first, then its alarm name.
 * Example: `cisFilterFor('UnauthorizedAPICalls', 'CIS-3.1 alarm')?.control` → `'CloudWatch.2'`.
 */
export function cisFilterFor(
  metricName: string | undefined,
  alarmName: string,
): CisFilter | undefined {
  for (const name of [metricName, alarmName]) {
    if (name === undefined) continue;
    const squashed = squash(name);
    const found = CIS_FILTERS.find((f) => f.names.some((fragment) => squashed.includes(fragment)));
    if (found !== undefined) return found;
  }
  return undefined;
}
