import { strict as assert } from 'node:assert';
import { ask } from '../../../src/ask.js';
import { answerToJson } from '../../../src/render/json.js';
import { renderAnswer } from '../../../src/render/terminal.js';
import { renderTrace } from '../../../src/render/trace.js';
import { memorySource } from '../../../src/trace/source.js';
import { traceChain } from '../../../src/trace/walk.js';
import { makeRecord } from '../../helpers/answers.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { TRACE_NOW, memoryBackend, traceFixtureEvents } from '../../helpers/trace-scenarios.js';
import type { QueryBackend } from '../../../src/ports/backend.js';

const trace = (value: string, events = traceFixtureEvents()) =>
  traceChain({ kind: 'access-key', value }, { source: memorySource(events), now: TRACE_NOW });

describe('render/trace', () => {
  it('prints the chain hop by hop in the asker zone, then the origin', async () => {
    const out = renderTrace(await trace('ASIADBADMINEXAMPLE01'), 'Asia/Tokyo', { color: false });
    const lines = out.split('\n');
    assert.equal(lines[0], 'Trace of ASIADBADMINEXAMPLE01');
    assert.ok(
      out.includes(
        '1. 2026-11-20 18:10:00 GMT+9  AssumeRole  account 444455556666 · us-east-1 · from 203.0.113.10',
      ),
      out,
    );
    assert.ok(out.includes('      jump-role session alice-jump → deploy-role session ops-console'));
    assert.ok(
      out.includes(
        '      exact: issued accessKeyId ASIAJUMPEXAMPLE00001 matched in responseElements',
      ),
    );
    assert.ok(out.includes('● IAM user alice in 111122223333'));
    assert.ok(out.endsWith('\n'));
  });

  it('strips terminal control sequences from record strings', async () => {
    const events = [
      makeRecord({
        eventID: 'use',
        eventTime: '2026-11-20T10:05:00Z',
        userIdentity: {
          type: 'IAMUser',
          userName: 'eve\u001b[2J\u001b]0;pwned\u0007',
          accessKeyId: 'AKIAEVEEXAMPLE000001',
        },
      }),
    ].map(normaliseRecord);
    const out = renderTrace(await trace('AKIAEVEEXAMPLE000001', events), 'UTC', { color: false });
    assert.ok(!out.includes('\u001b'));
    assert.ok(out.includes('eve�[2J�]0;pwned�'));
  });
});

describe('a trace question through ask()', () => {
  let backend: QueryBackend;
  before(() => {
    backend = memoryBackend(traceFixtureEvents());
  });

  it('answers "who is behind ASIA…" with the chain in answer.trace, and as JSON', async () => {
    const outcome = await ask('who is behind ASIAGHAEXAMPLE000001', {
      ctx: { now: TRACE_NOW, timeZone: 'UTC' },
      backend,
      limit: 20,
    });
    assert.ok(outcome.ok);
    const { answer } = outcome;
    assert.equal(answer.question.intent, 'trace');
    assert.equal(answer.trace?.origin.label, 'GitHub Actions acme/web (refs/heads/main)');
    assert.deepEqual(
      answer.events.map((e) => e.eventID),
      ['e3000000-0000-4000-8000-000000000002', 'e3000000-0000-4000-8000-000000000001'],
    );
    const json = JSON.parse(JSON.stringify(answerToJson(answer)));
    assert.equal(json.trace.origin.kind, 'web-identity');
    assert.equal(json.trace.hops[0].eventName, 'AssumeRoleWithWebIdentity');
    assert.ok(renderAnswer(answer, { color: false }).startsWith('Trace of ASIAGHAEXAMPLE000001\n'));
  });
});
