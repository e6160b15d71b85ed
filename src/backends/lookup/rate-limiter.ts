/**
 * LookupEvents allows two requests per second per account and Region, and that quota is shared
 * by everything calling it — every question in flight, the console, other tools. The SDK's own
 * adaptive limiter is per client instance, so it cannot keep ten concurrent questions under
 * the quota. This module is the one process-wide gate: a request reserves the next free slot
 * on its account+Region's schedule and waits for it, so concurrent callers queue in order and
 * never burst. The SDK's throttling retries stay as the second line for traffic we cannot see.
 */

/** Time, injectable so tests run without waiting. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError');

export const systemClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortError(signal));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Evenly spaced releases: at most one request every `1000 / ratePerSecond` ms. Spacing rather
 * than a bursty bucket keeps us under any server-side bucket of the same rate, however the two
 * clocks are aligned. The spacing is measured between actual releases, not precomputed slots,
 * so a busy event loop that fires timers late cannot release a backlog in one burst.
 */
export class RateLimiter {
  private lastRelease = -Infinity;
  private readonly queue: { resolve: () => void; signal?: AbortSignal }[] = [];
  private pumping = false;
  private readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    private readonly clock: LimiterClock = systemClock,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /**
   * Waits for this caller's turn. Turns are handed out in call order; a cancelled caller
   * leaves the queue without costing anyone a turn.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, ...(signal === undefined ? {} : { signal }) };
      this.queue.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) {
            this.queue.splice(index, 1);
            reject(abortError(signal));
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  /** Releases waiters one interval apart; only one pump sleeps at a time. */
  private pump(): void {
    if (this.pumping) return;
    while (this.queue.length > 0) {
      const now = this.clock.now();
      const wait = this.lastRelease + this.intervalMs - now;
      if (wait > 0) {
        this.pumping = true;
        void this.clock.sleep(wait).then(() => {
          this.pumping = false;
          this.pump();
        });
        return;
      }
      const waiter = this.queue.shift();
      this.lastRelease = now;
      waiter?.resolve();
    }
  }
}

/** LookupEvents' documented quota: two requests per second, per account, per Region. */
export const LOOKUP_EVENTS_RATE = 2;

/** One limiter per account+Region, created on first use. */
export class RateLimiters {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly ratePerSecond: number = LOOKUP_EVENTS_RATE,
    private readonly clock: LimiterClock = systemClock,
  ) {}

  for(account: string, region: string): RateLimiter {
    const key = `${account}/${region}`;
    let limiter = this.limiters.get(key);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.ratePerSecond, this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}

/** The process-wide limiters every LookupBackend shares unless a test injects its own. */
export const sharedLookupLimiters = new RateLimiters();
