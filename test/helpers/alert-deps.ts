/** Builds AlertDeps for tests: a fake chat, a fixed clock, a recording question runner. */
import { parseAlertConfig, type AlertConfig } from '../../src/alerts/config.js';
import type { AlertQuestion, QuestionRunner } from '../../src/alerts/investigate.js';
import type { AlertDeps } from '../../src/alerts/threads.js';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { StateStore } from '../../src/ports/state.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import { FakeChat } from './fake-chat.js';

export const NOW = Date.parse('2026-11-26T02:30:00Z');

export function testConfig(env: Record<string, string> = {}): AlertConfig {
  const result = parseAlertConfig({
    ALERT_CHANNEL: 'C0SEC',
    ALERT_TOPIC_ARNS: 'arn:aws:sns:us-east-1:111122223333:security-alerts',
    ...env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** A runner that answers every question with one event and records what it was asked. */
export function recordingRunner(): QuestionRunner & { asked: AlertQuestion[] } {
  const asked: AlertQuestion[] = [];
  const runner = async (q: AlertQuestion) => {
    asked.push(q);
    const event = normaliseRecord({
      eventID: `related-${q.spec.kind}`,
      eventTime: '2026-11-26T02:05:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeSecurityGroups',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.50',
      userIdentity: { type: 'IAMUser', userName: 'bob' },
    });
    return { events: [event], total: 1, truncated: false, provenance: 'test backend' };
  };
  return Object.assign(runner, { asked });
}

export interface TestDeps extends AlertDeps {
  chat: FakeChat;
  clock: { now: number };
}

export function testDeps(
  overrides: { store?: StateStore; env?: Record<string, string> } = {},
): TestDeps {
  const clock = { now: NOW };
  return {
    store: overrides.store ?? new MemoryStateStore(() => clock.now),
    chat: new FakeChat(),
    config: testConfig(overrides.env),
    now: () => clock.now,
    runQuestion: recordingRunner(),
    // Every alert updates the parent at once; the throttle has its own test.
    updateIntervalMs: 0,
    clock,
  };
}
