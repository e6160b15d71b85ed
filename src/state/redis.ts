/**
 * StateStore on Redis (REDIS_URL), for Heroku where several dynos share alert state.
 *
 * Plain keys hold claims, locks and pointers (`SET … NX PX`); a thread is a hash whose bump is
 * one Lua script, so concurrent alerts on any number of dynos count exactly; a mute is its own
 * key with a TTL plus a member in a set that indexes them (members whose key expired are
 * dropped when listed).
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Mute, StateStore, ThreadInit, ThreadPatch, ThreadRecord } from '../ports/state.js';

/** Creates the hash from ARGV on first use, then counts one alert; returns the whole hash. */
const BUMP_SCRIPT = `
redis.call('HSETNX', KEYS[1], 'channel', ARGV[1])
redis.call('HSETNX', KEYS[1], 'alert', ARGV[2])
redis.call('HSETNX', KEYS[1], 'firstSeenMs', ARGV[3])
redis.call('HSETNX', KEYS[1], 'renderedRev', '-1')
redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('HINCRBY', KEYS[1], 'rev', 1)
redis.call('HSET', KEYS[1], 'lastSeenMs', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('HGETALL', KEYS[1])
`;

/** Deletes a key only while it holds the expected value (a lock released by its owner). */
const DELETE_IF_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Sets fields only on a thread that exists (a late patch must not resurrect an expired one). */
const PATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[1] == '1' then redis.call('HINCRBY', KEYS[1], 'rev', 1) end
return 1
`;

const DAY_MS = 24 * 60 * 60 * 1000;

function toRecord(key: string, hash: Record<string, string>): ThreadRecord | undefined {
  if (hash.count === undefined || hash.channel === undefined || hash.alert === undefined) {
    return undefined;
  }
  return {
    key,
    count: Number(hash.count),
    rev: Number(hash.rev ?? 0),
    renderedRev: Number(hash.renderedRev ?? -1),
    firstSeenMs: Number(hash.firstSeenMs),
    lastSeenMs: Number(hash.lastSeenMs),
    channel: hash.channel,
    alert: hash.alert,
    ...(hash.ts !== undefined ? { ts: hash.ts } : {}),
    ...(hash.investigated === '1' ? { investigated: true } : {}),
    ...(hash.status !== undefined ? { status: hash.status } : {}),
  };
}

function pairsToHash(flat: unknown): Record<string, string> {
  const hash: Record<string, string> = {};
  if (!Array.isArray(flat)) return hash;
  for (let i = 0; i + 1 < flat.length; i += 2) hash[String(flat[i])] = String(flat[i + 1]);
  return hash;
}

export class RedisStateStore implements StateStore {
  private readonly redis: Redis;

  /**
   * @param url e.g. `redis://127.0.0.1:6379` or Heroku's `rediss://…` (Heroku Redis uses a
   *   self-signed certificate: pass `{ tls: { rejectUnauthorized: false } }` as options).
   */
  constructor(
    url: string,
    options: RedisOptions = {},
    private readonly prefix = 'trailhound:',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, ...options });
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  async putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ok = await this.redis.set(this.k(key), value, 'PX', Math.max(1, ttlMs), 'NX');
    return ok === 'OK';
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k(key), value, 'PX', Math.max(1, ttlMs));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.k(key))) ?? undefined;
  }

  async delete(key: string, ifValue?: string): Promise<void> {
    if (ifValue === undefined) await this.redis.del(this.k(key));
    else await this.redis.eval(DELETE_IF_SCRIPT, 1, this.k(key), ifValue);
  }

  async bumpThread(
    key: string,
    init: ThreadInit,
    nowMs: number,
    ttlMs: number,
  ): Promise<ThreadRecord> {
    const flat = await this.redis.eval(
      BUMP_SCRIPT,
      1,
      this.k(`thread:${key}`),
      init.channel,
      init.alert,
      String(nowMs),
      String(Math.max(1, ttlMs)),
    );
    const record = toRecord(key, pairsToHash(flat));
    if (record === undefined) throw new Error(`redis: thread ${key} is malformed`);
    return record;
  }

  async getThread(key: string): Promise<ThreadRecord | undefined> {
    return toRecord(key, await this.redis.hgetall(this.k(`thread:${key}`)));
  }

  async patchThread(key: string, patch: ThreadPatch, bumpRev = false): Promise<void> {
    const fields: string[] = [];
    if (patch.ts !== undefined) fields.push('ts', patch.ts);
    if (patch.renderedRev !== undefined) fields.push('renderedRev', String(patch.renderedRev));
    if (patch.investigated !== undefined)
      fields.push('investigated', patch.investigated ? '1' : '0');
    if (patch.status !== undefined) fields.push('status', patch.status);
    if (patch.alert !== undefined) fields.push('alert', patch.alert);
    await this.redis.eval(PATCH_SCRIPT, 1, this.k(`thread:${key}`), bumpRev ? '1' : '0', ...fields);
  }

  async addMute(mute: Mute): Promise<void> {
    // The TTL only collects garbage (listMutes compares expiresAtMs with the injected clock),
    // so it keeps a day's grace beyond the expiry.
    const ttlMs = Math.max(0, mute.expiresAtMs - Date.now()) + DAY_MS;
    await this.redis
      .multi()
      .set(this.k(`mute:${mute.id}`), JSON.stringify(mute), 'PX', ttlMs)
      .sadd(this.k('mutes'), mute.id)
      .exec();
  }

  async listMutes(nowMs: number): Promise<Mute[]> {
    const ids = await this.redis.smembers(this.k('mutes'));
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.k(`mute:${id}`)));
    const gone = ids.filter((_, i) => values[i] == null);
    if (gone.length > 0) await this.redis.srem(this.k('mutes'), ...gone);
    return values
      .filter((v): v is string => typeof v === 'string')
      .map((v) => JSON.parse(v) as Mute)
      .filter((m) => m.expiresAtMs > nowMs);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
