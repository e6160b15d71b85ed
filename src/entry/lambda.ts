/**
 * AWS Lambda handler: ONE function for everything that reaches it.
 *  - Slack over a Function URL or API Gateway: Lambda returns the HTTP response only when the
 *    handler ends, so the handler acks and hands the slow part to an asynchronous invocation of
 *    this same function (InvocationType 'Event'); that second invocation — told apart by the
 *    `trailhoundJob` field — runs the question and answers through the response_url.
 *  - Alerts (when ALERT_TOPIC_ARNS is set): `POST /alerts/sns` over the same URL, SNS
 *    event-source records (`Records[].EventSource: "aws:sns"`) and EventBridge events
 *    (`detail-type` + `source`). Undeliverable alerts throw so Lambda retries them.
 *  - `GET /healthz[?deep=1]` over the same URL, as on Heroku (http-routes.ts).
 * Exported as a 2-argument promise handler: Node 24+ runtimes reject callback handlers.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import { isEventBridgeEvent, isLambdaSnsEvent } from '../alerts/guards.js';
import { handleLambdaEvent, type LambdaAlertReport } from '../intake/lambda-alerts.js';
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp, type SlackAppOptions } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import { lambdaDispatch } from '../slack/dispatch.js';
import { isHandOffEvent } from '../slack/jobs.js';
import { snsOverLambdaHttp, withAlertIntake, withStateStore } from './alert-routes.js';
import {
  deepAsked,
  HEALTH_PATH,
  healthOf,
  type Health,
  type HealthOptions,
} from './http-routes.js';
import {
  isHttpEvent,
  isRequestFor,
  jsonReply,
  queryParameter,
  requestMethod,
  textReply,
} from './lambda-http.js';

export type LambdaHandler = (
  event: unknown,
  context: unknown,
) => Promise<AwsResponse | { handedOff: true } | LambdaAlertReport>;

export interface LambdaOptions {
  env?: NodeJS.ProcessEnv;
  deps?: Partial<SlackDeps>;
  /** The client used for the hand-off; default a LambdaClient for the function's region. */
  lambda?: Pick<LambdaClient, 'send'>;
  app?: SlackAppOptions;
  /** Tests: the deep health check's AWS client options and clock. */
  health?: HealthOptions;
}

/** `GET /healthz` over the Function URL; undefined for any other request. */
async function healthOverLambdaHttp(
  event: unknown,
  health: Health,
): Promise<AwsResponse | undefined> {
  if (!isHttpEvent(event) || !isRequestFor(event, HEALTH_PATH)) return undefined;
  if (requestMethod(event) !== 'GET') return textReply(405, 'Method Not Allowed');
  const { status, body } = await health.answer(deepAsked(queryParameter(event, 'deep')));
  return jsonReply(status, body);
}

export function createLambdaHandler(options: LambdaOptions = {}): LambdaHandler {
  const env = options.env ?? process.env;
  const config = loadConfig(env, 'lambda');
  const functionName = config.lambdaFunctionName ?? '';
  const dispatch = lambdaDispatch(options.lambda ?? new LambdaClient({}), functionName);
  const withAlerts = withAlertIntake(env, productionDeps(config, { dispatch, ...options.deps }), {
    longLived: false,
  });
  const deps = withStateStore(env, withAlerts);
  const slack = createSlackApp(config, deps, 'lambda', options.app);
  const health = healthOf(config, deps.log, { env, ...options.health });
  const receiver = slack.lambdaReceiver;
  if (receiver === undefined) throw new Error('the lambda app has no AwsLambdaReceiver');
  const boltHandler = receiver.start();
  return async (event, context) => {
    if (isHandOffEvent(event)) {
      await slack.runJob(event.trailhoundJob);
      return { handedOff: true };
    }
    if (isLambdaSnsEvent(event) || isEventBridgeEvent(event)) {
      if (deps.alertIntake === undefined) {
        // Thrown, not dropped: the retries and the dead-letter queue keep the alert.
        throw new Error('an alert event arrived but alerts are off: set ALERT_TOPIC_ARNS');
      }
      return handleLambdaEvent(event, deps.alertIntake.lambda);
    }
    const served =
      (await snsOverLambdaHttp(event, deps)) ?? (await healthOverLambdaHttp(event, health));
    if (served !== undefined) return served;
    await slack.ready();
    return (await boltHandler)(event as AwsEvent, context);
  };
}

let cached: LambdaHandler | undefined;

/** The function's handler: `dist/src/entry/lambda.handler`. Built on the first invocation. */
export const handler: LambdaHandler = (event, context) =>
  (cached ??= createLambdaHandler())(event, context);
