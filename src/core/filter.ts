/**
 * The backend-neutral meaning of a question: a time window plus a predicate tree over events.
 * It is inert data: `matches()` evaluates it in memory, the SQL compiler turns it into DuckDB or
 * Athena SQL, and the LookupEvents planner picks one attribute from it and applies the rest
 * with `matches()`. Those three must always agree; tests hold them to it.
 */
import type { TimeWindow } from './window.js';

/**
 * Scalar fields a predicate may test. Values compare as strings: `readOnly` is `'true'`/`'false'`
 * (CloudTrail writes either a boolean or a string), a missing field is `undefined`.
 */
export type EventField =
  | 'eventID'
  | 'eventName'
  | 'eventSource'
  | 'eventType'
  | 'eventCategory'
  | 'awsRegion'
  | 'recipientAccountId'
  | 'sourceIPAddress'
  | 'userAgent'
  | 'errorCode'
  | 'errorMessage'
  | 'readOnly'
  | 'userIdentity.type'
  | 'userIdentity.invokedBy'
  | 'userIdentity.accessKeyId'
  | 'responseElements.ConsoleLogin'
  | 'additionalEventData.MFAUsed'
  /** The tracing fields (src/trace): who issued which temporary credentials to whom. */
  | 'userIdentity.arn'
  | 'sharedEventID'
  | 'requestParameters.roleArn'
  | 'requestParameters.roleSessionName'
  | 'responseElements.credentials.accessKeyId'
  | 'responseElements.sourceIdentity';

export type Predicate =
  | { kind: 'all'; of: Predicate[] }
  | { kind: 'any'; of: Predicate[] }
  | { kind: 'not'; of: Predicate }
  /** Case-sensitive equality with a string value. */
  | { kind: 'eq'; field: EventField; value: string }
  /** Case-sensitive membership in a set of values. */
  | { kind: 'in'; field: EventField; values: string[] }
  /** The field is present and not the empty string. */
  | { kind: 'present'; field: EventField }
  | { kind: 'startsWith'; field: EventField; value: string }
  | { kind: 'endsWith'; field: EventField; value: string }
  /** The identity match of questions.md ("by P", "what did P do"); case-insensitive. */
  | { kind: 'identity'; value: string }
  /** The resource match of questions.md ("who changed R"); case-sensitive, whole values. */
  | { kind: 'resource'; value: string }
  /** sourceIPAddress equals an address or lies inside a CIDR block (IPv4 or IPv6). */
  | { kind: 'sourceIp'; value: string };

export interface EventFilter {
  /** Absent only for questions that ignore time (`event <id>`). */
  window?: TimeWindow;
  where: Predicate;
  /** True when the answer needs data events (e.g. S3 object-level calls) LookupEvents cannot see. */
  needsDataEvents?: boolean;
}

/** Builders, so intents read like their definitions in questions.md. */
export const all = (...of: Predicate[]): Predicate => ({ kind: 'all', of });
export const any = (...of: Predicate[]): Predicate => ({ kind: 'any', of });
export const not = (of: Predicate): Predicate => ({ kind: 'not', of });
export const eq = (field: EventField, value: string): Predicate => ({ kind: 'eq', field, value });
export const oneOf = (field: EventField, values: string[]): Predicate => ({
  kind: 'in',
  field,
  values,
});
export const present = (field: EventField): Predicate => ({ kind: 'present', field });
export const startsWith = (field: EventField, value: string): Predicate => ({
  kind: 'startsWith',
  field,
  value,
});
export const endsWith = (field: EventField, value: string): Predicate => ({
  kind: 'endsWith',
  field,
  value,
});
export const identity = (value: string): Predicate => ({ kind: 'identity', value });
export const resource = (value: string): Predicate => ({ kind: 'resource', value });
export const sourceIp = (value: string): Predicate => ({ kind: 'sourceIp', value });
/** Matches every event (an empty conjunction). */
export const everything = (): Predicate => ({ kind: 'all', of: [] });
