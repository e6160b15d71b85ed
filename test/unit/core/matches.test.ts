import { strict as assert } from 'node:assert';
import {
  all,
  any,
  endsWith,
  eq,
  everything,
  identity,
  not,
  oneOf,
  present,
  resource,
  sourceIp,
  startsWith,
} from '../../../src/core/filter.js';
import { evaluate, matches } from '../../../src/core/matches.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { fixtureRecord, fixtureRecords, makeRecord } from '../../helpers/records.js';

describe('evaluate', () => {
  const record = makeRecord();

  it('eq is case-sensitive string equality on the field value', () => {
    assert.ok(evaluate(record, eq('eventName', 'AuthorizeSecurityGroupIngress')));
    assert.ok(!evaluate(record, eq('eventName', 'authorizesecuritygroupingress')));
    assert.ok(evaluate(makeRecord({ readOnly: true }), eq('readOnly', 'true')));
    assert.ok(evaluate(makeRecord({ readOnly: 'true' }), eq('readOnly', 'true')));
    assert.ok(!evaluate(makeRecord({ errorCode: undefined }), eq('errorCode', '')));
  });

  it('in is membership, and an empty list matches nothing', () => {
    assert.ok(evaluate(record, oneOf('awsRegion', ['eu-west-1', 'us-east-1'])));
    assert.ok(!evaluate(record, oneOf('awsRegion', ['eu-west-1'])));
    assert.ok(!evaluate(record, oneOf('awsRegion', [])));
    assert.ok(!evaluate(makeRecord({ errorCode: undefined }), oneOf('errorCode', [''])));
  });

  it('present needs a value that is not the empty string', () => {
    assert.ok(evaluate(makeRecord({ errorCode: 'AccessDenied' }), present('errorCode')));
    assert.ok(!evaluate(makeRecord({ errorCode: '' }), present('errorCode')));
    assert.ok(!evaluate(makeRecord({ errorCode: null }), present('errorCode')));
    assert.ok(!evaluate(record, present('errorCode')));
  });

  it('startsWith and endsWith implement the CIS access-denied filter', () => {
    const accessDenied = any(
      endsWith('errorCode', 'UnauthorizedOperation'),
      startsWith('errorCode', 'AccessDenied'),
    );
    assert.ok(evaluate(makeRecord({ errorCode: 'Client.UnauthorizedOperation' }), accessDenied));
    assert.ok(evaluate(makeRecord({ errorCode: 'AccessDeniedException' }), accessDenied));
    assert.ok(!evaluate(makeRecord({ errorCode: 'AuthorizationError' }), accessDenied));
    assert.ok(!evaluate(makeRecord({ errorCode: 'VpceAccessDenied' }), accessDenied));
    assert.ok(!evaluate(record, accessDenied));
    assert.ok(
      !evaluate(record, startsWith('errorCode', '')),
      'a missing field starts with nothing',
    );
  });

  it('not of a comparison on a missing field is true (two-valued logic)', () => {
    const consoleLogin = makeRecord({ readOnly: undefined });
    assert.ok(evaluate(consoleLogin, not(eq('readOnly', 'true'))));
    assert.ok(!evaluate(makeRecord({ readOnly: true }), not(eq('readOnly', 'true'))));
  });

  it('all of nothing is true, any of nothing is false', () => {
    assert.ok(evaluate(record, everything()));
    assert.ok(evaluate(record, all()));
    assert.ok(!evaluate(record, any()));
    assert.ok(evaluate(record, not(any())));
  });

  it('identity matches case-insensitively through the identity keys', () => {
    const sso = fixtureRecord('identity-center-role');
    assert.ok(evaluate(sso, identity('Alice@Example.com')));
    assert.ok(evaluate(sso, identity('alice')));
    assert.ok(!evaluate(sso, identity('alice@example')));
    assert.ok(evaluate(fixtureRecord('source-identity'), identity('bob')));
  });

  it('resource matches whole values case-sensitively', () => {
    assert.ok(evaluate(record, resource('sg-0abc1234')));
    assert.ok(!evaluate(record, resource('sg-0abc')));
    assert.ok(!evaluate(record, resource('SG-0ABC1234')));
  });

  it('sourceIp matches addresses and blocks, never service names', () => {
    assert.ok(evaluate(record, sourceIp('203.0.113.0/24')));
    assert.ok(!evaluate(record, sourceIp('198.51.100.0/24')));
    assert.ok(evaluate(fixtureRecord('identity-center-role'), sourceIp('2001:db8:4000::/48')));
    assert.ok(!evaluate(fixtureRecords('aws-service')[0] ?? {}, sourceIp('0.0.0.0/0')));
  });

  it('composes like the question definitions (who changed R: not read-only and R matches)', () => {
    const whoChanged = all(not(eq('readOnly', 'true')), resource('trail-logs-prod'));
    assert.ok(evaluate(fixtureRecord('assumed-role'), whoChanged));
    assert.ok(!evaluate({ ...fixtureRecord('assumed-role'), readOnly: true }, whoChanged));
  });

  it('reads nested fields for failed-login and MFA questions', () => {
    const [hidden, dave] = fixtureRecords('console-login-failure');
    const failedLogin = all(
      eq('eventSource', 'signin.amazonaws.com'),
      any(
        eq('responseElements.ConsoleLogin', 'Failure'),
        present('errorCode'),
        present('errorMessage'),
      ),
    );
    assert.ok(evaluate(hidden ?? {}, failedLogin));
    assert.ok(evaluate(dave ?? {}, failedLogin));
    assert.ok(!evaluate(fixtureRecord('root'), failedLogin));
    assert.ok(evaluate(fixtureRecord('root'), eq('additionalEventData.MFAUsed', 'Yes')));
  });
});

describe('matches', () => {
  const event = normaliseRecord(makeRecord({ eventTime: '2026-11-26T02:13:44Z' }));
  const at = (iso: string): Date => new Date(iso);

  it('uses a half-open window [start, end)', () => {
    const where = everything();
    assert.ok(
      matches(event, {
        window: { start: at('2026-11-26T02:13:44Z'), end: at('2026-11-26T02:13:45Z') },
        where,
      }),
    );
    assert.ok(
      !matches(event, {
        window: { start: at('2026-11-26T00:00:00Z'), end: at('2026-11-26T02:13:44Z') },
        where,
      }),
    );
    assert.ok(
      !matches(event, {
        window: { start: at('2026-11-26T02:13:44.001Z'), end: at('2026-11-27T00:00:00Z') },
        where,
      }),
    );
  });

  it('has no time limit without a window', () => {
    assert.ok(matches(event, { where: eq('eventID', 'a1b2c3d4-0000-4000-8000-000000000000') }));
    const undated = normaliseRecord(makeRecord({ eventTime: 'garbage' }));
    assert.ok(matches(undated, { where: everything() }));
  });

  it('needs both the window and the predicate', () => {
    const window = { start: at('2026-11-26T00:00:00Z'), end: at('2026-11-27T00:00:00Z') };
    assert.ok(matches(event, { window, where: identity('alice') }));
    assert.ok(!matches(event, { window, where: identity('bob') }));
  });

  it('evaluates the raw record, not the normalised copy', () => {
    const changed = { ...event, eventName: 'Something' };
    assert.ok(matches(changed, { where: eq('eventName', 'AuthorizeSecurityGroupIngress') }));
  });
});
