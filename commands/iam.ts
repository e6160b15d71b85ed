import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { IAM_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

/** IAM is global: its calls are logged in us-east-1 whichever region they came from. */
export const iam: CommandSpec = {
  intent: 'iam',
  title: 'IAM changes',
  description: 'Policies, users, access keys, passwords, groups and roles created or changed.',
  patterns: [
    /iam(?: policy| policies| users?| roles?| permissions?| access keys?)? (?:changes|changed|modifications|updates)/,
    /(?:changes|modifications) (?:to|of|on|in) iam(?: policies| users| roles)?/,
    /(?:access key|permission|policy) changes/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () => all(eq('eventSource', 'iam.amazonaws.com'), oneOf('eventName', IAM_EVENTS)),
  examples: ['iam changes', 'iam policy changes last 30 days', 'iam changes by bob'],
};
