import { strict as assert } from 'node:assert';
import { traceMessage } from '../../../blocks/trace.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { memorySource } from '../../../src/trace/source.js';
import { traceSummaryText } from '../../../src/trace/summary-text.js';
import type { TraceResult } from '../../../src/trace/types.js';
import { traceChain } from '../../../src/trace/walk.js';
import { HOSTILE, makeRecord } from '../../helpers/answers.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';
import { TRACE_NOW, traceFixtureEvents } from '../../helpers/trace-scenarios.js';

const traceOf = (value: string, events = traceFixtureEvents()) =>
  traceChain({ kind: 'access-key', value }, { source: memorySource(events), now: TRACE_NOW });

const allText = (message: { text: string; blocks: unknown[] }): string =>
  JSON.stringify(message.blocks) + message.text;

describe('blocks/trace', () => {
  it('shows each hop with its time in the reader zone, account, Region, source IP and certainty', async () => {
    const message = traceMessage(await traceOf('ASIADBADMINEXAMPLE01'), 'Europe/Paris');
    assertValidMessage(message);
    const text = allText(message);
    // 09:10Z is 10:10 in Paris in November.
    assert.ok(text.includes('2026-11-20 10:10:00 CET'), text);
    assert.ok(text.includes('account `444455556666`'));
    assert.ok(text.includes('from `203.0.113.10`'));
    assert.ok(text.includes('`jump-role session alice-jump` → `deploy-role session ops-console`'));
    assert.ok(text.includes(':white_check_mark: exact'));
    assert.ok(text.includes('*IAM user* `alice`'));
    // header, start, three hops, origin, footer
    assert.equal(message.blocks.length, 7);
  });

  it('says when a hop is only inferred and why the chain ended', async () => {
    const inferred = allText(traceMessage(await traceOf('ASIAINFEXAMPLE000001'), 'UTC'));
    assert.ok(inferred.includes(':grey_question: inferred'));
    const deadEnd = traceMessage(await traceOf('ASIAOLDEXAMPLE000001'), 'UTC');
    assertValidMessage(deadEnd);
    assert.ok(allText(deadEnd).includes(':no_entry: *Dead end*'));
    assert.ok(allText(deadEnd).includes('is not in the searched logs'));
  });

  it('renders hostile session names, subjects and notes inert', async () => {
    for (const hostile of HOSTILE) {
      const events = [
        makeRecord({
          eventID: 'issuer',
          eventName: 'AssumeRoleWithWebIdentity',
          eventSource: 'sts.amazonaws.com',
          eventTime: '2026-11-20T10:00:00Z',
          sourceIPAddress: hostile,
          userIdentity: { type: 'WebIdentityUser', userName: hostile },
          requestParameters: {
            roleArn: `arn:aws:iam::1:role/${hostile}`,
            roleSessionName: hostile,
          },
          responseElements: {
            credentials: { accessKeyId: 'ASIAHOSTILEEXAMPLE01' },
            subjectFromWebIdentityToken: hostile,
            assumedRoleUser: { arn: `arn:aws:sts::1:assumed-role/r/${hostile}` },
          },
        }),
        makeRecord({
          eventID: 'use',
          eventName: hostile,
          eventTime: '2026-11-20T10:05:00Z',
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::1:assumed-role/r/${hostile}`,
            accessKeyId: 'ASIAHOSTILEEXAMPLE01',
            sessionContext: { sourceIdentity: hostile },
          },
        }),
      ].map(normaliseRecord);
      const result = await traceOf('ASIAHOSTILEEXAMPLE01', events);
      const message = traceMessage(result, 'UTC');
      // The validator rejects any raw '<' outside the bot's own mentions.
      assertValidMessage(message);
      const text = allText(message);
      assert.ok(!text.includes('<!'), text);
      assert.ok(!/(^|[^`])\*bold\*/.test(text.replaceAll(/`[^`]*`/g, '')), text);
    }
  });

  it('keeps a very long chain within the block limits', async () => {
    const base = await traceOf('ASIADBADMINEXAMPLE01');
    const hops = Array.from({ length: 60 }, (_, i) => ({
      ...(base.hops[0] as TraceResult['hops'][number]),
      eventId: `hop-${i}`,
      how: 'x'.repeat(5000),
    }));
    const message = traceMessage({ ...base, hops, notes: Array(20).fill('n'.repeat(4000)) }, 'UTC');
    assertValidMessage(message);
    assert.ok(allText(message).includes('… and'));
  });

  it('summarises a trace in one plain line for a DM', async () => {
    assert.equal(
      traceSummaryText(await traceOf('ASIADBADMINEXAMPLE01')),
      'ASIADBADMINEXAMPLE01 (db-admin session nightly) traces to IAM user alice in 111122223333 via 3 hops',
    );
    assert.equal(
      traceSummaryText(await traceOf('ASIAOLDEXAMPLE000001')),
      'ASIAOLDEXAMPLE000001 (ops-role session old-session): trace stopped after 0 hops, dead end at ops-role session old-session: the call that issued ASIAOLDEXAMPLE000001 is not in the searched logs (2026-11-19T00:00:00Z to 2026-11-20T12:00:01Z)',
    );
  });
});
