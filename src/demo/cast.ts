/**
 * The people, roles and services of the synthetic AWS organisation, written as the
 * `userIdentity` blocks CloudTrail records for them. One principal of every identity type the
 * CloudTrail user guide documents, so every "who" path of the bot is exercised.
 */

/** The production and the development account; `AUDIT_ACCOUNT` calls in from outside. */
export const DEMO_ACCOUNTS = ['111122223333', '444455556666'] as const;
export const AUDIT_ACCOUNT = '999988887777';
/** IAM, STS, sign-in and Identity Center events land in us-east-1 (see facts-aws.md §1). */
export const GLOBAL_REGION = 'us-east-1';
export const DEMO_REGIONS = [GLOBAL_REGION, 'eu-west-1'] as const;

export type UserIdentity = Record<string, unknown>;

/** The user agents real callers send, by kind of caller. */
export const AGENTS = {
  cli: [
    'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off',
    'aws-cli/2.17.12 Python/3.11.9 Darwin/23.5.0 exe/x86_64 prompt/off',
  ],
  browser: [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  ],
  /** API calls the console makes on a signed-in user's behalf. */
  console: ['console.amazonaws.com', 'AWS Internal'],
  terraform: [
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64',
  ],
  githubAction: [
    'aws-sdk-js/3.658.1 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.658.1 configure-aws-credentials-for-github-actions',
  ],
  boto3: [
    'Boto3/1.35.50 md/Botocore#1.35.50 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.50',
  ],
} as const;

/** Source addresses (documentation ranges) per caller. */
export const IPS = {
  aliceOffice: '198.51.100.23',
  aliceHome: '198.51.100.87',
  bob: '192.0.2.44',
  carol: '192.0.2.130',
  githubRunners: ['4.148.13.92', '20.57.44.101', '172.183.51.9'],
  appServer: '52.95.112.40',
  auditor: '198.18.7.21',
} as const;

export interface Cast {
  account: string;
  alice: UserIdentity;
  /** alice signed in to the console: a temporary ASIA key with session attributes. */
  aliceConsole: UserIdentity;
  bob: UserIdentity;
  bobConsole: UserIdentity;
  sso: UserIdentity;
  deploy: UserIdentity;
  githubOidc: UserIdentity;
  ec2: UserIdentity;
  root: UserIdentity;
  configService: UserIdentity;
  cloudtrailService: UserIdentity;
  federated: UserIdentity;
  identityCenter: UserIdentity;
  auditAccount: UserIdentity;
}

export const SSO_ROLE = 'AWSReservedSSO_Admin_abc123';
export const DEPLOY_ROLE = 'deploy-role';
export const DEPLOY_SESSION = 'gha-98765';
export const APP_ROLE = 'app-server-role';
export const INSTANCE_ID = 'i-0abc1234def567890';
export const GITHUB_SUBJECT = 'repo:acme/app:ref:refs/heads/main';

const sessionAttributes = (mfa: boolean) => ({
  attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: mfa ? 'true' : 'false' },
});

function iamUser(account: string, name: string, id: string, key: string): UserIdentity {
  return {
    type: 'IAMUser',
    principalId: id,
    arn: `arn:aws:iam::${account}:user/${name}`,
    accountId: account,
    accessKeyId: key,
    userName: name,
  };
}

function consoleUser(user: UserIdentity, key: string, mfa: boolean): UserIdentity {
  return { ...user, accessKeyId: key, sessionContext: sessionAttributes(mfa) };
}

function roleSession(
  account: string,
  roleName: string,
  rolePath: string,
  roleId: string,
  session: string,
  key: string,
  extra: Record<string, unknown> = {},
): UserIdentity {
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
    accountId: account,
    accessKeyId: key,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: `arn:aws:iam::${account}:role/${rolePath}${roleName}`,
        accountId: account,
        userName: roleName,
      },
      ...sessionAttributes(false),
      ...extra,
    },
  };
}

const service = (host: string): UserIdentity => ({ type: 'AWSService', invokedBy: host });

/** Every principal of one account; ids differ per account so the two never collide. */
export function castFor(account: string): Cast {
  const tag = account.slice(0, 4);
  const alice = iamUser(account, 'alice', `AIDA${tag}ALICE7EXAMPLE`, `AKIA${tag}ALICE7EXAMPLE`);
  const bob = iamUser(account, 'bob', `AIDA${tag}BOB00EXAMPLE`, `AKIA${tag}BOB00EXAMPLE`);
  const oidcProvider = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  return {
    account,
    alice,
    aliceConsole: consoleUser(alice, `ASIA${tag}ALICE7CONSOLE`, true),
    bob,
    bobConsole: consoleUser(bob, `ASIA${tag}BOB00CONSOLE`, false),
    sso: roleSession(
      account,
      SSO_ROLE,
      'aws-reserved/sso.amazonaws.com/',
      `AROA${tag}SSOADMIN`,
      'alice@example.com',
      `ASIA${tag}SSOALICE`,
    ),
    deploy: roleSession(
      account,
      DEPLOY_ROLE,
      '',
      `AROA${tag}DEPLOYROLE`,
      DEPLOY_SESSION,
      `ASIA${tag}GHA98765`,
      { webIdFederationData: { federatedProvider: oidcProvider, attributes: {} } },
    ),
    githubOidc: {
      type: 'WebIdentityUser',
      principalId: `${oidcProvider}:sts.amazonaws.com:${GITHUB_SUBJECT}`,
      userName: GITHUB_SUBJECT,
      identityProvider: oidcProvider,
    },
    ec2: roleSession(
      account,
      APP_ROLE,
      '',
      `AROA${tag}APPSERVER`,
      INSTANCE_ID,
      `ASIA${tag}INSTANCE`,
      { ec2RoleDelivery: '2.0' },
    ),
    root: {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: '',
    },
    configService: service('config.amazonaws.com'),
    cloudtrailService: service('cloudtrail.amazonaws.com'),
    federated: {
      type: 'FederatedUser',
      principalId: `${account}:carol`,
      arn: `arn:aws:sts::${account}:federated-user/carol`,
      accountId: account,
      accessKeyId: `ASIA${tag}CAROLFED`,
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: `AIDA${tag}BOB00EXAMPLE`,
          arn: `arn:aws:iam::${account}:user/bob`,
          accountId: account,
          userName: 'bob',
        },
        ...sessionAttributes(false),
      },
    },
    identityCenter: {
      type: 'IdentityCenterUser',
      accountId: account,
      onBehalfOf: {
        userId: '94482488-3041-7026-18f3-be45837cd0e4',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-9067230a0b',
      },
      credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE',
    },
    auditAccount: {
      type: 'AWSAccount',
      principalId: 'AROA9999AUDITOR:audit-session',
      accountId: AUDIT_ACCOUNT,
    },
  };
}
