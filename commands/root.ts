import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { all, eq, not, present } from '../src/core/filter.js';

/** CIS CloudWatch.1: the root user acting itself, not AWS services acting for the account. */
export const root: CommandSpec = {
  intent: 'root',
  title: 'Root account activity',
  description: 'Anything the root user did (AWS services acting for the account excluded).',
  patterns: [
    /root (?:account |user )?(?:activity|usage|use|logins?|actions|events|calls)/,
    /(?:activity|usage|actions|events|calls) (?:of|by) (?:the )?root(?: account| user)?/,
    /what did (?:the )?root(?: account| user)? do/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(
      eq('userIdentity.type', 'Root'),
      not(present('userIdentity.invokedBy')),
      not(eq('eventType', 'AwsServiceEvent')),
    ),
  examples: ['root activity', 'root usage last 30 days', 'root logins this week'],
};
