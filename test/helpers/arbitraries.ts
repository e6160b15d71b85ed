/**
 * fast-check arbitraries for CloudTrail-ish records and filters, built to make the
 * differential tests (SQL backends vs `matches()`) find disagreements: values come mostly from
 * small shared pools, so predicates often hit, and the pools hold the awkward cases — case
 * variants, `''`, numbers and booleans where strings are expected, objects where scalars are,
 * ARNs and their tails, IPv4/IPv6/mapped addresses and non-addresses, hostile SQL, Unicode
 * whose case mapping differs between engines. Reused by every SQL dialect's differential test.
 */
import fc from 'fast-check';
import type { EventField, EventFilter, Predicate } from '../../src/core/filter.js';
import { EVENT_FIELDS } from '../../src/core/fields.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';

/** Strings both records and predicates draw from, so that they collide. */
export const SHARED_STRINGS: readonly string[] = [
  'alice',
  'Alice',
  'ALICE@example.com',
  'alice@example.com',
  'bob',
  '',
  'true',
  'True',
  'false',
  'Failure',
  'Success',
  'Yes',
  'No',
  'Root',
  'IAMUser',
  'AssumedRole',
  'AwsApiCall',
  'AwsServiceEvent',
  'ConsoleLogin',
  'StopLogging',
  'signin.amazonaws.com',
  'ec2.amazonaws.com',
  'AccessDenied',
  'Client.UnauthorizedOperation',
  'sg-0abc',
  'sg-0abcd',
  'my-bucket',
  'arn:aws:s3:::my-bucket',
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:iam::111122223333:role/ops/deploy',
  'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/alice@example.com',
  'deploy',
  'AKIAIOSFODNN7EXAMPLE',
  'us-east-1',
  '10.0.0.1',
  '10.1.2.3',
  '::ffff:10.0.0.1',
  '2001:db8::1',
  'AWS Internal',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '%_\\',
  'İstanbul',
  'ǅemal',
  'straße',
  'ΣΑΣ',
  '😀',
  '443',
];

/** A pooled string, or now and then an arbitrary Unicode one. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SHARED_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

/** Names identity fields hold and people ask about, in several cases. */
export const IDENTITY_STRINGS: readonly string[] = [
  'alice',
  'Alice',
  'ALICE',
  'alice@example.com',
  'Alice@Example.com',
  'deploy',
  'AKIAIOSFODNN7EXAMPLE',
  'akiaiosfodnn7example',
  'AWSReservedSSO_Admin_1a2b',
  'arn:aws:iam::111122223333:user/Alice',
  'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/alice@example.com',
  '@example.com',
  'İstanbul',
  'i̇stanbul',
  'ǅemal',
  'ǆemal',
  'ΣΑΣ',
  'σας',
  '',
];

/** Values resources are named by, with near misses (`sg-0abc` vs `sg-0abcd`). */
export const RESOURCE_STRINGS: readonly string[] = [
  'sg-0abc',
  'sg-0abcd',
  'SG-0ABC',
  'my-bucket',
  'arn:aws:s3:::my-bucket',
  'arn:aws:iam::111122223333:role/ops/deploy',
  'deploy',
  'arn:aws:kms:us-east-1:111122223333:key/1234',
  '1234',
  'arn:',
  '',
];

const identityStringArb = fc.constantFrom(...IDENTITY_STRINGS);
const resourceStringArb = fc.constantFrom(...RESOURCE_STRINGS);

/** What CloudTrail (or a hand-edited file) may put where a string is expected. */
export const scalarLikeArb: fc.Arbitrary<unknown> = scalarLikeOf(stringArb);

/** `strings` mostly, and the other JSON values CloudTrail (or a hand-edited file) may put there. */
function scalarLikeOf(strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: strings },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom(443, 0, -1, 1.5, 1e21) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant({ nested: 'alice' }) },
    { weight: 1, arbitrary: fc.constant(['alice']) },
  );
}

const identityValueArb = scalarLikeOf(identityStringArb);
const resourceValueArb = scalarLikeOf(resourceStringArb);

/** Builds an object from optional keys: each key is present or missing at random. */
const optionalKeys = (
  shape: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> => fc.record(shape, { requiredKeys: [] });

/** userIdentity of any shape CloudTrail writes, plus broken ones. */
export const userIdentityArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: optionalKeys({
      type: fc.constantFrom(
        'Root',
        'IAMUser',
        'AssumedRole',
        'AWSService',
        'IdentityCenterUser',
        'FederatedUser',
      ),
      userName: identityValueArb,
      arn: identityValueArb,
      principalId: stringArb,
      accountId: fc.constant('111122223333'),
      accessKeyId: identityValueArb,
      invokedBy: scalarLikeArb,
      sessionContext: optionalKeys({
        sessionIssuer: optionalKeys({
          type: fc.constant('Role'),
          userName: identityValueArb,
          arn: stringArb,
        }),
        sourceIdentity: identityValueArb,
        attributes: optionalKeys({ mfaAuthenticated: fc.constantFrom('true', 'false', true) }),
      }),
      onBehalfOf: optionalKeys({ userId: stringArb }),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 'alice', ['alice']) },
);

/** requestParameters/responseElements: nested objects and arrays of ARNs, ids and numbers. */
export const parametersArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; node: unknown }>(
  (tie) => ({
    value: fc.oneof({ weight: 4, arbitrary: scalarLikeArb }, { weight: 1, arbitrary: tie('node') }),
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.dictionary(
        fc.constantFrom('groupId', 'bucketName', 'ARN', 'items', 'policy', 'ConsoleLogin'),
        tie('value'),
        {
          maxKeys: 3,
        },
      ),
      fc.array(tie('value'), { maxLength: 3 }),
    ),
  }),
).node;

/** A valid-looking or broken eventTime between 2026-10-01 and 2026-12-01. */
export const eventTimeArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .integer({ min: Date.UTC(2026, 9, 1), max: Date.UTC(2026, 11, 1) })
      .map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')),
  },
  { weight: 1, arbitrary: fc.constantFrom('yesterday', '', 42, null) },
);

/** A record with every predicate-relevant part present, missing or oddly typed. */
export const recordArb: fc.Arbitrary<CloudTrailRecord> = optionalKeys({
  eventID: fc.uuid(),
  eventTime: eventTimeArb,
  eventName: scalarLikeArb,
  eventSource: scalarLikeArb,
  eventType: scalarLikeArb,
  eventCategory: fc.constantFrom('Management', 'Data', 'Insight'),
  awsRegion: fc.constantFrom('us-east-1', 'eu-west-1'),
  recipientAccountId: fc.constantFrom('111122223333', 111122223333),
  sourceIPAddress: fc.oneof(
    fc.constantFrom(
      '10.0.0.1',
      '10.0.0.255',
      '10.1.2.3',
      '192.0.2.44',
      '::ffff:10.0.0.1',
      '2001:db8::1',
      '2001:db8:0:0:0:0:0:ff',
    ),
    fc.constantFrom('ec2.amazonaws.com', 'AWS Internal', ''),
    scalarLikeArb,
  ),
  userAgent: scalarLikeArb,
  errorCode: scalarLikeArb,
  errorMessage: scalarLikeArb,
  readOnly: fc.oneof(
    fc.boolean(),
    fc.constantFrom('true', 'false', 'True', 'FALSE', 'yes'),
    scalarLikeArb,
  ),
  userIdentity: userIdentityArb,
  requestParameters: fc.oneof(
    parametersArb,
    optionalKeys({ roleArn: identityValueArb, roleSessionName: identityValueArb }),
    fc.constant(null),
  ),
  responseElements: fc.oneof(
    optionalKeys({ ConsoleLogin: scalarLikeArb }),
    optionalKeys({
      credentials: fc.oneof(optionalKeys({ accessKeyId: identityValueArb }), scalarLikeArb),
      sourceIdentity: identityValueArb,
    }),
    parametersArb,
    fc.constant(null),
  ),
  additionalEventData: optionalKeys({ MFAUsed: scalarLikeArb }),
  sharedEventID: fc.oneof(fc.uuid(), scalarLikeArb),
  resources: fc.oneof(
    fc.array(
      optionalKeys({
        ARN: resourceValueArb,
        type: stringArb,
        accountId: fc.constant('111122223333'),
      }),
      {
        maxLength: 3,
      },
    ),
    fc.constant('not-a-list'),
  ),
});

export const eventFieldArb: fc.Arbitrary<EventField> = fc.constantFrom(...EVENT_FIELDS);

/** Addresses and blocks for `sourceIp`, including ones `parseIpOrCidr` rejects. */
export const ipSpecArb: fc.Arbitrary<string> = fc.constantFrom(
  '10.0.0.1',
  '10.0.0.0/24',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  '::ffff:10.0.0.1',
  '::ffff:0:0/96',
  '2001:db8::/32',
  '2001:db8::1',
  ' 10.1.2.3 ',
  '10.0.0.0/33',
  'not-an-ip',
  '',
  'ec2.amazonaws.com',
);

/** Leaves of every kind, values drawn from the shared pools. */
export const leafArb: fc.Arbitrary<Predicate> = fc.oneof(
  fc.record({ kind: fc.constant('eq' as const), field: eventFieldArb, value: stringArb }),
  fc.record({
    kind: fc.constant('in' as const),
    field: eventFieldArb,
    values: fc.array(stringArb, { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('present' as const), field: eventFieldArb }),
  fc.record({
    kind: fc.constant('startsWith' as const),
    field: eventFieldArb,
    value: fc.constantFrom('', 'a', 'A', 'arn:', 'Access', 'sg-', '10.', 'İ'),
  }),
  fc.record({
    kind: fc.constant('endsWith' as const),
    field: eventFieldArb,
    value: fc.constantFrom('', 'e', 'UnauthorizedOperation', '.com', 'abc', '😀'),
  }),
  fc.record({
    kind: fc.constant('identity' as const),
    value: fc.oneof(identityStringArb, stringArb),
  }),
  fc.record({
    kind: fc.constant('resource' as const),
    value: fc.oneof(resourceStringArb, stringArb),
  }),
  fc.record({ kind: fc.constant('sourceIp' as const), value: ipSpecArb }),
);

/** Predicate trees: leaves under nested all/any/not, including empty all/any. */
export const predicateArb: fc.Arbitrary<Predicate> = fc.letrec<{ predicate: Predicate }>((tie) => ({
  predicate: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({
      kind: fc.constant('all' as const),
      of: fc.array(tie('predicate'), { maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('any' as const),
      of: fc.array(tie('predicate'), { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), of: tie('predicate') }),
  ),
})).predicate;

/** A half-open window inside (or around) the records' time range. */
export const windowArb = fc
  .tuple(
    fc.integer({ min: Date.UTC(2026, 8, 1), max: Date.UTC(2026, 11, 15) }),
    fc.integer({ min: 0, max: 40 * 86_400_000 }),
  )
  .map(([start, length]) => ({ start: new Date(start), end: new Date(start + length) }));

/** A filter with or without a window. */
export const filterArb: fc.Arbitrary<EventFilter> = fc
  .tuple(predicateArb, fc.option(windowArb, { nil: undefined }))
  .map(([where, window]) => (window === undefined ? { where } : { where, window }));
