/**
 * AWS Lambda handler (API Gateway or Function URL in front). Lambda returns the HTTP response
 * only when the handler ends, so the handler acks and hands the slow part to an asynchronous
 * invocation of this same function (InvocationType 'Event'); that second invocation — told
 * apart by the `trailhoundJob` field — runs the question and answers through the response_url.
 * Exported as a 2-argument promise handler: Node 24+ runtimes reject callback handlers.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import { loadConfig } from '../runtime/config.js';
import { productionDeps } from '../runtime/deps.js';
import { createSlackApp, type SlackAppOptions } from '../slack/app.js';
import type { SlackDeps } from '../slack/deps.js';
import { lambdaDispatch } from '../slack/dispatch.js';
import { isHandOffEvent } from '../slack/jobs.js';

export type LambdaHandler = (
  event: unknown,
  context: unknown,
) => Promise<AwsResponse | { handedOff: true }>;

export interface LambdaOptions {
  env?: NodeJS.ProcessEnv;
  deps?: Partial<SlackDeps>;
  /** The client used for the hand-off; default a LambdaClient for the function's region. */
  lambda?: Pick<LambdaClient, 'send'>;
  app?: SlackAppOptions;
}

export function createLambdaHandler(options: LambdaOptions = {}): LambdaHandler {
  const config = loadConfig(options.env ?? process.env, 'lambda');
  const functionName = config.lambdaFunctionName ?? '';
  const dispatch = lambdaDispatch(options.lambda ?? new LambdaClient({}), functionName);
  const deps = productionDeps(config, { dispatch, ...options.deps });
  const slack = createSlackApp(config, deps, 'lambda', options.app);
  const receiver = slack.lambdaReceiver;
  if (receiver === undefined) throw new Error('the lambda app has no AwsLambdaReceiver');
  const boltHandler = receiver.start();
  return async (event, context) => {
    if (isHandOffEvent(event)) {
      await slack.runJob(event.trailhoundJob);
      return { handedOff: true };
    }
    return (await boltHandler)(event as AwsEvent, context);
  };
}

let cached: LambdaHandler | undefined;

/** The function's handler: `dist/src/entry/lambda.handler`. Built on the first invocation. */
export const handler: LambdaHandler = (event, context) =>
  (cached ??= createLambdaHandler())(event, context);
