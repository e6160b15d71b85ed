import { strict as assert } from 'node:assert';
import nock from 'nock';
import { everything } from '../../../../src/core/filter.js';
import { isTrailError } from '../../../../src/core/errors.js';
import { LookupBackend } from '../../../../src/backends/lookup/lookup-backend.js';
import { RateLimiter, RateLimiters } from '../../../../src/backends/lookup/rate-limiter.js';
import type { LimiterClock } from '../../../../src/backends/lookup/rate-limiter.js';
import { makeRecord } from '../../../helpers/records.js';
import {
  awsError,
  cloudTrail,
  jsonBody,
  lookupPage,
  testClientOptions,
} from '../../../helpers/aws-wire.js';

/** A clock that jumps forward instead of sleeping and records when each sleep ended. */
function fakeClock(): LimiterClock & { wakes: number[]; set(ms: number): void } {
  let now = 0;
  const wakes: number[] = [];
  return {
    wakes,
    set: (ms) => {
      now = ms;
    },
    now: () => now,
    sleep: async (ms) => {
      // Wake after everything already runnable has run, as a real timer would.
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
      wakes.push(now);
    },
  };
}

describe('RateLimiter', () => {
  it('lets the first caller through at once and spaces the rest 500 ms apart at 2/s', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock);
    const released: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => limiter.acquire().then(() => released.push(clock.now()))),
    );
    assert.deepEqual(released, [0, 500, 1000, 1500]);
  });

  it('does not bank unused time: after a quiet spell the schedule restarts from now', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock);
    await limiter.acquire();
    clock.set(10_000);
    await limiter.acquire();
    await limiter.acquire();
    assert.deepEqual(clock.wakes, [10_500]);
  });

  it('keeps one schedule per account and Region', async () => {
    const clock = fakeClock();
    const limiters = new RateLimiters(2, clock);
    assert.equal(
      limiters.for('111122223333', 'us-east-1'),
      limiters.for('111122223333', 'us-east-1'),
    );
    await limiters.for('111122223333', 'us-east-1').acquire();
    await limiters.for('111122223333', 'eu-west-1').acquire();
    await limiters.for('444455556666', 'us-east-1').acquire();
    assert.deepEqual(clock.wakes, []);
    await limiters.for('111122223333', 'us-east-1').acquire();
    assert.deepEqual(clock.wakes, [500]);
  });

  it('drops a cancelled caller from the queue without costing the others a turn', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock);
    await limiter.acquire();
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    await limiter.acquire();
    assert.deepEqual(clock.wakes, [500]);
  });
});

describe('LookupEvents under concurrent questions', () => {
  afterEach(() => nock.cleanAll());

  const NOW = new Date('2026-11-26T12:00:00Z');
  const RATE = 5; // per second; AWS's is 2/s. Faster rates drown in event-loop jitter.

  /**
   * An endpoint that, like AWS, throttles each Region beyond RATE requests per second (a token
   * bucket holding 2) and serves two pages per question.
   */
  function enforcingEndpoint(region: string): { throttled: number; calls: number } {
    const stats = { throttled: 0, calls: 0 };
    let tokens = 2;
    let last = performance.now();
    cloudTrail(region)
      .persist()
      .post('/')
      .reply(async (request: Request) => {
        const body = await request.text();
        const now = performance.now();
        tokens = Math.min(2, tokens + ((now - last) / 1000) * RATE);
        last = now;
        stats.calls += 1;
        if (tokens < 1) {
          stats.throttled += 1;
          return [400, awsError('ThrottlingException', 'Rate exceeded')];
        }
        tokens -= 1;
        const second = jsonBody(body).NextToken === 'page-2';
        const record = makeRecord({
          eventID: `${region}-${second ? 2 : 1}-${stats.calls}`,
          eventTime: second ? '2026-11-26T10:00:00Z' : '2026-11-26T11:00:00Z',
          awsRegion: region,
        });
        return [200, lookupPage([record], second ? undefined : 'page-2')];
      });
    return stats;
  }

  const ask = (limiters: RateLimiters) =>
    new LookupBackend({
      regions: ['us-east-1', 'eu-west-1'],
      accounts: [{ id: 'default' }],
      clientOptions: testClientOptions, // one attempt: any throttle would surface
      limiters,
      now: () => NOW,
    });

  const question = {
    filter: { window: { start: new Date('2026-11-26T00:00:00Z'), end: NOW }, where: everything() },
    limit: 10,
  };

  it('answers ten questions at once over two Regions without a single throttle', async () => {
    const east = enforcingEndpoint('us-east-1');
    const west = enforcingEndpoint('eu-west-1');
    const limiters = new RateLimiters(RATE);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => ask(limiters).run(question)),
    );
    assert.equal(east.throttled + west.throttled, 0);
    assert.equal(east.calls + west.calls, 40);
    for (const answer of answers) assert.equal(answer.events.length, 4);
  });

  it('would surface throttling without the shared limiter (the endpoint really enforces)', async () => {
    const east = enforcingEndpoint('us-east-1');
    enforcingEndpoint('eu-west-1');
    const results = await Promise.allSettled(
      // A separate, effectively unlimited limiter per question: what per-client limiting gives.
      Array.from({ length: 10 }, () => ask(new RateLimiters(10_000)).run(question)),
    );
    assert.ok(east.throttled > 0);
    const surfaced = results.filter(
      (r) =>
        r.status === 'rejected' ||
        r.value.notes.some((n) => n.kind === 'warning' && /throttl/i.test(n.text)),
    );
    assert.ok(surfaced.length > 0);
    for (const r of results) if (r.status === 'rejected') assert.ok(isTrailError(r.reason));
  });
});
