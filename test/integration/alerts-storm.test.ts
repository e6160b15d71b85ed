/**
 * A storm: 500 alerts with 5 dedupe keys, all at once, against each StateStore. Every alert
 * must be counted (5 threads whose counts add up to 500, each shown on its parent message),
 * with one parent and one investigation per thread.
 */
import { strict as assert } from 'node:assert';
import type { Alert } from '../../src/alerts/alert.js';
import { decodePayload } from '../../src/alerts/decode.js';
import { handleAlert } from '../../src/alerts/threads.js';
import type { StateStore } from '../../src/ports/state.js';
import { DynamoStateStore } from '../../src/state/dynamodb.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import { RedisStateStore } from '../../src/state/redis.js';
import { fixture } from '../helpers/alert-fixtures.js';
import { NOW, testDeps } from '../helpers/alert-deps.js';
import { startDynalite, type LocalDynamo } from '../helpers/dynalite.js';
import {
  redisServerAvailable,
  startRedisServer,
  type RedisServer,
} from '../helpers/redis-server.js';

const GROUPS = ['sg-01', 'sg-02', 'sg-03', 'sg-04', 'sg-05'];

function stormAlert(i: number): Alert {
  const payload = fixture('eventbridge-sg-ingress');
  payload.detail = {
    ...(payload.detail as object),
    eventID: `storm-${i}`,
    requestParameters: {
      groupId: GROUPS[i % GROUPS.length],
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
          },
        ],
      },
    },
  };
  return decodePayload(payload, { via: 'sns', deliveryId: `storm-msg-${i}` }, NOW);
}

async function storm(store: StateStore): Promise<void> {
  const deps = testDeps({ store });
  const outcomes = await Promise.all(
    Array.from({ length: 500 }, (_, i) => handleAlert(stormAlert(i), deps)),
  );
  assert.ok(
    outcomes.every((o) => o.status === 'threaded'),
    'no alert dropped',
  );
  const parents = deps.chat.parents;
  assert.equal(parents.length, 5, 'one thread per dedupe key');
  let shown = 0;
  for (const parent of parents) {
    const count = Number(/×(\d+) since/.exec(deps.chat.currentJson(parent.ts))?.[1]);
    assert.equal(count, 100, `thread ${parent.ts} shows its full count`);
    shown += count;
    assert.equal(deps.chat.repliesTo(parent.ts).length, 1, 'one investigation per thread');
  }
  assert.equal(shown, 500);
  const keys = new Set(outcomes.map((o) => (o.status === 'threaded' ? o.threadKey : '')));
  let stored = 0;
  for (const key of keys) stored += (await store.getThread(key))?.count ?? 0;
  assert.equal(stored, 500, 'the store counted every alert');
  assert.ok(
    deps.chat.updates.length < 500,
    `coalesced: ${deps.chat.updates.length} updates for 500 alerts`,
  );
  // Redelivering the whole storm changes nothing.
  const again = await Promise.all(
    Array.from({ length: 500 }, (_, i) => handleAlert(stormAlert(i), deps)),
  );
  assert.ok(again.every((o) => o.status === 'duplicate'));
  assert.equal(deps.chat.parents.length, 5);
}

describe('a storm of 500 alerts with 5 dedupe keys', function () {
  this.timeout(120_000);

  it('memory store: 5 threads, counts adding up to 500', async () => {
    await storm(new MemoryStateStore(() => NOW));
  });

  describe('redis store', () => {
    let server: RedisServer | undefined;
    before(async function () {
      if (!redisServerAvailable()) {
        console.log('      redis-server is not installed (apt-get install redis-server): skipping');
        this.skip();
      }
      server = await startRedisServer();
    });
    after(async () => server?.stop());

    it('5 threads, counts adding up to 500', async () => {
      const store = new RedisStateStore(server!.url, {}, 'storm:');
      try {
        await storm(store);
      } finally {
        await store.close();
      }
    });
  });

  describe('dynamodb store (dynalite)', () => {
    let dynamo: LocalDynamo;
    before(async () => {
      dynamo = await startDynalite();
    });
    after(async () => dynamo.stop());

    it('5 threads, counts adding up to 500', async () => {
      await storm(new DynamoStateStore(dynamo.client, dynamo.table, () => NOW));
    });
  });
});
