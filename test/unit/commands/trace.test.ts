import { strict as assert } from 'node:assert';
import { parse } from '../../../commands/index.js';
import { parseTraceStart } from '../../../src/trace/start.js';

const ctx = { now: new Date('2026-11-21T00:00:00Z'), timeZone: 'UTC' };

describe('the trace question', () => {
  for (const [text, subject] of [
    ['trace ASIADBADMINEXAMPLE01', 'ASIADBADMINEXAMPLE01'],
    ['who is behind deploy-role/gha-98765', 'deploy-role/gha-98765'],
    ['who is deploy-role/gha-98765', 'deploy-role/gha-98765'],
    ["who's AKIAALICEEXAMPLE0001", 'AKIAALICEEXAMPLE0001'],
    [
      'trace arn:aws:sts::444455556666:assumed-role/deploy-role/gha-98765 last 30 days',
      'arn:aws:sts::444455556666:assumed-role/deploy-role/gha-98765',
    ],
  ] as const) {
    it(`reads "${text}"`, () => {
      const r = parse(text, ctx);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.question.intent, 'trace');
      assert.equal(r.question.subject, subject);
    });
  }

  it('looks for the start over a week unless told otherwise', () => {
    const r = parse('trace ASIADBADMINEXAMPLE01', ctx);
    assert.ok(r.ok);
    assert.equal(r.question.windowText, 'last 7 days (default)');
  });

  it('refuses an argument that is no key, session or event id', () => {
    const r = parse('trace a/b/c', ctx);
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.reason, 'bad-argument');
  });

  it('classifies starts', () => {
    assert.deepEqual(parseTraceStart('asiaexample123456789'), {
      kind: 'access-key',
      value: 'ASIAEXAMPLE123456789',
    });
    assert.deepEqual(parseTraceStart('AWSReservedSSO_Admin_0123456789abcdef/alice@example.com'), {
      kind: 'session',
      value: 'AWSReservedSSO_Admin_0123456789abcdef/alice@example.com',
    });
    assert.deepEqual(parseTraceStart('3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f'), {
      kind: 'event',
      value: '3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f',
    });
    assert.equal(parseTraceStart('<!channel>'), undefined);
  });
});
