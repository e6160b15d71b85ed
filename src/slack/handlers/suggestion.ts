/**
 * A did-you-mean button: asks the suggested question now, in place of the help message.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const suggestionAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'suggestion',
    act: (suggested, origin) =>
      env.dispatch({
        kind: 'answer',
        origin,
        // Asked now, from the first page: the suggestion carries only the question.
        page: { ...suggested, nowMs: env.deps.now().getTime(), cursors: [] },
        via: 'suggestion',
        replace: origin.fromEphemeral,
      }),
  });
