/**
 * The one reading of a scalar {@link EventField} from a raw record. `evaluate()`, the normaliser
 * and every backend's column extraction go through here (or mirror it exactly), so an `eq` on
 * `readOnly` means the same thing in memory, in DuckDB and in Athena.
 */
import type { EventField } from './filter.js';
import type { CloudTrailRecord } from './trail-event.js';

/** Where each field lives inside the record. Only own properties are followed. */
const FIELD_PATHS: Readonly<Record<EventField, readonly string[]>> = {
  eventID: ['eventID'],
  eventName: ['eventName'],
  eventSource: ['eventSource'],
  eventType: ['eventType'],
  eventCategory: ['eventCategory'],
  awsRegion: ['awsRegion'],
  recipientAccountId: ['recipientAccountId'],
  sourceIPAddress: ['sourceIPAddress'],
  userAgent: ['userAgent'],
  errorCode: ['errorCode'],
  errorMessage: ['errorMessage'],
  readOnly: ['readOnly'],
  'userIdentity.type': ['userIdentity', 'type'],
  'userIdentity.invokedBy': ['userIdentity', 'invokedBy'],
  'userIdentity.accessKeyId': ['userIdentity', 'accessKeyId'],
  'responseElements.ConsoleLogin': ['responseElements', 'ConsoleLogin'],
  'additionalEventData.MFAUsed': ['additionalEventData', 'MFAUsed'],
  'userIdentity.arn': ['userIdentity', 'arn'],
  sharedEventID: ['sharedEventID'],
  'requestParameters.roleArn': ['requestParameters', 'roleArn'],
  'requestParameters.roleSessionName': ['requestParameters', 'roleSessionName'],
  'responseElements.credentials.accessKeyId': ['responseElements', 'credentials', 'accessKeyId'],
  'responseElements.sourceIdentity': ['responseElements', 'sourceIdentity'],
};

/** Every field a predicate may test, e.g. for a backend that extracts them into columns. */
export const EVENT_FIELDS: readonly EventField[] = Object.keys(FIELD_PATHS) as EventField[];

/** A plain JSON object (not null, not an array). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, following own properties only (so `constructor` is never "found"). */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * A scalar as text: strings as they are, finite numbers and booleans through `String()`;
 * objects, arrays, null, NaN and anything else have no scalar text.
 *
 * @example scalarText(443) === '443'; scalarText(null) === undefined
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The string value of a scalar field, or `undefined` when the record has none.
 *
 * Rules (backends must reproduce them):
 * - strings are returned unchanged (the empty string stays `''`, see `present`);
 * - booleans and finite numbers are stringified (`true` → `'true'`, `443` → `'443'`);
 * - objects, arrays, `null` and missing keys give `undefined`;
 * - `readOnly` is additionally lowercased, because CloudTrail writes `true`, `"true"` and,
 *   in the wild, `"True"`: all three read as `'true'`.
 *
 * @example fieldValue({ readOnly: true }, 'readOnly') === 'true'
 * @example fieldValue({ userIdentity: { type: 'Root' } }, 'userIdentity.type') === 'Root'
 */
export function fieldValue(record: CloudTrailRecord, field: EventField): string | undefined {
  const text = scalarText(valueAt(record, FIELD_PATHS[field]));
  return field === 'readOnly' ? text?.toLowerCase() : text;
}
