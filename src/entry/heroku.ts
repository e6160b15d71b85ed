/**
 * The Heroku `web` process (Procfile): Bolt's HTTPReceiver on $PORT serving POST /slack/events
 * (commands and interactivity) and the routes of HTTP_ROUTES (GET /healthz, and POST /alerts/sns
 * when ALERT_TOPIC_ARNS is set).
 */
import type { Server } from 'node:http';
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp, type RouteFactory, type SlackApp } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import { storesOf, withAlertIntake, withStateStore } from './alert-routes.js';
import { HTTP_ROUTES } from './http-routes.js';
import { isMainModule, runMain } from './main-module.js';

export interface HerokuOptions {
  env?: NodeJS.ProcessEnv;
  /** Routes besides /slack/events; default HTTP_ROUTES. */
  routes?: readonly RouteFactory[];
  deps?: Partial<SlackDeps>;
}

/** Starts the HTTP app; on SIGTERM (Heroku's restart) it stops listening and lets answers finish. */
export async function startHeroku(
  options: HerokuOptions = {},
): Promise<{ slack: SlackApp; server: Server }> {
  const env = options.env ?? process.env;
  const config = loadConfig(env, 'http');
  const withAlerts = withAlertIntake(env, productionDeps(config, options.deps), {
    longLived: true,
  });
  const deps = withStateStore(env, withAlerts);
  const slack = createSlackApp(config, deps, 'http', {
    extraRoutes: options.routes ?? HTTP_ROUTES,
  });
  await slack.ready();
  const server = (await slack.app.start(config.port)) as Server;
  process.once('SIGTERM', () => {
    server.close();
    // Heroku allows 30 s after SIGTERM; answers in flight get that long.
    void slack
      .drain()
      .finally(() =>
        Promise.all([deps.backend.close(), ...storesOf(deps).map((store) => store.close())]),
      );
  });
  deps.log.info('trailhound listening', {
    port: config.port,
    backend: config.backend.kind,
    alerts: deps.alertIntake !== undefined,
  });
  return { slack, server };
}

if (isMainModule(import.meta.url)) runMain(() => startHeroku());
