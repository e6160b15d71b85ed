import { strict as assert } from 'node:assert';
import nock from 'nock';
import '../../helpers/nock-node20.js';
import { alertWebClient, slackChat } from '../../../src/adapters/slack-chat.js';

describe('Slack chat adapter', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('waits out a 429 for its Retry-After, then posts', async () => {
    const slack = nock('https://slack.com')
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '3' })
      .post(
        '/api/chat.postMessage',
        (body: Record<string, unknown>) => body.channel === 'C0SEC' && body.thread_ts === '1.2',
      )
      .reply(200, { ok: true, channel: 'C0SEC', ts: '1795650000.000100' });
    const waits: number[] = [];
    const chat = slackChat(alertWebClient('xoxb-test'), {
      sleep: async (ms) => void waits.push(ms),
      postIntervalMs: 0,
    });
    const posted = await chat.postMessage({ channel: 'C0SEC', text: 'hello', threadTs: '1.2' });
    assert.deepEqual(posted, { channel: 'C0SEC', ts: '1795650000.000100' });
    assert.deepEqual(waits, [3000]);
    assert.ok(slack.isDone());
  });

  it('gives up once 429s have cost more than the allowed wait', async () => {
    nock('https://slack.com')
      .post('/api/chat.update')
      .times(3)
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '30' });
    const waits: number[] = [];
    const chat = slackChat(alertWebClient('xoxb-test'), {
      sleep: async (ms) => void waits.push(ms),
      maxRateLimitWaitMs: 60_000,
    });
    await assert.rejects(chat.update({ channel: 'C0SEC', ts: '1.2', text: 'x' }), /rate-limit/i);
    assert.deepEqual(waits, [30_000, 30_000]);
  });

  it('fails at once when Slack is down, so the alert is redelivered', async () => {
    nock('https://slack.com').post('/api/chat.postMessage').reply(503, 'Service Unavailable');
    const chat = slackChat(alertWebClient('xoxb-test'), {
      sleep: async () => assert.fail('no waiting'),
    });
    await assert.rejects(chat.postMessage({ channel: 'C0SEC', text: 'x' }));
  });

  it('spaces chat.postMessage calls to one channel a second apart, other channels free', async () => {
    const clock = { now: 0 };
    const arrivals: Array<[string, number]> = [];
    nock('https://slack.com')
      .post('/api/chat.postMessage', (body: Record<string, unknown>) => {
        arrivals.push([String(body.channel), clock.now]);
        return true;
      })
      .times(4)
      .reply(200, { ok: true, channel: 'C0SEC', ts: '1.1' });
    const chat = slackChat(alertWebClient('xoxb-test'), {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    });
    await Promise.all(
      ['C0SEC', 'C0SEC', 'C0SEC', 'C0OPS'].map((channel) =>
        chat.postMessage({ channel, text: 'x' }),
      ),
    );
    const sec = arrivals.filter(([c]) => c === 'C0SEC').map(([, t]) => t);
    assert.deepEqual(sec, [0, 1000, 2000]);
    assert.ok(arrivals.some(([c]) => c === 'C0OPS'));
  });
});
