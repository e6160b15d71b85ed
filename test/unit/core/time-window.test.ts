import { strict as assert } from 'node:assert';
import { defaultWindow, parseWindow, windowSpanAt } from '../../../src/core/time-window.js';
import type { AskContext } from '../../../src/core/question.js';

/** Thursday 26 November 2026, 14:30 UTC. */
const NOW = '2026-11-26T14:30:00.000Z';
const utc: AskContext = { now: new Date(NOW), timeZone: 'UTC' };

function window(expression: string, ctx: AskContext = utc): [string, string] {
  const r = parseWindow(expression, ctx);
  assert.ok(r.ok, `expected "${expression}" to parse, got: ${r.ok ? '' : r.message}`);
  return [r.window.start.toISOString(), r.window.end.toISOString()];
}

function refusal(expression: string, ctx: AskContext = utc): string {
  const r = parseWindow(expression, ctx);
  assert.ok(!r.ok, `expected "${expression}" to be refused`);
  return r.message;
}

describe('parseWindow', () => {
  describe('every form of questions.md, in UTC', () => {
    const cases: Array<[string, string, string]> = [
      ['today', '2026-11-26T00:00:00.000Z', NOW],
      ['yesterday', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z'],
      ['this week', '2026-11-23T00:00:00.000Z', NOW], // Monday
      ['last 6 hours', '2026-11-26T08:30:00.000Z', NOW],
      ['past 2 days', '2026-11-24T14:30:00.000Z', NOW],
      ['last 3 weeks', '2026-11-05T14:30:00.000Z', NOW],
      ['last 45 minutes', '2026-11-26T13:45:00.000Z', NOW],
      ['last 1 hour', '2026-11-26T13:30:00.000Z', NOW],
      ['last 10 mins', '2026-11-26T14:20:00.000Z', NOW],
      ['last 2 hrs', '2026-11-26T12:30:00.000Z', NOW],
      ['1h', '2026-11-26T13:30:00.000Z', NOW],
      ['24h', '2026-11-25T14:30:00.000Z', NOW],
      ['7d', '2026-11-19T14:30:00.000Z', NOW],
      ['90m', '2026-11-26T13:00:00.000Z', NOW],
      ['2w', '2026-11-12T14:30:00.000Z', NOW],
      ['last 24h', '2026-11-25T14:30:00.000Z', NOW],
      ['past 7d', '2026-11-19T14:30:00.000Z', NOW],
      ['in the last hour', '2026-11-26T13:30:00.000Z', NOW],
      ['in the past 3 days', '2026-11-23T14:30:00.000Z', NOW],
      ['over the last 2 hours', '2026-11-26T12:30:00.000Z', NOW],
      ['last hour', '2026-11-26T13:30:00.000Z', NOW],
      ['past week', '2026-11-19T14:30:00.000Z', NOW],
      ['last day', '2026-11-25T14:30:00.000Z', NOW],
      ['since monday', '2026-11-23T00:00:00.000Z', NOW],
      ['since thursday', '2026-11-26T00:00:00.000Z', NOW], // today is Thursday
      ['since friday', '2026-11-20T00:00:00.000Z', NOW], // the most recent Friday
      ['since thu', '2026-11-26T00:00:00.000Z', NOW],
      ['since yesterday', '2026-11-25T00:00:00.000Z', NOW],
      ['since 2026-11-20', '2026-11-20T00:00:00.000Z', NOW],
      ['since 2026-11-20 09:15', '2026-11-20T09:15:00.000Z', NOW],
      ['since 2026-11-20T09:15:30', '2026-11-20T09:15:30.000Z', NOW],
      ['since 2026-11-20T09:15:00Z', '2026-11-20T09:15:00.000Z', NOW],
      ['since 2026-11-20T09:15:00+02:00', '2026-11-20T07:15:00.000Z', NOW],
      ['since 2026-11-20T09:15-0500', '2026-11-20T14:15:00.000Z', NOW],
      ['since 09:00', '2026-11-26T09:00:00.000Z', NOW],
      ['on 2026-11-20', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
      ['on monday', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'],
      ['between 2026-11-20 and 2026-11-22', '2026-11-20T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
      ['from 2026-11-20 to 2026-11-20', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
      // A date-time B is inclusive: the half-open window ends 1 ms after it.
      [
        'between 2026-11-20 08:00 and 2026-11-20 17:30',
        '2026-11-20T08:00:00.000Z',
        '2026-11-20T17:30:00.001Z',
      ],
      [
        'from 2026-11-20T08:00Z to 2026-11-21',
        '2026-11-20T08:00:00.000Z',
        '2026-11-22T00:00:00.000Z',
      ],
      ['between monday and tuesday', '2026-11-23T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
      ['from 09:00 to 10:00', '2026-11-26T09:00:00.000Z', '2026-11-26T10:00:00.001Z'],
    ];
    for (const [expression, start, end] of cases) {
      it(`"${expression}" → [${start}, ${end})`, () => {
        assert.deepEqual(window(expression), [start, end]);
      });
    }
  });

  it('reads words in any case and with extra spaces', () => {
    assert.deepEqual(window('  Last   6   HOURS '), window('last 6 hours'));
  });

  it('echoes the expression as typed, spaces tidied', () => {
    const r = parseWindow(' Since  2026-11-20T10:00Z ', utc);
    assert.ok(r.ok);
    assert.equal(r.text, 'Since 2026-11-20T10:00Z');
  });

  describe('the asker’s day is not the UTC day', () => {
    // 23:30 UTC on Thursday is already 08:30 on Friday in Tokyo (UTC+9).
    const tokyo: AskContext = { now: new Date('2026-11-26T23:30:00Z'), timeZone: 'Asia/Tokyo' };
    // 03:00 UTC on Thursday is still 19:00 on Wednesday in Los Angeles (UTC−8).
    const la: AskContext = {
      now: new Date('2026-11-26T03:00:00Z'),
      timeZone: 'America/Los_Angeles',
    };

    it('today in Tokyo starts at 15:00 UTC the day before', () => {
      assert.deepEqual(window('today', tokyo), [
        '2026-11-26T15:00:00.000Z',
        '2026-11-26T23:30:00.000Z',
      ]);
    });
    it('yesterday in Tokyo is Thursday JST', () => {
      assert.deepEqual(window('yesterday', tokyo), [
        '2026-11-25T15:00:00.000Z',
        '2026-11-26T15:00:00.000Z',
      ]);
    });
    it('since friday in Tokyo is today there', () => {
      assert.deepEqual(window('since friday', tokyo)[0], '2026-11-26T15:00:00.000Z');
    });
    it('this week in Tokyo starts Monday 00:00 JST', () => {
      assert.deepEqual(window('this week', tokyo)[0], '2026-11-22T15:00:00.000Z');
    });
    it('dates are days in the asker’s zone', () => {
      assert.deepEqual(window('on 2026-11-20', tokyo), [
        '2026-11-19T15:00:00.000Z',
        '2026-11-20T15:00:00.000Z',
      ]);
    });
    it('today in Los Angeles is still Wednesday', () => {
      assert.deepEqual(window('today', la), [
        '2026-11-25T08:00:00.000Z',
        '2026-11-26T03:00:00.000Z',
      ]);
    });
    it('since thursday in Los Angeles is last week’s Thursday', () => {
      assert.deepEqual(window('since thursday', la)[0], '2026-11-19T08:00:00.000Z');
    });
    it('local date-times are read in the asker’s zone, explicit offsets are kept', () => {
      assert.deepEqual(window('since 2026-11-25 09:00', la)[0], '2026-11-25T17:00:00.000Z');
      assert.deepEqual(window('since 2026-11-25T09:00Z', la)[0], '2026-11-25T09:00:00.000Z');
    });
    it('relative windows do not depend on the zone', () => {
      assert.deepEqual(
        window('last 6 hours', tokyo),
        window('last 6 hours', { ...tokyo, timeZone: 'UTC' }),
      );
    });
  });

  describe('daylight saving time', () => {
    // Europe/Paris left summer time on Sunday 2026-10-25 at 03:00 CEST (01:00 UTC).
    const paris: AskContext = { now: new Date('2026-10-26T10:00:00Z'), timeZone: 'Europe/Paris' };

    it('yesterday is the 25-hour day of the change', () => {
      assert.deepEqual(window('yesterday', paris), [
        '2026-10-24T22:00:00.000Z',
        '2026-10-25T23:00:00.000Z',
      ]);
    });
    it('last 2 days stays 48 absolute hours across the change', () => {
      assert.deepEqual(window('last 2 days', paris), [
        '2026-10-24T10:00:00.000Z',
        '2026-10-26T10:00:00.000Z',
      ]);
    });
    it('this week starts Monday 00:00 CET even on the first day after the change', () => {
      assert.deepEqual(window('this week', paris)[0], '2026-10-25T23:00:00.000Z');
    });
    it('reads a local time repeated in the autumn change as its first occurrence', () => {
      const ny: AskContext = {
        now: new Date('2026-11-10T00:00:00Z'),
        timeZone: 'America/New_York',
      };
      assert.equal(window('since 2026-11-01 01:30', ny)[0], '2026-11-01T05:30:00.000Z'); // EDT
    });
    it('refuses a local time that the spring change skips', () => {
      const ny: AskContext = {
        now: new Date('2026-03-10T12:00:00Z'),
        timeZone: 'America/New_York',
      };
      assert.match(refusal('since 2026-03-08 02:30', ny), /does not exist in America\/New_York/);
    });
  });

  describe('refuses what it would have to guess', () => {
    const cases: Array<[string, RegExp]> = [
      ['last fortnight', /"fortnight" is not a unit I know.*last 14 days/],
      ['last month', /months vary in length.*last 30 days/],
      ['past 2 years', /years vary in length/],
      ['since 13/02', /"13\/02" is not a date I can read without guessing; write YYYY-MM-DD/],
      ['since 02/13/2026', /write YYYY-MM-DD/],
      ['since nov 20', /"nov 20" is not a date/],
      ['between tuesday', /needs two ends: "between YYYY-MM-DD and YYYY-MM-DD"/],
      ['from 2026-11-20', /needs two ends: "from YYYY-MM-DD to YYYY-MM-DD" or "since 2026-11-20"/],
      ['since last monday', /could mean this week's or last week's monday; say "since monday"/],
      ['between last friday and today', /could mean this week's or last week's friday/],
      ['between 2026-11-22 and 2026-11-20', /the end comes before the start/],
      ['since 2026-12-01', /starts in the future/],
      ['on 2026-11-27', /starts in the future/],
      ['since 23:00', /starts in the future/],
      ['since', /"since" needs a date/],
      ['on 2026-02-30', /"2026-02-30" is not a real date/],
      ['since 2026-11-20 24:00', /not a real time of day/],
      ['on 2026-11-20 10:00', /"on" takes a whole day/],
      ['last 1.5 hours', /"1.5" in "last 1.5 hours" is not a whole number/],
      ['last 5', /needs a unit/],
      ['last 0 days', /not a usable length of time/],
      ['last 99999999999 weeks', /not a usable length of time/],
      ['last', /needs an amount and a unit/],
      ['this month', /"this month" is not supported/],
      ['tomorrow', /can't read "tomorrow" as a time/],
    ];
    for (const [expression, message] of cases) {
      it(`"${expression}"`, () => assert.match(refusal(expression), message));
    }
  });

  it('refuses an unknown time zone instead of throwing', () => {
    assert.match(
      refusal('today', { now: new Date(NOW), timeZone: 'Mars/Olympus' }),
      /not a time zone/,
    );
  });
});

describe('defaultWindow', () => {
  it('ends now and says it is the default', () => {
    assert.deepEqual(defaultWindow(24, utc), {
      window: { start: new Date('2026-11-25T14:30:00Z'), end: new Date(NOW) },
      text: 'last 24 hours (default)',
    });
    assert.equal(defaultWindow(7 * 24, utc).text, 'last 7 days (default)');
    assert.equal(
      defaultWindow(90 * 24, utc).window.start.toISOString(),
      '2026-08-28T14:30:00.000Z',
    );
  });
});

describe('windowSpanAt', () => {
  const span = (text: string, at: number): number => windowSpanAt(text.split(' '), at);

  it('delimits each form inside a sentence', () => {
    assert.equal(span('failed logins today', 2), 1);
    assert.equal(span('failed logins in the last 3 days by bob', 2), 5);
    assert.equal(span('failed logins last hour by bob', 2), 2);
    assert.equal(span('who changed sg-1 since 2026-11-25 14:00 by bob', 3), 3);
    assert.equal(span('x between 2026-11-20 and 2026-11-22 in us-east-1', 1), 4);
    assert.equal(span('x from 2026-11-20 09:00 to 2026-11-20 17:00', 1), 6);
    assert.equal(span('x this week', 1), 2);
    assert.equal(span('x on monday', 1), 2);
  });

  it('leaves the address modifier and non-date words alone', () => {
    assert.equal(span('activity from 10.0.0.1 to', 1), 0);
    assert.equal(span('activity from 2001:db8::/32', 1), 0);
    assert.equal(span('what did alice do in us-east-1', 4), 0);
    assert.equal(span('changes on my-bucket', 1), 0);
  });

  it('treats a time of day after "from" as a window, not an IPv6 address', () => {
    assert.equal(span('from 14:00 to 15:00', 0), 4);
  });
});
