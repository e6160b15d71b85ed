/**
 * The artefact Lambda runs, not the sources: the handler is bundled with the settings of
 * `npm run bundle` / `sam build` into a folder outside the repository (so no node_modules can
 * be found from it), checked to hold no DuckDB, loaded, and invoked with the three kinds of
 * events a deployment delivers — a signed slash command over the Function URL (ack, then the
 * hand-off Invoke on the Lambda wire, then the answer from the second invocation), an SNS
 * message POSTed to the same URL, an SNS record and an EventBridge event (alert threads through
 * chat.postMessage). Slack, Lambda,
 * CloudTrail and the SNS certificate are nock, on their real wire formats.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleLambda } from '../../scripts/bundle.js';
import { HANDOFF_MARKER } from '../../src/slack/jobs.js';
import { fixture, fixtureText } from '../helpers/alert-fixtures.js';
import { JSON_11, LOOKUP_TARGET, lookupPage } from '../helpers/aws-wire.js';
import { makeRecord } from '../helpers/records.js';
import {
  BOT_TOKEN,
  commandBody,
  functionUrlPost,
  newResponseUrl,
  nock,
  SIGNING_SECRET,
  SlackFake,
  slackFunctionUrlPost,
  waitFor,
  type ApiCall,
} from '../helpers/slack-harness.js';
import {
  notification,
  signedNotification,
  signEnvelope,
  snsLambdaEvent,
  TEST_CERT_URL,
  testSigner,
  TOPIC,
} from '../helpers/sns-signing.js';

const FUNCTION = 'trailhound-bot';
const ALERT_CHANNEL = 'C0ALERTS';

/** What Lambda and the template put in the function's environment (secrets resolved). */
const LAMBDA_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  AWS_LAMBDA_FUNCTION_NAME: FUNCTION,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
  TRAIL_BACKEND: 'lookup',
  TRAIL_REGIONS: 'us-east-1',
  ALERT_TOPIC_ARNS: TOPIC,
  ALERT_CHANNEL,
};
/** Variables of this machine that would change what the handler does. */
const CLEARED = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'REDIS_URL',
  'ALERT_STATE_TABLE',
  'TRAIL_LOGS',
];

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const textOf = (call: ApiCall | undefined): string => JSON.stringify(call?.args ?? {});

describe('the Lambda bundle', function () {
  this.timeout(90_000);
  let outdir: string;
  let inputs: string[];
  let handler: Handler;
  let signer: ReturnType<typeof testSigner>;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    signer = testSigner();
    outdir = mkdtempSync(path.join(tmpdir(), 'trailhound-lambda-'));
    inputs = Object.keys((await bundleLambda(outdir)).inputs);
    for (const name of [...Object.keys(LAMBDA_ENV), ...CLEARED]) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    Object.assign(process.env, LAMBDA_ENV);
    const loaded = createRequire(import.meta.url)(path.join(outdir, 'lambda.js')) as {
      handler: Handler;
    };
    handler = loaded.handler;
    nock.disableNetConnect();
  });

  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    nock.cleanAll();
    nock.enableNetConnect();
    rmSync(outdir, { recursive: true, force: true });
  });

  beforeEach(() => {
    // The production verifier fetches the SNS certificate over https; nock serves the test one.
    const cert = new URL(TEST_CERT_URL);
    nock(cert.origin).persist().get(cert.pathname).reply(200, signer.certPem);
    // Every LookupEvents call (the question, the alert investigations) finds alice stopping
    // the trail an hour ago.
    const stopLogging = makeRecord({
      eventName: 'StopLogging',
      eventSource: 'cloudtrail.amazonaws.com',
      eventTime: new Date(Date.now() - 60 * 60_000).toISOString(),
    });
    nock(/cloudtrail\.[a-z0-9-]+\.amazonaws\.com/, {
      reqheaders: { 'x-amz-target': LOOKUP_TARGET, 'content-type': JSON_11 },
    })
      .persist()
      .post('/')
      .reply(200, lookupPage([stopLogging]), { 'content-type': JSON_11 });
  });
  afterEach(() => nock.cleanAll());

  it('holds the handler and its dependencies, and no DuckDB', () => {
    assert.deepEqual(readdirSync(outdir), ['lambda.js']);
    assert.ok(inputs.some((i) => i.includes('node_modules/@slack/bolt/')));
    assert.deepEqual(
      inputs.filter((i) => /duckdb/i.test(i) && i.includes('node_modules/')),
      [],
    );
    assert.doesNotMatch(readFileSync(path.join(outdir, 'lambda.js'), 'utf8'), /duckdb\.node/);
    // Nothing could resolve @duckdb/node-api from here, yet the bundle loaded: the Lambda path
    // does not import it.
    assert.equal(existsSync(path.join(outdir, 'node_modules')), false);
    assert.equal(typeof handler, 'function');
  });

  it('acks a signed slash command, hands it off with an Event Invoke, and answers from the second invocation', async () => {
    const slack = new SlackFake();
    const invocations: unknown[] = [];
    nock('https://lambda.us-east-1.amazonaws.com')
      .post(`/2015-03-31/functions/${FUNCTION}/invocations`)
      .matchHeader('x-amz-invocation-type', 'Event')
      .reply(async (request: Request) => {
        invocations.push(JSON.parse(await request.text()) as unknown);
        return [202, ''];
      });
    const responseUrl = newResponseUrl();
    const body = commandBody({ text: 'cloudtrail changes', response_url: responseUrl });

    const ack = (await handler(slackFunctionUrlPost(body), {})) as {
      statusCode: number;
      body: string;
    };
    assert.equal(ack.statusCode, 200);
    assert.match(ack.body, /Searching CloudTrail/);
    assert.equal(invocations.length, 1);
    const payload = invocations[0] as Record<string, unknown>;
    assert.equal((payload[HANDOFF_MARKER] as { kind: string }).kind, 'answer');

    assert.deepEqual(await handler(payload, {}), { handedOff: true });
    const answer = await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the answer');
    const blocks = JSON.stringify(answer);
    assert.match(blocks, /CloudTrail changes/);
    assert.match(blocks, /`StopLogging` by `alice`/);
    // Answered by the bundled LookupEvents backend, over the nocked CloudTrail API.
    assert.match(blocks, /LookupEvents · EventName=/);
  });

  it('opens an alert thread for a signed SNS record', async () => {
    const slack = new SlackFake();
    const envelope = signedNotification(fixtureText('eventbridge-sg-ingress'), signer.privateKey);
    assert.deepEqual(await handler(snsLambdaEvent(envelope), {}), {
      handled: ['threaded'],
      refused: [],
    });
    const [parent, investigation] = slack.calls('chat.postMessage');
    assert.equal(parent?.args['channel'], ALERT_CHANNEL);
    assert.match(textOf(parent), /bob opened sg-0abc to 0\.0\.0\.0\/0 on port 22/);
    assert.equal(investigation?.args['thread_ts'], '1700000001.000200');
  });

  it('opens an alert thread for a signed SNS message POSTed to /alerts/sns over the Function URL', async () => {
    const slack = new SlackFake();
    const envelope = signEnvelope(
      notification(fixtureText('eventbridge-stoplogging-hostile')),
      signer.privateKey,
    );
    const post = (body: string) =>
      handler(
        functionUrlPost(
          '/alerts/sns',
          { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
          body,
        ),
        {},
      ) as Promise<{ statusCode: number }>;
    const forged = {
      ...envelope,
      Message: envelope.Message.replace('StopLogging', 'StartLogging'),
    };
    assert.equal((await post(JSON.stringify(forged))).statusCode, 403);
    assert.deepEqual(slack.calls('chat.postMessage'), []);
    assert.equal((await post(JSON.stringify(envelope))).statusCode, 200);
    const parent = slack.calls('chat.postMessage')[0];
    assert.equal(parent?.args['channel'], ALERT_CHANNEL);
    assert.match(textOf(parent), /stopped logging for trail/);
  });

  it('opens an alert thread for an EventBridge event', async () => {
    const slack = new SlackFake();
    assert.deepEqual(await handler(fixture('eventbridge-kms-schedule-deletion'), {}), {
      handled: ['threaded'],
      refused: [],
    });
    const parent = slack.calls('chat.postMessage').find((c) => c.args['thread_ts'] === undefined);
    assert.equal(parent?.args['channel'], ALERT_CHANNEL);
    assert.match(textOf(parent), /scheduled deletion of KMS key/);
  });
});
