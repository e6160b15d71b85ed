/**
 * Test records: a realistic default CloudTrail record to tweak per test, and loaders for the
 * hand-written fixtures in test/fixtures/records/ (one file per identity type).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLogFile } from '../../src/core/normalise.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtureRecordsDir = path.join(repoRoot, 'test/fixtures/records');
/** The shared real-world corpus; tests that read it skip when it is absent. */
export const samplesDir = path.resolve(repoRoot, '../shared/cloudtrail-samples');

/** alice (IAM user) opening SSH on sg-0abc1234 from 203.0.113.10, 2026-11-26T02:13:44Z. */
const DEFAULT_RECORD: CloudTrailRecord = {
  eventVersion: '1.10',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'alice',
  },
  eventTime: '2026-11-26T02:13:44Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
  requestParameters: {
    groupId: 'sg-0abc1234',
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
        },
      ],
    },
  },
  responseElements: { requestId: '6e3a9c5b-0f1e-4d2c-9a8b-7c6d5e4f3a2b', _return: true },
  requestID: '6e3a9c5b-0f1e-4d2c-9a8b-7c6d5e4f3a2b',
  eventID: 'a1b2c3d4-0000-4000-8000-000000000000',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

/**
 * A fresh copy of a realistic record with top-level fields replaced (shallow: an overridden
 * `userIdentity` replaces the whole identity). A key overridden with `undefined` is removed,
 * so `makeRecord({ readOnly: undefined })` has no `readOnly` at all.
 *
 * @example makeRecord({ eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' })
 */
export function makeRecord(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  const record: CloudTrailRecord = { ...structuredClone(DEFAULT_RECORD), ...overrides };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete record[key];
  }
  return record;
}

/** The records of test/fixtures/records/<name>.json. */
export function fixtureRecords(name: string): CloudTrailRecord[] {
  const parsed = parseLogFile(readFileSync(path.join(fixtureRecordsDir, `${name}.json`), 'utf8'));
  if ('error' in parsed) throw new Error(`fixture ${name}: ${parsed.error}`);
  return parsed.records;
}

/** The first record of a fixture file (most hold exactly one). */
export function fixtureRecord(name: string): CloudTrailRecord {
  const [record] = fixtureRecords(name);
  if (record === undefined) throw new Error(`fixture ${name} has no records`);
  return record;
}
