import { strict as assert } from 'node:assert';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { isFailure, summarize } from '../../../src/core/summary.js';
import { fixtureRecords, makeRecord } from '../../helpers/records.js';

describe('isFailure', () => {
  it('is true for an errorCode or a failed console sign-in', () => {
    assert.ok(isFailure(normaliseRecord(makeRecord({ errorCode: 'AccessDenied' }))));
    for (const record of fixtureRecords('console-login-failure')) {
      assert.ok(isFailure(normaliseRecord(record)));
    }
    assert.ok(!isFailure(normaliseRecord(makeRecord())));
    assert.ok(!isFailure(normaliseRecord(makeRecord({ errorCode: '' }))));
    assert.ok(
      !isFailure(normaliseRecord(makeRecord({ responseElements: { ConsoleLogin: 'Success' } }))),
    );
  });
});

describe('summarize', () => {
  const events = [
    makeRecord(),
    makeRecord({ eventName: 'RevokeSecurityGroupIngress' }),
    makeRecord({ errorCode: 'Client.UnauthorizedOperation', sourceIPAddress: '198.51.100.1' }),
    makeRecord({ sourceIPAddress: undefined }),
    ...fixtureRecords('console-login-failure'),
  ].map(normaliseRecord);

  it('counts actors, event names, source IPs and errors, most frequent first', () => {
    const summary = summarize(events);
    assert.deepEqual(summary.byActor, [
      { key: 'alice', count: 4 },
      { key: 'dave', count: 1 },
      { key: 'unknown (name hidden by AWS)', count: 1 },
    ]);
    assert.deepEqual(summary.byEventName[0], { key: 'AuthorizeSecurityGroupIngress', count: 3 });
    assert.deepEqual(summary.bySourceIp, [
      { key: '198.51.100.66', count: 2 },
      { key: '203.0.113.10', count: 2 },
      { key: '198.51.100.1', count: 1 },
    ]);
    assert.deepEqual(summary.byError, [
      { key: 'Failed authentication', count: 2 },
      { key: 'Client.UnauthorizedOperation', count: 1 },
    ]);
    assert.equal(summary.failures, 3);
  });

  it('keeps only the top N of each', () => {
    const summary = summarize(events, 1);
    assert.deepEqual(summary.byActor, [{ key: 'alice', count: 4 }]);
    assert.equal(summary.bySourceIp.length, 1);
    assert.equal(summary.failures, 3, 'failures counts every match, not the top N');
  });

  it('is empty for no events', () => {
    assert.deepEqual(summarize([]), {
      byActor: [],
      byEventName: [],
      bySourceIp: [],
      byError: [],
      failures: 0,
    });
  });
});
