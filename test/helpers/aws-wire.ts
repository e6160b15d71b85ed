/**
 * The AWS JSON 1.1 wire protocol as the SDK speaks it (facts-aws.md §5), for nock and for the
 * local fake endpoints of the benchmarks: `POST /`, `X-Amz-Target: <Service>.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`, timestamps as epoch seconds, and errors as
 * `{"__type": "...", "message": "..."}` with a 4xx/5xx status.
 *
 * nock 15 note: a `.reply(fn)` callback receives the request as a fetch `Request` (read the
 * body with `await request.text()`, headers with `request.headers.get()`), and a callback
 * declared with two parameters is treated as node-style `(request, callback)`.
 */
import nock from 'nock';
import './nock-node20.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';

export const JSON_11 = 'application/x-amz-json-1.1';
export const LOOKUP_TARGET = 'CloudTrail_20131101.LookupEvents';
export const athenaTarget = (operation: string): string => `AmazonAthena.${operation}`;

/** Dummy credentials: the SDK still signs every request. One attempt so errors surface. */
export const testClientOptions = {
  credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret' },
  maxAttempts: 1,
};

/** The body LookupEvents sends for one page of records. */
export function lookupPage(
  records: CloudTrailRecord[],
  nextToken?: string,
): Record<string, unknown> {
  return {
    Events: records.map((record) => ({
      EventId: record.eventID,
      EventName: record.eventName,
      ReadOnly: String(record.readOnly ?? 'false'),
      EventTime: Date.parse(String(record.eventTime)) / 1000,
      EventSource: record.eventSource,
      Username:
        typeof record.userIdentity === 'object' && record.userIdentity !== null
          ? (record.userIdentity as Record<string, unknown>).userName
          : undefined,
      Resources: [],
      CloudTrailEvent: JSON.stringify(record),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

export const awsError = (type: string, message: string): Record<string, string> => ({
  __type: type,
  message,
});

/** The parsed JSON body of a request nock recorded. */
export const jsonBody = (body: unknown): Record<string, unknown> =>
  (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;

/** A nock scope for one Region's CloudTrail endpoint, matching only LookupEvents calls. */
export const cloudTrail = (region: string, base = `https://cloudtrail.${region}.amazonaws.com`) =>
  nock(base, { reqheaders: { 'x-amz-target': LOOKUP_TARGET, 'content-type': JSON_11 } });

/** A nock scope for Athena in a Region, matching one operation. */
export const athena = (region: string, operation: string) =>
  nock(`https://athena.${region}.amazonaws.com`, {
    reqheaders: { 'x-amz-target': athenaTarget(operation), 'content-type': JSON_11 },
  });
