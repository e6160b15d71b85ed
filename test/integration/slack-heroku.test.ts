/**
 * The Procfile entry: startHeroku() reads the environment, listens on $PORT and serves
 * /slack/events and /healthz, plus any extra route a later intake registers.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { HTTP_ROUTES } from '../../src/entry/http-routes.js';
import { startHeroku } from '../../src/entry/heroku.js';
import type { RouteFactory } from '../../src/slack/app.js';
import { commandBody, nock, postSigned, SlackFake, TEST_ENV } from '../helpers/slack-harness.js';

describe('Heroku entry', function () {
  this.timeout(30_000);

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('listens on $PORT with /slack/events, /healthz and extra routes', async () => {
    new SlackFake();
    const echo: RouteFactory = () => [
      {
        path: '/alerts/test',
        method: ['POST'],
        handler: (_req, res) => {
          res.writeHead(202);
          res.end();
        },
      },
    ];
    const { slack, server } = await startHeroku({
      env: { ...TEST_ENV, PORT: '0' },
      routes: [...HTTP_ROUTES, echo],
      deps: { log: { info: () => undefined, error: () => undefined }, audit: () => undefined },
    });
    try {
      const port = (server.address() as AddressInfo).port;
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.equal(
        (await fetch(`http://127.0.0.1:${port}/alerts/test`, { method: 'POST' })).status,
        202,
      );
      const ack = await postSigned(port, commandBody({ text: 'help' }));
      assert.equal(ack.status, 200);
      assert.match(String(ack.json?.['text']), /Searching CloudTrail/);
    } finally {
      await slack.drain();
      await slack.app.stop();
    }
  });

  it('refuses to start, saying why, when Slack rejects the bot token', async () => {
    nock.cleanAll();
    new SlackFake({ 'auth.test': () => ({ ok: false, error: 'invalid_auth' }) });
    await assert.rejects(
      startHeroku({
        env: { ...TEST_ENV, PORT: '0' },
        deps: { log: { info: () => undefined, error: () => undefined }, audit: () => undefined },
      }),
      (error: Error) => {
        assert.match(
          error.message,
          /Slack did not accept SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)/,
        );
        assert.doesNotMatch(error.message, new RegExp(TEST_ENV.SLACK_BOT_TOKEN ?? 'xoxb'));
        return true;
      },
    );
  });
});
