import { strict as assert } from 'node:assert';
import type { AlertOrigin } from '../../../src/alerts/alert.js';
import { parseAlertConfig, type AlertConfig } from '../../../src/alerts/config.js';
import { decodePayload } from '../../../src/alerts/decode.js';
import { channelFor, findMute, globMatch } from '../../../src/alerts/policy.js';
import { judge } from '../../../src/alerts/rules.js';
import { storyText } from '../../../src/alerts/story.js';
import { fixture } from '../../helpers/alert-fixtures.js';

const ORIGIN: AlertOrigin = { via: 'eventbridge' };
const verdictOf = (payload: unknown) => judge(decodePayload(payload, ORIGIN, 0));

/** The SG fixture's record with some fields replaced. */
function sgEvent(detail: Record<string, unknown>) {
  const event = fixture('eventbridge-sg-ingress');
  return { ...event, detail: { ...(event.detail as object), ...detail } };
}

describe('alert rules', () => {
  it('tells the security-group story the way a person would', () => {
    const v = verdictOf(fixture('eventbridge-sg-ingress'));
    assert.equal(v.rule, 'security-group-change');
    assert.equal(v.severity, 'high');
    assert.equal(
      storyText(v.story),
      'bob opened sg-0abc to 0.0.0.0/0 on port 22 from 203.0.113.50',
    );
    assert.equal(v.resource, 'sg-0abc');
  });

  it('rates a security-group change to a private range lower, and says when it failed', () => {
    const v = verdictOf(
      sgEvent({
        errorCode: 'Client.UnauthorizedOperation',
        requestParameters: {
          groupId: 'sg-0abc',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 8000,
                toPort: 8100,
                ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] },
              },
            ],
          },
        },
      }),
    );
    assert.equal(v.severity, 'medium');
    assert.equal(
      storyText(v.story),
      'bob opened sg-0abc to 10.0.0.0/8 on ports 8000-8100 from 203.0.113.50 (failed: Client.UnauthorizedOperation)',
    );
  });

  it('names the rule, severity and story of every built-in kind', () => {
    const cases: Array<[string, string, string, RegExp]> = [
      [
        'eventbridge-console-login-failure',
        'console-login-failure',
        'medium',
        /^failed console login as alice from 198\.51\.100\.7 \(MFA used: No\)$/,
      ],
      [
        'eventbridge-stoplogging-hostile',
        'trail-tampering',
        'critical',
        /stopped logging for trail arn:aws:cloudtrail/,
      ],
      [
        'eventbridge-kms-schedule-deletion',
        'kms-key-deletion',
        'high',
        /scheduled deletion of KMS key 1234abcd-12ab-34cd-56ef-1234567890ab in 7 days from 192\.0\.2\.10$/,
      ],
      [
        'cloudtrail-root-console-login',
        'root-usage',
        'critical',
        /^root signed in to the console from 198\.51\.100\.23$/,
      ],
      [
        'cloudwatch-alarm-unauthorized',
        'cis-cloudwatch-2',
        'medium',
        /^alarm CIS-3\.1-UnauthorizedAPICalls fired \(Unauthorized API calls\)$/,
      ],
      [
        'eventbridge-insight',
        'cloudtrail-insight',
        'medium',
        /^unusual call rate of ec2:RunInstances \(6\.0\/min vs a baseline of 0\.0\)$/,
      ],
      [
        'guardduty-finding',
        'guardduty-finding',
        'medium',
        /SSH brute force attacks against i-0123456789abcdef0\. on i-0123456789abcdef0$/,
      ],
      [
        'eventbridge-unknown',
        'unrecognised-alert',
        'low',
        /EC2 Instance State-change Notification/,
      ],
    ];
    for (const [name, rule, severity, story] of cases) {
      const v = verdictOf(fixture(name));
      assert.equal(v.rule, rule, name);
      assert.equal(v.severity, severity, name);
      assert.match(storyText(v.story), story, name);
    }
  });

  it('covers IAM, S3, VPC, instance and authorization-failure events', () => {
    const record = (
      eventSource: string,
      eventName: string,
      extra: Record<string, unknown> = {},
    ) => ({
      eventTime: '2026-11-26T02:00:00Z',
      eventSource,
      eventName,
      userIdentity: {
        type: 'IAMUser',
        userName: 'carol',
        arn: 'arn:aws:iam::111122223333:user/carol',
      },
      sourceIPAddress: '192.0.2.1',
      ...extra,
    });
    const expect = (payload: unknown, rule: string, story: string) => {
      const v = verdictOf(payload);
      assert.equal(v.rule, rule);
      assert.equal(storyText(v.story), story);
    };
    expect(
      record('iam.amazonaws.com', 'AttachRolePolicy', {
        requestParameters: {
          roleName: 'admin',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
      }),
      'iam-change',
      'carol ran iam:AttachRolePolicy on admin from 192.0.2.1',
    );
    expect(
      record('s3.amazonaws.com', 'PutBucketPolicy', { requestParameters: { bucketName: 'logs' } }),
      's3-bucket-policy-change',
      'carol ran s3:PutBucketPolicy on logs from 192.0.2.1',
    );
    expect(
      record('ec2.amazonaws.com', 'CreateRoute', { requestParameters: { routeTableId: 'rtb-1' } }),
      'vpc-change',
      'carol ran ec2:CreateRoute on rtb-1 from 192.0.2.1',
    );
    expect(
      record('ec2.amazonaws.com', 'TerminateInstances', {
        requestParameters: {
          instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] },
        },
      }),
      'ec2-instance-action',
      'carol ran ec2:TerminateInstances on i-1, i-2 from 192.0.2.1',
    );
    expect(
      record('s3.amazonaws.com', 'GetObject', { errorCode: 'AccessDenied' }),
      'authorization-failure',
      'carol was denied s3:GetObject (AccessDenied) from 192.0.2.1',
    );
    expect(
      record('ec2.amazonaws.com', 'DescribeInstances'),
      'cloudtrail-event',
      'carol ran ec2:DescribeInstances from 192.0.2.1',
    );
  });

  it('gives the same dedupe key to the same rule, actor and resource only', () => {
    const a = verdictOf(fixture('eventbridge-sg-ingress'));
    const again = verdictOf(sgEvent({ eventID: 'other', eventTime: '2026-11-26T02:20:00Z' }));
    const otherGroup = verdictOf(sgEvent({ requestParameters: { groupId: 'sg-0def' } }));
    const otherActor = verdictOf(
      sgEvent({
        userIdentity: {
          type: 'IAMUser',
          userName: 'eve',
          arn: 'arn:aws:iam::111122223333:user/eve',
        },
      }),
    );
    assert.equal(a.dedupeKey, again.dedupeKey);
    assert.notEqual(a.dedupeKey, otherGroup.dedupeKey);
    assert.notEqual(a.dedupeKey, otherActor.dedupeKey);
  });

  it('lets an alarm back to OK resolve the thread its ALARM opened', () => {
    const alarm = verdictOf(fixture('cloudwatch-alarm-unauthorized'));
    const ok = verdictOf(fixture('cloudwatch-alarm-ok'));
    assert.equal(alarm.resolves, false);
    assert.equal(ok.resolves, true);
    assert.equal(ok.dedupeKey, alarm.dedupeKey);
    assert.equal(alarm.cis?.control, 'CloudWatch.2');
    const noData = verdictOf({
      ...fixture('cloudwatch-alarm-ok'),
      NewStateValue: 'INSUFFICIENT_DATA',
    });
    assert.equal(noData.resolves, false);
    assert.notEqual(noData.dedupeKey, alarm.dedupeKey, 'not counted as another ALARM');
    assert.equal(noData.severity, 'info');
  });
});

describe('alert configuration, routes and mutes', () => {
  const config = (env: Record<string, string>): AlertConfig => {
    const result = parseAlertConfig({ ALERT_CHANNEL: 'C0SEC', ...env });
    assert.ok(result.ok, JSON.stringify(result));
    return result.config;
  };

  it('reads defaults and every setting', () => {
    const c = config({
      ALERT_TOPIC_ARNS:
        'arn:aws:sns:us-east-1:111122223333:a, arn:aws-cn:sns:cn-north-1:111122223333:b',
      ALERT_ROUTES:
        'severity:critical=C0CRIT; account:444455556666=C0PROD; rule:iam-*=C0IAM; severity:high+=C0HIGH',
      ALERT_MUTES: 'authorization-failure:ci-*@2099-01-01',
      ALERT_DEDUPE_MINUTES: '30',
      ALERT_TIME_ZONE: 'Europe/Paris',
    });
    assert.equal(c.topicArns.length, 2);
    assert.equal(c.routes.length, 4);
    assert.equal(c.dedupeWindowMs, 30 * 60_000);
    assert.equal(c.mutes[0]?.actor, 'ci-*');
    assert.equal(c.timeZone, 'Europe/Paris');
    assert.equal(config({}).dedupeWindowMs, 60 * 60_000);
  });

  it('lists every problem, naming the variable', () => {
    const result = parseAlertConfig({
      ALERT_TOPIC_ARNS: 'arn:aws:s3:::bucket',
      ALERT_ROUTES: 'severity:urgent=C1;nonsense',
      ALERT_MUTES: 'no-expiry',
      ALERT_DEDUPE_MINUTES: '-5',
      ALERT_TIME_ZONE: 'Mars/Olympus',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of [
      'ALERT_CHANNEL',
      'ALERT_TOPIC_ARNS',
      'ALERT_ROUTES',
      'ALERT_MUTES',
      'ALERT_DEDUPE_MINUTES',
      'ALERT_TIME_ZONE',
    ]) {
      assert.match(text, new RegExp(name), name);
    }
  });

  it('refuses alert channels whose buttons the channel allow-list would refuse', () => {
    const env = { ALERT_CHANNEL: 'C0SEC', ALERT_ROUTES: 'severity:critical=C0CRIT' };
    const refused = parseAlertConfig({ ...env, TRAIL_ALLOWED_CHANNELS: 'C0SEC,C0OPS' });
    assert.equal(refused.ok, false);
    if (refused.ok) return;
    assert.deepEqual(refused.problems, [
      'TRAIL_ALLOWED_CHANNELS: does not include the alert channel C0CRIT: its alert buttons would refuse every click',
    ]);
    assert.ok(parseAlertConfig({ ...env, TRAIL_ALLOWED_CHANNELS: 'C0SEC, C0CRIT' }).ok);
    assert.ok(parseAlertConfig(env).ok, 'no channel allow-list: nothing to check');
  });

  it('routes by severity, account and rule, first match winning, else ALERT_CHANNEL', () => {
    const c = config({
      ALERT_ROUTES: 'account:444455556666=C0PROD;severity:critical=C0CRIT;severity:high+=C0HIGH',
    });
    const sg = verdictOf(fixture('eventbridge-sg-ingress')); // high
    const root = verdictOf(fixture('cloudtrail-root-console-login')); // critical
    const login = verdictOf(fixture('eventbridge-console-login-failure')); // medium
    assert.equal(channelFor(sg, '111122223333', c), 'C0HIGH');
    assert.equal(channelFor(root, '111122223333', c), 'C0CRIT');
    assert.equal(channelFor(login, '111122223333', c), 'C0SEC');
    assert.equal(channelFor(login, '444455556666', c), 'C0PROD');
  });

  it('mutes by rule and actor glob until the expiry', () => {
    const sg = verdictOf(fixture('eventbridge-sg-ingress'));
    const now = Date.parse('2026-11-26T02:00:00Z');
    const mute = {
      id: 'm1',
      rule: 'security-*',
      actor: 'BOB',
      expiresAtMs: now + 1000,
      createdBy: 'U1',
    };
    assert.equal(findMute(sg, [mute], now)?.id, 'm1');
    assert.equal(findMute(sg, [mute], now + 1000), undefined, 'expired');
    assert.equal(findMute(sg, [{ ...mute, actor: 'arn:aws:iam::*:user/bob' }], now)?.id, 'm1');
    assert.equal(findMute(sg, [{ ...mute, actor: 'alice' }], now), undefined);
    assert.equal(findMute(sg, [{ ...mute, rule: 'root-usage' }], now), undefined);
    assert.ok(globMatch('a.b*', 'A.B-c'));
    assert.ok(!globMatch('a.b', 'axb'), 'dots are literal');
  });
});
