/**
 * The default StateStore: a Map in this process. Right for a single dyno or a local run; state
 * is lost on restart, which costs at most a duplicate thread. Every operation completes
 * synchronously inside its promise, so the atomicity the port asks for is free.
 */
import type { Mute, StateStore, ThreadInit, ThreadPatch, ThreadRecord } from '../ports/state.js';

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

export class MemoryStateStore implements StateStore {
  private readonly values = new Map<string, Entry<string>>();
  private readonly threads = new Map<string, Entry<ThreadRecord>>();
  private readonly mutes = new Map<string, Mute>();

  /** `now` is injectable so tests can expire entries without waiting. */
  constructor(private readonly now: () => number = Date.now) {}

  private live<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(this.values, key) !== undefined) return false;
    this.values.set(key, { value, expiresAtMs: this.now() + ttlMs });
    return true;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, { value, expiresAtMs: this.now() + ttlMs });
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(this.values, key);
  }

  async delete(key: string, ifValue?: string): Promise<void> {
    if (ifValue !== undefined && this.live(this.values, key) !== ifValue) return;
    this.values.delete(key);
  }

  async bumpThread(
    key: string,
    init: ThreadInit,
    nowMs: number,
    ttlMs: number,
  ): Promise<ThreadRecord> {
    const existing = this.live(this.threads, key);
    const record: ThreadRecord = existing ?? {
      key,
      count: 0,
      rev: 0,
      renderedRev: -1,
      firstSeenMs: nowMs,
      lastSeenMs: nowMs,
      channel: init.channel,
      alert: init.alert,
    };
    record.count += 1;
    record.rev += 1;
    record.lastSeenMs = nowMs;
    this.threads.set(key, { value: record, expiresAtMs: this.now() + ttlMs });
    return { ...record };
  }

  async getThread(key: string): Promise<ThreadRecord | undefined> {
    const record = this.live(this.threads, key);
    return record === undefined ? undefined : { ...record };
  }

  async patchThread(key: string, patch: ThreadPatch, bumpRev = false): Promise<void> {
    const record = this.live(this.threads, key);
    if (record === undefined) return;
    Object.assign(record, patch);
    if (bumpRev) record.rev += 1;
  }

  async addMute(mute: Mute): Promise<void> {
    this.mutes.set(mute.id, mute);
  }

  async listMutes(nowMs: number): Promise<Mute[]> {
    for (const [id, mute] of this.mutes) if (mute.expiresAtMs <= nowMs) this.mutes.delete(id);
    return [...this.mutes.values()];
  }

  async close(): Promise<void> {}
}
