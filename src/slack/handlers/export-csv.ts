/**
 * "Export CSV": every matching event (up to the cap) as a file — in a DM for an ephemeral answer
 * (the channel did not see it), in the channel for a shared one.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const exportCsvAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'export',
    origin: (clicked) => ({
      ...clicked,
      visibility: clicked.fromEphemeral ? 'ephemeral' : 'in_channel',
    }),
    act: (page, origin) => env.dispatch({ kind: 'export', origin, page }),
  });
