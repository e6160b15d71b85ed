import { strict as assert } from 'node:assert';
import { parse } from '../../../commands/index.js';
import { followUpQuestion } from '../../../src/slack/follow-ups.js';
import { makeEvent } from '../../helpers/answers.js';

const ctx = { now: new Date('2026-11-27T00:00:00Z'), timeZone: 'Europe/Paris' };

describe('slack/follow-ups', () => {
  it('asks for everything by the actor in the hour either side, and the parser reads it back', () => {
    const q = followUpQuestion('actor', makeEvent());
    assert.ok(q.ok);
    assert.equal(
      q.text,
      'what did arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com do between 2026-11-26T09:15:30Z and 2026-11-26T11:15:30Z',
    );
    const parsed = parse(q.text, ctx);
    assert.ok(parsed.ok);
    assert.equal(parsed.question.intent, 'actor-activity');
    assert.equal(parsed.question.window?.start.toISOString(), '2026-11-26T09:15:30.000Z');
  });

  it('asks who changed the resource, preferring an ARN from resources[]', () => {
    const bySg = followUpQuestion('resource', makeEvent());
    assert.deepEqual(bySg, { ok: true, text: 'who changed sg-0abc1234' });
    const byArn = followUpQuestion(
      'resource',
      makeEvent({ resources: [{ ARN: 'arn:aws:s3:::acme-logs', type: 'AWS::S3::Bucket' }] }),
    );
    assert.deepEqual(byArn, { ok: true, text: 'who changed arn:aws:s3:::acme-logs' });
    const parsed = parse('who changed arn:aws:s3:::acme-logs', ctx);
    assert.ok(parsed.ok && parsed.question.intent === 'who-changed');
  });

  it('asks about the source IP a day either side, but not for AWS service callers', () => {
    const q = followUpQuestion('ip', makeEvent());
    assert.ok(q.ok);
    const parsed = parse(q.text, ctx);
    assert.ok(parsed.ok && parsed.question.intent === 'ip-activity');
    const service = followUpQuestion('ip', makeEvent({ sourceIPAddress: 'ec2.amazonaws.com' }));
    assert.equal(service.ok, false);
  });

  it('declines when the event names no resource', () => {
    const q = followUpQuestion('resource', makeEvent({ requestParameters: null, resources: [] }));
    assert.equal(q.ok, false);
  });
});
