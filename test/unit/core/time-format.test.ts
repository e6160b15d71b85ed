import { strict as assert } from 'node:assert';
import { describeWindow, formatTime } from '../../../src/core/time-format.js';

describe('formatTime', () => {
  const at = Date.parse('2026-11-26T13:32:05Z');
  const cases: Array<[string, string]> = [
    ['UTC', '2026-11-26 13:32:05 UTC'],
    ['Europe/Paris', '2026-11-26 14:32:05 CET'],
    ['America/Los_Angeles', '2026-11-26 05:32:05 PST'],
    // No letter abbreviation is known for Tokyo: the offset is shown instead.
    ['Asia/Tokyo', '2026-11-26 22:32:05 GMT+9'],
    ['Asia/Kolkata', '2026-11-26 19:02:05 GMT+5:30'],
  ];
  for (const [zone, expected] of cases) {
    it(`shows the local time and zone in ${zone}`, () =>
      assert.equal(formatTime(at, zone), expected));
  }

  it('shows the local date when it differs from the UTC date', () => {
    assert.equal(
      formatTime(Date.parse('2026-11-26T23:30:00Z'), 'Asia/Tokyo'),
      '2026-11-27 08:30:00 GMT+9',
    );
  });

  it('writes midnight as 00, not 24', () => {
    assert.equal(formatTime(Date.parse('2026-11-26T00:00:05Z'), 'UTC'), '2026-11-26 00:00:05 UTC');
  });

  it('names summer time by its own abbreviation', () => {
    assert.equal(
      formatTime(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Paris'),
      '2026-07-01 14:00:00 CEST',
    );
  });
});

describe('describeWindow', () => {
  it('shows whole-minute windows to the minute, in the asker’s zone', () => {
    const window = {
      start: new Date('2026-11-24T23:00:00Z'),
      end: new Date('2026-11-25T23:00:00Z'),
    };
    assert.equal(
      describeWindow(window, 'Europe/Paris'),
      '2026-11-25 00:00 → 2026-11-26 00:00 Europe/Paris',
    );
  });

  it('shows seconds when an end is not on a whole minute', () => {
    const window = {
      start: new Date('2026-11-25T14:30:10Z'),
      end: new Date('2026-11-26T14:30:10Z'),
    };
    assert.equal(describeWindow(window, 'UTC'), '2026-11-25 14:30:10 → 2026-11-26 14:30:10 UTC');
  });

  it('shows an inclusive date-time end (B + 1 ms) as B', () => {
    const window = {
      start: new Date('2026-11-20T08:00:00Z'),
      end: new Date('2026-11-20T17:30:00.001Z'),
    };
    assert.equal(describeWindow(window, 'UTC'), '2026-11-20 08:00 → 2026-11-20 17:30 UTC');
  });
});
