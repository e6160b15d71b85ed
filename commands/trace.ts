import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { eq, identity } from '../src/core/filter.js';
import type { Predicate } from '../src/core/filter.js';
import { parseTraceStart, sessionParts, traceStartProblem } from '../src/trace/start.js';

/**
 * Who is behind temporary credentials: the chain of AssumeRole… calls back to a person, a
 * pipeline or a service (src/trace/walk.ts). The filter is where the trace starts: the calls
 * made with the key or by the session, or the one event; the window is where those are looked
 * for (an event id is found at any age).
 */
export const trace: CommandSpec = {
  intent: 'trace',
  title: 'Who is behind a key or session',
  description:
    'Trace an access key, role session or event back through AssumeRole calls to the person, pipeline or service that started it.',
  patterns: [
    /trace (?<subject>\S+)/,
    /who(?:'s| is| was) behind (?<subject>\S+)/,
    /who(?:'s| is| was) (?<subject>(?:AKIA|ASIA)\S+|\S+\/\S+)/,
  ],
  subject: { name: 'an access key id, role session or event id', validate: traceStartProblem },
  defaultHours: DEFAULT_HOURS.category,
  filter: (subject) => startFilter(subject),
  examples: [
    'trace ASIAY34FZKBOKMUTVV7A',
    'who is behind deploy-role/gha-98765',
    'trace 3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f',
  ],
};

/** The events a trace starts from, as an ordinary filter (what `event`/`actions by` would find). */
function startFilter(subject: string): Predicate {
  const start = parseTraceStart(subject);
  if (start?.kind === 'access-key') return eq('userIdentity.accessKeyId', start.value);
  if (start?.kind === 'session') return identity(sessionParts(start.value).session);
  return eq('eventID', subject);
}
