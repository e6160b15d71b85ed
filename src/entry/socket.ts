/**
 * Development runtime: Socket Mode (SLACK_APP_TOKEN), so no public URL is needed. Slack sends
 * nothing to HTTP request URLs while Socket Mode is on; the HTTP_ROUTES (/healthz, and
 * /alerts/sns when ALERT_TOPIC_ARNS is set) are served on $PORT. SLACK_API_URL reaches the
 * Socket Mode client too (Bolt hands the app's clientOptions to it), so apps.connections.open
 * and the wss:// URL it returns can come from a local stand-in for Slack.
 */
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import { storesOf, withAlertIntake, withStateStore } from './alert-routes.js';
import { HTTP_ROUTES } from './http-routes.js';
import { isMainModule, runMain } from './main-module.js';

export interface SocketOptions {
  env?: NodeJS.ProcessEnv;
  deps?: Partial<SlackDeps>;
}

export interface RunningSocket {
  slack: SlackApp;
  /** Disconnects, lets answers in flight finish, and closes the backend and alert store. */
  stop: () => Promise<void>;
}

/** Connects over Socket Mode; on SIGTERM (or Ctrl-C) it disconnects and lets answers finish. */
export async function startSocket(options: SocketOptions = {}): Promise<RunningSocket> {
  const env = options.env ?? process.env;
  const config = loadConfig(env, 'socket');
  const withAlerts = withAlertIntake(env, productionDeps(config, options.deps), {
    longLived: true,
  });
  const deps = withStateStore(env, withAlerts);
  const slack = createSlackApp(config, deps, 'socket', { extraRoutes: HTTP_ROUTES });
  await slack.ready();
  await slack.app.start();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await slack.app.stop();
      await slack.drain();
      await Promise.all([deps.backend.close(), ...storesOf(deps).map((store) => store.close())]);
    })());
  deps.log.info('trailhound connected over Socket Mode', { backend: config.backend.kind });
  return { slack, stop };
}

if (isMainModule(import.meta.url)) {
  runMain(async () => {
    const running = await startSocket();
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => void running.stop().finally(() => process.exit(0)));
  });
}
