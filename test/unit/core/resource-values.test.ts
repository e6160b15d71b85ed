import { strict as assert } from 'node:assert';
import { arnTail, resourceMatches, resourceValues } from '../../../src/core/resource-values.js';
import { fixtureRecord, makeRecord } from '../../helpers/records.js';

describe('resourceValues', () => {
  it('collects string values from nested request and response objects and arrays', () => {
    const values = resourceValues(fixtureRecord('iam-user'));
    assert.ok(values.includes('sg-0abc1234'));
    assert.ok(values.includes('0.0.0.0/0'));
    assert.ok(values.includes('sgr-0123456789abcdef0'));
    assert.ok(!values.includes('groupId'), 'keys are not values');
    assert.ok(!values.includes('22'), 'numbers are not string values');
  });

  it('matches whole values only: sg-0abc does not match sg-0abcd', () => {
    const record = makeRecord({ requestParameters: { groupId: 'sg-0abcd' } });
    assert.ok(resourceMatches(record, 'sg-0abcd'));
    assert.ok(!resourceMatches(record, 'sg-0abc'));
    assert.ok(
      !resourceMatches(makeRecord({ requestParameters: { groupId: 'sg-0abc' } }), 'sg-0abcd'),
    );
  });

  it('is case-sensitive', () => {
    const record = makeRecord({ requestParameters: { bucketName: 'Reports' } });
    assert.ok(resourceMatches(record, 'Reports'));
    assert.ok(!resourceMatches(record, 'reports'));
  });

  it('includes resources[].ARN and the tail of every ARN-shaped value', () => {
    const values = resourceValues(fixtureRecord('identity-center-role'));
    assert.ok(values.includes('arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail'));
    assert.ok(values.includes('management-trail'));
    const bucket = resourceValues(fixtureRecord('assumed-role'));
    assert.ok(bucket.includes('arn:aws:s3:::trail-logs-prod'));
    assert.ok(bucket.includes('trail-logs-prod'));
    // the policy's Resource ARN ends in '*'; its tail is '*', not a bucket name
    assert.ok(bucket.includes('*'));
  });

  it('takes the tail after the last / or :', () => {
    assert.equal(arnTail('arn:aws:s3:::my-bucket'), 'my-bucket');
    assert.equal(arnTail('arn:aws:iam::111122223333:role/ops/deploy'), 'deploy');
    assert.equal(arnTail('arn:aws:sns:us-east-1:111122223333:alerts'), 'alerts');
    assert.equal(arnTail('arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*'), '*');
  });

  it('does not take tails of strings that are not ARN-shaped', () => {
    const values = resourceValues(
      makeRecord({ requestParameters: { key: 'reports/2026/q4.csv' }, responseElements: null }),
    );
    assert.deepEqual(values, ['reports/2026/q4.csv']);
  });

  it('ignores other fields and tolerates odd shapes', () => {
    assert.deepEqual(
      resourceValues(
        makeRecord({
          requestParameters: null,
          responseElements: undefined,
          resources: [null, 'x', { ARN: 7 }, { arn: 'arn:lowercase:key' }],
          additionalEventData: { bucket: 'not-here' },
        }),
      ),
      [],
    );
    assert.deepEqual(
      resourceValues(
        makeRecord({ requestParameters: 'sg-1', responseElements: null, resources: 'x' }),
      ),
      ['sg-1'],
    );
  });

  it('leaves out empty strings, so an empty resource matches nothing', () => {
    const record = fixtureRecord('assumed-role'); // has "policy": ""
    assert.ok(!resourceValues(record).includes(''));
    assert.ok(!resourceMatches(record, ''));
  });

  it('survives very deep nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20000; i++) deep = [deep];
    assert.deepEqual(
      resourceValues(makeRecord({ requestParameters: deep, responseElements: null })),
      ['bottom'],
    );
  });
});
