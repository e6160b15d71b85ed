/**
 * StateStore on DynamoDB, for Lambda where invocations share nothing else.
 *
 * One table, key `pk` (string) + `sk` (string), TTL attribute `ttl` (epoch seconds):
 *  - `v#<key>` / `v`: claims, locks and pointers (attribute `v`);
 *  - `t#<key>` / `t`: a thread, counted with an atomic `ADD` in one UpdateItem;
 *  - `mutes` / `<id>`: one item per mute, listed with a Query.
 * DynamoDB deletes expired items lazily (typically within days), so every read also compares
 * `ttl` with the clock and treats an expired item as absent.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Mute, StateStore, ThreadInit, ThreadPatch, ThreadRecord } from '../ports/state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });
const ttlSeconds = (atMs: number): number => Math.ceil(atMs / 1000);

const str = (item: Item, name: string): string | undefined => item[name]?.S;
const num = (item: Item, name: string): number | undefined => {
  const raw = item[name]?.N;
  return raw === undefined ? undefined : Number(raw);
};

const ignoreConditionFailure = (e: unknown): void => {
  if (!(e instanceof ConditionalCheckFailedException)) throw e;
};

export class DynamoStateStore implements StateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  private expired(item: Item): boolean {
    const ttl = num(item, 'ttl');
    return ttl !== undefined && ttl * 1000 <= this.now();
  }

  private async getItem(pk: string, sk: string): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: { pk: s(pk), sk: s(sk) },
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined || this.expired(out.Item) ? undefined : out.Item;
  }

  /** A plain key/value entry: its own partition, expiring with the TTL. */
  private valueItem(key: string, value: string, ttlMs: number) {
    return {
      pk: s(`v#${key}`),
      sk: s('v'),
      v: s(value),
      ttl: n(ttlSeconds(this.now() + ttlMs)),
    };
  }

  async putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: this.valueItem(key, value, ttlMs),
          // An item DynamoDB has not yet collected but whose TTL passed counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': n(Math.floor(this.now() / 1000)) },
        }),
      );
      return true;
    } catch (e) {
      ignoreConditionFailure(e);
      return false;
    }
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: this.valueItem(key, value, ttlMs),
      }),
    );
  }

  async get(key: string): Promise<string | undefined> {
    const item = await this.getItem(`v#${key}`, 'v');
    return item === undefined ? undefined : str(item, 'v');
  }

  async delete(key: string, ifValue?: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { pk: s(`v#${key}`), sk: s('v') },
          ...(ifValue === undefined
            ? {}
            : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': s(ifValue) } }),
        }),
      );
    } catch (e) {
      ignoreConditionFailure(e);
    }
  }

  async bumpThread(
    key: string,
    init: ThreadInit,
    nowMs: number,
    ttlMs: number,
  ): Promise<ThreadRecord> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: s(`t#${key}`), sk: s('t') },
        UpdateExpression:
          'SET channel = if_not_exists(channel, :channel), alert = if_not_exists(alert, :alert), ' +
          'firstSeenMs = if_not_exists(firstSeenMs, :now), ' +
          'renderedRev = if_not_exists(renderedRev, :unrendered), lastSeenMs = :now, #ttl = :ttl ' +
          'ADD #count :one, rev :one',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':channel': s(init.channel),
          ':alert': s(init.alert),
          ':now': n(nowMs),
          ':unrendered': n(-1),
          ':ttl': n(ttlSeconds(this.now() + ttlMs)),
          ':one': n(1),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const record = out.Attributes === undefined ? undefined : toRecord(key, out.Attributes);
    if (record === undefined) throw new Error(`dynamodb: thread ${key} is malformed`);
    return record;
  }

  async getThread(key: string): Promise<ThreadRecord | undefined> {
    const item = await this.getItem(`t#${key}`, 't');
    return item === undefined ? undefined : toRecord(key, item);
  }

  async patchThread(key: string, patch: ThreadPatch, bumpRev = false): Promise<void> {
    const sets: string[] = [];
    const values: Item = {};
    if (patch.ts !== undefined) {
      sets.push('ts = :ts');
      values[':ts'] = s(patch.ts);
    }
    if (patch.renderedRev !== undefined) {
      sets.push('renderedRev = :rr');
      values[':rr'] = n(patch.renderedRev);
    }
    if (patch.investigated !== undefined) {
      sets.push('investigated = :inv');
      values[':inv'] = { BOOL: patch.investigated };
    }
    if (patch.status !== undefined) {
      sets.push('#status = :status');
      values[':status'] = s(patch.status);
    }
    if (patch.alert !== undefined) {
      sets.push('alert = :alert');
      values[':alert'] = s(patch.alert);
    }
    if (bumpRev) values[':one'] = n(1);
    const expression = [
      sets.length > 0 ? `SET ${sets.join(', ')}` : '',
      bumpRev ? 'ADD rev :one' : '',
    ]
      .filter((part) => part !== '')
      .join(' ');
    if (expression === '') return;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: s(`t#${key}`), sk: s('t') },
          UpdateExpression: expression,
          // A late patch must not create a bare item for a thread that expired.
          ConditionExpression: 'attribute_exists(pk)',
          ...(patch.status !== undefined
            ? { ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (e) {
      ignoreConditionFailure(e);
    }
  }

  async addMute(mute: Mute): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          pk: s('mutes'),
          sk: s(mute.id),
          m: s(JSON.stringify(mute)),
          // Garbage collection only: listMutes compares expiresAtMs with the clock.
          ttl: n(ttlSeconds(Math.max(mute.expiresAtMs, this.now()) + DAY_MS)),
        },
      }),
    );
  }

  async listMutes(nowMs: number): Promise<Mute[]> {
    const mutes: Mute[] = [];
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': s('mutes') },
          ConsistentRead: true,
          ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const json = str(item, 'm');
        if (json === undefined) continue;
        const mute = JSON.parse(json) as Mute;
        if (mute.expiresAtMs > nowMs) mutes.push(mute);
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return mutes;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function toRecord(key: string, item: Item): ThreadRecord | undefined {
  const count = num(item, 'count');
  const channel = str(item, 'channel');
  const alert = str(item, 'alert');
  if (count === undefined || channel === undefined || alert === undefined) return undefined;
  const ts = str(item, 'ts');
  const status = str(item, 'status');
  return {
    key,
    count,
    rev: num(item, 'rev') ?? 0,
    renderedRev: num(item, 'renderedRev') ?? -1,
    firstSeenMs: num(item, 'firstSeenMs') ?? 0,
    lastSeenMs: num(item, 'lastSeenMs') ?? 0,
    channel,
    alert,
    ...(ts !== undefined ? { ts } : {}),
    ...(item.investigated?.BOOL === true ? { investigated: true } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

/**
 * Creates the state table (on-demand capacity) and waits until it is ACTIVE; a deploy script
 * or a test calls it once. `enableTtl: false` skips UpdateTimeToLive for local servers that do
 * not implement it (dynalite).
 */
export async function createStateTable(
  client: DynamoDBClient,
  table: string,
  { enableTtl = true, pollMs = 100 }: { enableTtl?: boolean; pollMs?: number } = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (;;) {
    const out = await client.send(new DescribeTableCommand({ TableName: table }));
    if (out.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  if (enableTtl) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      }),
    );
  }
}
