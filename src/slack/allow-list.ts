/**
 * Who may ask. TRAIL_ALLOWED_CHANNELS limits where; TRAIL_ALLOWED_USERS and
 * TRAIL_ALLOWED_USERGROUP limit who (a person passes if either lists them). Unset lists do not
 * restrict, so a fresh install answers everyone until the security team narrows it. The group's
 * members come from usergroups.users.list, cached for five minutes; if that lookup fails the
 * answer is "no" — a lookup error must not open the door.
 */
import type { webApi } from '@slack/bolt';
import type { RefusalReason } from '../../blocks/refusal.js';
import type { Config } from '../runtime/config.js';
import { TtlCache } from './ttl-cache.js';

export type Verdict = { allowed: true } | { allowed: false; reason: RefusalReason };

export class AllowList {
  private readonly groupMembers: TtlCache<ReadonlySet<string>>;

  constructor(
    private readonly allow: Config['allow'],
    private readonly client: Pick<webApi.WebClient, 'usergroups'>,
    now: () => number = Date.now,
  ) {
    this.groupMembers = new TtlCache<ReadonlySet<string>>(5 * 60 * 1000, now);
  }

  async check(userId: string, channelId: string): Promise<Verdict> {
    const { channels, users, usergroup } = this.allow;
    if (channels.length > 0 && !channels.includes(channelId))
      return { allowed: false, reason: 'channel' };
    if (users.length === 0 && usergroup === undefined) return { allowed: true };
    if (users.includes(userId)) return { allowed: true };
    if (usergroup !== undefined && (await this.members(usergroup)).has(userId))
      return { allowed: true };
    return { allowed: false, reason: 'user' };
  }

  private async members(usergroup: string): Promise<ReadonlySet<string>> {
    const cached = this.groupMembers.get(usergroup);
    if (cached !== undefined) return cached;
    try {
      const result = await this.client.usergroups.users.list({ usergroup });
      const members = new Set(result.users ?? []);
      this.groupMembers.set(usergroup, members);
      return members;
    } catch {
      return new Set();
    }
  }
}
