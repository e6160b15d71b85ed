import { strict as assert } from 'node:assert';
import { ok, problem, type CheckResult } from '../../../src/doctor/check.js';
import { cachedDeepHealth } from '../../../src/doctor/health.js';

describe('cachedDeepHealth', () => {
  it('runs the checks at most once per 30 s, sharing a run in flight', async () => {
    let clock = 0;
    let runs = 0;
    let results: CheckResult[] = [ok('slack token', 'bot')];
    const deep = cachedDeepHealth(
      async () => {
        runs++;
        return results;
      },
      () => clock,
    );

    const [first, second] = await Promise.all([deep(), deep()]);
    assert.equal(runs, 1);
    assert.deepEqual(first, second);
    assert.deepEqual(first, {
      ok: true,
      checkedAt: '1970-01-01T00:00:00.000Z',
      checks: [{ name: 'slack token', status: 'ok' }],
      failing: [],
    });

    results = [
      ok('slack token', 'bot'),
      problem('cloudtrail eu-west-1', 'AWS said: arn:aws:iam::1', 'grant it'),
    ];
    clock = 29_999;
    assert.equal((await deep()).ok, true);
    clock = 30_000;
    const later = await deep();
    assert.equal(runs, 2);
    assert.deepEqual(later.failing, ['cloudtrail eu-west-1']);
    assert.doesNotMatch(JSON.stringify(later), /arn:aws|grant it/, 'details never leave');
  });

  it('does not cache a crash of the checks themselves', async () => {
    let runs = 0;
    const deep = cachedDeepHealth(
      async () => {
        if (++runs === 1) throw new Error('boom');
        return [];
      },
      () => 0,
    );
    await assert.rejects(deep(), /boom/);
    assert.equal((await deep()).ok, true);
    assert.equal(runs, 2);
  });
});
