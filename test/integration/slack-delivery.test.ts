/**
 * Getting the answer to the asker when Slack pushes back, through the real receiver: a 429 on the
 * response_url is waited out for its Retry-After and the answer still arrives; a 429 from the Web
 * API (chat.postMessage of "Share in channel") is waited out by the WebClient; and an expired
 * response_url makes the answer go through chat.postEphemeral to the asker instead.
 */
import { strict as assert } from 'node:assert';
import { ACTION } from '../../blocks/action-ids.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import { buttonsOf } from '../helpers/slack-messages.js';
import type { SlackFake } from '../helpers/slack-harness.js';
import {
  clickBody,
  command,
  commandBody,
  disposeRealTrail,
  newResponseUrl,
  nock,
  offlineSlack,
  postSigned,
  realTrail,
  RESPONSE_HOST,
  startApp,
  stopOffline,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';

/** Response URLs that misbehave once (registered before SlackFake's, so they match first). */
const RATE_LIMITED = '/commands/T0TEAM/rate-limited/secret';
const EXPIRED = '/commands/T0TEAM/expired/secret';

describe('Slack delivery under rate limits and expired response URLs', function () {
  this.timeout(60_000);
  let running: Running;
  let slack: SlackFake;
  const sleeps: number[] = [];
  let rateLimitedHook: nock.Scope;
  let rateLimitedApi: nock.Scope;

  before(async () => {
    rateLimitedHook = nock(RESPONSE_HOST)
      .post(RATE_LIMITED)
      .reply(429, 'rate_limited', { 'Retry-After': '2' });
    nock(RESPONSE_HOST).post(EXPIRED).times(5).reply(404, 'expired_url');
    rateLimitedApi = nock('https://slack.com')
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    slack = offlineSlack();
    running = await startApp(
      (await realTrail()).backend,
      {},
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    );
  });
  after(async () => {
    await stopOffline(running);
    await disposeRealTrail();
  });

  it('waits out a 429 on the response_url for its Retry-After, then delivers the answer', async () => {
    const url = `${RESPONSE_HOST}${RATE_LIMITED}`;
    await postSigned(running.port, commandBody({ text: 'failed logins', response_url: url }));
    const answer = await waitFor(() => slack.repliesTo(url).at(-1), 'the answer after the 429');
    assert.ok(rateLimitedHook.isDone(), 'the 429 was never served');
    assert.ok(sleeps.includes(2000), `waited ${sleeps.join(', ')} ms, not Retry-After`);
    assertValidMessage(answer);
    assert.match(JSON.stringify(answer['blocks']), /matching events/);
  });

  it('posts a shared answer after chat.postMessage is rate limited', async () => {
    const answer = await command(running, slack, 'root activity', 'the answer');
    const share = buttonsOf(answer).find((b) => b.action_id === ACTION.share);
    assert.ok(share?.value, 'no Share button');
    const clicked = newResponseUrl();
    await postSigned(
      running.port,
      clickBody({ actionId: ACTION.share, value: share.value, response_url: clicked }),
    );
    const post = await waitFor(() => slack.calls('chat.postMessage').at(-1), 'the shared answer');
    assert.ok(rateLimitedApi.isDone(), 'chat.postMessage was never rate limited');
    assert.equal(post.args['channel'], 'C0SECURITY');
    assert.match(JSON.stringify(post.args['blocks']), /shared by <@U0ALICE>/);
    // No "could not post in this channel" apology followed.
    assert.deepEqual(slack.repliesTo(clicked), []);
  });

  it('answers through chat.postEphemeral when the response_url has expired', async () => {
    const url = `${RESPONSE_HOST}${EXPIRED}`;
    const before = slack.calls('chat.postEphemeral').length;
    await postSigned(running.port, commandBody({ text: 'trail tampering', response_url: url }));
    const sent = await waitFor(
      () => slack.calls('chat.postEphemeral')[before],
      'the answer through the Web API',
    );
    assert.equal(sent.args['channel'], 'C0SECURITY');
    assert.equal(sent.args['user'], 'U0ALICE');
    const message = { text: sent.args['text'], blocks: sent.args['blocks'] };
    assertValidMessage(message);
    assert.match(JSON.stringify(message.blocks), /matching event/);
    assert.ok(running.errors.some((e) => /response_url failed; using the Web API/.test(e)));
  });
});
