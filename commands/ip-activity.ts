import { DEFAULT_HOURS, ipOrCidrProblem } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { sourceIp } from '../src/core/filter.js';

/** Calls whose sourceIPAddress is the address, or lies in the CIDR block. */
export const ipActivity: CommandSpec = {
  intent: 'ip-activity',
  title: 'Activity from an IP address',
  description: 'Calls made from an IP address or CIDR block (IPv4 or IPv6).',
  patterns: [
    /(?:activity|events|calls|requests|actions|traffic) (?:from|of|for) ip (?<subject>\S+)/,
    /(?:activity|events|calls|requests|actions|traffic) from (?<subject>\S+)/,
    /what (?:did|came from) (?<subject>[\d.]+(?:\/\d+)?|[\da-f]*:[\da-f:.]*(?:\/\d+)?)(?: do)?/,
  ],
  subject: { name: 'an IP address or CIDR block', validate: ipOrCidrProblem },
  defaultHours: DEFAULT_HOURS.recent,
  filter: (ip) => sourceIp(ip.toLowerCase()),
  examples: [
    'activity from 203.0.113.7',
    'events from 10.0.0.0/8 last 3 days',
    'activity from 2001:db8::/32',
  ],
};
