import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { all, eq, not, resource } from '../src/core/filter.js';

/**
 * Everything that wrote to a resource: failed attempts included, and data events too (an S3
 * PutObject on the bucket), which is why LookupEvents alone cannot answer it fully.
 */
export const whoChanged: CommandSpec = {
  intent: 'who-changed',
  title: 'Who changed a resource',
  description: 'Every call that wrote to a resource (id, name or ARN), failed ones included.',
  patterns: [
    /who (?:changed|modified|touched|edited|updated|deleted) (?<subject>\S+)/,
    /(?:changes|modifications|edits) (?:to|of|on) (?<subject>\S+)/,
    /(?:change )?history (?:of|for) (?<subject>\S+)/,
    /what changed on (?<subject>\S+)/,
  ],
  subject: { name: 'a resource (an id, name or ARN)' },
  defaultHours: DEFAULT_HOURS.history,
  filter: (r) => all(not(eq('readOnly', 'true')), resource(r)),
  needsDataEvents: true,
  examples: [
    'who changed sg-0123456789abcdef0',
    'who modified my-bucket since monday',
    'changes to arn:aws:iam::123456789012:role/deploy last 7 days',
    'history of i-0abc1234def567890',
  ],
};
