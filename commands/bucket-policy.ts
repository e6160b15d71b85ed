import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { BUCKET_POLICY_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

export const bucketPolicy: CommandSpec = {
  intent: 'bucket-policy',
  title: 'S3 bucket policy changes',
  description: 'Bucket policies, ACLs, CORS, lifecycle, replication and public access blocks.',
  patterns: [
    /(?:s3 )?bucket (?:policy|policies|acls?|permissions?|access) (?:changes|changed|modifications|updates)/,
    /s3 (?:bucket |policy |policies |acl |permission |permissions )?(?:changes|changed|modifications|updates)/,
    /public access block changes/,
    /(?:changes|modifications) (?:to|of|on) (?:s3 )?bucket (?:policies|policy|acls?|permissions)/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(eq('eventSource', 's3.amazonaws.com'), oneOf('eventName', BUCKET_POLICY_EVENTS)),
  examples: [
    'bucket policy changes',
    's3 policy changes this week',
    'bucket policy changes by alice',
  ],
};
