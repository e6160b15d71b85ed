import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { doctorCommand } from '../../../src/cli/doctor.js';
import { BOT_SCOPES } from '../../../src/doctor/slack.js';
import { receiverKindFor, runDoctor, type DoctorReport } from '../../../src/doctor/run.js';
import {
  athena,
  awsError,
  cloudTrail,
  jsonBody,
  lookupPage,
  testClientOptions,
} from '../../helpers/aws-wire.js';
import { repoRoot } from '../../helpers/records.js';
import { redisServerAvailable, startRedisServer } from '../../helpers/redis-server.js';
import {
  BOT_TOKEN,
  SIGNING_SECRET_HEX,
  athenaTable,
  callerIdentity,
  dynamoTable,
  lookupDenied,
  slackAuthTest,
} from '../../helpers/doctor-wire.js';

const AWS_ENV = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET_HEX,
  TRAIL_BACKEND: 'auto',
  TRAIL_REGIONS: 'us-east-1,eu-west-1',
  AWS_REGION: 'eu-west-1',
  ATHENA_DATABASE: 'security',
  ATHENA_TABLE: 'cloudtrail_logs',
  ATHENA_OUTPUT_LOCATION: 's3://results/trailhound/',
};

const check = (report: DoctorReport, name: string) => {
  const found = report.checks.find((c) => c.name === name);
  assert.ok(found, `no check named ${name}: ${report.checks.map((c) => c.name).join(', ')}`);
  return found;
};

const doctor = (env: Record<string, string>) =>
  runDoctor(env, { clientOptions: testClientOptions });

describe('trailhound doctor', () => {
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('passes a working AWS deployment after checking Slack, STS, each Region and the table', async () => {
    const auth = slackAuthTest();
    const sts = callerIdentity('eu-west-1');
    const regions = ['us-east-1', 'eu-west-1'].map((region) =>
      cloudTrail(region)
        .post('/', (body) => jsonBody(body).MaxResults === 1)
        .reply(200, lookupPage([])),
    );
    const table = athenaTable('eu-west-1');

    const report = await doctor(AWS_ENV);

    assert.equal(report.healthy, true, JSON.stringify(report.checks, null, 1));
    assert.equal(report.mode, 'http');
    assert.match(check(report, 'slack token').detail, /trailhound \(U0BOT\) in acme \(T0TEAM\)/);
    assert.match(check(report, 'aws credentials').detail, /assumed-role\/trailhound/);
    assert.equal(check(report, 'cloudtrail us-east-1').status, 'ok');
    assert.equal(check(report, 'cloudtrail eu-west-1').status, 'ok');
    assert.match(check(report, 'athena table').detail, /projection on/);
    for (const scope of [auth, sts, table, ...regions]) assert.ok(scope.isDone());
  });

  it('names the missing IAM action when one Region refuses LookupEvents', async () => {
    slackAuthTest();
    callerIdentity('eu-west-1');
    cloudTrail('us-east-1').post('/').reply(200, lookupPage([]));
    lookupDenied('eu-west-1');
    athenaTable('eu-west-1');

    const report = await doctor(AWS_ENV);

    assert.equal(report.healthy, false);
    assert.equal(check(report, 'cloudtrail us-east-1').status, 'ok');
    const refused = check(report, 'cloudtrail eu-west-1');
    assert.equal(refused.status, 'problem');
    assert.match(
      refused.fix ?? '',
      /Add cloudtrail:LookupEvents to the policy .*infra\/iam-policy\.json/,
    );
  });

  it('finds a table without partition projection, and a missing table', async () => {
    slackAuthTest();
    callerIdentity('eu-west-1');
    cloudTrail('us-east-1').post('/').reply(200, lookupPage([]));
    athenaTable('eu-west-1', { projection: false });
    let report = await doctor({ ...AWS_ENV, TRAIL_REGIONS: 'us-east-1' });
    assert.match(check(report, 'athena table').detail, /no partition projection/);
    assert.match(check(report, 'athena table').fix ?? '', /TBLPROPERTIES/);

    slackAuthTest();
    callerIdentity('eu-west-1');
    cloudTrail('us-east-1').post('/').reply(200, lookupPage([]));
    athena('eu-west-1', 'GetTableMetadata')
      .post('/')
      .reply(400, awsError('MetadataException', 'Table cloudtrail_logs not found'));
    report = await doctor({ ...AWS_ENV, TRAIL_REGIONS: 'us-east-1' });
    assert.match(check(report, 'athena table').detail, /security\.cloudtrail_logs does not exist/);
    assert.match(check(report, 'athena table').fix ?? '', /infra\/athena\/cloudtrail_logs\.sql/);
  });

  it('stops at bad credentials instead of failing every Region the same way', async () => {
    slackAuthTest();
    nock('https://sts.eu-west-1.amazonaws.com')
      .post('/')
      .reply(
        403,
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>',
        { 'content-type': 'text/xml' },
      );

    const report = await doctor(AWS_ENV);

    assert.equal(check(report, 'aws credentials').status, 'problem');
    assert.match(check(report, 'aws credentials').fix ?? '', /AWS_PROFILE/);
    assert.equal(check(report, 'cloudtrail eu-west-1').status, 'skipped');
    assert.equal(check(report, 'athena table').status, 'skipped');
  });

  it('reports a revoked token, a token lacking scopes and a malformed signing secret', async () => {
    slackAuthTest({ error: 'token_revoked' });
    let report = await doctor({ ...AWS_ENV, TRAIL_BACKEND: 'local', TRAIL_LOGS: repoRoot });
    assert.match(check(report, 'slack token').detail, /revoked/);
    assert.match(check(report, 'slack token').fix ?? '', /reinstall/);

    slackAuthTest({ scopes: 'commands,chat:write' });
    report = await doctor({
      ...AWS_ENV,
      TRAIL_BACKEND: 'local',
      TRAIL_LOGS: repoRoot,
      SLACK_SIGNING_SECRET: 'deprecated-verification-token',
    });
    assert.match(
      check(report, 'slack token').detail,
      /lacks the scopes chat:write\.public, users:read/,
    );
    assert.equal(check(report, 'signing secret').status, 'problem');
    assert.match(check(report, 'signing secret').fix ?? '', /Signing Secret/);
    assert.equal(check(report, 'local logs').status, 'ok');
  });

  it('checks Socket Mode for an app token instead of a signing secret', async () => {
    slackAuthTest();
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xoxb-wrong', TRAIL_LOGS: repoRoot };
    assert.equal(receiverKindFor(env), 'socket');
    const report = await doctor(env);
    assert.equal(check(report, 'signing secret').status, 'skipped');
    assert.equal(check(report, 'app token').status, 'problem');
    assert.match(check(report, 'app token').fix ?? '', /connections:write/);
  });

  it('checks alert settings and the DynamoDB state table a Lambda needs', async () => {
    slackAuthTest();
    const describe = dynamoTable('eu-west-1', 'trailhound-state');
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET_HEX,
      TRAIL_LOGS: repoRoot,
      AWS_LAMBDA_FUNCTION_NAME: 'trailhound',
      AWS_REGION: 'eu-west-1',
      ALERT_CHANNEL: 'C0ALERTS',
      ALERT_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:111122223333:trailhound-alerts',
      ALERT_STATE_TABLE: 'trailhound-state',
    };
    const report = await doctor(env);
    assert.equal(report.mode, 'lambda');
    assert.match(check(report, 'alerts').detail, /to C0ALERTS; topics arn:aws:sns:eu-west-1/);
    assert.match(check(report, 'state store').detail, /trailhound-state in eu-west-1 is ACTIVE/);
    assert.ok(describe.isDone());

    slackAuthTest();
    const { ALERT_STATE_TABLE: _table, ...inMemory } = env;
    const lambdaInMemory = await doctor(inMemory);
    assert.equal(check(lambdaInMemory, 'state store').status, 'problem');
    assert.match(check(lambdaInMemory, 'state store').fix ?? '', /ALERT_STATE_TABLE/);

    slackAuthTest();
    const badRoutes = await doctor({ ...inMemory, ALERT_ROUTES: 'x' });
    assert.equal(check(badRoutes, 'alerts').status, 'problem');
    assert.match(check(badRoutes, 'alerts').detail, /ALERT_ROUTES/);
  });

  it('reaches Redis with PING and never prints the password of REDIS_URL', async function () {
    if (!redisServerAvailable()) this.skip();
    const redis = await startRedisServer();
    try {
      const base = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET_HEX,
        TRAIL_LOGS: repoRoot,
        ALERT_CHANNEL: 'C0ALERTS',
        ALERT_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:111122223333:alerts',
      };
      slackAuthTest();
      const up = await doctor({ ...base, REDIS_URL: redis.url });
      assert.match(check(up, 'state store').detail, /answers PING \(PONG\)/);
      slackAuthTest();
      const down = await doctor({ ...base, REDIS_URL: 'redis://:hunter2@127.0.0.1:1/0' });
      assert.equal(check(down, 'state store').status, 'problem');
      assert.doesNotMatch(JSON.stringify(down), /hunter2/);
    } finally {
      await redis.stop();
    }
  });

  describe('the command', () => {
    const run = async (argv: string[], env: Record<string, string>) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await doctorCommand(argv, {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        env,
        clientOptions: testClientOptions,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('prints each check with its fix, exits 1 on a problem, and never prints a secret', async () => {
      slackAuthTest({ error: 'invalid_auth' });
      const env = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'x'.repeat(40),
        TRAIL_LOGS: '/nonexistent-logs',
      };
      const { code, out } = await run([], env);
      assert.equal(code, 1);
      assert.match(out, /PROBLEM +slack token +auth\.test: Slack does not know this token/);
      assert.match(out, /→ Copy Basic Information/);
      assert.match(out, /PROBLEM +local logs +\/nonexistent-logs does not exist/);
      assert.match(out, /3 problems: fix them/);
      assert.ok(!out.includes(BOT_TOKEN) && !out.includes('x'.repeat(40)));
    });

    it('prints JSON with --json and exits 0 when everything is fine', async () => {
      slackAuthTest();
      const { code, out } = await run(['--json'], {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET_HEX,
        TRAIL_LOGS: repoRoot,
      });
      assert.equal(code, 0);
      const report = JSON.parse(out) as DoctorReport;
      assert.equal(report.healthy, true);
      assert.deepEqual(
        report.checks.map((c) => [c.name, c.status]),
        [
          ['settings', 'ok'],
          ['slack token', 'ok'],
          ['signing secret', 'ok'],
          ['app token', 'skipped'],
          ['local logs', 'ok'],
          ['alerts', 'skipped'],
          ['state store', 'skipped'],
        ],
      );
      assert.ok(!out.includes(SIGNING_SECRET_HEX));
    });

    it('refuses an unknown --mode with exit code 2', async () => {
      const { code, err } = await run(['--mode', 'ec2'], {});
      assert.equal(code, 2);
      assert.match(err, /--mode ec2: use http, socket or lambda/);
    });
  });

  it('asks for exactly the bot scopes manifest.json requests', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'manifest.json'), 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    assert.deepEqual([...BOT_SCOPES].sort(), [...manifest.oauth_config.scopes.bot].sort());
  });
});
