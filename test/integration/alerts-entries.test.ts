/**
 * Alerts through the real entry points, as an on-call engineer sees them: the Heroku process
 * (startHeroku on port 0, configured by environment variables only) receives a signed SNS
 * notification at POST /alerts/sns and opens a thread in the alert channel whose first reply is
 * the investigation, run by the real DuckDB engine over a small trail; a signed Slack click on
 * "Acknowledge" then rewrites the parent's status line. The Lambda handler does the same for SNS
 * records, EventBridge events and SNS over its Function URL.
 *
 * Slack is nock (SlackFake), on its real wire format. The SNS certificate is served by nock at
 * its SNS URL, so the production fetch-and-verify path runs unchanged.
 */
import { strict as assert } from 'node:assert';
import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KnownBlock } from '../../blocks/slack-types.js';
import { createBackend } from '../../src/backends/create.js';
import { isTrailError } from '../../src/core/errors.js';
import { startHeroku } from '../../src/entry/heroku.js';
import { createLambdaHandler } from '../../src/entry/lambda.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import type { AuditLine } from '../../src/slack/audit.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { HANDOFF_MARKER } from '../../src/slack/jobs.js';
import { fixture, fixtureText } from '../helpers/alert-fixtures.js';
import { makeRecord } from '../helpers/records.js';
import {
  clickBody,
  functionUrlPost,
  newResponseUrl,
  nock,
  postSigned,
  SlackFake,
  slackFunctionUrlPost,
  TEST_ENV,
  waitFor,
  type ApiCall,
} from '../helpers/slack-harness.js';
import {
  notification,
  otherKey,
  signedNotification,
  signEnvelope,
  snsLambdaEvent,
  TEST_CERT_URL,
  testSigner,
  TOPIC,
  type Envelope,
  type TestSigner,
} from '../helpers/sns-signing.js';

const ALERT_CHANNEL = 'C0ALERTS';
const ALERT_ENV = { ALERT_TOPIC_ARNS: TOPIC, ALERT_CHANNEL };
const SG_STORY = /bob opened sg-0abc to 0\.0\.0\.0\/0 on port 22 from 203\.0\.113\.50/;

/** bob's other activity around the alert (02:13:44Z), and a failed login from his IP. */
function writeTrail(dir: string): void {
  const bob = {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEBOB000001',
    arn: 'arn:aws:iam::111122223333:user/bob',
    accountId: '111122223333',
    userName: 'bob',
  };
  const records = [
    makeRecord({
      eventID: 'e-run-instances',
      eventTime: '2026-11-26T02:40:00Z',
      eventName: 'RunInstances',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.50',
      userIdentity: bob,
      requestParameters: { instanceType: 't3.micro' },
    }),
    makeRecord({
      eventID: 'e-failed-login',
      eventTime: '2026-11-26T01:55:00Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.50',
      userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'admin' },
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    }),
  ];
  const folder = path.join(dir, 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/26');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'trail.json'), JSON.stringify({ Records: records }));
}

/** The ts Slack gives the n-th message posted (1-based). */
const tsOf = (n: number): string => `1764123000.${String(n).padStart(6, '0')}`;

/** Slack with distinct message timestamps (threads hang off them) and chat.update. */
function slackFake(): SlackFake {
  let seq = 0;
  return new SlackFake({
    'chat.postMessage': (a) => ({ ok: true, channel: a['channel'], ts: tsOf(++seq) }),
    'chat.update': (a) => ({ ok: true, channel: a['channel'], ts: a['ts'] }),
  });
}

const textOf = (call: ApiCall): string =>
  `${String(call.args['text'])}\n${JSON.stringify(call.args['blocks'] ?? [])}`;

/** The value of the parent's button `actionId` (what Slack sends back on a click). */
function buttonValue(parent: ApiCall, actionId: string): string {
  for (const block of (parent.args['blocks'] ?? []) as KnownBlock[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements) {
      if (element.type === 'button' && element.action_id === actionId && element.value)
        return element.value;
    }
  }
  throw new Error(`no ${actionId} button`);
}

async function postSns(port: number, envelope: Envelope): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/alerts/sns`, {
    method: 'POST',
    // What SNS sends: text/plain, whatever the body is.
    headers: {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': envelope.Type,
    },
    body: JSON.stringify(envelope),
  });
  await response.text();
  return response.status;
}

const snsFunctionUrlEvent = (envelope: Envelope) =>
  functionUrlPost(
    '/alerts/sns',
    { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': envelope.Type },
    JSON.stringify(envelope),
  );

describe('Alerts through the Heroku and Lambda entries', function () {
  this.timeout(60_000);
  let signer: TestSigner;
  let dir: string;
  let backend: QueryBackend;
  let audits: AuditLine[];
  let logs: string[];
  let deps: Partial<SlackDeps>;

  before(async () => {
    signer = testSigner();
    dir = mkdtempSync(path.join(tmpdir(), 'trailhound-alerts-'));
    writeTrail(dir);
    backend = await createBackend('local', { logs: dir, onProgress: () => undefined });
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  after(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    audits = [];
    logs = [];
    const record = (message: string, detail?: Record<string, unknown>) =>
      logs.push(`${message} ${JSON.stringify(detail ?? {})}`);
    deps = {
      backend,
      audit: (line) => audits.push(line),
      log: { info: record, error: record },
    };
    // The production verifier fetches the certificate over https; nock serves the test one.
    const cert = new URL(TEST_CERT_URL);
    nock(cert.origin).persist().get(cert.pathname).reply(200, signer.certPem);
  });
  afterEach(() => nock.cleanAll());

  async function heroku(env: Record<string, string>) {
    const { slack, server } = await startHeroku({
      env: { ...TEST_ENV, PORT: '0', ...env },
      deps,
    });
    return {
      port: (server.address() as AddressInfo).port,
      stop: async () => {
        await slack.drain();
        await slack.app.stop();
      },
    };
  }

  describe('Heroku', () => {
    it('opens a thread with the first investigation for a signed SNS alert; Acknowledge shows who', async () => {
      const slack = slackFake();
      const app = await heroku(ALERT_ENV);
      try {
        const alert = signEnvelope(
          notification(fixtureText('eventbridge-sg-ingress')),
          signer.privateKey,
        );
        assert.equal(await postSns(app.port, alert), 200);

        const [parent, reply, ...more] = slack.calls('chat.postMessage');
        assert.ok(parent && reply, 'a parent and its first reply');
        assert.equal(more.length, 0);
        assert.equal(parent.args['channel'], ALERT_CHANNEL);
        assert.equal(parent.args['thread_ts'], undefined);
        assert.match(textOf(parent), SG_STORY);
        assert.match(textOf(parent), /HIGH/);

        const parentTs = tsOf(1);
        assert.equal(reply.args['thread_ts'], parentTs);
        const investigation = textOf(reply);
        assert.match(investigation, /Other activity of bob/);
        assert.match(investigation, /ec2:RunInstances/, "bob's other call, from the trail");
        assert.match(investigation, /Failed logins from 203\.0\.113\.50/);
        assert.match(investigation, /signin:ConsoleLogin/, 'the failed login from his IP');
        assert.doesNotMatch(investigation, /no CloudTrail backend/);

        const click = await postSigned(
          app.port,
          clickBody({
            actionId: 'alert.acknowledge',
            value: buttonValue(parent, 'alert.acknowledge'),
            user_id: 'U0ALICE',
            channel_id: ALERT_CHANNEL,
            ephemeral: false,
          }),
        );
        assert.equal(click.status, 200);
        const update = await waitFor(
          () =>
            slack.calls('chat.update').find((c) => /Acknowledged by <@U0ALICE>/.test(textOf(c))),
          'the parent updated with who acknowledged',
        );
        assert.equal(update.args['ts'], parentTs);
        assert.equal(update.args['channel'], ALERT_CHANNEL);
        assert.match(textOf(update), SG_STORY, 'the parent keeps its story');
        const note = await waitFor(
          () =>
            slack
              .calls('chat.postMessage')
              .find((c) => c.args['thread_ts'] === parentTs && /Acknowledged by/.test(textOf(c))),
          'the acknowledgement in the thread',
        );
        assert.match(textOf(note), /<@U0ALICE>/);
        const line = await waitFor(
          () => audits.find((a) => a.via === 'alert.acknowledge'),
          'the audit line of the click',
        );
        assert.equal(line.outcome, 'answered');
        assert.equal(line.user, 'U0ALICE');
        assert.equal(line.channel, ALERT_CHANNEL);
      } finally {
        await app.stop();
      }
    });

    it('answers unsigned, forged and re-signed SNS messages with 403 and posts nothing', async () => {
      const slack = slackFake();
      const app = await heroku(ALERT_ENV);
      try {
        const valid = signEnvelope(
          notification(fixtureText('eventbridge-sg-ingress')),
          signer.privateKey,
        );
        const forgeries: Envelope[] = [
          { ...notification(fixtureText('eventbridge-sg-ingress')), Signature: '' },
          { ...valid, Message: valid.Message.replace('0.0.0.0/0', '10.0.0.0/8') },
          signEnvelope(notification(fixtureText('eventbridge-sg-ingress')), otherKey()),
        ];
        for (const forged of forgeries) assert.equal(await postSns(app.port, forged), 403);
        assert.deepEqual(slack.calls('chat.postMessage'), []);
        assert.equal(logs.filter((l) => l.startsWith('sns: refused')).length, forgeries.length);
      } finally {
        await app.stop();
      }
    });

    it('refuses a click from someone outside the allow-list, privately, and changes nothing', async () => {
      const slack = slackFake();
      const app = await heroku({ ...ALERT_ENV, TRAIL_ALLOWED_USERS: 'U0ALICE' });
      try {
        const alert = signEnvelope(
          notification(fixtureText('eventbridge-sg-ingress')),
          signer.privateKey,
        );
        assert.equal(await postSns(app.port, alert), 200);
        const [parent] = slack.calls('chat.postMessage');
        assert.ok(parent);
        const responseUrl = newResponseUrl();
        const click = await postSigned(
          app.port,
          clickBody({
            actionId: 'alert.resolve',
            value: buttonValue(parent, 'alert.resolve'),
            user_id: 'U0MALLORY',
            channel_id: ALERT_CHANNEL,
            ephemeral: false,
            response_url: responseUrl,
          }),
        );
        assert.equal(click.status, 200);
        const [refusal] = await waitFor(
          () => slack.repliesTo(responseUrl).length > 0 && slack.repliesTo(responseUrl),
          'the refusal to the clicker',
        );
        assert.equal(refusal?.['response_type'], 'ephemeral');
        assert.deepEqual(slack.calls('chat.update'), []);
        assert.equal(
          slack.calls('chat.postMessage').length,
          2,
          'only the parent and the investigation',
        );
        const line = audits.find((a) => a.via === 'alert.resolve');
        assert.equal(line?.outcome, 'refused');
        assert.equal(line?.user, 'U0MALLORY');
      } finally {
        await app.stop();
      }
    });

    it('tells the clicker privately when the alert is no longer tracked', async () => {
      const slack = slackFake();
      const app = await heroku(ALERT_ENV);
      try {
        const responseUrl = newResponseUrl();
        const click = await postSigned(
          app.port,
          clickBody({
            actionId: 'alert.investigate',
            value: 'security-group-change|gone@1764000000000',
            channel_id: ALERT_CHANNEL,
            ephemeral: false,
            response_url: responseUrl,
          }),
        );
        assert.equal(click.status, 200);
        const [reply] = await waitFor(
          () => slack.repliesTo(responseUrl).length > 0 && slack.repliesTo(responseUrl),
          'the answer to the clicker',
        );
        assert.equal(reply?.['response_type'], 'ephemeral');
        assert.match(String(reply?.['text']), /no longer tracked/);
        assert.deepEqual(slack.calls('chat.postMessage'), []);
        assert.equal(audits.find((a) => a.via === 'alert.investigate')?.outcome, 'failed');
      } finally {
        await app.stop();
      }
    });

    it('runs without alerts when ALERT_TOPIC_ARNS is unset: /alerts/sns is not served', async () => {
      slackFake();
      const app = await heroku({});
      try {
        assert.equal((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status, 200);
        const alert = signEnvelope(
          notification(fixtureText('eventbridge-sg-ingress')),
          signer.privateKey,
        );
        assert.equal(await postSns(app.port, alert), 404);
      } finally {
        await app.stop();
      }
    });

    it('does not start with wrong alert settings, naming every problem', async () => {
      await assert.rejects(
        heroku({ ALERT_TOPIC_ARNS: 'security-alerts' }),
        (error: unknown) =>
          isTrailError(error) &&
          error.code === 'config' &&
          /ALERT_CHANNEL/.test(error.message) &&
          /ALERT_TOPIC_ARNS.*is not an SNS topic ARN/.test(error.message),
      );
    });
  });

  describe('Lambda', () => {
    const lambdaEnv = {
      ...TEST_ENV,
      ...ALERT_ENV,
      AWS_LAMBDA_FUNCTION_NAME: 'trailhound-bot',
      AWS_REGION: 'us-east-1',
    };
    /** The payloads of the asynchronous self-invocations (hand-offs) the handler made. */
    let handOffs: unknown[] = [];
    beforeEach(() => {
      handOffs = [];
    });
    const handlerFor = (env: Record<string, string | undefined>) =>
      createLambdaHandler({
        env,
        deps,
        lambda: {
          send: (async (command: InvokeCommand) => {
            assert.equal(command.input.InvocationType, 'Event');
            handOffs.push(
              JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array)),
            );
            return {};
          }) as LambdaClient['send'],
        },
        app: { botId: 'B0BOT', botUserId: 'U0BOT' },
      });

    it('posts threads for an SNS record event and an EventBridge event', async () => {
      const slack = slackFake();
      const handler = handlerFor(lambdaEnv);
      const sns = signedNotification(fixtureText('eventbridge-sg-ingress'), signer.privateKey);
      assert.deepEqual(await handler(snsLambdaEvent(sns), {}), {
        handled: ['threaded'],
        refused: [],
      });
      const [sgParent, sgReply] = slack.calls('chat.postMessage');
      assert.equal(sgParent?.args['channel'], ALERT_CHANNEL);
      assert.match(textOf(sgParent as ApiCall), SG_STORY);
      assert.match(textOf(sgReply as ApiCall), /ec2:RunInstances/);

      assert.deepEqual(await handler(fixture('eventbridge-kms-schedule-deletion'), {}), {
        handled: ['threaded'],
        refused: [],
      });
      const kmsParent = slack.calls('chat.postMessage').find((c) => /KMS key/.test(textOf(c)));
      assert.ok(kmsParent, 'the EventBridge alert opened a thread');
      assert.equal(kmsParent.args['channel'], ALERT_CHANNEL);
      assert.equal(kmsParent.args['thread_ts'], undefined);
      assert.match(textOf(kmsParent), /scheduled deletion of KMS key/);
      // Alerts are handled in the invocation that brought them: nothing is handed off.
      assert.deepEqual(handOffs, []);
    });

    it('takes a Resolve click through the Function URL and shows who resolved the alert', async () => {
      const slack = slackFake();
      const handler = handlerFor(lambdaEnv);
      await handler(fixture('eventbridge-kms-schedule-deletion'), {});
      const [parent] = slack.calls('chat.postMessage');
      assert.ok(parent);
      const body = clickBody({
        actionId: 'alert.resolve',
        value: buttonValue(parent, 'alert.resolve'),
        user_id: 'U0ALICE',
        channel_id: ALERT_CHANNEL,
        ephemeral: false,
      });
      // Slack gets its answer before any work: the click is handed to a second invocation, as
      // an Investigate (several searches) would otherwise outlast Slack's 3 seconds.
      const ack = await handler(slackFunctionUrlPost(body), {});
      assert.equal((ack as { statusCode: number }).statusCode, 200);
      assert.deepEqual(slack.calls('chat.update'), []);
      assert.equal(handOffs.length, 1);
      const [handOff] = handOffs as { [HANDOFF_MARKER]: { kind: string } }[];
      assert.equal(handOff?.[HANDOFF_MARKER].kind, 'alert-click');
      await handler(handOff, {});
      const update = slack.calls('chat.update').find((c) => c.args['ts'] === tsOf(1));
      assert.ok(update, 'the parent was updated');
      assert.match(textOf(update), /Resolved by <@U0ALICE>/);
      assert.equal(audits.find((a) => a.via === 'alert.resolve')?.outcome, 'answered');
    });

    it('serves POST /alerts/sns over the Function URL: signed → thread, unsigned → 403', async () => {
      const slack = slackFake();
      const handler = handlerFor(lambdaEnv);
      const unsigned = { ...notification(fixtureText('eventbridge-sg-ingress')), Signature: '' };
      const refused = await handler(snsFunctionUrlEvent(unsigned), {});
      assert.equal((refused as { statusCode: number }).statusCode, 403);
      assert.deepEqual(slack.calls('chat.postMessage'), []);

      const signed = signEnvelope(
        notification(fixtureText('eventbridge-sg-ingress')),
        signer.privateKey,
      );
      const accepted = await handler(snsFunctionUrlEvent(signed), {});
      assert.equal((accepted as { statusCode: number }).statusCode, 200);
      assert.match(textOf(slack.calls('chat.postMessage')[0] as ApiCall), SG_STORY);
    });

    it('fails an alert event loudly when alerts are off, so Lambda keeps it for a retry', async () => {
      slackFake();
      const handler = handlerFor({ ...lambdaEnv, ALERT_TOPIC_ARNS: undefined });
      await assert.rejects(
        handler(fixture('eventbridge-kms-schedule-deletion'), {}),
        /alerts are off: set ALERT_TOPIC_ARNS/,
      );
      const refused = await handler(
        snsFunctionUrlEvent(signEnvelope(notification('{}'), signer.privateKey)),
        {},
      );
      assert.equal((refused as { statusCode: number }).statusCode, 404);
    });
  });
});
