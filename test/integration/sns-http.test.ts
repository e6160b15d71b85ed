/**
 * The SNS endpoint end to end over HTTP: a real node:http server running snsRequestListener,
 * messages signed with a test certificate made by openssl, verified by the production code
 * (only the certificate fetch is injected).
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { createSnsVerifier } from '../../src/intake/sns-signature.js';
import { snsRequestListener, type SnsIntakeDeps } from '../../src/intake/sns.js';
import { fixtureText } from '../helpers/alert-fixtures.js';
import { testDeps, type TestDeps } from '../helpers/alert-deps.js';
import {
  TEST_CERT_URL,
  TOPIC,
  notification,
  otherKey,
  signEnvelope,
  subscriptionConfirmation,
  testSigner,
  type Envelope,
  type TestSigner,
} from '../helpers/sns-signing.js';

describe('SNS HTTPS endpoint', function () {
  this.timeout(30_000);
  let signer: TestSigner;
  let server: Server;
  let url: string;
  let alerts: TestDeps;
  let confirmed: string[];
  let refused: Array<Record<string, unknown>>;

  before(() => {
    signer = testSigner();
  });

  beforeEach(async () => {
    alerts = testDeps();
    alerts.clock.now = Date.now();
    confirmed = [];
    refused = [];
    signer.fetches.length = 0;
    const deps: SnsIntakeDeps = {
      alerts,
      verifier: createSnsVerifier({ fetchCertificate: signer.fetchCertificate }),
      topicArns: [TOPIC],
      confirmSubscription: async (subscribeUrl) => {
        confirmed.push(subscribeUrl);
      },
      log: (message, fields) => {
        if (message === 'sns: refused') refused.push(fields ?? {});
      },
    };
    const listener = snsRequestListener(deps);
    server = createServer((req, res) => {
      if (req.url === '/alerts/sns') return listener(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/alerts/sns`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function post(
    envelope: Envelope | string,
    headers: Record<string, string> = {},
  ): Promise<number> {
    const body = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
    const type = typeof envelope === 'string' ? 'Notification' : envelope.Type;
    const response = await fetch(url, {
      method: 'POST',
      // What SNS sends: text/plain, whatever the body is.
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': type,
        ...headers,
      },
      body,
    });
    await response.text();
    return response.status;
  }

  const sgAlert = (overrides: Partial<Envelope> = {}) =>
    notification(fixtureText('eventbridge-sg-ingress'), overrides);

  it('opens a thread for a message signed with SignatureVersion 1 or 2', async () => {
    assert.equal(await post(signEnvelope(sgAlert(), signer.privateKey, '1')), 200);
    assert.equal(alerts.chat.parents.length, 1);
    assert.match(alerts.chat.parents[0]!.text, /bob opened sg-0abc to 0\.0\.0\.0\/0 on port 22/);
    const alarm = notification(fixtureText('cloudwatch-alarm-unauthorized'), {
      Subject: 'ALARM: "CIS-3.1-UnauthorizedAPICalls" in US East (N. Virginia)',
    });
    assert.equal(await post(signEnvelope(alarm, signer.privateKey, '2')), 200);
    assert.equal(alerts.chat.parents.length, 2);
    assert.equal(signer.fetches.length, 1, 'the certificate is fetched once and cached');
  });

  it('accepts a notification without a Subject (it is left out of the string to sign)', async () => {
    const envelope = sgAlert();
    delete envelope.Subject;
    assert.equal(await post(signEnvelope(envelope, signer.privateKey)), 200);
    assert.equal(alerts.chat.parents.length, 1);
  });

  it('rejects forged, re-signed, unsigned, wrong-topic and wrong-certificate-host messages, posting nothing', async () => {
    const valid = signEnvelope(sgAlert(), signer.privateKey);
    const forgeries: Array<[string, Envelope]> = [
      [
        'message altered after signing',
        { ...valid, Message: valid.Message.replace('0.0.0.0/0', '10.0.0.0/8') },
      ],
      ['subject altered after signing', { ...valid, Subject: 'hello' }],
      ['re-signed with another key', signEnvelope(sgAlert(), otherKey())],
      ['unsigned', { ...sgAlert(), Signature: '' }],
      [
        'no signature field',
        (() => {
          const e = sgAlert();
          delete (e as Partial<Envelope>).Signature;
          return e;
        })(),
      ],
      ['unknown signature version', { ...valid, SignatureVersion: '3' }],
      ['v1 signature claimed as v2', { ...valid, SignatureVersion: '2' }],
      [
        'topic not in ALERT_TOPIC_ARNS',
        signEnvelope(
          sgAlert({ TopicArn: 'arn:aws:sns:us-east-1:999999999999:other' }),
          signer.privateKey,
        ),
      ],
      [
        'certificate on another host',
        signEnvelope(
          sgAlert({ SigningCertURL: 'https://evil.example/SimpleNotificationService-x.pem' }),
          signer.privateKey,
        ),
      ],
      [
        'certificate on a look-alike host',
        signEnvelope(
          sgAlert({ SigningCertURL: 'https://sns.us-east-1.amazonaws.com.evil.example/x.pem' }),
          signer.privateKey,
        ),
      ],
      [
        'certificate over http',
        signEnvelope(
          sgAlert({ SigningCertURL: TEST_CERT_URL.replace('https:', 'http:') }),
          signer.privateKey,
        ),
      ],
      [
        'certificate not a .pem',
        signEnvelope(
          sgAlert({ SigningCertURL: TEST_CERT_URL.replace('.pem', '.txt') }),
          signer.privateKey,
        ),
      ],
      [
        'certificate on a non-default port',
        signEnvelope(
          sgAlert({ SigningCertURL: TEST_CERT_URL.replace('.com/', '.com:8443/') }),
          signer.privateKey,
        ),
      ],
      ['type header disagrees', valid],
    ];
    for (const [what, envelope] of forgeries) {
      const headers: Record<string, string> =
        what === 'type header disagrees'
          ? { 'x-amz-sns-message-type': 'SubscriptionConfirmation' }
          : {};
      assert.equal(await post(envelope, headers), 403, what);
    }
    assert.equal(await post('{"Type":"Notification"', {}), 403, 'not JSON');
    assert.equal(
      await post(valid, { 'x-amz-sns-rawdelivery': 'true' }),
      403,
      'raw delivery is unsigned',
    );
    assert.equal(alerts.chat.posts.length, 0, 'nothing posted');
    assert.ok(
      signer.fetches.every((u) => u === TEST_CERT_URL),
      'no certificate fetched from an untrusted URL',
    );
    assert.ok(refused.length >= forgeries.length + 2, 'every refusal is logged');
  });

  it('confirms subscriptions only for allowed topics, at SNS URLs only', async () => {
    const allowed = signEnvelope(subscriptionConfirmation(), signer.privateKey);
    assert.equal(await post(allowed), 200);
    assert.deepEqual(confirmed, [allowed.SubscribeURL]);
    const otherTopic = 'arn:aws:sns:us-east-1:999999999999:attacker';
    const stranger = signEnvelope(
      subscriptionConfirmation({ TopicArn: otherTopic }),
      signer.privateKey,
    );
    assert.equal(await post(stranger), 403);
    const phishing = signEnvelope(
      subscriptionConfirmation({
        SubscribeURL: 'https://evil.example/?Action=ConfirmSubscription',
      }),
      signer.privateKey,
    );
    assert.equal(await post(phishing), 403);
    const forged = { ...allowed, Token: 'other-token' };
    assert.equal(await post(forged), 403);
    assert.equal(confirmed.length, 1);
  });

  it('processes a redelivered MessageId once', async () => {
    const envelope = signEnvelope(sgAlert(), signer.privateKey);
    assert.equal(await post(envelope), 200);
    assert.equal(await post(envelope), 200);
    assert.equal(alerts.chat.parents.length, 1);
    assert.doesNotMatch(alerts.chat.currentJson(alerts.chat.parents[0]!.ts), /×2/);
  });

  it('answers 5xx while Slack is down so SNS redelivers, then delivers', async () => {
    const envelope = signEnvelope(sgAlert(), signer.privateKey);
    alerts.chat.down = true;
    const status = await post(envelope);
    assert.ok(status >= 500 && status < 600, String(status));
    alerts.chat.down = false;
    assert.equal(await post(envelope), 200);
    assert.equal(alerts.chat.parents.length, 1);
  });

  it('refuses a replayed message older than a day', async () => {
    const old = signEnvelope(
      sgAlert({ Timestamp: new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString() }),
      signer.privateKey,
    );
    assert.equal(await post(old), 403);
    assert.equal(alerts.chat.posts.length, 0);
  });

  it('turns an unrecognised message into a generic alert instead of failing', async () => {
    assert.equal(
      await post(signEnvelope(notification('Backup job 42 failed <!channel>'), signer.privateKey)),
      200,
    );
    assert.equal(alerts.chat.parents.length, 1);
    assert.match(alerts.chat.parents[0]!.text, /LOW: Backup job 42 failed &lt;!channel&gt;/);
  });
});
