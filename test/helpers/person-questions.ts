/**
 * A question to a person about one of their events (src/slack/person-question.ts), as the Trace
 * of an Identity Center session asks it: alice, in Paris, asked about a RunInstances.
 */
import type { PersonQuestion } from '../../src/slack/person-question.js';

export const personQuestion = (overrides: Partial<PersonQuestion> = {}): PersonQuestion => ({
  id: '6f1c2a5e-0000-4000-8000-000000000001',
  person: { userId: 'U0ALICE', name: 'alice', timeZone: 'Europe/Paris' },
  event: {
    eventId: 'ev-1',
    eventName: 'RunInstances',
    eventSource: 'ec2.amazonaws.com',
    timeMs: Date.parse('2026-11-26T10:15:30Z'),
    account: '111122223333',
    region: 'eu-west-1',
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    actor: 'AWSReservedSSO_Admin session alice@example.com',
  },
  trace: 'ASIAEXAMPLE traces to Identity Center user alice@example.com directly',
  reply: { kind: 'thread', channel: 'C0SEC', threadTs: '1700000000.000100' },
  timeZone: 'America/New_York',
  ...overrides,
});
