/**
 * The Heroku `web` process (Procfile): Bolt's HTTPReceiver on $PORT serving POST /slack/events
 * (commands and interactivity) and the routes of HTTP_ROUTES (GET /healthz, …).
 */
import type { Server } from 'node:http';
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp, type RouteFactory, type SlackApp } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
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
  const config = loadConfig(options.env ?? process.env, 'http');
  const deps = productionDeps(config, options.deps);
  const slack = createSlackApp(config, deps, 'http', {
    extraRoutes: options.routes ?? HTTP_ROUTES,
  });
  const server = (await slack.app.start(config.port)) as Server;
  process.once('SIGTERM', () => {
    server.close();
    // Heroku allows 30 s after SIGTERM; answers in flight get that long.
    void slack.drain().finally(() => deps.backend.close());
  });
  deps.log.info('trailhound listening', { port: config.port, backend: config.backend.kind });
  return { slack, server };
}

if (isMainModule(import.meta.url)) runMain(() => startHeroku());
