import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { KMS_KEY_DELETION_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

/** CIS CloudWatch.7: customer managed keys disabled or scheduled for deletion. */
export const kms: CommandSpec = {
  intent: 'kms',
  title: 'KMS key deletion',
  description: 'KMS keys disabled or scheduled for deletion.',
  patterns: [
    /kms (?:key )?(?:deletions?|deletes|changes|disables|disabled)/,
    /(?:kms )?key (?:deletions?|changes)/,
    /(?:disabled|deleted) (?:kms )?keys/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(eq('eventSource', 'kms.amazonaws.com'), oneOf('eventName', KMS_KEY_DELETION_EVENTS)),
  examples: ['kms key deletion', 'key changes last 30 days', 'kms changes in eu-central-1'],
};
