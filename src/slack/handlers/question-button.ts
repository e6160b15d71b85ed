/**
 * The shape every button carrying a question page shares (page, share, export, did-you-mean):
 * ack at once, read the question back from the button's value (no server state), check that
 * the clicker may ask it, then act. A value that does not decode is logged, never guessed at.
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePageState, type PageState } from '../../../blocks/button-values.js';
import { actionOrigin, allowClick, type HandlerEnv } from '../handler-env.js';
import type { Origin } from '../jobs.js';

export interface QuestionButton {
  /** The button's name in audit lines and logs, e.g. `share`. */
  via: string;
  /** Where the result goes when it is not where the click came from (e.g. export's visibility). */
  origin?: (clicked: Origin) => Origin;
  act: (page: PageState, origin: Origin) => Promise<void>;
}

export function questionButton(env: HandlerEnv, button: QuestionButton) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const page = decodePageState(action.value);
    if (page === undefined) {
      env.deps.log.error(`${button.via} button with an unreadable value`, {
        action: action.action_id,
      });
      return;
    }
    const clicked = actionOrigin(body);
    const origin = button.origin ? button.origin(clicked) : clicked;
    if (!(await allowClick(env, origin, button.via, page.text))) return;
    await button.act(page, origin);
  };
}
