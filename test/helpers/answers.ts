/**
 * Builders for events and answers in block tests: realistic CloudTrail records (normalised by the
 * real normaliser) with any field overridden, and answers summarised by the real summariser.
 */
import type { Answer } from '../../src/core/answer.js';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { Question } from '../../src/core/question.js';
import { summarize } from '../../src/core/summary.js';
import type { CloudTrailRecord, TrailEvent } from '../../src/core/trail-event.js';

let counter = 0;

/** A RunInstances-style record by an assumed-role session; `overrides` replace top-level keys. */
export function makeRecord(overrides: CloudTrailRecord = {}): CloudTrailRecord {
  counter++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:alice@example.com',
      arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: 'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123',
          accountId: '111122223333',
          userName: 'AWSReservedSSO_Admin_0123',
        },
        attributes: { creationDate: '2026-11-26T09:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-11-26T10:15:30Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { groupId: 'sg-0abc1234' },
    responseElements: { _return: true },
    eventID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    ...overrides,
  };
}

export const makeEvent = (overrides: CloudTrailRecord = {}): TrailEvent =>
  normaliseRecord(makeRecord(overrides));

export function makeQuestion(overrides: Partial<Question> = {}): Question {
  return {
    text: 'who changed sg-0abc1234',
    intent: 'who-changed',
    subject: 'sg-0abc1234',
    modifiers: {},
    window: { start: new Date('2026-11-25T10:00:00Z'), end: new Date('2026-11-26T10:00:00Z') },
    windowText: 'last 24 hours (default)',
    timeZone: 'UTC',
    filter: { where: { kind: 'resource', value: 'sg-0abc1234' } },
    ...overrides,
  };
}

export function makeAnswer(events: TrailEvent[], overrides: Partial<Answer> = {}): Answer {
  return {
    question: makeQuestion(),
    events,
    total: events.length,
    truncated: false,
    summary: summarize(events),
    notes: [],
    stats: {
      backend: 'local',
      elapsedMs: 12,
      filesScanned: 4,
      regions: ['eu-west-1'],
      accounts: ['111122223333'],
    },
    provenance: 'DuckDB · 4 files',
    ...overrides,
  };
}

/** Attacker-controlled strings that must never ping, link or restyle. */
export const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<https://evil.example|click me>',
  '<@U024BE7LH>',
  '*bold* _it_ ~strike~',
  '`code` ```block```',
  '> quoted\n> more',
  '&amp; &lt;',
  '@channel @here @everyone',
  ':skull: <!subteam^S123>',
];
