/**
 * "Run in Athena": LookupEvents answered what it keeps (90 days, management events) and said
 * what it could not see; the click asks the same question, at the same instant and in the same
 * zone, on Athena. The value pins the question to Athena, so the answer's own buttons (pages,
 * share, export) stay there too. Like a page, it replaces the ephemeral answer it came from,
 * showing Athena's progress ("RUNNING · 1.2 GB scanned") meanwhile.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const runInAthenaAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'run-in-athena',
    act: (page, origin) =>
      env.dispatch({
        kind: 'answer',
        origin,
        page: { ...page, cursors: [], backend: 'athena' },
        via: 'run-in-athena',
        replace: origin.fromEphemeral,
      }),
  });
