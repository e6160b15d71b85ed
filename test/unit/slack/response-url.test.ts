import { strict as assert } from 'node:assert';
import { ResponseUrl, ResponseUrlError } from '../../../src/slack/response-url.js';

/** A fetch that answers from a script of statuses and records the bodies. */
function scripted(statuses: Array<[number, Record<string, string>?]>) {
  const bodies: unknown[] = [];
  const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    const [status, headers] = statuses.shift() ?? [200];
    return new Response(status === 200 ? 'ok' : 'no', { status, headers });
  }) as typeof fetch;
  return { fetchFn, bodies };
}

describe('slack/response-url', () => {
  it('waits out a 429 for Retry-After seconds and retries', async () => {
    const { fetchFn, bodies } = scripted([[429, { 'retry-after': '2' }], [200]]);
    const waits: number[] = [];
    const poster = new ResponseUrl('https://hooks.slack.com/x', {
      fetch: fetchFn,
      sleep: async (ms) => void waits.push(ms),
    });
    await poster.post({ text: 'hi' });
    assert.deepEqual(waits, [2000]);
    assert.equal(bodies.length, 2);
  });

  it('gives up on an expired URL with its status', async () => {
    const { fetchFn } = scripted([[404]]);
    const poster = new ResponseUrl('https://hooks.slack.com/x', {
      fetch: fetchFn,
      sleep: async () => undefined,
    });
    await assert.rejects(
      poster.post({ text: 'hi' }),
      (e: unknown) => e instanceof ResponseUrlError && e.status === 404,
    );
  });

  it('never posts more than Slack allows per URL', async () => {
    const { fetchFn, bodies } = scripted([]);
    const poster = new ResponseUrl('https://hooks.slack.com/x', {
      fetch: fetchFn,
      sleep: async () => undefined,
      used: 3,
    });
    await poster.post({ text: '4' });
    await poster.post({ text: '5' });
    await assert.rejects(poster.post({ text: '6' }), ResponseUrlError);
    assert.equal(bodies.length, 2);
    assert.equal(poster.remaining, 0);
  });
});
