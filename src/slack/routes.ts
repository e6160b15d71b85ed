/**
 * The table of everything the app answers: command and action ids → handlers (one file each).
 * Adding a button means a builder in blocks/, an id in blocks/action-ids.ts and a row here.
 */
import type { App, BlockAction, ButtonAction, OverflowAction } from '@slack/bolt';
import { ACTION } from '../../blocks/action-ids.js';
import { registerAlertActions } from './alert-routes.js';
import type { HandlerEnv } from './handler-env.js';
import { confirmCostAction } from './handlers/confirm-cost.js';
import { eventMenuAction } from './handlers/event-menu.js';
import { exportCsvAction } from './handlers/export-csv.js';
import { pageAction } from './handlers/page.js';
import { runInAthenaAction } from './handlers/run-in-athena.js';
import { shareAction } from './handlers/share.js';
import { suggestionAction } from './handlers/suggestion.js';
import { askPersonAction, personAnswerAction, traceAlertAction } from './handlers/trace.js';
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
  app.action<BlockAction<ButtonAction>>(ACTION.runInAthena, runInAthenaAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.confirmCost, confirmCostAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.traceAlert, traceAlertAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.askPerson, askPersonAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.personYes, personAnswerAction(env));
  app.action<BlockAction<ButtonAction>>(ACTION.personNo, personAnswerAction(env));
  registerAlertActions(app, env);
}
