import { strict as assert } from 'node:assert';
import { EVENT_FIELDS, fieldValue } from '../../../src/core/fields.js';
import { makeRecord } from '../../helpers/records.js';

describe('fieldValue', () => {
  it('reads top-level and nested string fields as recorded', () => {
    const record = makeRecord({
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'No' },
    });
    assert.equal(fieldValue(record, 'eventName'), 'AuthorizeSecurityGroupIngress');
    assert.equal(fieldValue(record, 'userIdentity.type'), 'IAMUser');
    assert.equal(fieldValue(record, 'userIdentity.accessKeyId'), 'AKIAIOSFODNN7EXAMPLE');
    assert.equal(fieldValue(record, 'responseElements.ConsoleLogin'), 'Failure');
    assert.equal(fieldValue(record, 'additionalEventData.MFAUsed'), 'No');
  });

  it('reads readOnly as lowercase true/false whether recorded as boolean or string', () => {
    assert.equal(fieldValue(makeRecord({ readOnly: true }), 'readOnly'), 'true');
    assert.equal(fieldValue(makeRecord({ readOnly: false }), 'readOnly'), 'false');
    assert.equal(fieldValue(makeRecord({ readOnly: 'true' }), 'readOnly'), 'true');
    assert.equal(fieldValue(makeRecord({ readOnly: 'True' }), 'readOnly'), 'true');
    assert.equal(fieldValue(makeRecord({ readOnly: undefined }), 'readOnly'), undefined);
  });

  it('stringifies finite numbers and booleans but not objects, arrays, null or NaN', () => {
    assert.equal(
      fieldValue(makeRecord({ recipientAccountId: 111122223333 }), 'recipientAccountId'),
      '111122223333',
    );
    assert.equal(fieldValue(makeRecord({ errorCode: false }), 'errorCode'), 'false');
    assert.equal(fieldValue(makeRecord({ errorCode: null }), 'errorCode'), undefined);
    assert.equal(fieldValue(makeRecord({ errorCode: ['AccessDenied'] }), 'errorCode'), undefined);
    assert.equal(fieldValue(makeRecord({ errorCode: { code: 'x' } }), 'errorCode'), undefined);
    assert.equal(fieldValue(makeRecord({ errorCode: Number.NaN }), 'errorCode'), undefined);
  });

  it('keeps the empty string (present() is what rejects it)', () => {
    assert.equal(fieldValue(makeRecord({ errorCode: '' }), 'errorCode'), '');
  });

  it('gives undefined when a nested parent is missing or not an object', () => {
    assert.equal(
      fieldValue(makeRecord({ userIdentity: undefined }), 'userIdentity.type'),
      undefined,
    );
    assert.equal(fieldValue(makeRecord({ userIdentity: 'root' }), 'userIdentity.type'), undefined);
    assert.equal(
      fieldValue(makeRecord({ responseElements: null }), 'responseElements.ConsoleLogin'),
      undefined,
    );
  });

  it('never follows inherited properties', () => {
    const record = JSON.parse('{"userIdentity": {}, "__proto__": {"eventName": "Injected"}}');
    assert.equal(fieldValue(record, 'eventName'), undefined);
    assert.equal(fieldValue(makeRecord({ userIdentity: {} }), 'userIdentity.type'), undefined);
  });

  it('lists every field a predicate may test', () => {
    assert.equal(EVENT_FIELDS.length, 23);
    assert.ok(EVENT_FIELDS.includes('additionalEventData.MFAUsed'));
    assert.ok(EVENT_FIELDS.includes('responseElements.credentials.accessKeyId'));
  });
});
