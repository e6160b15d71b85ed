/**
 * The question as trailhound understood it, in words: "Who changed sg-0abc · by alice · in
 * eu-west-1". Shown in the answer header and the progress message so the asker can tell at a
 * glance whether the bot read the question the way it was meant.
 */
import type { IntentId, Question } from '../src/core/question.js';

const INTENT_TITLES: Readonly<Record<IntentId, string>> = {
  'who-changed': 'Who changed',
  'failed-logins': 'Failed console logins',
  'access-denied': 'Access denied',
  'actor-activity': 'Activity of',
  'ip-activity': 'Activity from',
  'security-groups': 'Security group changes',
  network: 'Network (VPC) changes',
  iam: 'IAM changes',
  'bucket-policy': 'S3 bucket policy changes',
  instances: 'EC2 instance changes',
  trail: 'CloudTrail changes',
  root: 'Root activity',
  'no-mfa-logins': 'Console logins without MFA',
  kms: 'KMS key changes',
  event: 'Event',
  trace: 'Trace',
};

/** Example: `{intent:'who-changed', subject:'sg-1', modifiers:{in:'eu-west-1'}}` → `Who changed sg-1 · in eu-west-1`. */
export function understood(question: Pick<Question, 'intent' | 'subject' | 'modifiers'>): string {
  const parts = [INTENT_TITLES[question.intent]];
  if (question.subject !== undefined) parts[0] += ` ${question.subject}`;
  const { by, from, in: region } = question.modifiers;
  if (by !== undefined) parts.push(`by ${by}`);
  if (from !== undefined) parts.push(`from ${from}`);
  if (region !== undefined) parts.push(`in ${region}`);
  return parts.join(' · ');
}
