import { eventIdProblem } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { eq } from '../src/core/filter.js';

/** One event by id, whatever its age: windows are ignored (defaultHours null). */
export const event: CommandSpec = {
  intent: 'event',
  title: 'One event',
  description: 'Show one event in full by its eventID.',
  patterns: [/event(?: ?id)?(?: (?<subject>(?!id(?:\s|$))\S+))?/],
  subject: { name: 'an event id', validate: eventIdProblem },
  defaultHours: null,
  filter: (id) => eq('eventID', id),
  examples: ['event 3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f'],
};
