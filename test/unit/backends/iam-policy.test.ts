import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/records.js';

interface Statement {
  Action: string | string[];
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
};

/**
 * The SDK commands the bot sends at run time, as IAM actions (`new LookupEventsCommand(` in a
 * file importing @aws-sdk/client-cloudtrail → cloudtrail:LookupEvents): the AWS backends, the
 * doctor and /healthz?deep=1, and the DynamoDB alert state store (its createStateTable is a
 * deploy step, not the bot's: template.yaml creates the table).
 */
function actionsCalled(): Set<string> {
  const actions = new Set<string>();
  const deployOnly = new Set(['dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive']);
  const files = ['src/backends/lookup', 'src/backends/athena', 'src/doctor']
    .flatMap((dir) => readdirSync(path.join(repoRoot, dir)).map((f) => path.join(dir, f)))
    .concat(['src/state/dynamodb.ts']);
  for (const file of files) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    const clients = [
      ...new Set([...source.matchAll(/from '@aws-sdk\/client-([a-z0-9-]+)'/g)].map((m) => m[1])),
    ];
    const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]);
    if (commands.length === 0) continue;
    assert.equal(clients.length, 1, `${file} should import exactly one AWS client`);
    const service = SERVICES[clients[0] ?? ''];
    assert.ok(service, `${file}: unknown AWS client ${clients[0]}`);
    for (const command of commands) {
      const action = `${service}:${command}`;
      if (!deployOnly.has(action)) actions.add(action);
    }
  }
  return actions;
}

describe('infra/iam-policy.json', () => {
  it('grants every CloudTrail, Athena and DynamoDB call the bot makes, and no other', () => {
    // sts:GetCallerIdentity needs no permission: AWS always answers it.
    const called = [...actionsCalled()].filter((a) => a !== 'sts:GetCallerIdentity');
    const grantedApi = [...granted].filter((a) => /^(cloudtrail|athena|dynamodb):/.test(a)).sort();
    assert.deepEqual(grantedApi, called.sort());
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
