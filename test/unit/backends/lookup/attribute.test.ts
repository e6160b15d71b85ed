import { strict as assert } from 'node:assert';
import { chooseLookup, describeLookup } from '../../../../src/backends/lookup/attribute.js';
import { planLookup } from '../../../../src/backends/lookup/plan.js';
import { regionsFor } from '../../../../src/backends/regions.js';
import { SECURITY_GROUP_RULE_EVENTS } from '../../../../src/core/event-sets.js';
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
} from '../../../../src/core/filter.js';

describe('chooseLookup', () => {
  const cases: [string, Parameters<typeof chooseLookup>[0], string, boolean][] = [
    ['event <id>', eq('eventID', 'e-1'), 'EventId=e-1', true],
    [
      'an event id beats everything else',
      all(eq('eventName', 'ConsoleLogin'), eq('eventID', 'e-1')),
      'EventId=e-1',
      true,
    ],
    [
      'failed logins (by event source)',
      all(
        eq('eventSource', 'signin.amazonaws.com'),
        any(eq('responseElements.ConsoleLogin', 'Failure'), present('errorCode')),
      ),
      'EventSource=signin.amazonaws.com',
      true,
    ],
    [
      'no-mfa logins: EventName beats EventSource',
      all(
        eq('eventSource', 'signin.amazonaws.com'),
        eq('eventName', 'ConsoleLogin'),
        eq('userIdentity.type', 'IAMUser'),
      ),
      'EventName=ConsoleLogin',
      true,
    ],
    [
      'a category: one EventName lookup per name, not the noisy EventSource',
      all(eq('eventSource', 'ec2.amazonaws.com'), oneOf('eventName', SECURITY_GROUP_RULE_EVENTS)),
      `EventName=${[...SECURITY_GROUP_RULE_EVENTS].sort().slice(0, 3).join('|')}|…`,
      true,
    ],
    [
      'who changed R',
      all(not(eq('readOnly', 'true')), resource('sg-0abc')),
      'ResourceName=sg-0abc',
      false,
    ],
    ['what did P do', identity('alice'), 'Username=alice', false],
    [
      'P given as an access key id',
      identity('akiaiosfodnn7example'),
      'AccessKeyId=AKIAIOSFODNN7EXAMPLE',
      true,
    ],
    [
      'an exact EventSource beats an approximate Username',
      all(identity('alice'), eq('eventSource', 'signin.amazonaws.com')),
      'EventSource=signin.amazonaws.com',
      true,
    ],
    [
      'ReadOnly only as a last resort',
      all(eq('readOnly', 'false'), startsWith('errorCode', 'Access')),
      'ReadOnly=false',
      true,
    ],
    [
      'access denied: nothing narrows it',
      any(endsWith('errorCode', 'UnauthorizedOperation'), startsWith('errorCode', 'AccessDenied')),
      'all events',
      true,
    ],
    ['a source IP: nothing narrows it', sourceIp('10.0.0.0/8'), 'all events', true],
    [
      'any() of two names is two lookups',
      any(eq('eventName', 'StopLogging'), eq('eventName', 'DeleteTrail')),
      'EventName=DeleteTrail|StopLogging',
      true,
    ],
    [
      'any() with an unconstrained branch narrows nothing',
      any(eq('eventName', 'StopLogging'), present('errorCode')),
      'all events',
      true,
    ],
    ['not() narrows nothing', not(eq('eventName', 'StopLogging')), 'all events', true],
  ];
  for (const [name, where, expected, exact] of cases) {
    it(name, () => {
      const choice = chooseLookup(where);
      assert.equal(describeLookup(choice), expected);
      assert.equal(choice.exact, exact);
    });
  }

  it('makes no lookup at all when the filter cannot match (contradictory names)', () => {
    const choice = chooseLookup(all(eq('eventName', 'A'), eq('eventName', 'B')));
    assert.deepEqual(choice, { key: 'EventName', values: [], exact: true });
  });

  it('falls back to the single EventSource when a category has very many names', () => {
    const names = Array.from({ length: 40 }, (_, i) => `Name${i}`);
    const choice = chooseLookup(
      all(eq('eventSource', 'iam.amazonaws.com'), oneOf('eventName', names)),
    );
    assert.equal(describeLookup(choice), 'EventSource=iam.amazonaws.com');
  });

  it('reads every event for an empty filter', () => {
    assert.equal(chooseLookup(everything()).key, undefined);
  });
});

describe('regionsFor', () => {
  it('searches exactly the Regions a question pins', () => {
    assert.deepEqual(regionsFor(eq('awsRegion', 'eu-west-1'), ['us-east-1']).regions, [
      'eu-west-1',
    ]);
  });
  it('searches only us-east-1 for IAM', () => {
    assert.deepEqual(
      regionsFor(eq('eventSource', 'iam.amazonaws.com'), ['eu-west-1', 'us-west-2']).regions,
      ['us-east-1'],
    );
  });
  it('adds us-east-1 to the configured Regions otherwise', () => {
    const choice = regionsFor(identity('alice'), ['eu-west-1']);
    assert.deepEqual(choice.regions, ['eu-west-1', 'us-east-1']);
    assert.match(choice.reason ?? '', /IAM, STS and sign-in/);
  });
});

describe('planLookup', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('counts one call stream per name, Region and account', () => {
    const plan = planLookup({
      filter: {
        window: { start: new Date('2026-11-19T12:00:00Z'), end: now },
        where: oneOf('eventName', ['A', 'B']),
      },
      regions: ['eu-west-1', 'us-east-1'],
      accounts: [
        { id: '111122223333' },
        { id: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/Investigator' },
      ],
      now,
      athenaConfigured: false,
    });
    assert.equal(plan.streams, 8);
    assert.equal(plan.hasGap, false);
    assert.deepEqual(plan.notes, []);
  });
  it('searches the whole 90 days for a question without a window', () => {
    const plan = planLookup({
      filter: { where: eq('eventID', 'e-1') },
      regions: ['us-east-1'],
      accounts: [{ id: 'default' }],
      now,
      athenaConfigured: false,
    });
    assert.deepEqual(plan.searchWindow, { start: new Date('2026-08-28T12:00:00Z'), end: now });
  });
});
