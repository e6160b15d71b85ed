/**
 * "Run anyway": the asker saw what a question would scan on Athena above ATHENA_MAX_BYTES and
 * confirmed it. The same question runs again with the cost confirmed (the button's value says
 * so, and keeps saying so on the answer's own buttons), replacing the ephemeral refusal.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const confirmCostAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'confirm-cost',
    act: (page, origin) =>
      env.dispatch({
        kind: 'answer',
        origin,
        page: { ...page, confirmCost: true },
        via: 'confirm-cost',
        replace: origin.fromEphemeral,
      }),
  });
