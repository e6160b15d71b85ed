/**
 * The HTTP routes the Heroku process serves besides /slack/events. This list is the extension
 * point: another intake (e.g. `POST /alerts/sns`) adds its RouteFactory to HTTP_ROUTES, or passes
 * its own list to startHeroku().
 */
import type { RouteFactory } from '../slack/app.js';

/** `GET /healthz` → 200 `{"ok":true}`: the dyno is up and the Slack app was built. */
export const healthRoutes: RouteFactory = (ctx) => [
  {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, backend: ctx.config.backend.kind }));
    },
  },
];

export const HTTP_ROUTES: RouteFactory[] = [healthRoutes];
