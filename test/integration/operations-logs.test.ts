/**
 * The Heroku process's own log output, captured at the console exactly as Heroku's log router
 * would read it (production loggers, nothing injected): one JSON audit line per question and one
 * per alert, with timings, and not a byte of a token, the signing secret, a response_url or
 * what AWS answered.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { createLookupBackend } from '../../src/backends/aws-backends.js';
import { loadAwsSettings } from '../../src/backends/aws-config.js';
import { startHeroku } from '../../src/entry/heroku.js';
import { fixtureText } from '../helpers/alert-fixtures.js';
import { cloudTrail, lookupPage, testClientOptions } from '../helpers/aws-wire.js';
import { makeRecord } from '../helpers/records.js';
import {
  BOT_TOKEN,
  commandBody,
  newResponseUrl,
  nock,
  postSigned,
  SIGNING_SECRET,
  SlackFake,
  TEST_ENV,
  waitFor,
} from '../helpers/slack-harness.js';
import {
  TEST_CERT_URL,
  TOPIC,
  notification,
  signEnvelope,
  testSigner,
} from '../helpers/sns-signing.js';

/** Appears only inside the LookupEvents response: if it is logged, AWS's answer was. */
const AWS_MARKER = 'raw-aws-response-marker-7f3c';

describe('operations logs of the Heroku process', function () {
  this.timeout(60_000);
  const output: string[] = [];
  const originals = {
    log: console.log,
    error: console.error,
    warn: console.warn,
    info: console.info,
  };

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    for (const method of ['log', 'error', 'warn', 'info'] as const) {
      console[method] = (...args: unknown[]) => {
        output.push(args.map(String).join(' '));
      };
    }
  });
  after(() => {
    Object.assign(console, originals);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('writes one line per question and per alert, and no secret or AWS response', async () => {
    const slack = new SlackFake({
      'chat.update': (a) => ({ ok: true, channel: a['channel'], ts: a['ts'] }),
    });
    const signer = testSigner();
    const cert = new URL(TEST_CERT_URL);
    nock(cert.origin).persist().get(cert.pathname).reply(200, signer.certPem);
    const bob = makeRecord({
      eventTime: new Date(Date.now() - 3_600_000).toISOString(),
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: 'eu-west-1',
      userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'bob' },
      requestParameters: { groupId: 'sg-0abc', description: AWS_MARKER },
    });
    cloudTrail('eu-west-1')
      .persist()
      .post('/')
      .reply(200, lookupPage([bob]));

    const settings = loadAwsSettings({ TRAIL_BACKEND: 'lookup', TRAIL_REGIONS: 'eu-west-1' });
    const { slack: app, server } = await startHeroku({
      env: {
        ...TEST_ENV,
        PORT: '0',
        TRAIL_BACKEND: 'lookup',
        ALERT_TOPIC_ARNS: TOPIC,
        ALERT_CHANNEL: 'C0ALERTS',
      },
      deps: { backend: createLookupBackend({ settings, clientOptions: testClientOptions }) },
    });
    const port = (server.address() as AddressInfo).port;
    try {
      const responseUrl = newResponseUrl();
      const ack = await postSigned(
        port,
        commandBody({ text: 'what did bob do today', response_url: responseUrl }),
      );
      assert.equal(ack.status, 200);
      await waitFor(() => slack.repliesTo(responseUrl).length > 0, 'the answer');

      const envelope = signEnvelope(
        notification(fixtureText('eventbridge-sg-ingress')),
        signer.privateKey,
      );
      const delivered = await fetch(`http://127.0.0.1:${port}/alerts/sns`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        body: JSON.stringify(envelope),
      });
      assert.equal(delivered.status, 200);

      const lines = output.flatMap((text) => {
        try {
          return [JSON.parse(text) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      const questions = lines.filter((l) => l.audit === 'trailhound.question');
      const alerts = lines.filter((l) => l.audit === 'trailhound.alert');
      assert.equal(questions.length, 1, output.join('\n'));
      assert.equal(alerts.length, 1, output.join('\n'));

      const [question] = questions;
      assert.equal(question?.user, 'U0ALICE');
      assert.equal(question?.channel, 'C0SECURITY');
      assert.equal(question?.intent, 'actor-activity');
      assert.equal(question?.backend, 'lookup');
      assert.equal(question?.total, 1);
      assert.equal(typeof question?.elapsedMs, 'number');
      assert.equal(typeof question?.apiCalls, 'number');
      const window = question?.window as { start: string; end: string };
      assert.ok(Date.parse(window.end) > Date.parse(window.start));

      const [alert] = alerts;
      assert.equal(alert?.via, 'sns');
      assert.equal(alert?.deliveryId, envelope.MessageId);
      assert.equal(alert?.kind, 'cloudtrail');
      assert.equal(alert?.outcome, 'threaded');
      assert.equal(alert?.count, 1);
      assert.equal(typeof alert?.rule, 'string');
      assert.equal(typeof alert?.severity, 'string');
      assert.equal(typeof alert?.elapsedMs, 'number');

      const all = output.join('\n');
      for (const secret of [
        BOT_TOKEN,
        SIGNING_SECRET,
        responseUrl,
        'hooks.slack.com',
        AWS_MARKER,
        testClientOptions.credentials.secretAccessKey,
        String(envelope.Signature),
        'alice',
      ]) {
        assert.ok(!all.includes(secret), `the logs hold ${secret}`);
      }
    } finally {
      await app.drain();
      await app.app.stop();
    }
    assert.ok(slack.calls('chat.postMessage').length > 0);
  });
});
