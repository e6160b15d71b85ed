/**
 * Whether the alert state store answers: Redis PING (REDIS_URL) or DynamoDB DescribeTable
 * (ALERT_STATE_TABLE), the same choice src/state/from-env.ts makes.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Redis } from 'ioredis';
import { ClientConfigs, type AwsClientOptions } from '../backends/aws-clients.js';
import type { ReceiverKind } from '../runtime/config.js';
import { redisTlsOptions, stateStoreKind } from '../state/from-env.js';
import { awsProblem, ok, problem, skipped, type CheckResult } from './check.js';

const NAME = 'state store';

export interface StateCheckOptions {
  mode: ReceiverKind;
  /** Where DynamoDB is: the function's AWS_REGION. */
  region: string;
  alertsOn: boolean;
  clientOptions?: AwsClientOptions;
}

/** The Redis host and port only: a REDIS_URL carries the password. */
export function redisHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

async function pingRedis(url: string): Promise<CheckResult> {
  const host = redisHost(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...redisTlsOptions(url),
  });
  // ioredis also emits connection errors as events; the rejected ping reports them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = await redis.ping();
    return ok(NAME, `Redis at ${host} answers PING (${reply})`);
  } catch (e) {
    // ioredis messages name host and port, never the password.
    return problem(
      NAME,
      `Redis at ${host} does not answer: ${e instanceof Error ? e.message : String(e)}`,
      'Check REDIS_URL (heroku config:get REDIS_URL) and that the Key-Value Store add-on is running.',
    );
  } finally {
    redis.disconnect();
  }
}

async function describeTable(
  table: string,
  region: string,
  clientOptions: AwsClientOptions,
): Promise<CheckResult> {
  const client = new DynamoDBClient(
    new ClientConfigs(clientOptions).for({ region, account: { id: 'default' } }),
  );
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: table }));
    const keys = (out.Table?.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`);
    if (keys.join(',') !== 'pk:HASH,sk:RANGE') {
      return problem(
        NAME,
        `DynamoDB table ${table} has the key ${keys.join(', ') || 'none'}, not pk (hash) + sk (range)`,
        'Point ALERT_STATE_TABLE at the table template.yaml creates.',
      );
    }
    const status = out.Table?.TableStatus ?? 'UNKNOWN';
    if (status !== 'ACTIVE') {
      return problem(NAME, `DynamoDB table ${table} is ${status}`, 'Wait until it is ACTIVE.');
    }
    return ok(NAME, `DynamoDB table ${table} in ${region} is ACTIVE`);
  } catch (e) {
    if ((e as { name?: unknown }).name === 'ResourceNotFoundException') {
      return problem(
        NAME,
        `DynamoDB table ${table} does not exist in ${region}`,
        'Deploy template.yaml (it creates the table) or fix ALERT_STATE_TABLE.',
      );
    }
    return awsProblem(NAME, e, { action: 'dynamodb:DescribeTable', region });
  } finally {
    client.destroy();
  }
}

export async function checkStateStore(
  env: Readonly<Record<string, string | undefined>>,
  options: StateCheckOptions,
): Promise<CheckResult> {
  switch (stateStoreKind(env)) {
    case 'redis':
      return pingRedis((env.REDIS_URL ?? '').trim());
    case 'dynamodb':
      return describeTable(
        (env.ALERT_STATE_TABLE ?? '').trim(),
        options.region,
        options.clientOptions ?? {},
      );
    case 'memory':
      if (!options.alertsOn) return skipped(NAME, 'alerts are off; nothing is stored');
      if (options.mode === 'lambda') {
        return problem(
          NAME,
          'alert state is kept in memory, which each Lambda container has its own of',
          'Set ALERT_STATE_TABLE to the DynamoDB table template.yaml creates.',
        );
      }
      return ok(
        NAME,
        'in memory: fine for one process; alert threads are forgotten on restart (set REDIS_URL to keep them)',
      );
  }
}
