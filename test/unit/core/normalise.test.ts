import { strict as assert } from 'node:assert';
import { fieldValue } from '../../../src/core/fields.js';
import { normaliseRecord, parseEventTime, parseLogFile } from '../../../src/core/normalise.js';
import { fixtureRecord, makeRecord } from '../../helpers/records.js';

describe('normaliseRecord', () => {
  it('copies the scalar fields, parses the time and keeps the raw record', () => {
    const record = fixtureRecord('assumed-role');
    const event = normaliseRecord(record);
    assert.equal(event.eventID, 'a1b2c3d4-0002-4000-8000-000000000002');
    assert.equal(event.eventTime, '2026-11-26T02:20:05Z');
    assert.equal(event.eventTimeMs, Date.UTC(2026, 10, 26, 2, 20, 5));
    assert.equal(event.eventName, 'PutBucketPolicy');
    assert.equal(event.eventSource, 's3.amazonaws.com');
    assert.equal(event.awsRegion, 'eu-west-1');
    assert.equal(event.sourceIPAddress, '198.51.100.23');
    assert.equal(event.eventType, 'AwsApiCall');
    assert.equal(event.eventCategory, 'Management');
    assert.equal(event.recipientAccountId, '111122223333');
    assert.equal(event.readOnly, false);
    assert.equal(event.managementEvent, true);
    assert.equal(event.errorCode, undefined);
    assert.equal(event.actor.display, 'deploy-role session gha-98765');
    assert.deepEqual(event.resources, [
      { arn: 'arn:aws:s3:::trail-logs-prod', type: 'AWS::S3::Bucket', accountId: '111122223333' },
    ]);
    assert.equal(event.raw, record);
  });

  it('keeps the console sign-in failure details', () => {
    const event = normaliseRecord(fixtureRecord('console-login-failure'));
    assert.equal(event.errorMessage, 'Failed authentication');
    assert.equal(event.readOnly, undefined, 'ConsoleLogin records here carry no readOnly');
    assert.equal(event.eventType, 'AwsConsoleSignIn');
  });

  it('reads readOnly and managementEvent from booleans or strings in any case', () => {
    assert.equal(normaliseRecord(makeRecord({ readOnly: 'True' })).readOnly, true);
    assert.equal(normaliseRecord(makeRecord({ readOnly: 'false' })).readOnly, false);
    assert.equal(normaliseRecord(makeRecord({ readOnly: 'yes' })).readOnly, undefined);
    assert.equal(normaliseRecord(makeRecord({ managementEvent: 'true' })).managementEvent, true);
  });

  it('agrees with fieldValue on every optional scalar', () => {
    const record = makeRecord({
      errorCode: 403,
      userAgent: ['not', 'a', 'string'],
      errorMessage: '',
    });
    const event = normaliseRecord(record);
    assert.equal(event.errorCode, fieldValue(record, 'errorCode'));
    assert.equal(event.errorCode, '403');
    assert.equal(event.userAgent, undefined);
    assert.equal('userAgent' in event, false, 'absent fields are left out, not set to undefined');
    assert.equal(event.errorMessage, '');
  });

  it('never throws and fills required strings with "" for odd records', () => {
    for (const record of [
      {},
      { eventTime: 12, eventName: null, userIdentity: 'x', resources: 'all' },
      { eventID: { id: 1 }, resources: [null, 1, { ARN: 'arn:aws:s3:::b', type: 5 }] },
    ]) {
      const event = normaliseRecord(record);
      assert.equal(typeof event.eventID, 'string');
      assert.equal(typeof event.eventName, 'string');
      assert.ok(Number.isFinite(event.eventTimeMs));
      assert.ok(event.actor.display.length > 0);
    }
    assert.deepEqual(
      normaliseRecord({ resources: [null, 1, { ARN: 'arn:aws:s3:::b', type: {} }] }).resources,
      [{ arn: 'arn:aws:s3:::b' }],
    );
  });
});

describe('parseEventTime', () => {
  it('reads CloudTrail ISO-8601 UTC times, with or without fractions', () => {
    assert.equal(parseEventTime('2026-11-26T02:13:44Z'), Date.UTC(2026, 10, 26, 2, 13, 44));
    assert.equal(parseEventTime('2026-11-26T02:13:44.5Z'), Date.UTC(2026, 10, 26, 2, 13, 44, 500));
    assert.equal(
      parseEventTime('2026-11-26T02:13:44.123456Z'),
      Date.UTC(2026, 10, 26, 2, 13, 44, 123),
    );
  });

  it('reads a time without a zone as UTC, and honours explicit offsets', () => {
    assert.equal(parseEventTime('2026-11-26T02:13:44'), Date.UTC(2026, 10, 26, 2, 13, 44));
    assert.equal(parseEventTime('2026-11-26 02:13'), Date.UTC(2026, 10, 26, 2, 13));
    assert.equal(parseEventTime('2026-11-26T03:13:44+01:00'), Date.UTC(2026, 10, 26, 2, 13, 44));
    assert.equal(parseEventTime('2026-11-26T03:13:44+0100'), Date.UTC(2026, 10, 26, 2, 13, 44));
  });

  it('gives 0 (not NaN) for anything it cannot read', () => {
    for (const text of [
      undefined,
      '',
      'yesterday',
      'Nov 26, 2026',
      '2026-13-45T99:99:99Z',
      '...',
    ]) {
      assert.equal(parseEventTime(text), 0, String(text));
    }
    const event = normaliseRecord(makeRecord({ eventTime: 'not a time' }));
    assert.equal(event.eventTimeMs, 0);
    assert.equal(event.eventTime, 'not a time', 'the recorded text is kept');
  });
});

describe('parseLogFile', () => {
  it('returns the records of a {"Records": [...]} body', () => {
    const parsed = parseLogFile(
      '\uFEFF{"Records":[{"eventName":"StopLogging"},{"eventName":"DeleteTrail"}]}',
    );
    assert.deepEqual(parsed, {
      records: [{ eventName: 'StopLogging' }, { eventName: 'DeleteTrail' }],
      skipped: 0,
    });
  });

  it('skips entries that are not objects and counts them', () => {
    const parsed = parseLogFile('{"Records":[{"eventName":"A"}, null, 3, "x", []]}');
    assert.ok('records' in parsed);
    assert.equal(parsed.records.length, 1);
    assert.equal(parsed.skipped, 4);
  });

  it('explains bodies it cannot use', () => {
    const notJson = parseLogFile('{"Records": [');
    assert.ok('error' in notJson && notJson.error.startsWith('not valid JSON'));
    for (const text of ['[]', '{"records": []}', '{"Records": {}}', 'null']) {
      const parsed = parseLogFile(text);
      assert.ok('error' in parsed, text);
      assert.match(parsed.error, /expected \{"Records": \[\.\.\.\]\}/);
    }
  });
});
