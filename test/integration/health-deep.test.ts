/**
 * /healthz on the real Heroku process (startHeroku) and on the Lambda's Function URL: the cheap
 * check costs nothing, the deep one calls Slack auth.test and AWS (nock, real wire formats), is
 * cached for 30 s, and answers 503 naming the failing checks without echoing secrets or AWS's
 * words.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startHeroku } from '../../src/entry/heroku.js';
import { createLambdaHandler } from '../../src/entry/lambda.js';
import { healthRoutesWith } from '../../src/entry/http-routes.js';
import { cloudTrail, lookupPage, testClientOptions } from '../helpers/aws-wire.js';
import { callerIdentity, lookupDenied, slackAuthTest } from '../helpers/doctor-wire.js';
import { BOT_TOKEN, nock, SIGNING_SECRET, TEST_ENV } from '../helpers/slack-harness.js';

const ENV = {
  ...TEST_ENV,
  PORT: '0',
  TRAIL_BACKEND: 'lookup',
  TRAIL_REGIONS: 'eu-west-1',
};

describe('GET /healthz on the Heroku process', function () {
  this.timeout(30_000);
  let clock = Date.parse('2026-11-26T12:00:00Z');
  let base = '';
  let stop: () => Promise<void> = async () => undefined;
  const errors: string[] = [];

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    slackAuthTest({ token: BOT_TOKEN }); // the bot learns its identity once, at start
    const { slack, server } = await startHeroku({
      env: ENV,
      routes: [healthRoutesWith({ env: ENV, clientOptions: testClientOptions, now: () => clock })],
      deps: {
        log: { info: () => undefined, error: (m, d) => errors.push(`${m} ${JSON.stringify(d)}`) },
        audit: () => undefined,
      },
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = async () => {
      await slack.drain();
      await slack.app.stop();
    };
  });
  after(async () => {
    await stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
  };

  it('answers the cheap check without calling Slack or AWS', async () => {
    const auth = slackAuthTest({ token: BOT_TOKEN });
    const cheap = await get('/healthz');
    assert.equal(cheap.status, 200);
    assert.deepEqual(cheap.json, { ok: true, backend: 'lookup' });
    assert.equal(auth.isDone(), false);
    nock.cleanAll();
  });

  it('checks Slack and each Region once per 30 s, then reports failures by name', async () => {
    slackAuthTest({ token: BOT_TOKEN });
    callerIdentity('eu-west-1');
    cloudTrail('eu-west-1').post('/').reply(200, lookupPage([]));

    const healthy = await get('/healthz?deep=1');
    assert.equal(healthy.status, 200, healthy.text);
    assert.deepEqual(healthy.json.checks, [
      { name: 'slack token', status: 'ok' },
      { name: 'aws credentials', status: 'ok' },
      { name: 'cloudtrail eu-west-1', status: 'ok' },
    ]);

    // 20 s later nothing is called again (no interceptor is left: a call would fail).
    clock += 20_000;
    const cached = await Promise.all([get('/healthz?deep=1'), get('/healthz?deep=1')]);
    for (const again of cached) {
      assert.equal(again.status, 200);
      assert.equal(again.json.checkedAt, healthy.json.checkedAt);
    }

    clock += 11_000;
    slackAuthTest({ token: BOT_TOKEN });
    callerIdentity('eu-west-1');
    lookupDenied('eu-west-1');
    const failing = await get('/healthz?deep=1');
    assert.equal(failing.status, 503);
    assert.equal(failing.json.ok, false);
    assert.deepEqual(failing.json.failing, ['cloudtrail eu-west-1']);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, '111122223333', 'not authorized']) {
      assert.ok(!failing.text.includes(secret), `the body holds ${secret}`);
    }
    assert.deepEqual(errors, []);
  });
});

describe('GET /healthz on the Lambda (Function URL)', function () {
  this.timeout(30_000);
  const clock = Date.parse('2026-11-26T12:00:00Z');
  const env = { ...ENV, AWS_LAMBDA_FUNCTION_NAME: 'trailhound-bot', AWS_REGION: 'eu-west-1' };
  const handler = createLambdaHandler({
    env,
    deps: { log: { info: () => undefined, error: () => undefined }, audit: () => undefined },
    lambda: { send: (async () => assert.fail('no hand-off expected')) as LambdaClient['send'] },
    app: { botId: 'B0BOT', botUserId: 'U0BOT' },
    health: { clientOptions: testClientOptions, now: () => clock },
  });
  /** A GET as a Function URL delivers it (payload 2.0). */
  const get = async (query: Record<string, string> = {}, method = 'GET') => {
    const response = (await handler(
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/healthz',
        rawQueryString: new URLSearchParams(query).toString(),
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        headers: { host: 'abc123.lambda-url.eu-west-1.on.aws' },
        requestContext: { http: { method, path: '/healthz' }, requestId: 'req-health' },
        isBase64Encoded: false,
      },
      {},
    )) as { statusCode: number; headers: Record<string, string>; body: string };
    const json = response.headers['content-type'] === 'application/json';
    return {
      ...response,
      json: (json ? JSON.parse(response.body) : {}) as Record<string, unknown>,
    };
  };

  before(() => {
    nock.disableNetConnect();
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('answers the cheap check at once and the deep one with the same checks as Heroku', async () => {
    const auth = slackAuthTest({ token: BOT_TOKEN });
    const cheap = await get();
    assert.equal(cheap.statusCode, 200);
    assert.equal(cheap.headers['content-type'], 'application/json');
    assert.deepEqual(cheap.json, { ok: true, backend: 'lookup' });
    assert.equal(auth.isDone(), false);

    callerIdentity('eu-west-1');
    lookupDenied('eu-west-1');
    const deep = await get({ deep: '1' });
    assert.equal(deep.statusCode, 503);
    assert.deepEqual(deep.json.failing, ['cloudtrail eu-west-1']);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, '111122223333', 'not authorized']) {
      assert.ok(!deep.body.includes(secret), `the body holds ${secret}`);
    }
    const posted = await get({}, 'POST');
    assert.equal(posted.statusCode, 405);
  });
});
