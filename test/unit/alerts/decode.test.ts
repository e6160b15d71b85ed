import { strict as assert } from 'node:assert';
import type { Alert, AlertOrigin } from '../../../src/alerts/alert.js';
import { decodeMessageText, decodePayload } from '../../../src/alerts/decode.js';
import { fixture, fixtureText } from '../../helpers/alert-fixtures.js';

const SNS: AlertOrigin = {
  via: 'sns',
  deliveryId: 'msg-1',
  topicArn: 'arn:aws:sns:us-east-1:111122223333:t',
};
const RECEIVED = Date.parse('2026-11-26T10:00:00Z');

/** Decodes a fixture both ways it can arrive: as an SNS Message string and delivered directly. */
function both(name: string): [Alert, Alert] {
  return [
    decodeMessageText(fixtureText(name), SNS, RECEIVED),
    decodePayload(fixture(name), { via: 'eventbridge' }, RECEIVED),
  ];
}

describe('decoding alerts', () => {
  it('reads an EventBridge API call as the CloudTrail record it carries', () => {
    for (const alert of both('eventbridge-sg-ingress')) {
      assert.equal(alert.kind, 'cloudtrail');
      if (alert.kind !== 'cloudtrail') return;
      assert.equal(alert.detailType, 'AWS API Call via CloudTrail');
      assert.equal(alert.source, 'aws.ec2');
      assert.equal(alert.event.eventName, 'AuthorizeSecurityGroupIngress');
      assert.equal(alert.event.actor.userName, 'bob');
      assert.equal(alert.account, '111122223333');
      assert.equal(alert.region, 'eu-west-1');
      assert.equal(alert.timeMs, Date.parse('2026-11-26T02:13:44Z'));
    }
  });

  it('keeps the SNS MessageId as the delivery id, and the EventBridge id when delivered directly', () => {
    const [viaSns, direct] = both('eventbridge-sg-ingress');
    assert.equal(viaSns.origin.deliveryId, 'msg-1');
    assert.equal(direct.origin.deliveryId, '6f6b3c4e-1d2a-4b8e-9c1f-2a3b4c5d6e7f');
  });

  it('reads a console sign-in event with source aws.signin', () => {
    const [alert] = both('eventbridge-console-login-failure');
    assert.equal(alert.kind, 'cloudtrail');
    if (alert.kind !== 'cloudtrail') return;
    assert.equal(alert.detailType, 'AWS Console Sign In via CloudTrail');
    assert.equal(alert.source, 'aws.signin');
    assert.equal(alert.event.errorMessage, 'Failed authentication');
  });

  it('reads a CloudWatch alarm and derives the window it evaluated', () => {
    const [alert] = both('cloudwatch-alarm-unauthorized');
    assert.equal(alert.kind, 'alarm');
    if (alert.kind !== 'alarm') return;
    assert.equal(alert.alarmName, 'CIS-3.1-UnauthorizedAPICalls');
    assert.equal(alert.newState, 'ALARM');
    assert.equal(alert.metricName, 'UnauthorizedAPICalls');
    assert.equal(alert.region, 'us-east-1', 'the code from the ARN, not the display name');
    const changed = Date.parse('2026-11-26T02:15:00.123Z');
    assert.equal(alert.window.start.getTime(), changed - 300 * 1000);
    assert.ok(alert.window.end.getTime() > changed, 'an event at StateChangeTime is inside');
  });

  it('reads a CloudTrail Insights event with its rates', () => {
    const [alert] = both('eventbridge-insight');
    assert.equal(alert.kind, 'insight');
    if (alert.kind !== 'insight') return;
    assert.equal(alert.state, 'Start');
    assert.equal(alert.eventName, 'RunInstances');
    assert.equal(alert.insightType, 'ApiCallRateInsight');
    assert.equal(alert.observed, 6);
    assert.equal(alert.sharedEventID, '12345678-90ab-4cde-8f01-23456789abcd');
  });

  it('summarises a GuardDuty finding', () => {
    const [alert] = both('guardduty-finding');
    assert.equal(alert.kind, 'guardduty');
    if (alert.kind !== 'guardduty') return;
    assert.equal(alert.findingType, 'UnauthorizedAccess:EC2/SSHBruteForce');
    assert.equal(alert.severity, 5);
    assert.equal(alert.resource, 'i-0123456789abcdef0');
    assert.match(alert.title, /SSH brute force/);
  });

  it('reads a bare CloudTrail record, naming the service the EventBridge way', () => {
    const [alert] = both('cloudtrail-root-console-login');
    assert.equal(alert.kind, 'cloudtrail');
    if (alert.kind !== 'cloudtrail') return;
    assert.equal(alert.source, 'aws.signin');
    assert.equal(alert.event.actor.type, 'Root');
  });

  it('turns anything else into an unknown alert that keeps the raw payload', () => {
    const [event] = both('eventbridge-unknown');
    assert.equal(event.kind, 'unknown');
    if (event.kind === 'unknown')
      assert.match(event.summary, /EC2 Instance State-change Notification/);
    for (const text of [
      'not json at all',
      '',
      '[1,2,3]',
      'null',
      '{"foo":{"bar":1}}',
      '"a string"',
    ]) {
      const alert = decodeMessageText(text, { ...SNS, subject: 'Hello' }, RECEIVED);
      assert.equal(alert.kind, 'unknown', text);
      assert.equal(alert.timeMs, RECEIVED);
    }
    const plain = decodeMessageText('disk full on db-1', SNS, RECEIVED);
    assert.equal(plain.kind === 'unknown' && plain.summary, 'disk full on db-1');
    assert.equal(plain.raw, 'disk full on db-1');
  });

  it('never throws on hostile or odd shapes', () => {
    const odd: unknown[] = [
      { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: { eventTime: 5 } },
      {
        AlarmName: 'x',
        NewStateValue: 'ALARM',
        StateChangeTime: 'garbage',
        Trigger: { Period: 'NaN' },
      },
      { eventType: 'AwsCloudTrailInsight', insightDetails: { insightContext: 7 } },
      {
        'detail-type': 'GuardDuty Finding',
        source: 'aws.guardduty',
        detail: { resource: { resourceType: 'S3Bucket', s3BucketDetails: 'x' } },
      },
      { __proto__: { eventName: 'x' } },
    ];
    for (const payload of odd) assert.doesNotThrow(() => decodePayload(payload, SNS, RECEIVED));
  });
});
