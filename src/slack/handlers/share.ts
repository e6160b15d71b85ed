/**
 * "Share in channel": posts the same page (same question, instant and cursor) for everyone, with
 * who shared it. The ephemeral original stays with the asker.
 */
import type { HandlerEnv } from '../handler-env.js';
import { questionButton } from './question-button.js';

export const shareAction = (env: HandlerEnv) =>
  questionButton(env, {
    via: 'share',
    act: (page, origin) => env.dispatch({ kind: 'share', origin, page }),
  });
