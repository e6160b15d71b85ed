/**
 * The HTTP routes the Heroku process serves besides /slack/events. This list is the extension
 * point: another intake (e.g. `POST /alerts/sns`) adds its RouteFactory to HTTP_ROUTES, or passes
 * its own list to startHeroku().
 */
import type { ServerResponse } from 'node:http';
import type { AwsClientOptions } from '../backends/aws-clients.js';
import { cachedDeepHealth } from '../doctor/health.js';
import { deepHealth } from '../doctor/run.js';
import type { Config } from '../runtime/config.js';
import type { RouteFactory } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import { alertRoutes } from './alert-routes.js';
import { JSON_HEADERS } from './lambda-http.js';

export interface HealthOptions {
  /** Where the AWS settings come from; default process.env, which the backend reads too. */
  env?: NodeJS.ProcessEnv;
  /** Tests: fixed AWS credentials, one attempt. */
  clientOptions?: AwsClientOptions;
  /** The clock of the 30-second cache (epoch ms). */
  now?: () => number;
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
};

export const HEALTH_PATH = '/healthz';

/** The health answers of one process: `answer(deep)` gives the status and the JSON body. */
export interface Health {
  answer(deep: boolean): Promise<{ status: number; body: unknown }>;
}

/** Whether a `deep` query parameter asks for the live checks. */
export const deepAsked = (value: string | null | undefined): boolean =>
  value === '1' || value === 'true';

/**
 * `GET /healthz` → 200 `{"ok":true,"backend":"auto"}`: the process is up; its configuration
 * was valid, or it would not have started. Costs nothing, so platforms may poll it freely.
 *
 * `GET /healthz?deep=1` → also Slack auth.test and AWS access (the doctor's live checks,
 * src/doctor/health.ts), cached for 30 s: 200 `{"ok":true,"checks":[…]}`, or 503 with
 * `"failing":["cloudtrail eu-west-1"]`. Only check names and statuses are returned.
 *
 * Served by the Heroku and Socket Mode processes (the route below) and by the Lambda over its
 * Function URL (lambda.ts).
 */
export function healthOf(
  config: Config,
  log: SlackDeps['log'],
  options: HealthOptions = {},
): Health {
  const backend = config.backend.kind;
  const deep = cachedDeepHealth(
    () =>
      deepHealth({
        botToken: config.slack.botToken,
        ...(config.slack.apiUrl !== undefined ? { slackApiUrl: config.slack.apiUrl } : {}),
        backend,
        env: options.env ?? process.env,
        ...(options.clientOptions !== undefined ? { clientOptions: options.clientOptions } : {}),
      }),
    options.now,
  );
  return {
    answer: async (deepCheck) => {
      if (!deepCheck) return { status: 200, body: { ok: true, backend } };
      try {
        const body = await deep();
        return { status: body.ok ? 200 : 503, body: { ...body, backend } };
      } catch (error) {
        log.error('deep health check crashed', { error: String(error) });
        return { status: 503, body: { ok: false, backend, failing: ['health check'] } };
      }
    },
  };
}

/** The `/healthz` route of the HTTP receivers (see {@link healthOf}). */
export const healthRoutesWith =
  (options: HealthOptions = {}): RouteFactory =>
  (ctx) => {
    const health = healthOf(ctx.config, ctx.deps.log, options);
    return [
      {
        path: HEALTH_PATH,
        method: ['GET'],
        handler: (req, res) => {
          const deep = new URL(req.url ?? '/', 'http://localhost').searchParams.get('deep');
          void health
            .answer(deepAsked(deep))
            .then(({ status, body }) => sendJson(res, status, body));
        },
      },
    ];
  };

export const healthRoutes: RouteFactory = healthRoutesWith();

export const HTTP_ROUTES: RouteFactory[] = [healthRoutes, alertRoutes];
