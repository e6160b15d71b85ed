import { strict as assert } from 'node:assert';
import { ACTION } from '../../../blocks/action-ids.js';
import { decodePayload } from '../../../src/alerts/decode.js';
import { handleAlert } from '../../../src/alerts/threads.js';
import { fixture } from '../../helpers/alert-fixtures.js';
import { testDeps } from '../../helpers/alert-deps.js';

async function parentJson(name: string): Promise<{ json: string; threadKey: string }> {
  const deps = testDeps();
  const alert = decodePayload(
    fixture(name),
    { via: 'sns', deliveryId: `m-${name}` },
    Date.parse('2026-11-26T02:29:00Z'),
  );
  const outcome = await handleAlert(alert, deps);
  assert.ok(outcome.status === 'threaded');
  return { json: JSON.stringify(deps.chat.parents[0]?.blocks), threadKey: outcome.threadKey };
}

describe('the Trace button of an alert thread', () => {
  it('is offered on a CloudTrail alert, carrying the thread key', async () => {
    const { json, threadKey } = await parentJson('eventbridge-sg-ingress');
    assert.ok(
      json.includes(`"action_id":"${ACTION.traceAlert}","value":${JSON.stringify(threadKey)}`),
      json,
    );
  });

  it('is not offered on an alarm, which names no event to trace', async () => {
    const { json } = await parentJson('cloudwatch-alarm-unauthorized');
    assert.ok(!json.includes(ACTION.traceAlert));
  });
});
