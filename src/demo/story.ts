/**
 * The scripted part of the synthetic trail: a little history that gives questions something to
 * find (the security group's creation, a root sign-in, a key scheduled for deletion) and, on
 * request, an incident a couple of hours before `now`:
 *
 *  1. bob's console password is brute-forced from one address, then a sign-in succeeds without MFA;
 *  2. the intruder probes and hits a storm of AccessDenied / Client.UnauthorizedOperation;
 *  3. opens sg-0a1b2c3d4e5f to the world on port 22;
 *  4. removes the public access block of a bucket and makes it public;
 *  5. stops CloudTrail logging.
 *
 * A few strings are hostile on purpose (a Slack broadcast in a user agent, a Slack link in a
 * request parameter) so every renderer's escaping is exercised by the demo itself.
 */
import { AGENTS, DEMO_ACCOUNTS, GLOBAL_REGION, IPS, castFor } from './cast.js';
import { APP_SECURITY_GROUP } from './background.js';
import type { Call } from './record.js';
import type { Rng } from './prng.js';

/** What the incident touches, so the demo, tests and benchmarks can ask about it by name. */
export const DEMO_INCIDENT = {
  account: DEMO_ACCOUNTS[0],
  attackerIp: '203.0.113.66',
  victimUser: 'bob',
  securityGroup: APP_SECURITY_GROUP,
  securityGroupRegion: 'eu-west-1',
  bucket: 'acme-prod-customer-exports',
  trailName: 'management-events',
  failedLogins: 40,
  deniedCalls: 60,
  hostileUserAgent: '<!channel> *pwned*',
  hostileParameter: '<https://evil.example|click>',
} as const;

export interface ScriptedEvent {
  account: string;
  region: string;
  timeMs: number;
  call: Call;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36';
const SIGNIN_TO = 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true';

/** History that happened whether or not there is an incident. */
export function historyEvents(nowMs: number, startMs: number): ScriptedEvent[] {
  const prod = castFor(DEMO_ACCOUNTS[0]);
  const dev = castFor(DEMO_ACCOUNTS[1]);
  const sgRegion = DEMO_INCIDENT.securityGroupRegion;
  const created = Math.max(startMs + 6 * 60 * MINUTE, nowMs - 60 * DAY);
  const sgRule = (cidr: string, port: number, description: string) => ({
    groupId: APP_SECURITY_GROUP,
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          ipRanges: { items: [{ cidrIp: cidr, description }] },
        },
      ],
    },
  });
  const events: ScriptedEvent[] = [
    {
      account: prod.account,
      region: sgRegion,
      timeMs: created,
      call: {
        identity: prod.deploy,
        source: 'ec2.amazonaws.com',
        name: 'CreateSecurityGroup',
        ip: IPS.githubRunners[0],
        agent: AGENTS.terraform[0],
        readOnly: false,
        request: { groupName: 'app-web', groupDescription: 'app web tier', vpcId: 'vpc-0d1e2f3a' },
        response: { _return: true, groupId: APP_SECURITY_GROUP },
      },
    },
    {
      account: prod.account,
      region: sgRegion,
      timeMs: created + 40_000,
      call: {
        identity: prod.deploy,
        source: 'ec2.amazonaws.com',
        name: 'AuthorizeSecurityGroupIngress',
        ip: IPS.githubRunners[0],
        agent: AGENTS.terraform[0],
        readOnly: false,
        request: sgRule('10.0.0.0/16', 443, 'https from the VPC'),
        response: { _return: true },
      },
    },
    {
      account: prod.account,
      region: GLOBAL_REGION,
      timeMs: created + 90 * MINUTE,
      call: {
        identity: prod.deploy,
        source: 'cloudtrail.amazonaws.com',
        name: 'PutEventSelectors',
        ip: IPS.githubRunners[1],
        agent: AGENTS.terraform[0],
        readOnly: false,
        request: { trailName: DEMO_INCIDENT.trailName, eventSelectors: [{ readWriteType: 'All' }] },
      },
    },
    {
      account: prod.account,
      region: sgRegion,
      timeMs: nowMs - 20 * DAY,
      call: {
        identity: prod.sso,
        source: 'ec2.amazonaws.com',
        name: 'AuthorizeSecurityGroupIngress',
        ip: IPS.aliceOffice,
        agent: AGENTS.console[0],
        readOnly: false,
        request: sgRule('198.51.100.0/24', 443, 'office'),
        response: { _return: true },
      },
    },
    {
      account: prod.account,
      region: GLOBAL_REGION,
      timeMs: nowMs - 10 * DAY,
      call: {
        identity: prod.root,
        source: 'signin.amazonaws.com',
        name: 'ConsoleLogin',
        ip: IPS.aliceOffice,
        agent: AGENTS.browser[0],
        readOnly: false,
        eventType: 'AwsConsoleSignIn',
        response: { ConsoleLogin: 'Success' },
        additional: {
          LoginTo: SIGNIN_TO,
          MobileVersion: 'No',
          MFAUsed: 'Yes',
          MFAIdentifier: `arn:aws:iam::${prod.account}:mfa/root-account-mfa-device`,
        },
      },
    },
    {
      account: dev.account,
      region: 'eu-west-1',
      timeMs: nowMs - 4 * DAY,
      call: {
        identity: dev.sso,
        source: 'kms.amazonaws.com',
        name: 'ScheduleKeyDeletion',
        ip: IPS.aliceOffice,
        agent: AGENTS.console[0],
        readOnly: false,
        request: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
        response: {
          keyId: `arn:aws:kms:eu-west-1:${dev.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          keyState: 'PendingDeletion',
        },
      },
    },
  ];
  return events.filter((e) => e.timeMs >= startMs && e.timeMs < nowMs);
}

/** The incident, starting three hours before `now`. */
export function incidentEvents(rng: Rng, nowMs: number, startMs: number): ScriptedEvent[] {
  const prod = castFor(DEMO_INCIDENT.account);
  const ip = DEMO_INCIDENT.attackerIp;
  const at = (minutesBeforeNow: number) => nowMs - minutesBeforeNow * MINUTE;
  const events: ScriptedEvent[] = [];
  const push = (region: string, timeMs: number, call: Call) =>
    events.push({ account: prod.account, region, timeMs, call });

  for (let i = 0; i < DEMO_INCIDENT.failedLogins; i++) {
    // A mistyped user name is logged as HIDDEN_DUE_TO_SECURITY_REASONS, never in the clear.
    const userName = i % 13 === 5 ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : DEMO_INCIDENT.victimUser;
    push(GLOBAL_REGION, at(180) + i * 15_000, {
      identity: {
        type: 'IAMUser',
        principalId: userName === 'bob' ? prod.bob.principalId : '',
        accountId: prod.account,
        accessKeyId: '',
        userName,
      },
      source: 'signin.amazonaws.com',
      name: 'ConsoleLogin',
      ip,
      agent: HEADLESS,
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      errorMessage: 'Failed authentication',
      response: { ConsoleLogin: 'Failure' },
      additional: { LoginTo: SIGNIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
    });
  }
  push(GLOBAL_REGION, at(168), {
    identity: prod.bobConsole,
    source: 'signin.amazonaws.com',
    name: 'ConsoleLogin',
    ip,
    agent: HEADLESS,
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    response: { ConsoleLogin: 'Success' },
    additional: { LoginTo: SIGNIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
  });

  const probes: { region: string; source: string; name: string; code: string }[] = [
    { region: GLOBAL_REGION, source: 'iam.amazonaws.com', name: 'ListUsers', code: 'AccessDenied' },
    {
      region: GLOBAL_REGION,
      source: 'iam.amazonaws.com',
      name: 'CreateUser',
      code: 'AccessDenied',
    },
    {
      region: GLOBAL_REGION,
      source: 'iam.amazonaws.com',
      name: 'CreateAccessKey',
      code: 'AccessDenied',
    },
    {
      region: GLOBAL_REGION,
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      code: 'AccessDenied',
    },
    {
      region: 'eu-west-1',
      source: 'ec2.amazonaws.com',
      name: 'RunInstances',
      code: 'Client.UnauthorizedOperation',
    },
    {
      region: 'eu-west-1',
      source: 'ec2.amazonaws.com',
      name: 'DescribeInstances',
      code: 'Client.UnauthorizedOperation',
    },
    {
      region: GLOBAL_REGION,
      source: 'secretsmanager.amazonaws.com',
      name: 'ListSecrets',
      code: 'AccessDenied',
    },
  ];
  for (let i = 0; i < DEMO_INCIDENT.deniedCalls; i++) {
    const probe = rng.pick(probes);
    const ec2 = probe.code.startsWith('Client.');
    push(probe.region, at(165) + i * 12_000, {
      identity: prod.bobConsole,
      source: probe.source,
      name: probe.name,
      ip,
      agent: i % 10 === 3 ? DEMO_INCIDENT.hostileUserAgent : AGENTS.console[0],
      readOnly: probe.name.startsWith('List') || probe.name.startsWith('Describe'),
      errorCode: probe.code,
      errorMessage: ec2
        ? 'You are not authorized to perform this operation.'
        : `User: ${prod.bob.arn as string} is not authorized to perform: ${probe.source.split('.')[0]}:${probe.name} because no identity-based policy allows the action`,
    });
  }

  push(DEMO_INCIDENT.securityGroupRegion, at(145), {
    identity: prod.bobConsole,
    source: 'ec2.amazonaws.com',
    name: 'AuthorizeSecurityGroupIngress',
    ip,
    agent: AGENTS.console[0],
    readOnly: false,
    request: {
      groupId: DEMO_INCIDENT.securityGroup,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            ipRanges: {
              items: [{ cidrIp: '0.0.0.0/0', description: DEMO_INCIDENT.hostileParameter }],
            },
          },
        ],
      },
    },
    response: {
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupId: DEMO_INCIDENT.securityGroup,
            securityGroupRuleId: 'sgr-0f1e2d3c4b5a69788',
            cidrIpv4: '0.0.0.0/0',
            fromPort: 22,
            toPort: 22,
            ipProtocol: 'tcp',
            isEgress: false,
          },
        ],
      },
    },
  });

  const bucket = DEMO_INCIDENT.bucket;
  const bucketResource = [
    { accountId: prod.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
  ];
  push(GLOBAL_REGION, at(140), {
    identity: prod.bobConsole,
    source: 's3.amazonaws.com',
    name: 'DeleteBucketPublicAccessBlock',
    ip,
    agent: AGENTS.console[0],
    readOnly: false,
    request: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, publicAccessBlock: '' },
    resources: bucketResource,
  });
  push(GLOBAL_REGION, at(138), {
    identity: prod.bobConsole,
    source: 's3.amazonaws.com',
    name: 'PutBucketPolicy',
    ip,
    agent: AGENTS.console[0],
    readOnly: false,
    request: {
      bucketName: bucket,
      Host: `${bucket}.s3.amazonaws.com`,
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'public',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
          },
        ],
      },
      policy: '',
    },
    resources: bucketResource,
  });
  push(GLOBAL_REGION, at(130), {
    identity: prod.bobConsole,
    source: 'cloudtrail.amazonaws.com',
    name: 'StopLogging',
    ip,
    agent: AGENTS.console[0],
    readOnly: false,
    request: {
      name: `arn:aws:cloudtrail:${GLOBAL_REGION}:${prod.account}:trail/${DEMO_INCIDENT.trailName}`,
    },
    resources: [
      {
        accountId: prod.account,
        type: 'AWS::CloudTrail::Trail',
        ARN: `arn:aws:cloudtrail:${GLOBAL_REGION}:${prod.account}:trail/${DEMO_INCIDENT.trailName}`,
      },
    ],
  });
  return events.filter((e) => e.timeMs >= startMs && e.timeMs < nowMs);
}
