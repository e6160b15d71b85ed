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

/** The SDK commands the AWS backends send, as IAM actions (`new LookupEventsCommand(` → cloudtrail:LookupEvents). */
function actionsCalled(): Set<string> {
  const actions = new Set<string>();
  for (const [dir, service] of [
    ['src/backends/lookup', 'cloudtrail'],
    ['src/backends/athena', 'athena'],
  ] as const) {
    for (const file of readdirSync(path.join(repoRoot, dir))) {
      const source = readFileSync(path.join(repoRoot, dir, file), 'utf8');
      for (const [, command] of source.matchAll(/new (\w+)Command\(/g))
        actions.add(`${service}:${command}`);
    }
  }
  return actions;
}

describe('infra/iam-policy.json', () => {
  it('grants every CloudTrail and Athena call the backends make, and no other', () => {
    const called = actionsCalled();
    const grantedApi = [...granted]
      .filter((a) => a.startsWith('cloudtrail:') || a.startsWith('athena:'))
      .sort();
    assert.deepEqual(grantedApi, [...called].sort());
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
