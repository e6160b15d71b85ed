/**
 * One CloudTrail record as one line of newline-delimited JSON in the shape of the `events`
 * table. Index workers write these lines to a spool file and DuckDB bulk-loads them with
 * `read_json` (its native, parallel reader is far faster than appending row by row from
 * JavaScript). Every column comes from the same pure functions `matches()` uses, so the SQL
 * over these columns means what `matches()` means.
 */
import { EVENT_FIELDS, fieldValue, scalarText } from '../../core/fields.js';
import { identityKeys } from '../../core/identity-keys.js';
import { ipToHex } from '../../core/ip.js';
import { describeActor } from '../../core/actor.js';
import { parseEventTime } from '../../core/normalise.js';
import { resourceValues } from '../../core/resource-values.js';
import type { CloudTrailRecord } from '../../core/trail-event.js';
import { COMPUTED_COLUMNS, EVENT_COLUMNS, FIELD_COLUMNS } from './schema.js';

/**
 * Spool lines name columns `c0`, `c1`, … (their position in {@link EVENT_COLUMNS}) rather than
 * by their names: DuckDB parses every key of every line, and the names would be a third of
 * each line.
 */
const spoolKey = (column: string): string =>
  `c${EVENT_COLUMNS.findIndex(([name]) => name === column)}`;

/** `,"cN":` for a column, ready to concatenate. */
const member = (column: string): string => `,"${spoolKey(column)}":`;

/** Field columns in `EVENT_FIELDS` order, each with its member prefix. */
const FIELD_KEYS = EVENT_FIELDS.map((field) => [field, member(FIELD_COLUMNS[field])] as const);
const FILE_ID = spoolKey('file_id');
const ORDINAL = member('ordinal');
const EVENT_TIME = member('event_time_ms');
const SOURCE_IP_HEX = member(COMPUTED_COLUMNS.sourceIpHex);
const IDENTITY_KEYS = member(COMPUTED_COLUMNS.identityKeys);
const ACTOR = member(COMPUTED_COLUMNS.actor);
const RESOURCE_VALUES = member(COMPUTED_COLUMNS.resourceValues);

/** A JSON string literal, or `null`. */
const jsonText = (value: string | undefined): string =>
  value === undefined ? 'null' : JSON.stringify(value);

/**
 * A bounded memo. Log files repeat the same few callers and addresses thousands of times, so
 * the identity columns (identityKeys, the actor display) are computed once per distinct
 * `userIdentity` and the hex form once per address. When full it simply starts over.
 */
class Memo {
  readonly #values = new Map<string, string>();
  constructor(readonly capacity: number) {}

  get(key: string, compute: () => string): string {
    let value = this.#values.get(key);
    if (value === undefined) {
      if (this.#values.size >= this.capacity) this.#values.clear();
      value = compute();
      this.#values.set(key, value);
    }
    return value;
  }
}

const identityColumns = new Memo(20_000);
const ipColumn = new Memo(20_000);

/**
 * The `events` row of the record at position `ordinal` of file `fileId`, as an NDJSON line
 * (no trailing newline). Built by concatenation: indexing spends most of its time here.
 *
 * @example
 * eventRowLine({ eventName: 'StopLogging', eventTime: '2026-11-26T02:13:44Z' }, 7, 0)
 * // → '{"c0":7,"c1":0,"c2":1795659224000,"c3":null,"c4":"StopLogging",…}'
 */
export function eventRowLine(record: CloudTrailRecord, fileId: number, ordinal: number): string {
  // The same time and actor `normaliseRecord()` gives, without building the whole event.
  const eventTimeMs = parseEventTime(scalarText(record.eventTime) ?? '');
  let line = `{"${FILE_ID}":${fileId}${ORDINAL}${ordinal}${EVENT_TIME}${eventTimeMs}`;
  for (const [field, key] of FIELD_KEYS) line += key + jsonText(fieldValue(record, field));
  const sourceIp = fieldValue(record, 'sourceIPAddress');
  if (sourceIp !== undefined) {
    line += ipColumn.get(sourceIp, () => SOURCE_IP_HEX + jsonText(ipToHex(sourceIp)));
  }
  // identityKeys() and describeActor() read nothing but userIdentity, so its JSON is a
  // complete key for both.
  line += identityColumns.get(
    JSON.stringify(record.userIdentity) ?? '',
    () =>
      IDENTITY_KEYS +
      JSON.stringify(identityKeys(record)) +
      ACTOR +
      jsonText(describeActor(record.userIdentity).display),
  );
  line += `${RESOURCE_VALUES}${JSON.stringify(resourceValues(record))}}`;
  return line;
}

/** The `read_json` column spec matching {@link eventRowLine}: `{c0: 'INTEGER', …}`. */
export const ROW_COLUMNS_SPEC = `{${EVENT_COLUMNS.map(([name, type]) => `${spoolKey(name)}: '${type}'`).join(', ')}}`;

/** SQL that appends the rows of NDJSON spool files (bound as a VARCHAR[] parameter). */
export const LOAD_ROWS_SQL = `INSERT INTO events (${EVENT_COLUMNS.map(([name]) => name).join(', ')})
  SELECT ${EVENT_COLUMNS.map(([name]) => spoolKey(name)).join(', ')}
  FROM read_json(?::VARCHAR[], format = 'newline_delimited', columns = ${ROW_COLUMNS_SPEC})`;
