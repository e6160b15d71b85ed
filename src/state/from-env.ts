/**
 * Picks the StateStore for a deployment: Redis when `REDIS_URL` is set (Heroku, several dynos),
 * DynamoDB when `ALERT_STATE_TABLE` is set (Lambda; the table is made by `createStateTable`,
 * in the function's `AWS_REGION`), memory otherwise (one process).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RedisOptions } from 'ioredis';
import type { StateStore } from '../ports/state.js';
import { DynamoStateStore } from './dynamodb.js';
import { MemoryStateStore } from './memory.js';
import { RedisStateStore } from './redis.js';

export type StateStoreKind = 'redis' | 'dynamodb' | 'memory';

/** Which store the environment asks for. Example: `{ REDIS_URL: 'redis://…' }` → `'redis'`. */
export function stateStoreKind(env: Record<string, string | undefined>): StateStoreKind {
  if (env.REDIS_URL?.trim()) return 'redis';
  if (env.ALERT_STATE_TABLE?.trim()) return 'dynamodb';
  return 'memory';
}

/** Heroku's Key-Value Store serves TLS (`rediss:`) with a self-signed certificate. */
export const redisTlsOptions = (url: string): RedisOptions =>
  url.startsWith('rediss:') ? { tls: { rejectUnauthorized: false } } : {};

export function stateStoreFromEnv(env: Record<string, string | undefined>): StateStore {
  switch (stateStoreKind(env)) {
    case 'redis': {
      const url = (env.REDIS_URL as string).trim();
      return new RedisStateStore(url, redisTlsOptions(url));
    }
    case 'dynamodb':
      return new DynamoStateStore(new DynamoDBClient({}), (env.ALERT_STATE_TABLE as string).trim());
    case 'memory':
      return new MemoryStateStore();
  }
}
