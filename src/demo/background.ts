/**
 * Everyday activity: the mix of reads, occasional writes and a trickle of errors that real
 * accounts produce, so questions have to find the needle rather than the whole haystack.
 * Global services (IAM, STS, sign-in, Identity Center) appear only in us-east-1.
 */
import { AGENTS, AUDIT_ACCOUNT, GITHUB_SUBJECT, IPS, type Cast } from './cast.js';
import type { Call } from './record.js';
import type { Rng } from './prng.js';

interface Template {
  weight: number;
  global: boolean;
  make: (rng: Rng, cast: Cast, region: string) => Call;
}

/** The security group the incident opens; its history starts long before. */
export const APP_SECURITY_GROUP = 'sg-0a1b2c3d4e5f';
export const APP_BUCKETS = ['acme-app-assets', 'acme-prod-customer-exports', 'acme-build-cache'];
const FUNCTIONS = ['thumbnailer', 'billing-export', 'slack-notifier'];
const ROLES = ['deploy-role', 'app-server-role', 'ReadOnlyAuditor'];

const cli = (rng: Rng) => rng.pick(AGENTS.cli);
const aliceIp = (rng: Rng) => (rng.chance(0.8) ? IPS.aliceOffice : IPS.aliceHome);

/** A human read call: alice (key or console), bob, or alice through Identity Center. */
function humanRead(rng: Rng, cast: Cast, source: string, name: string, request?: unknown): Call {
  const who = rng.int(4);
  if (who === 0) {
    return {
      identity: cast.alice,
      source,
      name,
      ip: aliceIp(rng),
      agent: cli(rng),
      readOnly: true,
      request,
    };
  }
  if (who === 1) {
    const agent = rng.pick(AGENTS.console);
    return {
      identity: cast.aliceConsole,
      source,
      name,
      ip: aliceIp(rng),
      agent,
      readOnly: true,
      request,
    };
  }
  if (who === 2) {
    return {
      identity: cast.bob,
      source,
      name,
      ip: IPS.bob,
      agent: cli(rng),
      readOnly: true,
      request,
    };
  }
  const agent = rng.pick(AGENTS.console);
  return { identity: cast.sso, source, name, ip: IPS.aliceOffice, agent, readOnly: true, request };
}

const deployCall = (rng: Rng, cast: Cast, call: Omit<Call, 'identity' | 'ip' | 'agent'>): Call => ({
  identity: cast.deploy,
  ip: rng.pick(IPS.githubRunners),
  agent: AGENTS.terraform[0],
  ...call,
});

const appCall = (cast: Cast, call: Omit<Call, 'identity' | 'ip' | 'agent'>): Call => ({
  identity: cast.ec2,
  ip: IPS.appServer,
  agent: AGENTS.boto3[0],
  ...call,
});

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

const TEMPLATES: Template[] = [
  // --- regional reads by people
  {
    weight: 14,
    global: false,
    make: (rng, cast) =>
      humanRead(
        rng,
        cast,
        'ec2.amazonaws.com',
        rng.pick([
          'DescribeInstances',
          'DescribeSecurityGroups',
          'DescribeVpcs',
          'DescribeSubnets',
        ]),
      ),
  },
  {
    weight: 6,
    global: false,
    make: (rng, cast) => {
      const bucket = rng.pick(APP_BUCKETS);
      return humanRead(
        rng,
        cast,
        's3.amazonaws.com',
        rng.pick(['GetBucketAcl', 'GetBucketPolicy', 'GetBucketLocation']),
        {
          bucketName: bucket,
          Host: `${bucket}.s3.amazonaws.com`,
        },
      );
    },
  },
  {
    weight: 4,
    global: false,
    make: (rng, cast) =>
      humanRead(
        rng,
        cast,
        'lambda.amazonaws.com',
        rng.pick(['ListFunctions20150331', 'GetFunction20150331v2']),
        {
          functionName: rng.pick(FUNCTIONS),
        },
      ),
  },
  {
    weight: 3,
    global: false,
    make: (rng, cast) =>
      humanRead(
        rng,
        cast,
        'cloudtrail.amazonaws.com',
        rng.pick(['DescribeTrails', 'GetTrailStatus', 'LookupEvents']),
      ),
  },
  // --- the application server (EC2 instance profile)
  {
    weight: 16,
    global: false,
    make: (rng, cast, region) => {
      const kind = rng.int(4);
      if (kind === 0) {
        const bucket = APP_BUCKETS[0] as string;
        return appCall(cast, {
          source: 's3.amazonaws.com',
          name: 'GetObject',
          readOnly: true,
          dataEvent: true,
          request: {
            bucketName: bucket,
            Host: `${bucket}.s3.${region}.amazonaws.com`,
            key: `images/${rng.hex(8)}.png`,
          },
          resources: [{ accountId: cast.account, type: 'AWS::S3::Bucket', ARN: bucketArn(bucket) }],
        });
      }
      if (kind === 1) {
        return appCall(cast, {
          source: 'kms.amazonaws.com',
          name: 'Decrypt',
          readOnly: true,
          request: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        });
      }
      if (kind === 2) {
        return appCall(cast, {
          source: 'secretsmanager.amazonaws.com',
          name: 'GetSecretValue',
          readOnly: true,
          request: { secretId: 'prod/app/database' },
        });
      }
      return appCall(cast, {
        source: 'ssm.amazonaws.com',
        name: 'GetParameters',
        readOnly: true,
        request: { names: ['/app/feature-flags'], withDecryption: true },
      });
    },
  },
  // --- CI: Terraform through the deploy role
  {
    weight: 8,
    global: false,
    make: (rng, cast) =>
      deployCall(rng, cast, {
        source: 'ec2.amazonaws.com',
        name: rng.pick(['DescribeSecurityGroups', 'DescribeInstances', 'DescribeLaunchTemplates']),
        readOnly: true,
      }),
  },
  {
    weight: 1,
    global: false,
    make: (rng, cast, region) => {
      const bucket = APP_BUCKETS[2] as string;
      return deployCall(rng, cast, {
        source: 's3.amazonaws.com',
        name: 'PutObject',
        readOnly: false,
        dataEvent: true,
        request: {
          bucketName: bucket,
          Host: `${bucket}.s3.${region}.amazonaws.com`,
          key: `builds/${rng.hex(12)}.zip`,
        },
        resources: [{ accountId: cast.account, type: 'AWS::S3::Bucket', ARN: bucketArn(bucket) }],
      });
    },
  },
  {
    weight: 0.6,
    global: false,
    make: (rng, cast) =>
      deployCall(rng, cast, {
        source: 'lambda.amazonaws.com',
        name: 'UpdateFunctionCode20150331v2',
        readOnly: false,
        request: { functionName: rng.pick(FUNCTIONS), publish: true },
        response: { state: 'Active', lastUpdateStatus: 'InProgress' },
      }),
  },
  {
    weight: 0.3,
    global: false,
    make: (rng, cast) => {
      const instance = `i-0${rng.hex(16)}`;
      const name = rng.pick([
        'RunInstances',
        'StopInstances',
        'StartInstances',
        'TerminateInstances',
      ]);
      return deployCall(rng, cast, {
        source: 'ec2.amazonaws.com',
        name,
        readOnly: false,
        request: { instancesSet: { items: [{ instanceId: instance }] } },
        response: { instancesSet: { items: [{ instanceId: instance }] } },
      });
    },
  },
  // --- AWS services acting on their own
  {
    weight: 5,
    global: false,
    make: (rng, cast) => ({
      identity: cast.configService,
      source: 'ec2.amazonaws.com',
      name: rng.pick(['DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeRouteTables']),
      ip: 'config.amazonaws.com',
      agent: 'config.amazonaws.com',
      readOnly: true,
    }),
  },
  {
    weight: 2,
    global: false,
    make: (_rng, cast) => ({
      identity: cast.cloudtrailService,
      source: 's3.amazonaws.com',
      name: 'GetBucketAcl',
      ip: 'cloudtrail.amazonaws.com',
      agent: 'cloudtrail.amazonaws.com',
      readOnly: true,
      request: {
        bucketName: 'acme-cloudtrail-logs',
        Host: 'acme-cloudtrail-logs.s3.amazonaws.com',
        acl: '',
      },
      resources: [
        {
          accountId: cast.account,
          type: 'AWS::S3::Bucket',
          ARN: bucketArn('acme-cloudtrail-logs'),
        },
      ],
    }),
  },
  // --- background noise errors: a read-only user poking where it may not
  {
    weight: 0.4,
    global: false,
    make: (_rng, cast) => ({
      identity: cast.bob,
      source: 'ec2.amazonaws.com',
      name: 'DescribeFlowLogs',
      ip: IPS.bob,
      agent: AGENTS.cli[0],
      readOnly: true,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
  },
  // --- global: IAM reads, STS, sign-in, Identity Center
  {
    weight: 5,
    global: true,
    make: (rng, cast) =>
      humanRead(
        rng,
        cast,
        'iam.amazonaws.com',
        rng.pick(['ListRoles', 'ListUsers', 'GetRole', 'ListAttachedRolePolicies']),
        rng.chance(0.5) ? { roleName: rng.pick(ROLES) } : undefined,
      ),
  },
  {
    weight: 4,
    global: true,
    make: (rng, cast) => {
      const identity = rng.pick([cast.alice, cast.bob, cast.deploy, cast.ec2, cast.federated]);
      const ip =
        identity === cast.deploy
          ? rng.pick(IPS.githubRunners)
          : identity === cast.ec2
            ? IPS.appServer
            : identity === cast.federated
              ? IPS.carol
              : IPS.aliceOffice;
      return {
        identity,
        source: 'sts.amazonaws.com',
        name: 'GetCallerIdentity',
        ip,
        agent: cli(rng),
        readOnly: true,
      };
    },
  },
  {
    weight: 1.5,
    global: true,
    make: (rng, cast) => ({
      identity: cast.githubOidc,
      source: 'sts.amazonaws.com',
      name: 'AssumeRoleWithWebIdentity',
      ip: rng.pick(IPS.githubRunners),
      agent: AGENTS.githubAction[0],
      readOnly: true,
      request: {
        roleArn: `arn:aws:iam::${cast.account}:role/deploy-role`,
        roleSessionName: 'gha-98765',
        durationSeconds: 3600,
      },
      response: {
        subjectFromWebIdentityToken: GITHUB_SUBJECT,
        assumedRoleUser: {
          assumedRoleId: (cast.deploy.principalId as string) ?? '',
          arn: cast.deploy.arn,
        },
        provider:
          'arn:aws:iam::' + cast.account + ':oidc-provider/token.actions.githubusercontent.com',
        audience: 'sts.amazonaws.com',
      },
      resources: [
        {
          accountId: cast.account,
          type: 'AWS::IAM::Role',
          ARN: `arn:aws:iam::${cast.account}:role/deploy-role`,
        },
      ],
    }),
  },
  {
    weight: 1,
    global: true,
    make: (rng, cast) => ({
      identity: cast.auditAccount,
      source: 'sts.amazonaws.com',
      name: 'AssumeRole',
      ip: IPS.auditor,
      agent: AGENTS.boto3[0],
      readOnly: true,
      request: {
        roleArn: `arn:aws:iam::${cast.account}:role/ReadOnlyAuditor`,
        roleSessionName: `audit-${rng.hex(6)}`,
        externalId: `from-${AUDIT_ACCOUNT}`,
      },
      resources: [
        {
          accountId: cast.account,
          type: 'AWS::IAM::Role',
          ARN: `arn:aws:iam::${cast.account}:role/ReadOnlyAuditor`,
        },
      ],
    }),
  },
  {
    weight: 1,
    global: true,
    make: (rng, cast) => ({
      identity: cast.configService,
      source: 'sts.amazonaws.com',
      name: 'AssumeRole',
      ip: 'config.amazonaws.com',
      agent: 'config.amazonaws.com',
      readOnly: true,
      request: {
        roleArn: `arn:aws:iam::${cast.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        roleSessionName: `AWSConfig-Describe-${rng.hex(6)}`,
      },
    }),
  },
  {
    weight: 0.6,
    global: true,
    make: (rng, cast) => {
      const alice = rng.chance(0.6);
      return {
        identity: alice ? cast.aliceConsole : cast.bobConsole,
        source: 'signin.amazonaws.com',
        name: 'ConsoleLogin',
        ip: alice ? aliceIp(rng) : IPS.bob,
        agent: rng.pick(AGENTS.browser),
        readOnly: false,
        eventType: 'AwsConsoleSignIn',
        response: { ConsoleLogin: 'Success' },
        additional: {
          LoginTo: 'https://console.aws.amazon.com/console/home',
          MobileVersion: 'No',
          MFAUsed: alice ? 'Yes' : 'No',
          ...(alice ? { MFAIdentifier: `arn:aws:iam::${cast.account}:mfa/alice` } : {}),
        },
      };
    },
  },
  {
    weight: 0.05,
    global: true,
    make: (rng, cast) => ({
      identity: {
        type: 'IAMUser',
        principalId: cast.alice.principalId,
        accountId: cast.account,
        accessKeyId: '',
        userName: 'alice',
      },
      source: 'signin.amazonaws.com',
      name: 'ConsoleLogin',
      ip: aliceIp(rng),
      agent: rng.pick(AGENTS.browser),
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      errorMessage: 'Failed authentication',
      response: { ConsoleLogin: 'Failure' },
      additional: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'Yes',
      },
    }),
  },
  {
    weight: 1.5,
    global: true,
    make: (rng, cast) => ({
      identity: cast.identityCenter,
      source: 'sso.amazonaws.com',
      name: rng.pick(['ListAccounts', 'ListAccountRoles', 'GetRoleCredentials']),
      ip: IPS.aliceOffice,
      agent: rng.pick(AGENTS.browser),
      readOnly: true,
      request: { accountId: cast.account, roleName: 'AWSReservedSSO_Admin_abc123' },
    }),
  },
  {
    weight: 0.8,
    global: true,
    make: (rng, cast) => ({
      identity: cast.federated,
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      ip: IPS.carol,
      agent: rng.pick(AGENTS.cli),
      readOnly: true,
    }),
  },
  {
    weight: 0.08,
    global: true,
    make: (rng, cast) => ({
      identity: cast.root,
      source: rng.pick(['iam.amazonaws.com', 'iam.amazonaws.com', 'account.amazonaws.com']),
      name: rng.pick(['GetAccountSummary', 'GetAccountPasswordPolicy']),
      ip: IPS.aliceOffice,
      agent: AGENTS.console[0],
      readOnly: true,
    }),
  },
  {
    weight: 0.1,
    global: true,
    make: (rng, cast) => ({
      identity: cast.sso,
      source: 'iam.amazonaws.com',
      name: rng.pick(['AttachRolePolicy', 'PutRolePolicy', 'CreateRole', 'UpdateAssumeRolePolicy']),
      ip: IPS.aliceOffice,
      agent: AGENTS.console[0],
      readOnly: false,
      request: { roleName: rng.pick(ROLES), policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    }),
  },
];

interface Picker {
  templates: Template[];
  cumulative: number[];
  total: number;
}

function pickerFor(global: boolean): Picker {
  const templates = TEMPLATES.filter((t) => global || !t.global);
  const cumulative: number[] = [];
  let total = 0;
  for (const t of templates) {
    total += t.weight;
    cumulative.push(total);
  }
  return { templates, cumulative, total };
}

const GLOBAL_PICKER = pickerFor(true);
const REGIONAL_PICKER = pickerFor(false);

/** One everyday call in `region`; only the global region sees IAM, STS and sign-in calls. */
export function backgroundCall(
  rng: Rng,
  cast: Cast,
  region: string,
  isGlobalRegion: boolean,
): Call {
  const picker = isGlobalRegion ? GLOBAL_PICKER : REGIONAL_PICKER;
  const roll = rng.next() * picker.total;
  let i = 0;
  while (i < picker.cumulative.length - 1 && (picker.cumulative[i] as number) <= roll) i++;
  return (picker.templates[i] as Template).make(rng, cast, region);
}
