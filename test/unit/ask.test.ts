import { strict as assert } from 'node:assert';
import { ask } from '../../src/ask.js';
import type { QueryBackend, QueryRequest, QueryResult } from '../../src/ports/backend.js';
import { makeEvent } from '../helpers/answers.js';

const ctx = { now: new Date('2026-11-26T15:00:00Z'), timeZone: 'Europe/Paris' };

/** A backend that records its requests and returns `result`. */
function fakeBackend(
  result: Partial<QueryResult> = {},
): QueryBackend & { requests: QueryRequest[] } {
  const requests: QueryRequest[] = [];
  return {
    name: 'local',
    requests,
    run: async (request) => {
      requests.push(request);
      return {
        events: [],
        total: 0,
        truncated: false,
        notes: [],
        stats: { backend: 'local', filesScanned: 3 },
        provenance: 'DuckDB · 3 files',
        ...result,
      };
    },
    close: async () => undefined,
  };
}

/** A clock that advances `step` ms per reading. */
const steppingClock = (step: number) => {
  let t = 1000;
  return () => (t += step);
};

describe('ask', () => {
  it('returns the parse failure, without touching the backend, for a question it cannot read', async () => {
    const backend = fakeBackend();
    const outcome = await ask('faild logins today', { ctx, backend, limit: 20 });
    assert.equal(outcome.ok, false);
    assert.equal(backend.requests.length, 0);
    if (!outcome.ok) assert.ok(outcome.suggestions.length > 0);
  });

  it('runs the filter the question means, in the asker zone, with the page asked for', async () => {
    const backend = fakeBackend();
    const outcome = await ask('failed logins today', { ctx, backend, limit: 7, cursor: '14' });
    assert.ok(outcome.ok);
    const [request] = backend.requests;
    assert.equal(request?.limit, 7);
    assert.equal(request?.cursor, '14');
    // "today" in Paris began at 23:00 UTC the day before.
    assert.equal(request?.filter.window?.start.toISOString(), '2026-11-25T23:00:00.000Z');
    assert.equal(outcome.answer.question.intent, 'failed-logins');
  });

  it('measures the time itself and adds it to the provenance', async () => {
    const backend = fakeBackend();
    const outcome = await ask('root activity', {
      ctx,
      backend,
      limit: 5,
      clock: steppingClock(42),
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.stats.elapsedMs, 42);
    assert.equal(outcome.answer.stats.filesScanned, 3);
    assert.equal(outcome.answer.provenance, 'DuckDB · 3 files · 42 ms');
  });

  it('summarises the page when the backend gives no summary, and notes truncation', async () => {
    const events = [makeEvent({ errorCode: 'AccessDenied' }), makeEvent()];
    const backend = fakeBackend({ events, total: 12, truncated: true, nextCursor: '2' });
    const outcome = await ask('access denied', { ctx, backend, limit: 2 });
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.summary.failures, 1);
    assert.equal(outcome.answer.nextCursor, '2');
    assert.deepEqual(
      outcome.answer.notes.map((n) => n.text),
      ['showing 2 of 12 matching events'],
    );
  });

  it('keeps a backend summary over every match rather than the page', async () => {
    const summary = {
      byActor: [{ key: 'bob', count: 400 }],
      byEventName: [],
      bySourceIp: [],
      byError: [],
      failures: 400,
    };
    const backend = fakeBackend({ events: [makeEvent()], total: 400, summary });
    const outcome = await ask('access denied', { ctx, backend, limit: 1 });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.answer.summary, summary);
  });
});
