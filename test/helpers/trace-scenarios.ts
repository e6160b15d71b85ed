/**
 * The trace scenarios of test/fixtures/trace/ (hand-written CloudTrail log files, two accounts:
 * 111122223333 holds the people, 444455556666 the workloads) and the chain each must give,
 * whichever engine finds the events. Every engine's test runs this same table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import type { CloudTrailRecord, TrailEvent } from '../../src/core/trail-event.js';
import { memorySource } from '../../src/trace/source.js';
import type { TraceResult, TraceStart } from '../../src/trace/types.js';
import { repoRoot } from './records.js';

export const traceFixturesDir = path.join(repoRoot, 'test/fixtures/trace');

/** When every scenario is traced: after the newest fixture event. */
export const TRACE_NOW = new Date('2026-11-21T00:00:00Z');

export interface TraceScenario {
  name: string;
  start: TraceStart;
  origin: { kind: string; label: string; email?: string; details?: Record<string, string> };
  /** eventId and confidence of each hop, newest first. */
  hops: [eventId: string, confidence: 'exact' | 'inferred'][];
  /** Text the dead end's reason (or a note) must contain. */
  mentions?: string;
}

export const TRACE_SCENARIOS: readonly TraceScenario[] = [
  {
    name: 'IAM user → role → cross-account role → role (sharedEventID)',
    start: { kind: 'access-key', value: 'ASIADBADMINEXAMPLE01' },
    origin: { kind: 'iam-user', label: 'alice' },
    hops: [
      ['e1000000-0000-4000-8000-000000000004', 'exact'],
      ['e1000000-0000-4000-8000-000000000002', 'exact'],
      ['e1000000-0000-4000-8000-000000000001', 'exact'],
    ],
    mentions: 'sharedEventID 7c1f3a52-4b1e-4d2a-9c55-0b6f1e2d3a41',
  },
  {
    name: 'the same chain from the event id',
    start: { kind: 'event', value: 'e1000000-0000-4000-8000-000000000006' },
    origin: { kind: 'iam-user', label: 'alice' },
    hops: [
      ['e1000000-0000-4000-8000-000000000004', 'exact'],
      ['e1000000-0000-4000-8000-000000000002', 'exact'],
      ['e1000000-0000-4000-8000-000000000001', 'exact'],
    ],
  },
  {
    name: 'Identity Center user through AssumeRoleWithSAML',
    start: {
      kind: 'session',
      value: 'AWSReservedSSO_AdminAccess_0123456789abcdef/alice@example.com',
    },
    origin: {
      kind: 'identity-center-user',
      label: 'alice@example.com',
      email: 'alice@example.com',
      details: { permissionSet: 'AdminAccess', provider: 'AWSSSO_1a2b3c4d5e6f7a8b_DO_NOT_DELETE' },
    },
    hops: [['e2000000-0000-4000-8000-000000000001', 'exact']],
  },
  {
    name: 'Identity Center user decoded from the role when its sign-in is out of reach',
    start: { kind: 'access-key', value: 'ASIASSOBOBEXAMPLE001' },
    origin: {
      kind: 'identity-center-user',
      label: 'bob@example.com',
      email: 'bob@example.com',
      details: { permissionSet: 'AdminAccess' },
    },
    hops: [],
    mentions: 'the Identity Center role names its origin',
  },
  {
    name: 'GitHub Actions through AssumeRoleWithWebIdentity',
    start: {
      kind: 'session',
      value: 'arn:aws:sts::444455556666:assumed-role/deploy-role/gha-98765',
    },
    origin: {
      kind: 'web-identity',
      label: 'GitHub Actions acme/web (refs/heads/main)',
      details: {
        provider: 'token.actions.githubusercontent.com',
        subject: 'repo:acme/web:ref:refs/heads/main',
        repository: 'acme/web',
        ref: 'refs/heads/main',
        workflow: 'acme/web/.github/workflows/deploy.yml@refs/heads/main',
      },
    },
    hops: [['e3000000-0000-4000-8000-000000000001', 'exact']],
  },
  {
    name: 'EC2 instance profile',
    start: { kind: 'access-key', value: 'ASIAEC2EXAMPLE000001' },
    origin: {
      kind: 'aws-service',
      label: 'ec2.amazonaws.com (instance i-0abc1234def567890)',
      details: {
        role: 'arn:aws:iam::444455556666:role/app-server',
        instanceId: 'i-0abc1234def567890',
      },
    },
    hops: [['e4000000-0000-4000-8000-000000000001', 'exact']],
  },
  {
    name: 'service-linked role',
    start: { kind: 'event', value: 'e5000000-0000-4000-8000-000000000002' },
    origin: {
      kind: 'aws-service',
      label: 'autoscaling.amazonaws.com',
      details: {
        role: 'arn:aws:iam::444455556666:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        serviceLinkedRole:
          'arn:aws:iam::444455556666:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      },
    },
    hops: [['e5000000-0000-4000-8000-000000000001', 'exact']],
  },
  {
    name: 'sourceIdentity short-circuits three hops to the call that set it',
    start: { kind: 'access-key', value: 'ASIASRCID3EXAMPLE001' },
    origin: { kind: 'iam-user', label: 'carol' },
    hops: [['e6000000-0000-4000-8000-000000000001', 'exact']],
    mentions: 'sourceIdentity "carol" led straight to the call that set it',
  },
  {
    name: 'inferred hop by role and session name',
    start: { kind: 'access-key', value: 'ASIAINFEXAMPLE000001' },
    origin: { kind: 'iam-user', label: 'dave' },
    hops: [['e7000000-0000-4000-8000-000000000003', 'inferred']],
  },
  {
    name: 'dead end: the issuer is 50 hours before the use',
    start: { kind: 'access-key', value: 'ASIAOLDEXAMPLE000001' },
    origin: { kind: 'dead-end', label: 'ops-role session old-session' },
    hops: [],
    mentions:
      'the call that issued ASIAOLDEXAMPLE000001 is not in the searched logs (2026-11-19T00:00:00Z to 2026-11-20T12:00:01Z)',
  },
];

/** Every fixture record, file by file. */
export function traceFixtureFiles(): { file: string; records: CloudTrailRecord[] }[] {
  return readdirSync(traceFixturesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(path.join(traceFixturesDir, file), 'utf8')) as {
        Records: CloudTrailRecord[];
      };
      return { file, records: parsed.Records };
    });
}

/** Every fixture event, normalised as the engines normalise them. */
export function traceFixtureEvents(): TrailEvent[] {
  return traceFixtureFiles().flatMap(({ records }) => records.map(normaliseRecord));
}

/** What a scenario asserts about a result, in one comparable shape. */
export const chainOf = (result: TraceResult) => ({
  origin:
    result.origin.kind === 'dead-end'
      ? { kind: result.origin.kind, label: result.origin.label }
      : {
          kind: result.origin.kind,
          label: result.origin.label,
          ...(result.origin.email !== undefined ? { email: result.origin.email } : {}),
          ...(result.origin.details !== undefined ? { details: result.origin.details } : {}),
        },
  hops: result.hops.map((h) => [h.eventId, h.confidence]),
});

/** The scenario's expectation in the shape of {@link chainOf}. */
export const expectedChain = (scenario: TraceScenario) => ({
  origin: scenario.origin,
  hops: scenario.hops,
});

/** A QueryBackend over events in memory (through `memorySource`, i.e. `matches()`). */
export function memoryBackend(events: readonly TrailEvent[]): QueryBackend {
  const source = memorySource(events);
  return {
    name: 'local',
    async run(request) {
      const found = await source.find(request.filter, events.length);
      return {
        events: found.events.slice(0, request.limit),
        total: found.events.length,
        truncated: found.events.length > request.limit,
        notes: [],
        stats: { backend: 'local' },
        provenance: 'memory',
      };
    },
    close: () => Promise.resolve(),
  };
}
