/**
 * The asker's IANA time zone from their Slack profile (users.info → user.tz), cached: it changes
 * rarely and users.info is rate limited (Tier 4). Falls back to UTC when the profile has none or
 * the lookup fails — an answer in UTC beats no answer.
 */
import type { webApi } from '@slack/bolt';
import { isValidTimeZone } from '../core/time-window.js';
import { TtlCache } from './ttl-cache.js';

export class TimeZones {
  private readonly cache: TtlCache<string>;

  constructor(
    private readonly client: Pick<webApi.WebClient, 'users'>,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache<string>(60 * 60 * 1000, now);
  }

  async of(userId: string): Promise<string> {
    const cached = this.cache.get(userId);
    if (cached !== undefined) return cached;
    let zone = 'UTC';
    try {
      const result = await this.client.users.info({ user: userId });
      const tz = result.user?.tz;
      if (typeof tz === 'string' && isValidTimeZone(tz)) zone = tz;
    } catch {
      // users:read missing or Slack unavailable: answer in UTC rather than not at all.
      return zone;
    }
    this.cache.set(userId, zone);
    return zone;
  }
}
