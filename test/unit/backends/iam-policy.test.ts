import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/records.js';

interface Statement {
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

const policy = JSON.parse(readFileSync(path.join(repoRoot, 'infra/iam-policy.json'), 'utf8')) as {
  Statement: Statement[];
};
const granted = new Set(
  policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
);

/** The AWS service a source file calls: the one `@aws-sdk/client-<service>` it imports. */
const SERVICES: Readonly<Record<string, string>> = {
  cloudtrail: 'cloudtrail',
  athena: 'athena',
  dynamodb: 'dynamodb',
  sts: 'sts',
  s3: 's3',
};

/** SDK operations whose IAM action has another name. */
const IAM_ACTION: Readonly<Record<string, string>> = { 's3:ListObjectsV2': 's3:ListBucket' };

/**
 * The SDK commands the bot sends at run time, as IAM actions (`new LookupEventsCommand(` or
 * `paginateListPublicKeys(` in a file importing @aws-sdk/client-cloudtrail →
 * cloudtrail:LookupEvents, cloudtrail:ListPublicKeys): the AWS backends, the doctor and
 * /healthz?deep=1, /trail verify, and the DynamoDB alert state store (its createStateTable is a
 * deploy step, not the bot's: template.yaml creates the table).
 */
function actionsCalled(): Set<string> {
  const actions = new Set<string>();
  const deployOnly = new Set(['dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive']);
  const files = ['src/backends/lookup', 'src/backends/athena', 'src/doctor', 'src/verify']
    .flatMap((dir) => readdirSync(path.join(repoRoot, dir)).map((f) => path.join(dir, f)))
    .concat(['src/state/dynamodb.ts']);
  for (const file of files) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    const clients = [
      ...new Set([...source.matchAll(/from '@aws-sdk\/client-([a-z0-9-]+)'/g)].map((m) => m[1])),
    ];
    const commands = [...source.matchAll(/new (\w+)Command\(|\bpaginate(\w+)\(/g)].map(
      (m) => m[1] ?? m[2],
    );
    if (commands.length === 0) continue;
    assert.equal(clients.length, 1, `${file} should import exactly one AWS client`);
    const service = SERVICES[clients[0] ?? ''];
    assert.ok(service, `${file}: unknown AWS client ${clients[0]}`);
    for (const command of commands) {
      const action = IAM_ACTION[`${service}:${command}`] ?? `${service}:${command}`;
      if (!deployOnly.has(action)) actions.add(action);
    }
  }
  return actions;
}

describe('infra/iam-policy.json', () => {
  it('grants every CloudTrail, Athena and DynamoDB call the bot makes, and no other', () => {
    // S3 is checked below: the policy also grants what Athena does with S3 on the bot's behalf.
    // sts:GetCallerIdentity needs no permission: AWS always answers it.
    const checked = (a: string) => /^(cloudtrail|athena|dynamodb):/.test(a);
    const called = [...actionsCalled()].filter(checked);
    const grantedApi = [...granted].filter(checked).sort();
    assert.deepEqual(grantedApi, called.sort());
  });

  it('grants the S3 calls /trail verify makes itself on the trail bucket, not only via Athena', () => {
    const s3Called = [...actionsCalled()].filter((a) => a.startsWith('s3:')).sort();
    assert.ok(s3Called.includes('s3:GetObject'), 'the scan found src/verify/s3-source.ts');
    for (const action of s3Called) {
      const direct = policy.Statement.filter(
        (s) => [s.Action].flat().includes(action) && s.Condition === undefined,
      );
      const resources = direct.flatMap((s) => [s.Resource].flat());
      assert.ok(
        resources.some((r) => r.startsWith('arn:aws:s3:::TRAIL_BUCKET')),
        `${action} on the trail bucket without aws:CalledVia`,
      );
    }
  });

  it('lets the bot assume investigator roles and Athena read the table, logs and results', () => {
    for (const action of [
      'sts:AssumeRole',
      'glue:GetTable',
      'glue:GetDatabase',
      's3:GetObject',
      's3:PutObject',
      's3:ListBucket',
    ]) {
      assert.ok(granted.has(action), action);
    }
    assert.equal(
      [...granted].some((a) => a.endsWith(':*') || a === '*'),
      false,
    );
  });
});
