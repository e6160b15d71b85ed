/**
 * template.yaml, read the way CloudFormation reads it, against the code it deploys: the
 * environment it sets is a valid configuration for the Lambda runtime, the role grants every AWS
 * call the Lambda code can make and nothing beyond infra/iam-policy.json and the documented
 * extras, the state table is the one src/state/dynamodb.ts expects, the Glue table is
 * infra/athena/cloudtrail_logs.sql, the EventBridge rules deliver every event a built-in alert
 * rule claims, and each CIS alarm is one the bot recognises.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CIS_FILTERS, cisFilterFor } from '../../../src/alerts/cis.js';
import { parseAlertConfig } from '../../../src/alerts/config.js';
import { EVENT_RULES } from '../../../src/alerts/rules.js';
import { parseAwsSettings, parseByteSize } from '../../../src/backends/aws-config.js';
import type { Predicate } from '../../../src/core/filter.js';
import { evaluate } from '../../../src/core/matches.js';
import { alertsConfigured } from '../../../src/entry/alert-routes.js';
import { loadConfig } from '../../../src/runtime/config.js';
import { createStateTable } from '../../../src/state/dynamodb.js';
import { stateStoreKind } from '../../../src/state/from-env.js';
import { parseS3Url } from '../../../src/verify/s3-source.js';
import { LAMBDA_BUILD, LAMBDA_ENTRY } from '../../../scripts/bundle.js';
import {
  readTemplate,
  resolveIntrinsics,
  type Deployment,
  type Json,
} from '../../helpers/cloudformation.js';
import { variablesReadByCode } from '../../helpers/config-names.js';
import { repoRoot } from '../../helpers/records.js';

type JsonMap = Record<string, Json>;

const template = readTemplate(path.join(repoRoot, 'template.yaml'));
const resources = template.Resources as Record<string, JsonMap>;
const props = (id: string): JsonMap => {
  const resource = resources[id];
  assert.ok(resource, `template.yaml has no resource ${id}`);
  return resource.Properties as JsonMap;
};
const ofType = (type: string): Array<[string, JsonMap]> =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** A deployment with alerts on and Athena set up, as `sam deploy --guided` would make it. */
const DEPLOYMENT: Deployment = {
  parameters: {
    AlertChannel: 'C0ALERTS',
    AthenaDatabase: 'security',
    AthenaResultsBucket: 'acme-athena-results',
    TrailBucket: 'acme-cloudtrail',
    TrailKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    CloudTrailLogGroupName: 'aws-cloudtrail-logs',
  },
  refs: {
    AlertTopic: 'arn:aws:sns:us-east-1:111122223333:trailhound-AlertTopic-1A2B3C',
    StateTable: 'trailhound-StateTable-1A2B3C',
    BotFunction: 'trailhound-bot',
    CloudTrailDatabase: 'security',
  },
  attributes: {
    'BotRole.Arn': 'arn:aws:iam::111122223333:role/trailhound-BotRole-1A2B3C',
    'BotLogGroup.Arn': 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/trailhound-bot:*',
    'StateTable.Arn': 'arn:aws:dynamodb:us-east-1:111122223333:table/trailhound-StateTable-1A2B3C',
    'BotFunctionUrl.FunctionUrl': 'https://abc123.lambda-url.us-east-1.on.aws/',
    'DeadLetterQueue.Arn': 'arn:aws:sqs:us-east-1:111122223333:trailhound-DeadLetterQueue-1A2B3C',
  },
};
const resolved = (value: Json, deployment = DEPLOYMENT): Json =>
  resolveIntrinsics(template, deployment, value);

const bot = props('BotFunction');

describe('template.yaml (AWS SAM)', () => {
  describe('the bot function', () => {
    it('runs the esbuild bundle of the Lambda entry on Node 22, with the settings of npm run bundle', () => {
      const globals = (template.Globals as JsonMap).Function as JsonMap;
      assert.equal(bot.Runtime ?? globals.Runtime, 'nodejs22.x');
      const metadata = resources.BotFunction?.Metadata as JsonMap;
      assert.equal(metadata.BuildMethod, 'esbuild');
      const build = metadata.BuildProperties as JsonMap;
      assert.deepEqual(build.EntryPoints, [LAMBDA_ENTRY]);
      assert.deepEqual(
        {
          format: build.Format,
          target: build.Target,
          minify: build.Minify,
          external: build.External,
        },
        {
          format: LAMBDA_BUILD.format,
          target: LAMBDA_BUILD.target,
          minify: LAMBDA_BUILD.minify,
          external: [...LAMBDA_BUILD.external],
        },
      );
      // esbuild names the output after the entry file: lambda.js, exporting `handler`.
      assert.equal(bot.Handler, `${path.basename(LAMBDA_ENTRY, '.ts')}.handler`);
    });

    it('is reachable by Slack and SNS over a Function URL and says where to point Slack', () => {
      assert.deepEqual(bot.FunctionUrlConfig, { AuthType: 'NONE' });
      const outputs = template.Outputs as Record<string, JsonMap>;
      assert.equal(
        resolved(outputs.SlackRequestUrl?.Value as Json),
        'https://abc123.lambda-url.us-east-1.on.aws/slack/events',
      );
      assert.equal(
        resolved(outputs.SnsEndpointUrl?.Value as Json),
        'https://abc123.lambda-url.us-east-1.on.aws/alerts/sns',
      );
    });

    it('sets an environment the Lambda runtime accepts: Slack, alerts on the topic, DynamoDB state, Athena', () => {
      const env = resolved((bot.Environment as JsonMap).Variables as Json) as Record<
        string,
        string
      >;
      // Secrets come from Secrets Manager at deploy time, never from a plain parameter.
      assert.match(env.SLACK_BOT_TOKEN ?? '', /^\{\{resolve:secretsmanager:trailhound\/slack:/);
      assert.match(env.SLACK_SIGNING_SECRET ?? '', /^\{\{resolve:secretsmanager:/);
      const parameters = template.Parameters as Record<string, JsonMap>;
      for (const [name, parameter] of Object.entries(parameters)) {
        assert.ok(!/token|secret$/i.test(name) || name === 'SlackSecretId', name);
        assert.notEqual(parameter.NoEcho, true, `${name}: no secret is a parameter`);
      }
      // What Lambda itself adds, and secret values in place of the dynamic references.
      const runtime: Record<string, string> = {
        ...env,
        SLACK_BOT_TOKEN: 'xoxb-1-2-3',
        SLACK_SIGNING_SECRET: 'signing-secret',
        AWS_LAMBDA_FUNCTION_NAME: String(resolved(bot.FunctionName as Json)),
        AWS_REGION: 'us-east-1',
      };
      const config = loadConfig(runtime, 'lambda');
      assert.equal(config.lambdaFunctionName, 'trailhound-bot');
      assert.equal(config.backend.kind, 'auto');
      assert.equal(alertsConfigured(runtime), true);
      const alerts = parseAlertConfig(runtime);
      assert.ok(alerts.ok);
      assert.equal(alerts.config.channel, 'C0ALERTS');
      assert.deepEqual(alerts.config.topicArns, [DEPLOYMENT.refs.AlertTopic]);
      assert.equal(stateStoreKind(runtime), 'dynamodb');
      assert.equal(runtime.ALERT_STATE_TABLE, DEPLOYMENT.refs.StateTable);
      const aws = parseAwsSettings(runtime);
      assert.ok(aws.ok);
      assert.deepEqual(aws.settings.regions, ['us-east-1']);
      assert.equal(aws.settings.athena?.database, 'security');
      assert.equal(aws.settings.athena?.table, 'cloudtrail_logs');
      assert.equal(aws.settings.athena?.workgroup, resolved(props('AthenaWorkGroup').Name as Json));
      assert.equal(
        aws.settings.athena?.outputLocation,
        's3://acme-athena-results/trailhound-athena-results/',
      );
    });

    it('without Athena settings answers from LookupEvents only', () => {
      const lookupOnly = { ...DEPLOYMENT, parameters: { AlertChannel: 'C0ALERTS' } };
      const env = resolved((bot.Environment as JsonMap).Variables as Json, lookupOnly) as Record<
        string,
        string
      >;
      const aws = parseAwsSettings(env);
      assert.ok(aws.ok);
      assert.equal(aws.settings.athena, undefined);
    });

    it('points /trail verify at the trail bucket, with or without a key prefix, and only when it is given', () => {
      const verifyS3 = (parameters: Record<string, string>) => {
        const deployment = {
          ...DEPLOYMENT,
          parameters: { ...DEPLOYMENT.parameters, ...parameters },
        };
        const env = resolved((bot.Environment as JsonMap).Variables as Json, deployment) as Record<
          string,
          string
        >;
        const runtime = {
          ...env,
          SLACK_BOT_TOKEN: 'xoxb-1-2-3',
          SLACK_SIGNING_SECRET: 'signing-secret',
          AWS_LAMBDA_FUNCTION_NAME: 'trailhound-bot',
        };
        return loadConfig(runtime, 'lambda').verify.s3;
      };
      const plain = verifyS3({});
      assert.equal(plain, 's3://acme-cloudtrail/');
      assert.deepEqual(parseS3Url(plain), { bucket: 'acme-cloudtrail', prefix: '' });
      const prefixed = verifyS3({ TrailPrefix: 'org/trails/' });
      assert.equal(prefixed, 's3://acme-cloudtrail/org/trails/');
      assert.deepEqual(parseS3Url(prefixed), { bucket: 'acme-cloudtrail', prefix: 'org/trails/' });
      assert.equal(verifyS3({ TrailBucket: '' }), undefined);
    });

    it('sets only variables the code reads', () => {
      const readByCode = variablesReadByCode();
      const variables = Object.keys((bot.Environment as JsonMap).Variables as JsonMap);
      assert.deepEqual(
        variables.filter((name) => !readByCode.has(name)),
        [],
      );
    });
  });

  describe('the bot role', () => {
    const role = props('BotRole');
    const document = (role.Policies as JsonMap[])[0]?.PolicyDocument as JsonMap;
    /** Every statement, conditional ones included (the deployment turns them all on). */
    const statements = resolved(document.Statement as Json) as JsonMap[];
    const actionsOf = (s: JsonMap): string[] => [s.Action as string | string[]].flat();
    const granted = new Set(statements.flatMap(actionsOf));
    const reference = JSON.parse(
      readFileSync(path.join(repoRoot, 'infra/iam-policy.json'), 'utf8'),
    ) as { Statement: JsonMap[] };

    /** What this deployment adds to infra/iam-policy.json, each for a reason. */
    const EXTRAS: Record<string, string> = {
      'logs:CreateLogStream': 'its own log group',
      'logs:PutLogEvents': 'its own log group',
      'lambda:InvokeFunction': 'the asynchronous hand-off to itself',
      'sqs:SendMessage': 'its dead-letter queue, for events that fail every retry',
    };
    /** Actions with no resource-level permissions: the only ones granted on Resource '*'. */
    const UNSCOPED = ['cloudtrail:LookupEvents', 'cloudtrail:ListPublicKeys'];
    /** Calls in Lambda-reachable modules that the function never makes, or that need no grant. */
    const NOT_GRANTED: Record<string, string> = {
      'dynamodb:CreateTable': 'createStateTable: the stack creates the table',
      'dynamodb:UpdateTimeToLive': 'createStateTable',
      'sts:GetCallerIdentity': 'allowed to every principal; no policy can deny it',
    };

    it('grants every AWS call the Lambda code can make', () => {
      const missing = [...awsCallsReachableFrom(LAMBDA_ENTRY)].filter(
        (action) => !granted.has(action) && NOT_GRANTED[action] === undefined,
      );
      assert.deepEqual(missing, []);
    });

    it('grants nothing beyond infra/iam-policy.json and the documented extras', () => {
      const allowed = new Set([...reference.Statement.flatMap(actionsOf), ...Object.keys(EXTRAS)]);
      assert.deepEqual(
        [...granted].filter((action) => !allowed.has(action)),
        [],
      );
      assert.equal(
        [...granted].some((a) => a.includes('*')),
        false,
      );
      // LookupEvents and ListPublicKeys have no resource-level permissions; the rest is scoped.
      for (const statement of statements) {
        const wildcard = [statement.Resource as string | string[]].flat().includes('*');
        const unscoped = actionsOf(statement).every((a) => UNSCOPED.includes(a));
        assert.equal(wildcard, unscoped, String(statement.Sid));
      }
    });

    it('keeps each statement of infra/iam-policy.json with the same actions and conditions', () => {
      const bySid = new Map(statements.map((s) => [s.Sid, s]));
      for (const expected of reference.Statement) {
        const actual = bySid.get(expected.Sid as string);
        assert.ok(actual, `statement ${String(expected.Sid)}`);
        assert.deepEqual(actionsOf(actual).sort(), actionsOf(expected).sort());
        assert.deepEqual(actual.Condition, expected.Condition);
      }
    });

    it('scopes the extras: invoking itself, its state table, log group and dead-letter queue only', () => {
      const bySid = new Map(statements.map((s) => [s.Sid, s]));
      const functionName = resolved(bot.FunctionName as Json);
      assert.equal(
        bySid.get('HandTheSlowPartToAnAsynchronousInvocationOfItself')?.Resource,
        `arn:aws:lambda:us-east-1:111122223333:function:${String(functionName)}`,
      );
      assert.equal(
        bySid.get('AlertStateTableWhenAlertStateTableIsSet')?.Resource,
        DEPLOYMENT.attributes['StateTable.Arn'],
      );
      assert.equal(
        bySid.get('KeepFailedAsynchronousEventsInTheDeadLetterQueue')?.Resource,
        DEPLOYMENT.attributes['DeadLetterQueue.Arn'],
      );
      assert.deepEqual(resolved(bot.DeadLetterQueue as Json), {
        Type: 'SQS',
        TargetArn: DEPLOYMENT.attributes['DeadLetterQueue.Arn'],
      });
      const logGroup = resolved(props('BotLogGroup').LogGroupName as Json);
      assert.equal(logGroup, `/aws/lambda/${String(functionName)}`);
      assert.equal(
        bySid.get('WriteItsOwnLogs')?.Resource,
        DEPLOYMENT.attributes['BotLogGroup.Arn'],
      );
      assert.deepEqual(resolved(bot.Role as Json), DEPLOYMENT.attributes['BotRole.Arn']);
    });

    it('lets /trail verify read and list the trail bucket under the prefix it is given, and only then', () => {
      const deployment = {
        ...DEPLOYMENT,
        parameters: { ...DEPLOYMENT.parameters, TrailPrefix: 'org/' },
      };
      const bySid = new Map(
        (resolved(document.Statement as Json, deployment) as JsonMap[]).map((s) => [s.Sid, s]),
      );
      const env = resolved((bot.Environment as JsonMap).Variables as Json, deployment) as Record<
        string,
        string
      >;
      const location = parseS3Url(env.TRAIL_VERIFY_S3 ?? '');
      assert.ok(location);
      const read = bySid.get('VerifyLogIntegrityReadsTheTrailLogsAndDigests');
      assert.equal(read?.Resource, `arn:aws:s3:::${location.bucket}/${location.prefix}AWSLogs/*`);
      assert.equal(read.Condition, undefined, 'the bot reads the bucket itself, not via Athena');
      assert.equal(
        bySid.get('VerifyLogIntegrityListsTheTrailBucket')?.Resource,
        `arn:aws:s3:::${location.bucket}`,
      );
      const withoutBucket = resolved(document.Statement as Json, {
        ...DEPLOYMENT,
        parameters: { ...DEPLOYMENT.parameters, TrailBucket: '' },
      }) as JsonMap[];
      assert.deepEqual(
        withoutBucket.filter((s) => String(s.Sid).startsWith('VerifyLogIntegrity')),
        [],
      );
    });
  });

  describe('state, alerts and Athena', () => {
    it('creates the state table src/state/dynamodb.ts expects, with TTL on its ttl attribute', async () => {
      const sent: Array<Record<string, unknown>> = [];
      const client = {
        send: async (command: { input: Record<string, unknown> }) => {
          sent.push(command.input);
          return { Table: { TableStatus: 'ACTIVE' } };
        },
      } as unknown as DynamoDBClient;
      await createStateTable(client, 'state');
      const [create, , ttl] = sent;
      const table = props('StateTable');
      assert.deepEqual(table.KeySchema, create?.KeySchema);
      assert.deepEqual(table.AttributeDefinitions, create?.AttributeDefinitions);
      assert.equal(table.BillingMode, create?.BillingMode);
      assert.deepEqual(table.TimeToLiveSpecification, ttl?.TimeToLiveSpecification);
    });

    it('subscribes the function to the alert topic the code accepts', () => {
      const events = bot.Events as Record<string, JsonMap>;
      const sns = Object.values(events).filter((e) => e.Type === 'SNS');
      assert.deepEqual(
        sns.map((e) => resolved((e.Properties as JsonMap).Topic as Json)),
        [DEPLOYMENT.refs.AlertTopic],
      );
      const accepted = (deployment: Deployment) => {
        const env = resolved((bot.Environment as JsonMap).Variables as Json, deployment) as Record<
          string,
          string
        >;
        const config = parseAlertConfig(env);
        assert.ok(config.ok);
        return config.config.topicArns;
      };
      assert.deepEqual(accepted(DEPLOYMENT), [DEPLOYMENT.refs.AlertTopic]);
      const other = 'arn:aws:sns:eu-west-1:444455556666:security-alerts';
      assert.deepEqual(
        accepted({
          ...DEPLOYMENT,
          parameters: { ...DEPLOYMENT.parameters, ExtraAlertTopicArns: other },
        }),
        [DEPLOYMENT.refs.AlertTopic, other],
      );
    });

    it('caps every Athena query in the workgroup above the confirm-first threshold', () => {
      const workgroup = props('AthenaWorkGroup');
      const configuration = workgroup.WorkGroupConfiguration as JsonMap;
      // Enforced, so a client cannot run around the cutoff with its own settings.
      assert.equal(configuration.EnforceWorkGroupConfiguration, true);
      const cutoff = Number(resolved(configuration.BytesScannedCutoffPerQuery as Json));
      const confirmAbove = parseByteSize(String(resolved({ Ref: 'AthenaMaxBytes' })));
      assert.ok(confirmAbove !== undefined && cutoff > confirmAbove, `${cutoff} > ${confirmAbove}`);
      assert.equal(
        resolved((configuration.ResultConfiguration as JsonMap).OutputLocation as Json),
        's3://acme-athena-results/trailhound-athena-results/',
      );
    });

    it('defines the Glue table of infra/athena/cloudtrail_logs.sql, with its partition projection', () => {
      const ddl = parseTableSql(
        readFileSync(path.join(repoRoot, 'infra/athena/cloudtrail_logs.sql'), 'utf8'),
      );
      const input = resolved(props('CloudTrailTable').TableInput as Json) as JsonMap;
      const storage = input.StorageDescriptor as JsonMap;
      assert.deepEqual(storage.Columns, ddl.columns);
      assert.deepEqual(input.PartitionKeys, ddl.partitions);
      assert.equal(storage.InputFormat, ddl.inputFormat);
      assert.equal(storage.OutputFormat, ddl.outputFormat);
      assert.equal((storage.SerdeInfo as JsonMap).SerializationLibrary, ddl.serde);
      const parameters = input.Parameters as Record<string, string>;
      const projection = (keys: string[]) => keys.filter((k) => k.startsWith('projection.')).sort();
      assert.deepEqual(
        projection(Object.keys(parameters)),
        projection(Object.keys(ddl.properties)),
      );
      for (const key of [
        'projection.account.type',
        'projection.region.type',
        'projection.timestamp.type',
        'projection.timestamp.format',
        'projection.timestamp.interval',
        'projection.timestamp.interval.unit',
      ]) {
        assert.equal(parameters[key], ddl.properties[key], key);
      }
      assert.equal(
        parameters['storage.location.template'],
        's3://acme-cloudtrail/AWSLogs/${account}/CloudTrail/${region}/${timestamp}',
      );
      assert.equal(parameters['projection.account.values'], '111122223333');
      assert.equal(parameters['projection.timestamp.range'], '2024/01/01,NOW');
      const organisation = resolved(props('CloudTrailTable').TableInput as Json, {
        ...DEPLOYMENT,
        parameters: { ...DEPLOYMENT.parameters, OrganizationId: 'o-abcdefghij' },
      }) as JsonMap;
      assert.equal(
        (organisation.StorageDescriptor as JsonMap).Location,
        's3://acme-cloudtrail/AWSLogs/o-abcdefghij/',
      );
    });
  });

  describe('EventBridge rules', () => {
    const patterns = Object.values(bot.Events as Record<string, JsonMap>)
      .filter((e) => e.Type === 'EventBridgeRule')
      .map((e) => (e.Properties as JsonMap).Pattern as JsonMap);

    for (const rule of EVENT_RULES) {
      it(`deliver every event the built-in rule ${rule.id} claims`, () => {
        const events = samplesOf(rule.when).map(cloudTrailEvent);
        assert.ok(events.length > 0);
        for (const event of events) {
          assert.ok(evaluate(event.detail, rule.when), 'the sample is one the rule claims');
          assert.ok(
            patterns.some((p) => eventBridgeMatches(p, event)),
            `no rule delivers ${JSON.stringify(event.detail)}`,
          );
        }
      });
    }

    it('deliver the recorded EventBridge events the alert fixtures hold (but not unrelated ones)', () => {
      const dir = path.join(repoRoot, 'test/fixtures/alerts');
      for (const name of [
        'eventbridge-console-login-failure',
        'eventbridge-insight',
        'eventbridge-kms-schedule-deletion',
        'eventbridge-sg-ingress',
        'eventbridge-stoplogging-hostile',
        'guardduty-finding',
      ]) {
        const event = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as JsonMap;
        assert.ok(
          patterns.some((p) => eventBridgeMatches(p, event)),
          name,
        );
      }
      const unrelated = JSON.parse(
        readFileSync(path.join(dir, 'eventbridge-unknown.json'), 'utf8'),
      ) as JsonMap;
      assert.equal(
        patterns.some((p) => eventBridgeMatches(p, unrelated)),
        false,
      );
    });
  });

  describe('CIS metric filters and alarms', () => {
    const filters = ofType('AWS::Logs::MetricFilter').map(([, r]) => r);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r);

    it('exist only when a CloudTrail log group is given', () => {
      assert.equal(filters.length, CIS_FILTERS.length);
      assert.equal(alarms.length, CIS_FILTERS.length);
      for (const r of [...filters, ...alarms]) assert.equal(r.Condition, 'CreateCisAlarms');
    });

    for (const cis of CIS_FILTERS) {
      it(`${cis.control} (${cis.title}): an alarm the bot recognises, on a filter for its events`, () => {
        const alarm = alarms
          .map((a) => a.Properties as JsonMap)
          .find(
            (a) =>
              cisFilterFor(String(a.MetricName), String(resolved(a.AlarmName as Json)))?.control ===
              cis.control,
          );
        assert.ok(alarm, `no alarm for ${cis.control}`);
        assert.deepEqual(alarm.AlarmActions, [{ Ref: 'AlertTopic' }]);
        assert.deepEqual(alarm.OKActions, [{ Ref: 'AlertTopic' }], 'OK resolves the thread');
        const filter = filters
          .map((f) => f.Properties as JsonMap)
          .find(
            (f) =>
              ((f.MetricTransformations as JsonMap[])[0] as JsonMap).MetricName ===
              alarm.MetricName,
          );
        assert.ok(filter, `no metric filter feeds ${String(alarm.MetricName)}`);
        assert.deepEqual(filter.LogGroupName, { Ref: 'CloudTrailLogGroupName' });
        const pattern = String(filter.FilterPattern);
        for (const value of valuesTested(cis.where)) {
          assert.ok(pattern.includes(value), `${cis.control}: the pattern tests ${value}`);
        }
      });
    }
  });
});

// ---- helpers

/** Modules reachable from `entry` through relative imports (static or dynamic). */
function reachableModules(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [path.join(repoRoot, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(
      /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g,
    )) {
      const target = path.resolve(path.dirname(file), `${specifier}.ts`);
      if (existsSync(target)) queue.push(target);
    }
  }
  return [...seen];
}

const IAM_ACTION: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  's3:ListObjectsV2': 's3:ListBucket',
};

/**
 * The IAM actions of the SDK commands sent in the modules the Lambda entry reaches:
 * `new LookupEventsCommand(` or `paginateLookupEvents(` in a module importing
 * @aws-sdk/client-cloudtrail → `cloudtrail:LookupEvents`; assuming a role through the credential
 * providers → `sts:AssumeRole`.
 */
function awsCallsReachableFrom(entry: string): Set<string> {
  const actions = new Set<string>();
  for (const file of reachableModules(entry)) {
    const source = readFileSync(file, 'utf8');
    const client = /from '@aws-sdk\/client-([a-z0-9-]+)'/.exec(source)?.[1];
    if (client !== undefined) {
      for (const [, command, paginated] of source.matchAll(
        /new (\w+)Command\(|\bpaginate(\w+)\(/g,
      )) {
        const action = `${client}:${command ?? paginated}`;
        actions.add(IAM_ACTION[action] ?? action);
      }
    }
    if (/fromTemporaryCredentials\(/.test(source)) actions.add('sts:AssumeRole');
  }
  assert.ok(actions.has('cloudtrail:LookupEvents'), 'the scan found the AWS backends');
  return actions;
}

type Sample = Record<string, string>;

/** Field values that satisfy a predicate, one sample per way (each value of an `in`, each `any` branch). */
function samplesOf(p: Predicate): Sample[] {
  switch (p.kind) {
    case 'all':
      return p.of.reduce<Sample[]>(
        (acc, q) => acc.flatMap((a) => samplesOf(q).map((b) => ({ ...a, ...b }))),
        [{}],
      );
    case 'any':
      return p.of.flatMap(samplesOf);
    case 'eq':
    case 'startsWith':
    case 'endsWith':
      return [{ [p.field]: p.value }];
    case 'in':
      return p.values.map((value) => ({ [p.field]: value }));
    case 'present':
      return [{ [p.field]: 'present' }];
    case 'not':
      return [{}];
    default:
      throw new Error(`no samples for a ${p.kind} predicate`);
  }
}

/** The string values a predicate compares fields with (what a metric filter must mention). */
function valuesTested(p: Predicate): string[] {
  switch (p.kind) {
    case 'all':
    case 'any':
      return p.of.flatMap(valuesTested);
    case 'not':
      return valuesTested(p.of);
    case 'eq':
    case 'startsWith':
    case 'endsWith':
      return [p.value];
    case 'in':
      return p.values;
    default:
      return [];
  }
}

/** A CloudTrail record with the sample's fields, as EventBridge delivers it. */
function cloudTrailEvent(sample: Sample): JsonMap & { detail: JsonMap } {
  const detail: JsonMap = {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', userName: 'bob' },
    eventTime: '2026-11-26T12:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    eventType: sample.eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
  };
  for (const [field, value] of Object.entries(sample)) {
    const keys = field.split('.');
    let node = detail;
    for (const key of keys.slice(0, -1)) {
      const child = node[key];
      node = node[key] = child !== null && typeof child === 'object' ? (child as JsonMap) : {};
    }
    node[keys.at(-1) as string] = value;
  }
  const service = String(detail.eventSource).replace(/\.amazonaws\.com$/, '');
  return {
    version: '0',
    id: 'sample',
    'detail-type':
      detail.eventName === 'ConsoleLogin'
        ? 'AWS Console Sign In via CloudTrail'
        : 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: '111122223333',
    region: 'us-east-1',
    detail,
  };
}

/**
 * EventBridge's event-pattern matching, for the operators the template uses: every key of the
 * pattern must match; an array lists the accepted values (exact, `prefix`, `suffix`,
 * `anything-but`, `exists`); `$or` accepts any of its sub-patterns.
 */
function eventBridgeMatches(pattern: JsonMap, event: Json | undefined): boolean {
  const object = event !== null && typeof event === 'object' && !Array.isArray(event) ? event : {};
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as JsonMap[]).some((p) => eventBridgeMatches(p, object));
    const value = object[key];
    if (Array.isArray(rule)) return rule.some((accepted) => valueMatches(accepted, value));
    return eventBridgeMatches(rule as JsonMap, value);
  });
}

function valueMatches(accepted: Json, value: Json | undefined): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (accepted === null || typeof accepted !== 'object') return values.includes(accepted);
  const operator = accepted as JsonMap;
  if ('exists' in operator) return operator.exists === (value !== undefined);
  if ('prefix' in operator)
    return values.some((v) => typeof v === 'string' && v.startsWith(String(operator.prefix)));
  if ('suffix' in operator)
    return values.some((v) => typeof v === 'string' && v.endsWith(String(operator.suffix)));
  if ('anything-but' in operator) {
    const refused = [operator['anything-but']].flat();
    return value !== undefined && values.every((v) => !refused.includes(v as Json));
  }
  throw new Error(`the matcher does not know ${JSON.stringify(accepted)}`);
}

/** The parts of the CREATE EXTERNAL TABLE statement a Glue table must repeat. */
function parseTableSql(sql: string) {
  const glueType = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  const statement = sql.slice(sql.indexOf('CREATE EXTERNAL TABLE'));
  const columnsText = statement.slice(
    statement.indexOf('(') + 1,
    statement.indexOf('\n)\nCOMMENT'),
  );
  const columns: Array<{ Name: string; Type: string }> = [];
  let depth = 0;
  let current = '';
  for (const ch of `${columnsText},`) {
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      const [name = '', ...type] = current.trim().split(/\s+/);
      columns.push({ Name: name, Type: glueType(type.join(' ')) });
      current = '';
    } else current += ch;
  }
  const partitionsText = /PARTITIONED BY \(([^)]*)\)/.exec(sql)?.[1] ?? '';
  const partitions = [...partitionsText.matchAll(/`(\w+)`\s+(\w+)/g)].map(([, name, type]) => ({
    Name: name as string,
    Type: glueType(type as string),
  }));
  const properties = Object.fromEntries(
    [...sql.matchAll(/'([\w.]+)'\s*=\s*'([^']*)'/g)].map(([, k, v]) => [k as string, v as string]),
  );
  return {
    columns,
    partitions,
    properties,
    inputFormat: /INPUTFORMAT '([^']+)'/.exec(sql)?.[1],
    outputFormat: /OUTPUTFORMAT '([^']+)'/.exec(sql)?.[1],
    serde: /SERDE '([^']+)'/.exec(sql)?.[1],
  };
}
