import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { TRAIL_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

export const trail: CommandSpec = {
  intent: 'trail',
  title: 'CloudTrail changes',
  description: 'Trails created, changed, deleted, or logging stopped — the usual tampering signs.',
  patterns: [
    /(?:cloudtrail|cloud trail|trails?|logging)(?: config| configuration| settings)? (?:changes|changed|modifications|updates|tampering)/,
    /(?:who )?(?:stopped|disabled|deleted) (?:cloudtrail|logging|trails?|the trail)/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(eq('eventSource', 'cloudtrail.amazonaws.com'), oneOf('eventName', TRAIL_EVENTS)),
  examples: ['cloudtrail changes', 'trail tampering last 30 days', 'who stopped logging'],
};
