/**
 * /trail end to end: signed requests into the real Bolt HTTPReceiver, the real question pipeline
 * over a generated trail, nock as Slack. Every intent of questions.md gets an answer that fits
 * Slack's limits; help, did-you-mean, signatures, retries and the allow-list behave as Slack
 * users and admins expect.
 */
import { strict as assert } from 'node:assert';
import { BLOCK } from '../../blocks/action-ids.js';
import type { KnownBlock } from '../../blocks/slack-types.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import {
  clickBody,
  commandBody,
  disposeRealTrail,
  newResponseUrl,
  nock,
  postSigned,
  realTrail,
  SlackFake,
  startApp,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';

/** Counts backend runs, so "nothing ran" can be checked. */
function counting(backend: QueryBackend): QueryBackend & { runs: number } {
  const wrapped = {
    name: backend.name,
    runs: 0,
    run: (request: Parameters<QueryBackend['run']>[0]) => {
      wrapped.runs++;
      return backend.run(request);
    },
    close: async () => undefined,
  };
  return wrapped;
}

const headerOf = (body: Record<string, unknown>): string | undefined => {
  const blocks = body['blocks'] as KnownBlock[] | undefined;
  const header = blocks?.find((b) => b.type === 'header');
  return header?.type === 'header' ? header.text.text : undefined;
};

async function ask(
  running: Running,
  slack: SlackFake,
  text: string,
  fields: { user_id?: string; channel_id?: string } = {},
) {
  const responseUrl = newResponseUrl();
  const ack = await postSigned(
    running.port,
    commandBody({ text, response_url: responseUrl, ...fields }),
  );
  return {
    ack,
    responseUrl,
    final: () => waitFor(() => slack.repliesTo(responseUrl).at(-1), `the answer to "${text}"`),
  };
}

describe('Slack /trail over HTTP (real pipeline)', function () {
  this.timeout(60_000);
  let running: Running;
  let slack: SlackFake;
  let backend: QueryBackend & { runs: number };

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    backend = counting((await realTrail()).backend);
  });
  beforeEach(async () => {
    slack = new SlackFake();
    running = await startApp(backend);
  });
  afterEach(async () => {
    await running.close();
    nock.cleanAll();
  });
  after(async () => {
    nock.enableNetConnect();
    await disposeRealTrail();
  });

  const QUESTIONS: Array<[string, RegExp]> = [
    ['who changed sg-0a1b2c3d4e5f', /^Who changed sg-0a1b2c3d4e5f/],
    ['failed logins', /^Failed console logins/],
    ['access denied', /^Access denied/],
    ['what did bob do', /^Activity of bob/],
    ['activity from 203.0.113.66', /^Activity from 203\.0\.113\.66/],
    ['security group changes', /^Security group changes/],
    ['network changes', /^Network/],
    ['iam changes', /^IAM changes/],
    ['bucket policy changes', /^S3 bucket policy changes/],
    ['instance actions', /^EC2 instance changes/],
    ['trail tampering', /^CloudTrail changes/],
    ['root activity', /^Root activity/],
    ['logins without mfa', /^Console logins without MFA/],
    ['kms key deletion', /^KMS key changes/],
    ['failed logins by bob in us-east-1', /^Failed console logins · by bob · in us-east-1/],
  ];

  for (const [question, header] of QUESTIONS) {
    it(`answers "${question}" within Slack's limits, in the asker's time zone`, async () => {
      const { ack, final } = await ask(running, slack, question);
      assert.equal(ack.status, 200);
      assert.equal(ack.json?.['response_type'], 'ephemeral');
      assert.match(String(ack.json?.['text']), /Searching CloudTrail/);
      const answer = await final();
      assertValidMessage(answer);
      assert.equal(answer['replace_original'], true);
      assert.equal(answer['response_type'], 'ephemeral');
      assert.match(headerOf(answer) ?? '', header);
      assert.match(JSON.stringify(answer['blocks']), /Europe\/Paris/);
      const line = running.audits.at(-1);
      assert.equal(line?.outcome, 'answered');
      assert.equal(line?.question, question);
      assert.equal(line?.backend, 'local');
      assert.equal(line?.user, 'U0ALICE');
      assert.ok(
        !JSON.stringify(running.audits).includes('hooks.slack.com'),
        'the audit log must not hold response URLs',
      );
    });
  }

  it('answers "event <id>" with that one event', async () => {
    const listed = await ask(running, slack, 'trail tampering');
    const first = await listed.final();
    const eventId = /"(trail\.event\.menu)"[\s\S]*?"value":"raw:([0-9a-f-]+)"/.exec(
      JSON.stringify(first['blocks']),
    )?.[2];
    assert.ok(eventId);
    const { final } = await ask(running, slack, `event ${eventId}`);
    const answer = await final();
    assertValidMessage(answer);
    assert.match(headerOf(answer) ?? '', new RegExp(`^Event ${eventId}`));
    assert.match(JSON.stringify(answer['blocks']), /1 matching event\b/);
  });

  it('answers help, and an empty /trail, with the examples', async () => {
    for (const text of ['help', '']) {
      const { final } = await ask(running, slack, text);
      const help = await final();
      assertValidMessage(help);
      assert.match(JSON.stringify(help['blocks']), /\/trail who changed/);
    }
  });

  it('answers an unparsed question with did-you-mean buttons that run the suggestion', async () => {
    const { final } = await ask(running, slack, 'who chnged sg-0a1b2c3d4e5f');
    const help = await final();
    assertValidMessage(help);
    assert.match(String(help['text']), /did not understand/);
    const blocks = help['blocks'] as KnownBlock[];
    const suggestions = blocks.find((b) => 'block_id' in b && b.block_id === BLOCK.suggestions);
    assert.ok(suggestions?.type === 'actions');
    const first = suggestions.elements[0];
    assert.ok(first?.type === 'button' && first.value && first.action_id);
    assert.match(first.text.text, /who changed sg-0a1b2c3d4e5f/);
    const responseUrl = newResponseUrl();
    const click = await postSigned(
      running.port,
      clickBody({ actionId: first.action_id, value: first.value, response_url: responseUrl }),
    );
    assert.equal(click.status, 200);
    const answer = await waitFor(
      () => slack.repliesTo(responseUrl).at(-1),
      'the suggestion answer',
    );
    assertValidMessage(answer);
    assert.match(headerOf(answer) ?? '', /^Who changed sg-0a1b2c3d4e5f/);
  });

  it('rejects a bad signature and a stale timestamp with 401, running nothing', async () => {
    const before = backend.runs;
    const body = commandBody({ text: 'root activity' });
    const forged = await postSigned(running.port, body, { signature: 'v0=' + '0'.repeat(64) });
    assert.equal(forged.status, 401);
    const stale = Math.floor(Date.now() / 1000) - 301;
    const old = await postSigned(running.port, body, { timestamp: stale });
    assert.equal(old.status, 401);
    await running.slack.drain();
    assert.equal(backend.runs, before);
    assert.equal(slack.responses.length, 0);
    assert.equal(running.audits.length, 0);
  });

  it('never runs a question twice for Slack retries or a repeated trigger_id', async () => {
    const responseUrl = newResponseUrl();
    const body = commandBody({
      text: 'root activity',
      response_url: responseUrl,
      trigger_id: 'trigger-dup',
    });
    await postSigned(running.port, body);
    await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the first answer');
    const retried = await postSigned(running.port, body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    assert.equal(retried.status, 200);
    const repeated = await postSigned(running.port, body);
    assert.equal(repeated.status, 200);
    await running.slack.drain();
    assert.equal(slack.repliesTo(responseUrl).length, 1);
    assert.equal(running.audits.length, 1);
  });
});

describe('Slack /trail allow-lists', function () {
  this.timeout(60_000);
  let slack: SlackFake;
  let backend: QueryBackend & { runs: number };
  let running: Running | undefined;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    backend = counting((await realTrail()).backend);
  });
  beforeEach(() => {
    slack = new SlackFake({ 'usergroups.users.list': () => ({ ok: true, users: ['U0GROUPIE'] }) });
  });
  afterEach(async () => {
    await running?.close();
    nock.cleanAll();
  });
  after(async () => {
    nock.enableNetConnect();
    await disposeRealTrail();
  });

  it('politely refuses outside the allowed channels and runs nothing', async () => {
    running = await startApp(backend, { TRAIL_ALLOWED_CHANNELS: 'C0SECURITY' });
    const before = backend.runs;
    const responseUrl = newResponseUrl();
    const ack = await postSigned(
      running.port,
      commandBody({ text: 'root activity', channel_id: 'C0RANDOM', response_url: responseUrl }),
    );
    assert.equal(ack.status, 200);
    assert.match(String(ack.json?.['text']), /Sorry, trailhound only answers in the channels/);
    assertValidMessage(ack.json);
    await running.slack.drain();
    assert.equal(backend.runs, before);
    assert.equal(slack.responses.length, 0);
    assert.equal(running.audits.at(-1)?.outcome, 'refused');
  });

  it('lets members of the allowed user group ask and refuses others', async () => {
    running = await startApp(backend, {
      TRAIL_ALLOWED_USERGROUP: 'S0SECOPS',
      TRAIL_ALLOWED_USERS: 'U0BOSS',
    });
    const before = backend.runs;
    const refused = await postSigned(
      running.port,
      commandBody({ text: 'root activity', user_id: 'U0STRANGER' }),
    );
    assert.match(String(refused.json?.['text']), /you are not on the list/);
    await running.slack.drain();
    assert.equal(backend.runs, before);
    const responseUrl = newResponseUrl();
    const allowed = await postSigned(
      running.port,
      commandBody({ text: 'root activity', user_id: 'U0GROUPIE', response_url: responseUrl }),
    );
    assert.match(String(allowed.json?.['text']), /Searching/);
    await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the answer');
    assert.equal(slack.calls('usergroups.users.list')[0]?.args['usergroup'], 'S0SECOPS');
  });

  it('refuses a click from someone outside the allow-list without running it', async () => {
    running = await startApp(backend, { TRAIL_ALLOWED_USERS: 'U0ALICE' });
    const before = backend.runs;
    const responseUrl = newResponseUrl();
    const value = JSON.stringify({ q: 'root activity', n: Date.now(), z: 'UTC', c: [] });
    const click = await postSigned(
      running.port,
      clickBody({
        actionId: 'trail.page.next',
        value,
        user_id: 'U0MALLORY',
        response_url: responseUrl,
      }),
    );
    assert.equal(click.status, 200);
    const refusal = await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the refusal');
    assert.match(String(refusal['text']), /not on the list/);
    assert.equal(refusal['replace_original'], false);
    await running.slack.drain();
    assert.equal(backend.runs, before);
  });
});

describe('Slack /trail delivery', function () {
  this.timeout(60_000);
  let slack: SlackFake;
  let running: Running | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  beforeEach(() => {
    slack = new SlackFake();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    nock.cleanAll();
  });
  after(async () => {
    nock.enableNetConnect();
    await disposeRealTrail();
  });

  it('answers for everyone in a channel configured in_channel, then removes the ephemeral "searching …"', async () => {
    running = await startApp((await realTrail()).backend, {
      TRAIL_REPLY_VISIBILITY_CHANNELS: 'C0SECURITY=in_channel',
    });
    const responseUrl = newResponseUrl();
    await postSigned(
      running.port,
      commandBody({ text: 'root activity', response_url: responseUrl }),
    );
    await waitFor(() => slack.repliesTo(responseUrl).length === 2, 'the answer and the delete');
    const [answer, cleanup] = slack.repliesTo(responseUrl);
    assert.ok(answer && cleanup);
    assertValidMessage(answer);
    assert.equal(answer['response_type'], 'in_channel');
    assert.equal(answer['replace_original'], false);
    assert.deepEqual(cleanup, { delete_original: true });
    assert.ok(
      !JSON.stringify(answer['blocks']).includes('trail.share'),
      'no Share button on a channel answer',
    );
  });

  it('shows progress while a slow backend works, then the answer in its place', async () => {
    const slow: QueryBackend = {
      name: 'local',
      run: async (request) => {
        request.onProgress?.({ message: 'page 1, 50 events so far' });
        await new Promise((r) => setTimeout(r, 1700));
        request.onProgress?.({ message: 'page 4, 150 events so far' });
        await new Promise((r) => setTimeout(r, 50));
        return {
          events: [],
          total: 0,
          truncated: false,
          notes: [],
          stats: { backend: 'local' },
          provenance: 'slow fixture',
        };
      },
      close: async () => undefined,
    };
    running = await startApp(slow);
    const responseUrl = newResponseUrl();
    await postSigned(
      running.port,
      commandBody({ text: 'root activity', response_url: responseUrl }),
    );
    await waitFor(() => slack.repliesTo(responseUrl).length === 2, 'progress and answer');
    const [progress, answer] = slack.repliesTo(responseUrl);
    assert.ok(progress && answer);
    assertValidMessage(progress);
    assert.match(
      String(progress['text']),
      /Still searching `root activity` — `page 4, 150 events so far`/,
    );
    assert.equal(progress['replace_original'], true);
    assert.match(String(answer['text']), /Root activity: 0 events/);
    assert.equal(answer['replace_original'], true);
  });

  it('serves GET /healthz beside /slack/events', async () => {
    running = await startApp((await realTrail()).backend);
    const response = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, backend: 'local' });
  });
});
