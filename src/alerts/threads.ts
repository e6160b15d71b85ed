/**
 * The alert pipeline: one alert in, one thread up to date.
 *
 *   alert → judge (rule, severity, story, dedupe key) → mute? → resolve? → count into the
 *   thread of (dedupe key, window) → bring the Slack thread up to date
 *
 * Storms. Every alert is counted with one atomic store operation, then tries to take the
 * thread's lock. Whoever holds it posts the parent (first time) or updates it to the latest
 * count, releases, and re-checks: if alerts arrived meanwhile (they found the lock taken and
 * left, trusting the holder), it goes round again. So 500 alerts make one parent and a handful
 * of updates, every alert is in the count, and nothing waits on anything but the store. This
 * holds across processes because the lock and the counter live in the shared store.
 *
 * Redeliveries. The delivery id (SNS MessageId) is claimed first: `pending` while in flight,
 * `counted:<thread>` once in the count, `done` when Slack shows it. A redelivery of a `done`
 * one is ignored, of a `counted` one only re-syncs the thread (never counts twice), of a
 * `pending` one is refused for now (SNS tries again later). A failure before counting releases
 * the claim so the redelivery starts afresh.
 *
 * Windows are fixed buckets (`ALERT_DEDUPE_MINUTES`, aligned to the epoch), so every process
 * agrees on the thread key without coordination; a storm that crosses a boundary continues in
 * a new thread.
 */
import { randomUUID } from 'node:crypto';
import { alertParentMessage, investigationMessage, noteMessage } from '../../blocks/alert.js';
import { escapeMrkdwn, literal } from '../../blocks/mrkdwn.js';
import { formatTime } from '../core/time-format.js';
import type { Chat } from '../ports/chat.js';
import type { StateStore, ThreadRecord } from '../ports/state.js';
import type { Alert } from './alert.js';
import type { AlertConfig } from './config.js';
import { investigate, type QuestionRunner } from './investigate.js';
import { channelFor, findMute } from './policy.js';
import { judge, type Verdict } from './rules.js';
import { parseStatus, type ThreadStatus } from './status.js';
import { toView, type AlertView } from './view.js';

export interface AlertLogger {
  (message: string, fields?: Record<string, unknown>): void;
}

export interface AlertDeps {
  store: StateStore;
  chat: Chat;
  config: AlertConfig;
  /** Epoch ms; injected so windows and tests are deterministic. */
  now?: () => number;
  /** Answers the investigation questions; without it the first reply says no backend is set. */
  runQuestion?: QuestionRunner;
  log?: AlertLogger;
  /**
   * The least time between two updates of one parent (default 2000 ms): a storm updates its
   * thread's count at most this often (chat.update is Tier 3, ~50 calls a minute).
   */
  updateIntervalMs?: number;
  /**
   * Runs a catch-up update later, so an alert that arrives between two updates need not wait
   * for the next one. Long-lived processes pass {@link deferWithTimer}; without it (Lambda, whose
   * process freezes after returning) the alert that finds the parent too fresh waits instead.
   */
  defer?: (run: () => void, delayMs: number) => void;
}

/** A {@link AlertDeps.defer} for long-lived processes: an unref'd timer. */
export const deferWithTimer = (run: () => void, delayMs: number): void => {
  setTimeout(run, delayMs).unref();
};

/** Threads with a catch-up update already scheduled in this process. */
const scheduled = new Set<string>();

/** What the rules made of an alert, for its audit line (src/alerts/audit.ts). */
type Judged = Pick<Verdict, 'rule' | 'severity'>;

export type AlertOutcome =
  | ({ status: 'threaded'; threadKey: string; count: number } & Judged)
  | { status: 'duplicate' }
  | ({ status: 'muted'; muteId: string } & Judged)
  | ({ status: 'resolved'; threadKey?: string } & Judged);

/** The same delivery is being processed right now: answer 5xx so SNS tries again later. */
export class DeliveryInFlightError extends Error {
  constructor(deliveryId: string) {
    super(`delivery ${deliveryId} is already being processed`);
    this.name = 'DeliveryInFlightError';
  }
}

/** A crashed process's claim expires after this, so redeliveries are not refused forever. */
const PENDING_TTL_MS = 60_000;
/** Redeliveries come within hours (SNS's default policy: 3 retries, 20 s apart). */
const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;
/** Held only across one chat.postMessage/update (+ 429 waits), released in `finally`. */
const LOCK_TTL_MS = 90_000;
/** Held while the investigation runs (Athena can take minutes). */
const INVESTIGATION_TTL_MS = 10 * 60 * 1000;

const deliveryKey = (id: string): string => `delivery:${id}`;
const latestKey = (dedupeKey: string): string => `latest:${dedupeKey}`;

/** The thread key of a dedupe key at `nowMs`: the key plus the start of its window. */
export function threadKeyFor(dedupeKey: string, nowMs: number, windowMs: number): string {
  return `${dedupeKey}@${Math.floor(nowMs / windowMs) * windowMs}`;
}

const clock = (deps: AlertDeps): number => deps.now?.() ?? Date.now();
const log = (deps: AlertDeps, message: string, fields?: Record<string, unknown>): void =>
  deps.log?.(message, fields);

/**
 * Handles one alert end to end. Throws when the store or Slack fails (the caller answers 5xx
 * or rethrows for Lambda so the alert is redelivered), and {@link DeliveryInFlightError} for a
 * redelivery of an alert still being processed.
 */
export async function handleAlert(alert: Alert, deps: AlertDeps): Promise<AlertOutcome> {
  const { store } = deps;
  const id = alert.origin.deliveryId;
  if (id !== undefined && !(await store.putIfAbsent(deliveryKey(id), 'pending', PENDING_TTL_MS))) {
    const state = await store.get(deliveryKey(id));
    if (state === 'pending') throw new DeliveryInFlightError(id);
    if (state?.startsWith('counted:')) {
      await syncThread(state.slice('counted:'.length), deps);
      await store.put(deliveryKey(id), 'done', DELIVERY_TTL_MS);
    }
    log(deps, 'alert: duplicate delivery ignored', { deliveryId: id, state });
    return { status: 'duplicate' };
  }
  let counted = false;
  try {
    const outcome = await processAlert(alert, deps, async (threadKey) => {
      counted = true;
      if (id !== undefined)
        await store.put(deliveryKey(id), `counted:${threadKey}`, DELIVERY_TTL_MS);
    });
    if (id !== undefined) await store.put(deliveryKey(id), 'done', DELIVERY_TTL_MS);
    return outcome;
  } catch (e) {
    if (!counted && id !== undefined)
      await store.delete(deliveryKey(id), 'pending').catch(() => undefined);
    throw e;
  }
}

async function processAlert(
  alert: Alert,
  deps: AlertDeps,
  onCounted: (threadKey: string) => Promise<void>,
): Promise<AlertOutcome> {
  const { store, config } = deps;
  const now = clock(deps);
  const verdict = judge(alert);
  const mute = findMute(verdict, [...config.mutes, ...(await store.listMutes(now))], now);
  if (mute !== undefined) {
    log(deps, 'alert: muted', {
      rule: verdict.rule,
      muteId: mute.id,
      deliveryId: alert.origin.deliveryId,
    });
    return { status: 'muted', muteId: mute.id, rule: verdict.rule, severity: verdict.severity };
  }
  if (verdict.resolves) return resolveLatest(alert, verdict, deps);
  const view = toView(alert, verdict);
  const threadKey = threadKeyFor(verdict.dedupeKey, now, config.dedupeWindowMs);
  const record = await store.bumpThread(
    threadKey,
    { channel: channelFor(verdict, alert.account, config), alert: JSON.stringify(view) },
    now,
    config.dedupeWindowMs + config.retentionMs,
  );
  await onCounted(threadKey);
  if (parseStatus(record.status)?.state === 'resolved') {
    // Resolved, yet the same thing happens again: say so rather than show "Resolved".
    const reopened: ThreadStatus = { state: 'reopened', by: 'alerts', atMs: now };
    await store.patchThread(threadKey, { status: JSON.stringify(reopened) }, true);
  }
  await syncThread(threadKey, deps);
  return {
    status: 'threaded',
    threadKey,
    count: record.count,
    rule: verdict.rule,
    severity: verdict.severity,
  };
}

/** An alarm back to OK / an Insight's End: resolve the thread its ALARM / Start opened. */
async function resolveLatest(
  alert: Alert,
  verdict: Verdict,
  deps: AlertDeps,
): Promise<AlertOutcome> {
  const threadKey = await deps.store.get(latestKey(verdict.dedupeKey));
  const thread = threadKey === undefined ? undefined : await deps.store.getThread(threadKey);
  if (threadKey === undefined || thread?.ts === undefined) {
    log(deps, 'alert: nothing to resolve', { rule: verdict.rule, dedupeKey: verdict.dedupeKey });
    return { status: 'resolved', rule: verdict.rule, severity: verdict.severity };
  }
  const by =
    alert.kind === 'alarm' ? `CloudWatch (${alert.newState})` : 'CloudTrail Insights (End)';
  const status: ThreadStatus = { state: 'resolved', by, atMs: alert.timeMs };
  await setStatus(threadKey, status, deps);
  const reason = alert.kind === 'alarm' && alert.reason ? `: ${literal(alert.reason, 600)}` : '';
  await deps.chat.postMessage({
    channel: thread.channel,
    threadTs: thread.ts,
    ...noteMessage(
      `:white_check_mark: ${escapeMrkdwn(by)} at ${formatTime(alert.timeMs, deps.config.timeZone)}${reason}`,
    ),
  });
  return { status: 'resolved', threadKey, rule: verdict.rule, severity: verdict.severity };
}

/** Records a status change and re-renders the parent (its status line). */
export async function setStatus(
  threadKey: string,
  status: ThreadStatus,
  deps: AlertDeps,
): Promise<void> {
  await deps.store.patchThread(threadKey, { status: JSON.stringify(status) }, true);
  // A person clicked: show it now, whatever the storm throttle says.
  await syncThread(threadKey, deps, true);
}

/**
 * Brings the Slack thread up to date with the store: posts the parent if it is not there yet,
 * updates it while the store holds changes it does not show (at most every `updateIntervalMs`
 * unless `immediate`), then makes sure the first reply (the investigation) exists. Safe to
 * call from any number of alerts at once.
 */
export async function syncThread(
  threadKey: string,
  deps: AlertDeps,
  immediate = false,
): Promise<void> {
  await renderParent(threadKey, deps, immediate);
  await ensureInvestigation(threadKey, deps);
}

export function parentFor(thread: ThreadRecord, deps: AlertDeps) {
  const view = JSON.parse(thread.alert) as AlertView;
  const status = parseStatus(thread.status);
  return {
    view,
    message: alertParentMessage({
      view,
      threadKey: thread.key,
      count: thread.count,
      firstSeenMs: thread.firstSeenMs,
      lastSeenMs: thread.lastSeenMs,
      ...(status ? { status } : {}),
      timeZone: deps.config.timeZone,
    }),
  };
}

async function renderParent(threadKey: string, deps: AlertDeps, immediate: boolean): Promise<void> {
  const { store, chat } = deps;
  const lock = `lock:${threadKey}`;
  const interval = immediate ? 0 : (deps.updateIntervalMs ?? 2000);
  for (;;) {
    const token = randomUUID();
    // Taken: the holder re-checks after releasing, so it will show this alert's count too.
    if (!(await store.putIfAbsent(lock, token, LOCK_TTL_MS))) return;
    try {
      const thread = await store.getThread(threadKey);
      if (thread === undefined) return;
      if (thread.ts === undefined) {
        const { view, message } = parentFor(thread, deps);
        const posted = await chat.postMessage({ channel: thread.channel, ...message });
        await store.patchThread(threadKey, { ts: posted.ts, renderedRev: thread.rev });
        await store.put(`rendered:${threadKey}`, String(clock(deps)), LOCK_TTL_MS);
        await store.put(
          latestKey(view.dedupeKey),
          threadKey,
          deps.config.dedupeWindowMs + deps.config.retentionMs,
        );
        log(deps, 'alert: thread opened', { threadKey, channel: thread.channel, ts: posted.ts });
      } else if (thread.renderedRev !== thread.rev) {
        const last = Number((await store.get(`rendered:${threadKey}`)) ?? 0);
        const wait = last + interval - clock(deps);
        if (wait > 0 && deps.defer !== undefined) {
          // Too soon after the last update: leave the rest of the storm to a catch-up update.
          if (!scheduled.has(threadKey)) {
            scheduled.add(threadKey);
            deps.defer(() => {
              scheduled.delete(threadKey);
              syncThread(threadKey, deps).catch((e: unknown) =>
                log(deps, 'alert: catch-up update failed', { threadKey, error: String(e) }),
              );
            }, wait);
          }
          return;
        }
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // Re-read: alerts that came during the wait are shown by this same update.
        const latest = (await store.getThread(threadKey)) ?? thread;
        await chat.update({
          channel: latest.channel,
          ts: thread.ts,
          ...parentFor(latest, deps).message,
        });
        await store.patchThread(threadKey, { renderedRev: latest.rev });
        await store.put(`rendered:${threadKey}`, String(clock(deps)), LOCK_TTL_MS);
      }
    } finally {
      await store.delete(lock, token);
    }
    const after = await store.getThread(threadKey);
    if (after === undefined || (after.ts !== undefined && after.renderedRev === after.rev)) return;
  }
}

async function ensureInvestigation(threadKey: string, deps: AlertDeps): Promise<void> {
  const { store } = deps;
  const thread = await store.getThread(threadKey);
  if (thread?.ts === undefined || thread.investigated) return;
  const claim = `investigation:${threadKey}`;
  const token = randomUUID();
  if (!(await store.putIfAbsent(claim, token, INVESTIGATION_TTL_MS))) return;
  try {
    const { view } = parentFor(thread, deps);
    const results = await investigate(view.investigation, deps.runQuestion);
    await deps.chat.postMessage({
      channel: thread.channel,
      threadTs: thread.ts,
      ...investigationMessage(results, deps.config.timeZone),
    });
    await store.patchThread(threadKey, { investigated: true });
  } catch (e) {
    await store.delete(claim, token).catch(() => undefined);
    throw e;
  }
}
