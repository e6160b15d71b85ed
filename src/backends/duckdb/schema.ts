/**
 * The layout of the local index (a DuckDB database file). One `events` row per CloudTrail
 * record: where the record is (file and position), one VARCHAR column per filterable
 * {@link EventField} (exactly `fieldValue()`), and precomputed columns for the matches SQL
 * cannot express cheaply — the identity keys, the resource values and the source address as
 * fixed-width hex.
 *
 * The record itself is not copied into the index: the log files already hold it, and storing
 * (and compressing) every record's JSON cost DuckDB more than everything else in indexing
 * together. A page of results re-reads its few files instead (see `record-reader.ts`). The `files` table remembers every log file read (size, mtime, outcome), so a
 * later run reads only what is new or changed and does not retry a broken file until it changes.
 */
import type { EventField } from '../../core/filter.js';

/** Bumped whenever a column's meaning changes; an index with another version is rebuilt. */
export const SCHEMA_VERSION = 3;

/** The `events` column holding each filterable field, as `fieldValue(record, field)`. */
export const FIELD_COLUMNS: Readonly<Record<EventField, string>> = {
  eventID: 'event_id',
  eventName: 'event_name',
  eventSource: 'event_source',
  eventType: 'event_type',
  eventCategory: 'event_category',
  awsRegion: 'aws_region',
  recipientAccountId: 'recipient_account_id',
  sourceIPAddress: 'source_ip_address',
  userAgent: 'user_agent',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  readOnly: 'read_only',
  'userIdentity.type': 'identity_type',
  'userIdentity.invokedBy': 'identity_invoked_by',
  'userIdentity.accessKeyId': 'identity_access_key_id',
  'responseElements.ConsoleLogin': 'console_login',
  'additionalEventData.MFAUsed': 'mfa_used',
  'userIdentity.arn': 'identity_arn',
  sharedEventID: 'shared_event_id',
  'requestParameters.roleArn': 'role_arn',
  'requestParameters.roleSessionName': 'role_session_name',
  'responseElements.credentials.accessKeyId': 'issued_access_key_id',
  'responseElements.sourceIdentity': 'issued_source_identity',
};

/** Columns beyond the field columns, in table order after them. */
export const COMPUTED_COLUMNS = {
  /** `identityKeys(record)`: lowercased. */
  identityKeys: 'identity_keys',
  /** `resourceValues(record)`. */
  resourceValues: 'resource_values',
  /** `ipToHex(sourceIPAddress)`: 32 hex digits, NULL for non-addresses. */
  sourceIpHex: 'source_ip_hex',
  /** `normaliseRecord(record).actor.display`, for the "who" summary. */
  actor: 'actor',
} as const;

export const FILES_DDL = `
CREATE TABLE IF NOT EXISTS files (
  file_id INTEGER PRIMARY KEY,
  path VARCHAR NOT NULL UNIQUE,
  size BIGINT NOT NULL,
  mtime_ms DOUBLE NOT NULL,
  status VARCHAR NOT NULL,   -- 'indexed' | 'skipped'
  error VARCHAR,             -- why a skipped file was skipped
  events INTEGER NOT NULL,
  indexed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)`;

export const META_DDL = `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`;

/** Every `events` column in order with its DuckDB type. */
export const EVENT_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['file_id', 'INTEGER'],
  /** Position in the file's `Records` (counting only the entries that are objects). */
  ['ordinal', 'INTEGER'],
  ['event_time_ms', 'BIGINT'],
  ...Object.values(FIELD_COLUMNS).map((name) => [name, 'VARCHAR'] as const),
  [COMPUTED_COLUMNS.identityKeys, 'VARCHAR[]'],
  [COMPUTED_COLUMNS.resourceValues, 'VARCHAR[]'],
  [COMPUTED_COLUMNS.sourceIpHex, 'VARCHAR'],
  [COMPUTED_COLUMNS.actor, 'VARCHAR'],
];

export const EVENTS_DDL = `CREATE TABLE IF NOT EXISTS events (${EVENT_COLUMNS.map(
  ([name, type]) => `${name} ${type}`,
).join(', ')})`;
