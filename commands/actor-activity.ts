import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { identity } from '../src/core/filter.js';

/** Everything one person or role did, matched on any of their names (see questions.md). */
export const actorActivity: CommandSpec = {
  intent: 'actor-activity',
  title: 'What someone did',
  description: 'Calls made by a user, role, role session, access key or email address.',
  patterns: [
    /what (?:did|has) (?<subject>\S+) (?:do|done)/,
    /(?:activity|actions|events|calls) (?:of|for|by) (?<subject>\S+)/,
    // No principal name has a space, but "do" closes the name unambiguously, so whatever stands
    // there is searched for as typed (`what did ' OR 1=1 -- do` finds nothing) rather than
    // refused: a pasted oddity is still a plain value.
    /what (?:did|has) (?<subject>\S.*?) (?:do|done)/,
  ],
  subject: { name: 'a person (user name, role, session name, access key or email)' },
  defaultHours: DEFAULT_HOURS.recent,
  filter: (p) => identity(p),
  examples: [
    'what did alice do yesterday',
    'activity of deploy-role last 6 hours',
    'actions by AKIAIOSFODNN7EXAMPLE in eu-west-1',
  ],
};
