import { strict as assert } from 'node:assert';
import {
  ScanHistory,
  athenaCostUsd,
  formatBytes,
  formatUsd,
} from '../../../src/backends/athena/cost.js';
import { parseAwsSettings } from '../../../src/backends/aws-config.js';
import type { AwsSettings, Env } from '../../../src/backends/aws-config.js';
import { describePlan, planQuery } from '../../../src/backends/planner.js';
import { all, eq, endsWith, resource } from '../../../src/core/filter.js';
import type { EventFilter } from '../../../src/core/filter.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const lastDays = (days: number) => ({ start: new Date(NOW.getTime() - days * DAY), end: NOW });
const settings = (env: Env): AwsSettings => {
  const result = parseAwsSettings(env);
  assert.ok(result.ok);
  return result.settings;
};
const AWS = { TRAIL_REGIONS: 'us-east-1,eu-west-1' };
const ATHENA = { ...AWS, ATHENA_DATABASE: 'trail' };
const failedLogins: EventFilter = { window: lastDays(1), where: eq('eventName', 'ConsoleLogin') };

describe('planQuery', () => {
  it('picks LookupEvents for a recent management question with a selective attribute', () => {
    const result = planQuery(failedLogins, settings(ATHENA), { now: NOW });
    assert.ok(result.ok);
    assert.equal(result.plan.backend, 'lookup');
    assert.equal(
      describePlan(result.plan),
      'LookupEvents · EventName=ConsoleLogin · us-east-1, eu-west-1 · 2 calls',
    );
  });

  it('picks Athena beyond 90 days, for data events, and without a selective attribute', () => {
    const history = new ScanHistory();
    const old: EventFilter = { window: lastDays(120), where: eq('eventName', 'ConsoleLogin') };
    const data: EventFilter = {
      window: lastDays(1),
      where: resource('logs'),
      needsDataEvents: true,
    };
    const denied: EventFilter = {
      window: lastDays(1),
      where: endsWith('errorCode', 'UnauthorizedOperation'),
    };
    for (const [filter, reason] of [
      [old, /more than 90 days/],
      [data, /data events/],
      [denied, /no selective/],
    ] as const) {
      const result = planQuery(filter, settings(ATHENA), { now: NOW, history });
      assert.ok(result.ok);
      assert.equal(result.plan.backend, 'athena');
      assert.match(result.plan.reason, reason);
    }
  });

  it('shows Athena’s span and, once a similar query has run, its expected bytes and cost', () => {
    const history = new ScanHistory();
    const filter: EventFilter = {
      window: { start: new Date('2026-11-25T00:00:00Z'), end: NOW },
      where: endsWith('errorCode', 'X'),
    };
    const before = planQuery(filter, settings(ATHENA), { now: NOW, history });
    assert.ok(before.ok);
    assert.equal(describePlan(before.plan), 'Athena · 2 days × 2 regions');
    history.observe('eu-west-1,us-east-1|*', 1, 42 * 1024 ** 2);
    const after = planQuery(filter, settings(ATHENA), { now: NOW, history });
    assert.ok(after.ok);
    assert.equal(describePlan(after.plan), 'Athena · 2 days × 2 regions · 84 MB · $0.0004');
  });

  it('falls back to local logs, then to LookupEvents with notes, then explains what is missing', () => {
    const denied: EventFilter = {
      window: lastDays(1),
      where: endsWith('errorCode', 'UnauthorizedOperation'),
    };
    const local = planQuery(denied, settings({ ...AWS, TRAIL_LOGS: './trail' }), { now: NOW });
    assert.ok(local.ok);
    assert.equal(describePlan(local.plan), 'Local logs · ./trail');
    const lookup = planQuery(denied, settings(AWS), { now: NOW });
    assert.ok(lookup.ok);
    assert.equal(lookup.plan.backend, 'lookup');
    assert.equal(lookup.plan.attribute, 'all events');
    const none = planQuery(denied, settings({}), { now: NOW });
    assert.equal(none.ok, false);
    if (!none.ok) assert.match(none.message, /TRAIL_REGIONS.*ATHENA_DATABASE.*TRAIL_LOGS/);
  });

  it('obeys a forced backend and names the missing variable', () => {
    const forced = planQuery(failedLogins, settings(AWS), { now: NOW, backend: 'athena' });
    assert.equal(forced.ok, false);
    if (!forced.ok) assert.match(forced.message, /ATHENA_DATABASE/);
    const lookup = planQuery(
      { window: lastDays(1), where: all(eq('eventSource', 'iam.amazonaws.com')) },
      settings({ ...ATHENA, TRAIL_BACKEND: 'lookup' }),
      { now: NOW },
    );
    assert.ok(lookup.ok);
    assert.equal(
      describePlan(lookup.plan),
      'LookupEvents · EventSource=iam.amazonaws.com · us-east-1 · 1 call',
    );
  });
});

describe('Athena cost', () => {
  it('bills at least 10 MB and rounds up to the MB', () => {
    const MB = 1024 ** 2;
    assert.equal(athenaCostUsd(1), athenaCostUsd(10 * MB));
    assert.equal(athenaCostUsd(10 * MB + 1), (11 * MB * 5) / 1024 ** 4);
    assert.equal(athenaCostUsd(1024 ** 4), 5);
  });
  it('formats bytes and dollars for people', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1.25 * 1024 ** 3), '1.3 GB');
    assert.equal(formatUsd(0.00041), '$0.0004');
    assert.equal(formatUsd(12.345), '$12.35');
  });
});
