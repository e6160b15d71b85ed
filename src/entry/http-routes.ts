/**
 * The HTTP routes the Heroku process serves besides /slack/events. This list is the extension
 * point: another intake (e.g. `POST /alerts/sns`) adds its RouteFactory to HTTP_ROUTES, or passes
 * its own list to startHeroku().
 */
import type { ServerResponse } from 'node:http';
import type { AwsClientOptions } from '../backends/aws-clients.js';
import { cachedDeepHealth } from '../doctor/health.js';
import { deepHealth } from '../doctor/run.js';
import type { RouteFactory } from '../slack/app.js';
import { alertRoutes } from './alert-routes.js';

export interface HealthOptions {
  /** Where the AWS settings come from; default process.env, which the backend reads too. */
  env?: NodeJS.ProcessEnv;
  /** Tests: fixed AWS credentials, one attempt. */
  clientOptions?: AwsClientOptions;
  /** The clock of the 30-second cache (epoch ms). */
  now?: () => number;
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * `GET /healthz` → 200 `{"ok":true,"backend":"auto"}`: the process is up; its configuration
 * was valid, or it would not have started. Costs nothing, so platforms may poll it freely.
 *
 * `GET /healthz?deep=1` → also Slack auth.test and AWS access (the doctor's live checks,
 * src/doctor/health.ts), cached for 30 s: 200 `{"ok":true,"checks":[…]}`, or 503 with
 * `"failing":["cloudtrail eu-west-1"]`. Only check names and statuses are returned.
 */
export const healthRoutesWith =
  (options: HealthOptions = {}): RouteFactory =>
  (ctx) => {
    const backend = ctx.config.backend.kind;
    const deep = cachedDeepHealth(
      () =>
        deepHealth({
          botToken: ctx.config.slack.botToken,
          ...(ctx.config.slack.apiUrl !== undefined
            ? { slackApiUrl: ctx.config.slack.apiUrl }
            : {}),
          backend,
          env: options.env ?? process.env,
          ...(options.clientOptions !== undefined ? { clientOptions: options.clientOptions } : {}),
        }),
      options.now,
    );
    return [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (req, res) => {
          const deepAsked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('deep');
          if (deepAsked !== '1' && deepAsked !== 'true') {
            sendJson(res, 200, { ok: true, backend });
            return;
          }
          deep().then(
            (body) => sendJson(res, body.ok ? 200 : 503, { ...body, backend }),
            (error: unknown) => {
              ctx.deps.log.error('deep health check crashed', { error: String(error) });
              sendJson(res, 503, { ok: false, backend, failing: ['health check'] });
            },
          );
        },
      },
    ];
  };

export const healthRoutes: RouteFactory = healthRoutesWith();

export const HTTP_ROUTES: RouteFactory[] = [healthRoutes, alertRoutes];
