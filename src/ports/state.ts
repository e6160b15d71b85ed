/**
 * Where alert state lives between deliveries: which SNS/EventBridge deliveries were already
 * handled, which thread a dedupe key opened and how many alerts it has absorbed, who muted what.
 *
 * One port, three adapters (src/state/): memory for a single process, Redis for Heroku
 * (several dynos share it), DynamoDB for Lambda. Everything expires: nothing here is worth
 * keeping after its TTL, and a store that never forgets would grow with every alert.
 *
 * The operations are the few primitives the alert pipeline needs to be correct under
 * concurrency (a storm of hundreds of alerts arriving at once, on several processes):
 * `putIfAbsent` (claims and locks), compare-and-delete, and the atomic {@link StateStore.bumpThread}.
 */

/** One alert thread: a dedupe key inside one window. */
export interface ThreadRecord {
  /** The storage key (dedupe key + window start). */
  key: string;
  /** Alerts absorbed so far, counted atomically; the first bump creates the record with 1. */
  count: number;
  /** Bumped by every change that the parent message should show (a new alert, a status change). */
  rev: number;
  /** The rev the parent message currently shows; `-1` before it was posted. */
  renderedRev: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** The channel the thread lives in (decided by the first alert's route). */
  channel: string;
  /** The serialised view of the first alert (JSON): enough to rebuild the parent message. */
  alert: string;
  /** The parent message's ts, once posted. */
  ts?: string;
  /** The first reply (the investigation) was posted. */
  investigated?: boolean;
  /** Serialised status (acknowledged / resolved, by whom, when), JSON. */
  status?: string;
}

/** What the first alert of a thread sets; later bumps leave these untouched. */
export interface ThreadInit {
  channel: string;
  alert: string;
}

export interface ThreadPatch {
  ts?: string;
  renderedRev?: number;
  investigated?: boolean;
  status?: string;
  /** A new serialised view, when a person's answer changes the alert (a raised severity). */
  alert?: string;
}

/** A silence for alerts whose rule and actor match the patterns, until it expires. */
export interface Mute {
  id: string;
  /** Glob over rule ids (`*` = any run of characters), e.g. `authorization-failure`. */
  rule: string;
  /** Glob over the actor (display, user name or ARN), case-insensitive, e.g. `ci-*`. */
  actor: string;
  expiresAtMs: number;
  /** Who asked for it (a Slack user id, or `config` for ALERT_MUTES). */
  createdBy: string;
  reason?: string;
}

export interface StateStore {
  /** Stores `value` under `key` unless a live value is there; true when this call stored it. */
  putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  put(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Deletes `key`; with `ifValue`, only while it still holds that value (releasing a lock). */
  delete(key: string, ifValue?: string): Promise<void>;
  /**
   * Atomically counts one more alert into the thread `key`, creating it from `init` when absent:
   * count + 1, rev + 1, lastSeenMs = nowMs. Returns the record after the bump.
   */
  bumpThread(key: string, init: ThreadInit, nowMs: number, ttlMs: number): Promise<ThreadRecord>;
  getThread(key: string): Promise<ThreadRecord | undefined>;
  /** Sets the given fields; `bumpRev` also increments rev (the parent must be re-rendered). */
  patchThread(key: string, patch: ThreadPatch, bumpRev?: boolean): Promise<void>;
  addMute(mute: Mute): Promise<void>;
  /** Mutes that have not expired at `nowMs`. */
  listMutes(nowMs: number): Promise<Mute[]>;
  close(): Promise<void>;
}
