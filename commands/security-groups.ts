import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { SECURITY_GROUP_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

export const securityGroups: CommandSpec = {
  intent: 'security-groups',
  title: 'Security group changes',
  description: 'Security groups created, deleted, or their rules opened, closed or edited.',
  patterns: [
    /(?:security[- ]?groups?|sgs?)(?: rules?)? (?:changes|changed|modifications|updates|edits)/,
    /(?:changes|modifications|edits) (?:to|of|on) (?:security[- ]?groups?|sgs?)(?: rules?)?/,
    /who (?:changed|modified|opened) (?:security[- ]?groups?|sgs?)(?: rules?)?/,
    /security[- ]?groups?/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(eq('eventSource', 'ec2.amazonaws.com'), oneOf('eventName', SECURITY_GROUP_EVENTS)),
  examples: [
    'security group changes',
    'sg changes in eu-west-1 this week',
    'security group changes by alice last 30 days',
  ],
};
