/**
 * The table of everything the app answers: command and action ids → handlers (one file each).
 * Adding a button means a builder in blocks/, an id in blocks/action-ids.ts and a row here.
 */
import type { App, BlockAction, ButtonAction, OverflowAction } from '@slack/bolt';
import { ACTION } from '../../blocks/action-ids.js';
import type { HandlerEnv } from './handler-env.js';
import { eventMenuAction } from './handlers/event-menu.js';
import { exportCsvAction } from './handlers/export-csv.js';
import { pageAction } from './handlers/page.js';
import { shareAction } from './handlers/share.js';
import { suggestionAction } from './handlers/suggestion.js';
import { trailCommand } from './handlers/trail-command.js';

export const TRAIL_COMMAND = '/trail';

/** Registers every route on the app. */
export function registerRoutes(app: App, env: HandlerEnv): void {
  app.command(TRAIL_COMMAND, trailCommand(env));
  app.action<BlockAction<ButtonAction>>(ACTION.pageNext, pageAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.pagePrevious, pageAction(env));
  // Suggestion buttons are numbered (`trail.suggestion.0`, …): action_ids must differ in a block.
  app.action<BlockAction<ButtonAction>>(/^trail\.suggestion\.\d+$/, suggestionAction(env));
  app.action<BlockAction<OverflowAction>>(ACTION.eventMenu, eventMenuAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.exportCsv, exportCsvAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.share, shareAction(env));
}
