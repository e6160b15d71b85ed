import type { LimiterClock } from '../../src/backends/lookup/rate-limiter.js';

/**
 * A limiter clock that jumps instead of waiting, so rate limits and polling backoffs cost no
 * real time in tests (their schedule is checked in rate-limiter.test.ts).
 */
export const instantClock = (): LimiterClock => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
};
