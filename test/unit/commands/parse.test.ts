import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from '../../../commands/index.js';
import {
  BUCKET_POLICY_EVENTS,
  IAM_EVENTS,
  INSTANCE_EVENTS,
  KMS_KEY_DELETION_EVENTS,
  NETWORK_EVENTS,
  SECURITY_GROUP_EVENTS,
  TRAIL_EVENTS,
} from '../../../src/core/event-sets.js';
import {
  all,
  any,
  endsWith,
  eq,
  identity,
  not,
  oneOf,
  present,
  resource,
  sourceIp,
  startsWith,
} from '../../../src/core/filter.js';
import type { Predicate } from '../../../src/core/filter.js';
import type { AskContext, IntentId, ParseFailure, Question } from '../../../src/core/question.js';

/** Thursday 26 November 2026, 14:30 UTC. */
const NOW = '2026-11-26T14:30:00.000Z';
const ctx: AskContext = { now: new Date(NOW), timeZone: 'UTC' };
const HOUR = 3_600_000;

function question(text: string, at: AskContext = ctx): Question {
  const r = parse(text, at);
  assert.ok(r.ok, `expected "${text}" to parse, got ${r.ok ? '' : `${r.reason}: ${r.message}`}`);
  return r.question;
}

function failure(text: string, at: AskContext = ctx): ParseFailure {
  const r = parse(text, at);
  assert.ok(!r.ok, `expected "${text}" to be refused, got ${r.ok ? r.question.intent : ''}`);
  return r;
}

const iso = (q: Question): [string, string] | undefined =>
  q.window && [q.window.start.toISOString(), q.window.end.toISOString()];

// The predicates of questions.md, written out independently of commands/. The event-name lists are
// the shared sets of src/core/event-sets.ts (also read by the alert rules and CIS filters), so each
// row checks that the command filters on exactly that set, and on the right service.
const ec2 = eq('eventSource', 'ec2.amazonaws.com');
const P = {
  failedLogins: all(
    eq('eventSource', 'signin.amazonaws.com'),
    any(
      eq('responseElements.ConsoleLogin', 'Failure'),
      present('errorCode'),
      present('errorMessage'),
    ),
  ),
  accessDenied: any(
    endsWith('errorCode', 'UnauthorizedOperation'),
    startsWith('errorCode', 'AccessDenied'),
  ),
  securityGroups: all(ec2, oneOf('eventName', SECURITY_GROUP_EVENTS)),
  network: all(ec2, oneOf('eventName', NETWORK_EVENTS)),
  iam: all(eq('eventSource', 'iam.amazonaws.com'), oneOf('eventName', IAM_EVENTS)),
  bucketPolicy: all(
    eq('eventSource', 's3.amazonaws.com'),
    oneOf('eventName', BUCKET_POLICY_EVENTS),
  ),
  instances: all(ec2, oneOf('eventName', INSTANCE_EVENTS)),
  trail: all(eq('eventSource', 'cloudtrail.amazonaws.com'), oneOf('eventName', TRAIL_EVENTS)),
  root: all(
    eq('userIdentity.type', 'Root'),
    not(present('userIdentity.invokedBy')),
    not(eq('eventType', 'AwsServiceEvent')),
  ),
  noMfaLogins: all(
    eq('eventName', 'ConsoleLogin'),
    eq('eventSource', 'signin.amazonaws.com'),
    eq('responseElements.ConsoleLogin', 'Success'),
    eq('userIdentity.type', 'IAMUser'),
    not(eq('additionalEventData.MFAUsed', 'Yes')),
  ),
  kms: all(eq('eventSource', 'kms.amazonaws.com'), oneOf('eventName', KMS_KEY_DELETION_EVENTS)),
  whoChanged: (r: string) => all(not(eq('readOnly', 'true')), resource(r)),
};

const EVENT_ID = '3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f';

describe('parse: every intent, several phrasings', () => {
  const table: Array<[string, IntentId, string | undefined, Predicate]> = [
    ['who changed sg-0123abcd', 'who-changed', 'sg-0123abcd', P.whoChanged('sg-0123abcd')],
    ['who modified my-bucket', 'who-changed', 'my-bucket', P.whoChanged('my-bucket')],
    ['Who Deleted MyBucket', 'who-changed', 'MyBucket', P.whoChanged('MyBucket')],
    [
      'changes to arn:aws:iam::123456789012:role/deploy',
      'who-changed',
      'arn:aws:iam::123456789012:role/deploy',
      P.whoChanged('arn:aws:iam::123456789012:role/deploy'),
    ],
    ['history of i-0abc', 'who-changed', 'i-0abc', P.whoChanged('i-0abc')],
    ['change history for vpc-1', 'who-changed', 'vpc-1', P.whoChanged('vpc-1')],
    ['failed logins', 'failed-logins', undefined, P.failedLogins],
    ['failed console logins', 'failed-logins', undefined, P.failedLogins],
    ['login failures', 'failed-logins', undefined, P.failedLogins],
    ['failed sign-ins', 'failed-logins', undefined, P.failedLogins],
    ['access denied', 'access-denied', undefined, P.accessDenied],
    ['authorization failures', 'access-denied', undefined, P.accessDenied],
    ['unauthorized calls', 'access-denied', undefined, P.accessDenied],
    ['access-denied errors', 'access-denied', undefined, P.accessDenied],
    ['what did alice do', 'actor-activity', 'alice', identity('alice')],
    [
      'what has Alice@example.com done',
      'actor-activity',
      'Alice@example.com',
      identity('Alice@example.com'),
    ],
    ['activity of deploy-role', 'actor-activity', 'deploy-role', identity('deploy-role')],
    // Pasted SQL between "what did" and "do" is a name like any other: searched, never spliced.
    ["what did ' OR 1=1 -- do", 'actor-activity', "' OR 1=1 --", identity("' OR 1=1 --")],
    [
      'actions by AKIAIOSFODNN7EXAMPLE',
      'actor-activity',
      'AKIAIOSFODNN7EXAMPLE',
      identity('AKIAIOSFODNN7EXAMPLE'),
    ],
    ['activity from 203.0.113.7', 'ip-activity', '203.0.113.7', sourceIp('203.0.113.7')],
    ['events from 10.0.0.0/8', 'ip-activity', '10.0.0.0/8', sourceIp('10.0.0.0/8')],
    ['activity from 2001:DB8::/32', 'ip-activity', '2001:DB8::/32', sourceIp('2001:db8::/32')],
    ['what did 198.51.100.4 do', 'ip-activity', '198.51.100.4', sourceIp('198.51.100.4')],
    ['security group changes', 'security-groups', undefined, P.securityGroups],
    ['sg changes', 'security-groups', undefined, P.securityGroups],
    ['changes to security groups', 'security-groups', undefined, P.securityGroups],
    ['who changed security groups', 'security-groups', undefined, P.securityGroups],
    ['vpc changes', 'network', undefined, P.network],
    ['network changes', 'network', undefined, P.network],
    ['route table changes', 'network', undefined, P.network],
    ['changes to the network', 'network', undefined, P.network],
    ['iam changes', 'iam', undefined, P.iam],
    ['iam policy changes', 'iam', undefined, P.iam],
    ['changes to iam', 'iam', undefined, P.iam],
    ['bucket policy changes', 'bucket-policy', undefined, P.bucketPolicy],
    ['s3 policy changes', 'bucket-policy', undefined, P.bucketPolicy],
    ['s3 bucket acl changes', 'bucket-policy', undefined, P.bucketPolicy],
    ['ec2 instance changes', 'instances', undefined, P.instances],
    ['instance actions', 'instances', undefined, P.instances],
    ['terminated instances', 'instances', undefined, P.instances],
    ['cloudtrail changes', 'trail', undefined, P.trail],
    ['trail tampering', 'trail', undefined, P.trail],
    ['who stopped logging', 'trail', undefined, P.trail],
    ['root activity', 'root', undefined, P.root],
    ['root usage', 'root', undefined, P.root],
    ['activity of the root account', 'root', undefined, P.root],
    ['what did root do', 'root', undefined, P.root],
    ['logins without mfa', 'no-mfa-logins', undefined, P.noMfaLogins],
    ['console sign-ins without MFA', 'no-mfa-logins', undefined, P.noMfaLogins],
    ['no-mfa logins', 'no-mfa-logins', undefined, P.noMfaLogins],
    ['kms key deletion', 'kms', undefined, P.kms],
    ['key changes', 'kms', undefined, P.kms],
    ['disabled keys', 'kms', undefined, P.kms],
    [`event ${EVENT_ID}`, 'event', EVENT_ID, eq('eventID', EVENT_ID)],
    [`event id ${EVENT_ID}`, 'event', EVENT_ID, eq('eventID', EVENT_ID)],
    [`show event ${EVENT_ID}`, 'event', EVENT_ID, eq('eventID', EVENT_ID)],
  ];
  for (const [text, intent, subject, where] of table) {
    it(`"${text}" → ${intent}`, () => {
      const q = question(text);
      assert.equal(q.intent, intent);
      assert.equal(q.subject, subject);
      assert.deepEqual(q.modifiers, {});
      assert.deepEqual(q.filter.where, all(where));
    });
  }
});

describe('parse: default windows', () => {
  const cases: Array<[string, number, string]> = [
    ['who changed sg-1', 90 * 24, 'last 90 days (default)'],
    ['failed logins', 24, 'last 24 hours (default)'],
    ['access denied', 24, 'last 24 hours (default)'],
    ['what did alice do', 24, 'last 24 hours (default)'],
    ['activity from 10.0.0.1', 24, 'last 24 hours (default)'],
    ['security group changes', 7 * 24, 'last 7 days (default)'],
    ['network changes', 7 * 24, 'last 7 days (default)'],
    ['iam changes', 7 * 24, 'last 7 days (default)'],
    ['bucket policy changes', 7 * 24, 'last 7 days (default)'],
    ['instance actions', 7 * 24, 'last 7 days (default)'],
    ['cloudtrail changes', 7 * 24, 'last 7 days (default)'],
    ['root activity', 7 * 24, 'last 7 days (default)'],
    ['logins without mfa', 7 * 24, 'last 7 days (default)'],
    ['kms key deletion', 7 * 24, 'last 7 days (default)'],
  ];
  for (const [text, hours, windowText] of cases) {
    it(`"${text}" → ${windowText}`, () => {
      const q = question(text);
      const start = new Date(Date.parse(NOW) - hours * HOUR).toISOString();
      assert.deepEqual(iso(q), [start, NOW]);
      assert.deepEqual(q.filter.window, q.window);
      assert.equal(q.windowText, windowText);
      assert.equal(q.timeZone, 'UTC');
    });
  }

  it('event ids ignore time, even when a window is given', () => {
    for (const text of [
      `event ${EVENT_ID}`,
      `event ${EVENT_ID} yesterday`,
      `event ${EVENT_ID} last fortnight`,
    ]) {
      const q = question(text);
      assert.equal(q.window, undefined);
      assert.equal(q.filter.window, undefined);
      assert.equal(q.windowText, 'any time');
      assert.deepEqual(q.filter.where, all(eq('eventID', EVENT_ID)));
    }
  });

  it('who-changed asks for data events; the others do not', () => {
    assert.equal(question('who changed my-bucket').filter.needsDataEvents, true);
    assert.equal(question('failed logins').filter.needsDataEvents, undefined);
  });
});

describe('parse: windows inside questions', () => {
  const cases: Array<[string, string, string, string]> = [
    ['failed logins today', 'today', '2026-11-26T00:00:00.000Z', NOW],
    [
      'failed logins yesterday',
      'yesterday',
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ],
    ['access denied last 6 hours', 'last 6 hours', '2026-11-26T08:30:00.000Z', NOW],
    ['access denied 24h', '24h', '2026-11-25T14:30:00.000Z', NOW],
    ['iam changes 7d', '7d', '2026-11-19T14:30:00.000Z', NOW],
    ['root activity in the last hour', 'in the last hour', '2026-11-26T13:30:00.000Z', NOW],
    ['root activity past week', 'past week', '2026-11-19T14:30:00.000Z', NOW],
    ['vpc changes this week', 'this week', '2026-11-23T00:00:00.000Z', NOW],
    ['who changed sg-1 since monday', 'since monday', '2026-11-23T00:00:00.000Z', NOW],
    [
      'who changed sg-1 since 2026-11-20 09:15',
      'since 2026-11-20 09:15',
      '2026-11-20T09:15:00.000Z',
      NOW,
    ],
    [
      'what did bob do on 2026-11-20',
      'on 2026-11-20',
      '2026-11-20T00:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
    ],
    [
      'kms key deletion between 2026-11-01 and 2026-11-03',
      'between 2026-11-01 and 2026-11-03',
      '2026-11-01T00:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
    ],
    [
      'activity from 10.0.0.0/8 from 2026-11-01 to 2026-11-03',
      'from 2026-11-01 to 2026-11-03',
      '2026-11-01T00:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
    ],
    [
      'yesterday failed logins',
      'yesterday',
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ],
    ['last 90 minutes, failed logins', 'last 90 minutes', '2026-11-26T13:00:00.000Z', NOW],
  ];
  for (const [text, windowText, start, end] of cases) {
    it(`"${text}"`, () => {
      const q = question(text);
      assert.equal(q.windowText, windowText);
      assert.deepEqual(iso(q), [start, end]);
      assert.deepEqual(q.filter.window, q.window);
    });
  }

  it('reads "today" in the asker’s zone (Tokyo is a day ahead of UTC)', () => {
    const q = question('failed logins today', {
      now: new Date('2026-11-26T23:30:00Z'),
      timeZone: 'Asia/Tokyo',
    });
    assert.deepEqual(iso(q), ['2026-11-26T15:00:00.000Z', '2026-11-26T23:30:00.000Z']);
    assert.equal(q.timeZone, 'Asia/Tokyo');
  });

  it('reads "yesterday" in Los Angeles (a day behind UTC)', () => {
    const q = question('access denied yesterday', {
      now: new Date('2026-11-26T03:00:00Z'),
      timeZone: 'America/Los_Angeles',
    });
    assert.deepEqual(iso(q), ['2026-11-24T08:00:00.000Z', '2026-11-25T08:00:00.000Z']);
  });
});

describe('parse: narrowing modifiers', () => {
  it('what did alice do yesterday in us-east-1', () => {
    const q = question('what did alice do yesterday in us-east-1');
    assert.equal(q.intent, 'actor-activity');
    assert.equal(q.subject, 'alice');
    assert.deepEqual(q.modifiers, { in: 'us-east-1' });
    assert.deepEqual(q.filter.where, all(identity('alice'), eq('awsRegion', 'us-east-1')));
    assert.equal(q.windowText, 'yesterday');
  });

  it('who changed sg-0123 by bob since monday', () => {
    const q = question('who changed sg-0123 by bob since monday');
    assert.equal(q.intent, 'who-changed');
    assert.equal(q.subject, 'sg-0123');
    assert.deepEqual(q.modifiers, { by: 'bob' });
    assert.deepEqual(q.filter.where, all(P.whoChanged('sg-0123'), identity('bob')));
    assert.deepEqual(iso(q), ['2026-11-23T00:00:00.000Z', NOW]);
  });

  it('all three, in any order, around a window', () => {
    const q = question('failed logins from 203.0.113.0/24 last 3 days in EU-WEST-1 by Alice');
    assert.deepEqual(q.modifiers, { from: '203.0.113.0/24', in: 'eu-west-1', by: 'Alice' });
    assert.deepEqual(
      q.filter.where,
      all(
        P.failedLogins,
        sourceIp('203.0.113.0/24'),
        eq('awsRegion', 'eu-west-1'),
        identity('Alice'),
      ),
    );
    assert.equal(q.windowText, 'last 3 days');
  });

  it('"activity from IP" is the intent; a second "from" narrows it', () => {
    const q = question('activity from 10.0.0.0/8 from 10.1.2.3');
    assert.equal(q.subject, '10.0.0.0/8');
    assert.deepEqual(q.filter.where, all(sourceIp('10.0.0.0/8'), sourceIp('10.1.2.3')));
  });

  it('"from A to B" is a window, "from IP" a modifier, in the same question', () => {
    const q = question('iam changes from 192.0.2.1 from 2026-11-01 to 2026-11-02');
    assert.deepEqual(q.modifiers, { from: '192.0.2.1' });
    assert.deepEqual(iso(q), ['2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z']);
  });

  it('IPv6 addresses are modifiers, not times', () => {
    assert.deepEqual(question('access denied from 2001:db8::1').modifiers, { from: '2001:db8::1' });
  });

  it('accepts "and" between modifiers and commas', () => {
    const q = question('root activity by alice, and in us-gov-west-1');
    assert.deepEqual(q.modifiers, { by: 'alice', in: 'us-gov-west-1' });
  });
});

describe('parse: Slack and typing noise', () => {
  const cases: Array<[string, string]> = [
    ['<@U0BOT123> who changed sg-1?', 'who changed sg-1'],
    ['<@U0BOT123> <@U0OTHER> failed logins', 'failed logins'],
    [
      'who changed <http://my-bucket.example.com|my-bucket.example.com>',
      'who changed my-bucket.example.com',
    ],
    ['what did <mailto:alice@example.com|alice@example.com> do', 'what did alice@example.com do'],
    ['who changed `sg-1`', 'who changed sg-1'],
    ['  FAILED   Logins   today ?? ', 'FAILED Logins today'],
    ['who changed a&amp;b', 'who changed a&b'],
  ];
  for (const [text, normalised] of cases) {
    it(JSON.stringify(text), () => {
      const r = parse(text, ctx);
      const seen = r.ok ? r.question.text : r.message;
      assert.ok(seen.includes(normalised), `"${seen}" should contain "${normalised}"`);
    });
  }

  it('a Slack-linked subject is matched by its label', () => {
    const q = question('<@U0BOT> what did <mailto:alice@example.com|alice@example.com> do?');
    assert.deepEqual(q.filter.where, all(identity('alice@example.com')));
  });

  it('polite lead-ins are ignored', () => {
    assert.equal(question('please show me failed logins').intent, 'failed-logins');
    assert.equal(question('list all root activity').intent, 'root');
  });
});

describe('parse: refusals', () => {
  const cases: Array<[string, ParseFailure['reason'], RegExp]> = [
    ['failed logins last fortnight', 'bad-window', /"fortnight" is not a unit/],
    [
      'who changed sg-1 since 13/02',
      'bad-window',
      /"13\/02" is not a date I can read without guessing/,
    ],
    ['access denied between tuesday', 'bad-window', /needs two ends/],
    ['failed logins since last monday by bob', 'bad-window', /"last monday" could mean/],
    ['who changed sg-1 from yesterday', 'bad-window', /or "since yesterday"/],
    ['root activity between 2026-11-22 and 2026-11-20', 'bad-window', /end comes before the start/],
    ['iam changes since 2026-12-01', 'bad-window', /starts in the future/],
    ['failed logins last month', 'bad-window', /months vary in length/],
    [
      'failed logins yesterday last 3 days',
      'bad-window',
      /two time windows, "yesterday" and "last 3 days"/,
    ],
    ['activity from alice', 'bad-argument', /"alice" is not an IP.*e\.g\. 203\.0\.113\.7/],
    ['activity from 10.0.0.300', 'bad-argument', /"10\.0\.0\.300" is not an IP/],
    ['events from 10.0.0.0/33', 'bad-argument', /prefix length/],
    ['failed logins from bob', 'bad-argument', /"bob" is not an IP/],
    ['failed logins in us-east-9x', 'bad-argument', /"us-east-9x" is not an AWS region/],
    ['failed logins by', 'bad-argument', /"by" needs something after it/],
    ['failed logins by alice by bob', 'bad-argument', /Give "by" only once/],
    ['event', 'bad-argument', /needs an event id/],
    ['event id', 'bad-argument', /needs an event id/],
    ['event ab;cd', 'bad-argument', /not an event id/],
    ['who changed sg-1 and stuff', 'unknown', /understood "who changed sg-1" but not "and stuff"/],
    ['xyzzy plugh', 'unknown', /didn't understand "xyzzy plugh"/],
  ];
  for (const [text, reason, message] of cases) {
    it(`"${text}" → ${reason}`, () => {
      const f = failure(text);
      assert.equal(f.reason, reason);
      assert.match(f.message, message);
    });
  }

  it('a refused window offers the intent’s examples, not a default', () => {
    const f = failure('failed logins last fortnight');
    assert.deepEqual(f.suggestions, [
      'failed logins today',
      'failed console logins last 7 days',
      'login failures from 203.0.113.0/24',
    ]);
  });

  it('refuses an unknown time zone instead of throwing', () => {
    const f = failure('failed logins', { now: new Date(NOW), timeZone: 'Not/AZone' });
    assert.equal(f.reason, 'bad-window');
    assert.match(f.message, /"Not\/AZone" is not a time zone/);
  });
});

describe('parse: help and did-you-mean', () => {
  for (const text of ['help', 'HELP', '?', '', '   ', '<@U0BOT>', 'what can you do?']) {
    it(`${JSON.stringify(text)} → help with one example per intent`, () => {
      const f = failure(text);
      assert.equal(f.reason, 'help');
      assert.equal(f.suggestions.length, 16);
      assert.ok(f.suggestions.includes('failed logins today'));
    });
  }

  it('"help who changed" → the who-changed examples', () => {
    const f = failure('help who changed');
    assert.equal(f.reason, 'help');
    assert.equal(f.suggestions[0], 'who changed sg-0123456789abcdef0');
    assert.ok(f.suggestions.every((s) => question(s).intent === 'who-changed'));
  });

  const typos: Array<[string, string]> = [
    ['faild logins', 'failed logins today'],
    ['who chnaged sg-1', 'who changed sg-1'],
    ['rot activty', 'root activity'],
    ['acess denied', 'access denied today'],
    ['securty group chanegs', 'security group changes'],
  ];
  for (const [typo, meant] of typos) {
    it(`"${typo}" → did you mean "${meant}"`, () => {
      const f = failure(typo);
      assert.equal(f.reason, 'unknown');
      assert.equal(f.suggestions[0], meant);
      assert.ok(parse(meant, ctx).ok, 'every suggestion is itself a question');
    });
  }

  it('offers nothing rather than something unrelated', () => {
    assert.deepEqual(failure('xyzzy plugh').suggestions, []);
  });
});

describe('parse: fuzz', () => {
  const words = [
    'who',
    'changed',
    'failed',
    'logins',
    'activity',
    'from',
    'to',
    'by',
    'in',
    'on',
    'since',
    'between',
    'and',
    'last',
    'past',
    'the',
    'this',
    'week',
    'today',
    'yesterday',
    '7d',
    '24h',
    '10.0.0.0/8',
    '::1',
    'us-east-1',
    '2026-11-20',
    '14:00',
    'monday',
    'event',
    'help',
    '?',
    '<@U1>',
    '<http://x|y>',
    'sg-1',
    '13/02',
    'hours',
    '0',
    '1.5',
    'root',
    'iam',
    'changes',
  ];
  const phrase = fc.array(fc.constantFrom(...words), { maxLength: 10 }).map((w) => w.join(' '));

  it('never throws and always answers with a well-formed result', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          phrase,
        ),
        (text) => {
          const r = parse(text, ctx);
          if (r.ok) {
            assert.ok(r.question.filter.where.kind === 'all');
            if (r.question.window) assert.ok(r.question.window.start < r.question.window.end);
          } else {
            assert.ok(r.message.length > 0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
