/**
 * Development runtime: Socket Mode (SLACK_APP_TOKEN), so no public URL is needed. Slack sends
 * nothing to HTTP request URLs while Socket Mode is on.
 */
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp } from '../slack/app.js';
import { HTTP_ROUTES } from './http-routes.js';
import { isMainModule, runMain } from './main-module.js';

export async function startSocket(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env, 'socket');
  const deps = productionDeps(config);
  const slack = createSlackApp(config, deps, 'socket', { extraRoutes: HTTP_ROUTES });
  await slack.app.start();
  deps.log.info('trailhound connected over Socket Mode', { backend: config.backend.kind });
}

if (isMainModule(import.meta.url)) runMain(() => startSocket());
