/**
 * The Lambda runtime: a signed slash command arrives as a Function URL event; the handler acks
 * with "searching …" without running the question, hands the job to an asynchronous invocation
 * of itself (the Lambda Invoke API, InvocationType Event, intercepted on its real wire format),
 * and the second invocation — fed the payload that was sent — delivers the answer through the
 * response_url.
 */
import { strict as assert } from 'node:assert';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { KnownBlock } from '../../blocks/slack-types.js';
import { createLambdaHandler } from '../../src/entry/lambda.js';
import { HANDOFF_MARKER } from '../../src/slack/jobs.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import {
  BOT_TOKEN,
  commandBody,
  disposeRealTrail,
  newResponseUrl,
  nock,
  NOW,
  realTrail,
  sign,
  SIGNING_SECRET,
  SlackFake,
  waitFor,
} from '../helpers/slack-harness.js';

const FUNCTION = 'trailhound-bot';

/** What a Lambda Function URL delivers for a POST (payload format 2.0). */
function functionUrlEvent(body: string, timestamp: number) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
      host: 'abc123.lambda-url.us-east-1.on.aws',
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '3.3.3.3',
        userAgent: 'Slackbot 1.0',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:12:00:00 +0000',
      timeEpoch: timestamp * 1000,
    },
    body,
    isBase64Encoded: false,
  };
}

describe('Slack on AWS Lambda (hand-off to a second invocation)', function () {
  this.timeout(60_000);

  before(() => {
    nock.disableNetConnect();
  });
  after(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await disposeRealTrail();
  });

  it('acks at once, hands the question off with an Event invocation, and answers from the second one', async () => {
    const slack = new SlackFake();
    const invocations: Array<{ headers: Headers; payload: unknown }> = [];
    nock('https://lambda.us-east-1.amazonaws.com')
      .post(`/2015-03-31/functions/${FUNCTION}/invocations`)
      .matchHeader('x-amz-invocation-type', 'Event')
      .reply(async (request: Request) => {
        invocations.push({
          headers: request.headers,
          payload: JSON.parse(await request.text()) as unknown,
        });
        return [202, ''];
      });
    const { backend } = await realTrail();
    const handler = createLambdaHandler({
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        TRAIL_LOGS: '/unused',
        AWS_LAMBDA_FUNCTION_NAME: FUNCTION,
      },
      deps: {
        backend,
        now: () => NOW,
        audit: () => undefined,
        log: { info: () => undefined, error: () => undefined },
      },
      lambda: new LambdaClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      }),
      app: { botId: 'B0BOT', botUserId: 'U0BOT' },
    });

    const responseUrl = newResponseUrl();
    const body = commandBody({ text: 'trail tampering', response_url: responseUrl });
    const ack = await handler(functionUrlEvent(body, Math.floor(Date.now() / 1000)), {});
    assert.ok('statusCode' in ack);
    assert.equal(ack.statusCode, 200);
    assert.match(ack.body, /Searching CloudTrail/);
    // The first invocation only acked and handed off: nothing was answered yet.
    assert.equal(slack.repliesTo(responseUrl).length, 0);
    assert.equal(invocations.length, 1);
    const payload = invocations[0]?.payload as Record<string, unknown>;
    assert.equal((payload[HANDOFF_MARKER] as { kind: string }).kind, 'answer');

    const second = await handler(payload, {});
    assert.deepEqual(second, { handedOff: true });
    const answer = await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the answer');
    assertValidMessage(answer);
    const header = (answer['blocks'] as KnownBlock[]).find((b) => b.type === 'header');
    assert.ok(header?.type === 'header' && /^CloudTrail changes/.test(header.text.text));
    assert.match(JSON.stringify(answer['blocks']), /StopLogging/);
  });

  it('rejects a Function URL event with a bad signature and invokes nothing', async () => {
    new SlackFake();
    const handler = createLambdaHandler({
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        TRAIL_LOGS: '/unused',
        AWS_LAMBDA_FUNCTION_NAME: FUNCTION,
      },
      deps: { log: { info: () => undefined, error: () => undefined } },
      lambda: { send: async () => assert.fail('no hand-off for a forged request') },
      app: { botId: 'B0BOT', botUserId: 'U0BOT' },
    });
    const event = functionUrlEvent(
      commandBody({ text: 'root activity' }),
      Math.floor(Date.now() / 1000),
    );
    event.headers['x-slack-signature'] = 'v0=' + 'f'.repeat(64);
    const response = await handler(event, {});
    assert.ok('statusCode' in response);
    assert.equal(response.statusCode, 401);
  });
});
