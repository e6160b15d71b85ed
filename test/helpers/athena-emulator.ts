/**
 * An Athena table emulated on DuckDB, for tests of the SQL trailhound sends to Athena: a table
 * shaped like infra/athena/cloudtrail_logs.sql (the same column names, `useridentity` and
 * `resources` as STRUCTs, the JSON-text columns as text, the `account`/`region`/`"timestamp"`
 * partition columns), and the Athena WHERE clause made runnable on it: ExecutionParameters
 * spliced in the way Athena does, and the few functions Trino and DuckDB spell differently
 * translated mechanically. What this tests is the dialect's logic, quoting and partition
 * predicates — not Trino itself (see test/unit/backends/athena-differential.test.ts for the
 * stated limits).
 */
import { strict as assert } from 'node:assert';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildAthenaQuery } from '../../src/backends/athena/query.js';
import { partitionDay } from '../../src/backends/sql/athena-dialect.js';
import { fieldValue, isJsonObject, scalarText, valueAt } from '../../src/core/fields.js';
import type { EventFilter } from '../../src/core/filter.js';
import { ipToHex } from '../../src/core/ip.js';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';

const TABLE = `CREATE TABLE cloudtrail_logs (
  idx INTEGER, eventid VARCHAR, eventtime VARCHAR, eventsource VARCHAR, eventname VARCHAR,
  eventtype VARCHAR, eventcategory VARCHAR, awsregion VARCHAR, recipientaccountid VARCHAR,
  sourceipaddress VARCHAR, source_ip_hex VARCHAR, useragent VARCHAR, errorcode VARCHAR,
  errormessage VARCHAR, readonly VARCHAR, requestparameters VARCHAR, responseelements VARCHAR,
  additionaleventdata VARCHAR,
  useridentity STRUCT(type VARCHAR, arn VARCHAR, username VARCHAR, accesskeyid VARCHAR,
    invokedby VARCHAR, sessioncontext STRUCT(sessionissuer STRUCT(username VARCHAR),
    sourceidentity VARCHAR)),
  resources STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[],
  account VARCHAR, region VARCHAR, "timestamp" VARCHAR, sharedeventid VARCHAR)`;

const IDENTITY_TYPE =
  'STRUCT(type VARCHAR, arn VARCHAR, username VARCHAR, accesskeyid VARCHAR, invokedby VARCHAR, ' +
  'sessioncontext STRUCT(sessionissuer STRUCT(username VARCHAR), sourceidentity VARCHAR))';
const RESOURCES_TYPE = 'STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]';
/** Row positions of the STRUCT columns and how their JSON text is cast. */
const STRUCT_COLUMNS = new Map([
  [18, `CAST(CAST(? AS JSON) AS ${IDENTITY_TYPE})`],
  [19, `CAST(CAST(? AS JSON) AS ${RESOURCES_TYPE})`],
]);

/** Trino spelling → DuckDB spelling, applied to the SQL text. */
const TRANSLATIONS: [RegExp, string][] = [
  [/contains\(ARRAY\[/g, 'list_contains(['],
  [/regexp_like\(/g, 'regexp_matches('],
  [/json_extract_scalar\(/g, 'trino_json_scalar('],
  [/TRY\(from_iso8601_timestamp\(eventtime\)\)/g, 'TRY_CAST(eventtime AS TIMESTAMPTZ)'],
  [
    /lower\(to_hex\(CAST\(TRY_CAST\(sourceipaddress AS IPADDRESS\) AS VARBINARY\)\)\)/g,
    'source_ip_hex',
  ],
];

/** `any_match(list, r -> p)` → `list_bool_or(list_transform(list, r -> p))`, parentheses balanced. */
function translateAnyMatch(sql: string): string {
  let out = sql;
  for (let at = out.indexOf('any_match('); at >= 0; at = out.indexOf('any_match(')) {
    let depth = 0;
    let end = at + 'any_match'.length;
    for (; end < out.length; end++) {
      if (out[end] === '(') depth++;
      else if (out[end] === ')' && --depth === 0) break;
    }
    const args = out.slice(at + 'any_match('.length, end);
    out = `${out.slice(0, at)}list_bool_or(list_transform(${args}))${out.slice(end + 1)}`;
  }
  return out;
}

/** Splices ExecutionParameters into the `?`s, as Athena does; TIMESTAMP '… UTC' → TIMESTAMPTZ. */
function splice(sql: string, params: readonly string[]): string {
  const pieces = sql.split('?');
  assert.equal(pieces.length - 1, params.length, 'one parameter per placeholder');
  return pieces
    .map((piece, i) => piece + (params[i]?.replace(/^TIMESTAMP '/, "TIMESTAMPTZ '") ?? ''))
    .join('');
}

/** The WHERE clause exactly as the Athena backend would send it, made runnable on DuckDB. */
export function duckdbWhereOf(sql: string, params: readonly string[]): string {
  const where = sql.slice(sql.indexOf(' WHERE ') + ' WHERE '.length, sql.indexOf(' ORDER BY '));
  let translated = splice(where, params);
  for (const [from, to] of TRANSLATIONS) translated = translated.replace(from, to);
  return translateAnyMatch(translated);
}

const text = (record: CloudTrailRecord, path: string[]): string | null =>
  scalarText(valueAt(record, path)) ?? null;
const json = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);

/** One record as the Athena table's row (see the header for what the SerDe is taken to do). */
function row(record: CloudTrailRecord, idx: number): unknown[] {
  const identity = isJsonObject(record.userIdentity)
    ? {
        type: text(record, ['userIdentity', 'type']),
        arn: text(record, ['userIdentity', 'arn']),
        username: text(record, ['userIdentity', 'userName']),
        accesskeyid: text(record, ['userIdentity', 'accessKeyId']),
        invokedby: text(record, ['userIdentity', 'invokedBy']),
        sessioncontext: {
          sessionissuer: {
            username: text(record, ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName']),
          },
          sourceidentity: text(record, ['userIdentity', 'sessionContext', 'sourceIdentity']),
        },
      }
    : null;
  const resources = Array.isArray(record.resources)
    ? record.resources.map((r: unknown) => ({
        arn: typeof valueAt(r, ['ARN']) === 'string' ? (valueAt(r, ['ARN']) as string) : null,
        accountid: scalarText(valueAt(r, ['accountId'])) ?? null,
        type: scalarText(valueAt(r, ['type'])) ?? null,
      }))
    : null;
  const event = normaliseRecord(record);
  const ip = fieldValue(record, 'sourceIPAddress');
  return [
    idx,
    text(record, ['eventID']),
    text(record, ['eventTime']),
    text(record, ['eventSource']),
    text(record, ['eventName']),
    text(record, ['eventType']),
    text(record, ['eventCategory']),
    text(record, ['awsRegion']),
    text(record, ['recipientAccountId']),
    ip ?? null,
    (ip === undefined ? undefined : ipToHex(ip)) ?? null,
    text(record, ['userAgent']),
    text(record, ['errorCode']),
    text(record, ['errorMessage']),
    text(record, ['readOnly']),
    json(record.requestParameters),
    json(record.responseElements),
    json(record.additionalEventData),
    identity,
    resources,
    fieldValue(record, 'recipientAccountId') ?? 'unknown',
    fieldValue(record, 'awsRegion') ?? 'unknown',
    // The day folder: the event's own day (files are delivered minutes after the call).
    partitionDay(new Date(event.eventTimeMs)),
    text(record, ['sharedEventID']),
  ];
}

/** The WHERE clause the Athena backend would send for `filter`, made runnable on DuckDB. */
export function duckdbWhere(filter: EventFilter): string {
  const { sql, params } = buildAthenaQuery(filter, 'trail', 'cloudtrail_logs', {});
  return duckdbWhereOf(sql, params);
}

/** The emulated table in an in-memory DuckDB; rows are numbered by load order. */
export class AthenaTableEmulator {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(): Promise<AthenaTableEmulator> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(TABLE);
    await connection.run(
      `CREATE MACRO trino_json_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY', 'NULL') ` +
        'THEN NULL ELSE json_extract_string(j, p) END',
    );
    return new AthenaTableEmulator(instance, connection);
  }

  /** Replaces the table's rows with `records`. */
  async load(records: readonly CloudTrailRecord[]): Promise<void> {
    await this.connection.run('DELETE FROM cloudtrail_logs');
    for (const [i, record] of records.entries()) {
      // The STRUCT columns travel as JSON text and are cast to the table's own types.
      const values = row(record, i).map((value, column) =>
        STRUCT_COLUMNS.has(column) ? JSON.stringify(value) : value,
      );
      const placeholders = values.map((_, column) => STRUCT_COLUMNS.get(column) ?? '?');
      await this.connection.run(
        `INSERT INTO cloudtrail_logs VALUES (${placeholders.join(', ')})`,
        values as (string | number | null)[],
      );
    }
  }

  /** Load positions of the rows a WHERE clause (DuckDB spelling) selects, in load order. */
  async selectWhere(where: string): Promise<number[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT idx FROM cloudtrail_logs WHERE ${where} ORDER BY idx`,
    );
    return reader.getRowsJS().map(([idx]) => Number(idx));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
