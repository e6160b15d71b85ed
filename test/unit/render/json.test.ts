import { strict as assert } from 'node:assert';
import { answerToJson, errorToJson, failureToJson } from '../../../src/render/json.js';
import { makeAnswer, makeEvent, makeQuestion } from '../../helpers/answers.js';

describe('answerToJson', () => {
  const event = makeEvent({
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation.',
    resources: [{ ARN: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc1234' }],
  });
  const json = JSON.parse(
    JSON.stringify(
      answerToJson(
        makeAnswer([event], {
          question: makeQuestion({ modifiers: { in: 'eu-west-1' } }),
          truncated: true,
          total: 7,
          nextCursor: '1',
        }),
      ),
    ),
  );

  it('has exactly the documented top-level keys', () => {
    assert.deepEqual(Object.keys(json).sort(), [
      'events',
      'nextCursor',
      'notes',
      'provenance',
      'question',
      'stats',
      'summary',
      'total',
      'trace',
      'truncated',
    ]);
    assert.equal(json.trace, null);
    assert.equal(json.total, 7);
    assert.equal(json.truncated, true);
    assert.equal(json.nextCursor, '1');
  });

  it('gives the question as understood, with the window in ISO', () => {
    assert.deepEqual(json.question, {
      text: 'who changed sg-0abc1234',
      intent: 'who-changed',
      subject: 'sg-0abc1234',
      modifiers: { in: 'eu-west-1' },
      window: { start: '2026-11-25T10:00:00.000Z', end: '2026-11-26T10:00:00.000Z' },
      windowText: 'last 24 hours (default)',
      timeZone: 'UTC',
    });
  });

  it('flattens each event to CloudTrail field names plus a readable actor', () => {
    const [e] = json.events;
    assert.equal(e.eventID, event.eventID);
    assert.equal(e.eventTime, '2026-11-26T10:15:30Z');
    assert.equal(e.eventName, 'AuthorizeSecurityGroupIngress');
    assert.equal(e.eventSource, 'ec2.amazonaws.com');
    assert.equal(e.awsRegion, 'eu-west-1');
    assert.equal(e.recipientAccountId, '111122223333');
    assert.equal(e.actor, 'alice@example.com via AWSReservedSSO_Admin_0123');
    assert.equal(e.actorType, 'AssumedRole');
    assert.equal(e.sourceIPAddress, '203.0.113.7');
    assert.equal(e.errorCode, 'Client.UnauthorizedOperation');
    assert.equal(e.readOnly, false);
    assert.deepEqual(e.resources, [
      'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc1234',
    ]);
    assert.deepEqual(e.requestParameters, { groupId: 'sg-0abc1234' });
  });

  it('writes absent values as null, so every key is always there', () => {
    const bare = answerToJson(
      makeAnswer([makeEvent({ userAgent: undefined, errorCode: undefined })], {
        question: makeQuestion({ window: undefined, subject: undefined }),
      }),
    );
    assert.equal(bare.question.window, null);
    assert.equal(bare.question.subject, null);
    assert.equal(bare.nextCursor, null);
    assert.equal(bare.events[0]?.userAgent, null);
    assert.equal(bare.events[0]?.errorCode, null);
  });
});

describe('failureToJson and errorToJson', () => {
  it('wraps a parse failure as {error: {reason, message, suggestions}}', () => {
    assert.deepEqual(
      failureToJson({
        ok: false,
        reason: 'unknown',
        message: 'I did not understand that.',
        suggestions: ['failed logins today'],
      }),
      {
        error: {
          reason: 'unknown',
          message: 'I did not understand that.',
          suggestions: ['failed logins today'],
        },
      },
    );
    assert.deepEqual(errorToJson('no-logs', 'No CloudTrail log files in /x'), {
      error: { reason: 'no-logs', message: 'No CloudTrail log files in /x', suggestions: [] },
    });
  });
});
