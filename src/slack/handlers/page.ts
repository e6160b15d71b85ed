/**
 * "Next ▶" / "◀ Previous": the button value holds the whole question and cursor trail, so the
 * page is asked again with no server state. A page of an ephemeral answer replaces it; a page of
 * an answer shared in channel goes privately to whoever clicked.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const pageAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'page',
    act: (page, origin) =>
      env.dispatch({ kind: 'answer', origin, page, via: 'page', replace: origin.fromEphemeral }),
  });
