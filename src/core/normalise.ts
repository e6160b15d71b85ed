/**
 * From whatever CloudTrail (or a sample, or an attacker-controlled fixture) delivered to a
 * {@link TrailEvent}. Tolerant by design: a record with missing or oddly typed fields still
 * becomes an event, because one malformed record must not hide the other thousand.
 */
import { describeActor } from './actor.js';
import type { EventField } from './filter.js';
import { fieldValue, isJsonObject, scalarText } from './fields.js';
import type { CloudTrailRecord, EventResource, TrailEvent } from './trail-event.js';

/**
 * ISO-8601 date-time as CloudTrail writes it (`2026-11-26T02:13:44Z`), also accepting
 * fractions, numeric offsets and a space for `T`. Other formats are not guessed at.
 */
const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds of a CloudTrail `eventTime`.
 *
 * A time without a zone is UTC (CloudTrail only writes UTC). Anything unparsable gives **0**
 * (1970-01-01T00:00:00Z) rather than NaN: the event still sorts, compares and serialises,
 * falls outside every real window, and stays findable by event ID. The original text is kept
 * in `TrailEvent.eventTime`.
 *
 * @example parseEventTime('2026-11-26T02:13:44Z') === 1795659224000
 * @example parseEventTime('yesterday') === 0
 */
export function parseEventTime(text: string | undefined): number {
  const parts = text === undefined ? null : ISO_DATE_TIME.exec(text.trim());
  if (parts === null) return 0;
  const [, date, hoursMinutes, seconds = '00', fraction = '', zone = 'Z'] = parts;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`; // +0100 → +01:00
  const ms = Date.parse(`${date}T${hoursMinutes}:${seconds}.${millis}${offset}`);
  return Number.isFinite(ms) ? ms : 0;
}

/** `true`/`false` from a boolean or its string form in any case; otherwise unknown. */
function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

function normaliseResources(value: unknown): EventResource[] {
  if (!Array.isArray(value)) return [];
  const resources: EventResource[] = [];
  for (const entry of value) {
    if (!isJsonObject(entry)) continue;
    const resource: EventResource = {};
    const arn = scalarText(entry.ARN);
    const type = scalarText(entry.type);
    const accountId = scalarText(entry.accountId);
    if (arn !== undefined) resource.arn = arn;
    if (type !== undefined) resource.type = type;
    if (accountId !== undefined) resource.accountId = accountId;
    resources.push(resource);
  }
  return resources;
}

/**
 * Normalises one record. Never throws. Scalar fields read exactly as {@link fieldValue} reads
 * them (so `event.errorCode === fieldValue(event.raw, 'errorCode')`); required strings that are
 * missing become `''`; `readOnly`/`managementEvent` become booleans when the record says
 * `true`/`false` in any form; `raw` is the record itself, untouched.
 */
export function normaliseRecord(record: CloudTrailRecord): TrailEvent {
  const field = (name: EventField): string | undefined => fieldValue(record, name);
  const eventTime = scalarText(record.eventTime) ?? '';
  const event: TrailEvent = {
    eventID: field('eventID') ?? '',
    eventTime,
    eventTimeMs: parseEventTime(eventTime),
    eventName: field('eventName') ?? '',
    eventSource: field('eventSource') ?? '',
    awsRegion: field('awsRegion') ?? '',
    actor: describeActor(record.userIdentity),
    resources: normaliseResources(record.resources),
    raw: record,
  };
  const optional = {
    eventType: field('eventType'),
    eventCategory: field('eventCategory'),
    recipientAccountId: field('recipientAccountId'),
    sourceIPAddress: field('sourceIPAddress'),
    userAgent: field('userAgent'),
    errorCode: field('errorCode'),
    errorMessage: field('errorMessage'),
  } as const;
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) event[key as keyof typeof optional] = value;
  }
  const readOnly = parseBoolean(record.readOnly);
  if (readOnly !== undefined) event.readOnly = readOnly;
  const managementEvent = parseBoolean(record.managementEvent);
  if (managementEvent !== undefined) event.managementEvent = managementEvent;
  return event;
}

/**
 * The records of one CloudTrail log file body, `{"Records":[…]}` (after gunzip). Entries that
 * are not JSON objects are left out and counted in `skipped`, so callers can say so.
 *
 * @example parseLogFile('{"Records":[{"eventName":"StopLogging"}]}')
 * // → { records: [{ eventName: 'StopLogging' }], skipped: 0 }
 */
export function parseLogFile(
  text: string,
): { records: CloudTrailRecord[]; skipped: number } | { error: string } {
  let body: unknown;
  try {
    // A UTF-8 byte-order mark is not JSON; some tools write one.
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (!isJsonObject(body) || !Array.isArray(body.Records)) {
    return { error: 'not a CloudTrail log file: expected {"Records": [...]}' };
  }
  const records = body.Records.filter(isJsonObject);
  return { records, skipped: body.Records.length - records.length };
}
