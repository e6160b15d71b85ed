/**
 * The StateStore contract, held against every adapter: memory, a real redis-server and dynalite.
 */
import { strict as assert } from 'node:assert';
import type { StateStore } from '../../src/ports/state.js';
import { DynamoStateStore } from '../../src/state/dynamodb.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import { RedisStateStore } from '../../src/state/redis.js';
import { startDynalite, type LocalDynamo } from '../helpers/dynalite.js';
import {
  redisServerAvailable,
  startRedisServer,
  type RedisServer,
} from '../helpers/redis-server.js';

interface Harness {
  name: string;
  /** A fresh store whose clock is `clock.now`. */
  open(clock: { now: number }): Promise<StateStore>;
  setup?(this: Mocha.Context): Promise<void>;
  teardown?(): Promise<void>;
}

let redis: RedisServer | undefined;
let dynamo: LocalDynamo | undefined;
let prefixes = 0;

const harnesses: Harness[] = [
  { name: 'memory', open: async (clock) => new MemoryStateStore(() => clock.now) },
  {
    name: 'redis',
    async setup() {
      if (!redisServerAvailable()) {
        console.log('      redis-server is not installed (apt-get install redis-server): skipping');
        this.skip();
      }
      redis = await startRedisServer();
    },
    // Redis expires keys by its own clock; the tests that move the clock only use memory/dynamo.
    open: async () => new RedisStateStore(redis!.url, {}, `t${++prefixes}:`),
    teardown: async () => redis?.stop(),
  },
  {
    name: 'dynamodb (dynalite)',
    async setup() {
      dynamo = await startDynalite();
    },
    open: async (clock) => new DynamoStateStore(dynamo!.client, dynamo!.table, () => clock.now),
    teardown: async () => dynamo?.stop(),
  },
];

const T0 = Date.parse('2026-11-26T02:00:00Z');

for (const harness of harnesses) {
  describe(`StateStore: ${harness.name}`, function () {
    this.timeout(60_000);
    let store: StateStore;
    const clock = { now: T0 };

    before(async function () {
      await harness.setup?.call(this);
    });
    after(async () => harness.teardown?.());
    beforeEach(async () => {
      clock.now = Date.now();
      store = await harness.open(clock);
    });
    afterEach(async () => {
      if (harness.name !== 'dynamodb (dynalite)') await store.close();
    });

    it('claims a key once and lets the owner release it by value', async () => {
      const key = `claim-${Math.random()}`;
      assert.equal(await store.putIfAbsent(key, 'owner-a', 60_000), true);
      assert.equal(await store.putIfAbsent(key, 'owner-b', 60_000), false);
      assert.equal(await store.get(key), 'owner-a');
      await store.delete(key, 'owner-b');
      assert.equal(await store.get(key), 'owner-a', 'a non-owner cannot release it');
      await store.delete(key, 'owner-a');
      assert.equal(await store.get(key), undefined);
      assert.equal(await store.putIfAbsent(key, 'owner-b', 60_000), true);
    });

    it('counts 500 concurrent bumps of 5 threads exactly, keeping the first alert', async () => {
      const keys = [1, 2, 3, 4, 5].map((i) => `storm-${i}-${Math.random()}`);
      const records = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          store.bumpThread(keys[i % 5]!, { channel: 'C1', alert: `alert-${i}` }, T0 + i, 3_600_000),
        ),
      );
      for (const key of keys) {
        const counts = records.filter((r) => r.key === key).map((r) => r.count);
        assert.deepEqual(
          [...counts].sort((a, b) => a - b),
          Array.from({ length: 100 }, (_, i) => i + 1),
          'every bump saw a distinct count',
        );
        const thread = await store.getThread(key);
        assert.equal(thread?.count, 100);
        assert.equal(thread?.rev, 100);
        assert.equal(thread?.renderedRev, -1);
        assert.equal(thread?.alert, records.find((r) => r.key === key && r.count === 1)?.alert);
      }
    });

    it('patches a thread, bumping its rev on request, and ignores unknown threads', async () => {
      const key = `patch-${Math.random()}`;
      await store.bumpThread(key, { channel: 'C9', alert: '{}' }, T0, 3_600_000);
      await store.patchThread(key, { ts: '1700000000.000100', renderedRev: 1, investigated: true });
      await store.patchThread(key, { status: '{"state":"acknowledged"}' }, true);
      const thread = await store.getThread(key);
      assert.equal(thread?.ts, '1700000000.000100');
      assert.equal(thread?.renderedRev, 1);
      assert.equal(thread?.investigated, true);
      assert.equal(thread?.status, '{"state":"acknowledged"}');
      assert.equal(thread?.rev, 2);
      await store.patchThread(`missing-${Math.random()}`, { ts: '1' }, true);
      assert.equal(await store.getThread(`missing-${Math.random()}`), undefined);
    });

    it('replaces the stored alert view when a patch carries one (a raised severity)', async () => {
      const key = `view-${Math.random()}`;
      await store.bumpThread(key, { channel: 'C9', alert: '{"severity":"low"}' }, T0, 3_600_000);
      await store.patchThread(key, { alert: '{"severity":"high"}' }, true);
      await store.bumpThread(
        key,
        { channel: 'C9', alert: '{"severity":"low"}' },
        T0 + 1,
        3_600_000,
      );
      const thread = await store.getThread(key);
      assert.equal(thread?.alert, '{"severity":"high"}', 'later alerts keep the patched view');
      assert.equal(thread?.count, 2);
      assert.equal(thread?.rev, 3);
    });

    it('lists mutes until they expire', async () => {
      const now = Date.now();
      const id = `m-${Math.random()}`;
      await store.addMute({
        id,
        rule: 'root-usage',
        actor: '*',
        expiresAtMs: now + 60_000,
        createdBy: 'U1',
      });
      await store.addMute({
        id: `${id}-old`,
        rule: '*',
        actor: 'ci-*',
        expiresAtMs: now - 1,
        createdBy: 'U1',
      });
      const live = (await store.listMutes(now)).filter((m) => m.id.startsWith(id));
      assert.deepEqual(
        live.map((m) => m.id),
        [id],
      );
      assert.equal((await store.listMutes(now + 60_001)).filter((m) => m.id === id).length, 0);
    });

    if (harness.name !== 'redis') {
      it('treats an expired value as absent', async () => {
        const key = `ttl-${Math.random()}`;
        await store.put(key, 'x', 5_000);
        clock.now += 6_000;
        assert.equal(await store.get(key), undefined);
        assert.equal(await store.putIfAbsent(key, 'y', 5_000), true);
      });
    }
  });
}
