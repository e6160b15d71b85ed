import { strict as assert } from 'node:assert';
import type { Alert } from '../../../src/alerts/alert.js';
import { decodePayload } from '../../../src/alerts/decode.js';
import { raisedSeverity, raiseThreadSeverity } from '../../../src/alerts/raise-severity.js';
import { handleAlert } from '../../../src/alerts/threads.js';
import { fixture } from '../../helpers/alert-fixtures.js';
import { testDeps } from '../../helpers/alert-deps.js';

const alert = (): Alert =>
  decodePayload(
    fixture('eventbridge-sg-ingress'),
    { via: 'sns', deliveryId: `m-${Math.random()}` },
    Date.parse('2026-11-26T02:29:00Z'),
  );

describe('raising an alert after a "No"', () => {
  it('goes one step up and never stays below high', () => {
    assert.deepEqual((['info', 'low', 'medium', 'high', 'critical'] as const).map(raisedSeverity), [
      'high',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });

  it('rewrites the parent at once with the new severity, keeping count and buttons', async () => {
    const deps = testDeps();
    const outcome = await handleAlert(alert(), deps);
    assert.ok(outcome.status === 'threaded');
    const parent = deps.chat.parents[0]!;
    assert.match(parent.text, /^HIGH:/);
    const change = await raiseThreadSeverity(outcome.threadKey, deps);
    assert.deepEqual(change, { from: 'high', to: 'critical' });
    assert.match(deps.chat.currentText(parent.ts) ?? '', /^CRITICAL:/);
    assert.match(deps.chat.currentJson(parent.ts), /:rotating_light: \*CRITICAL\*/);
    assert.match(deps.chat.currentJson(parent.ts), /Acknowledge/);
    const again = await raiseThreadSeverity(outcome.threadKey, deps);
    assert.deepEqual(again, { from: 'critical', to: 'critical' });
    assert.equal(await raiseThreadSeverity('gone@0', deps), undefined);
  });
});
