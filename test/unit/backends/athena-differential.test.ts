/**
 * The differential property for the Athena backend: the WHERE clause trailhound sends to Athena
 * (partition predicates + the shared compiler in the Athena dialect, values spliced in from
 * ExecutionParameters the way Athena does) selects exactly the events `matches()` accepts.
 *
 * It runs on DuckDB over a table shaped like infra/athena/cloudtrail_logs.sql: the same column
 * names, `useridentity` and `resources` as STRUCTs, the JSON-text columns as text, and the
 * `account`/`region`/`"timestamp"` partition columns. Where Trino and DuckDB spell a function
 * differently the SQL is translated mechanically (table below), so what is tested is the
 * dialect's logic, its quoting and its partition predicates — not Trino itself. Stated limits:
 * - Trino's `CAST(… AS IPADDRESS)` has no DuckDB counterpart; the emulated table carries
 *   `ipToHex(sourceIPAddress)` in its place, i.e. the IP predicate's shape is tested, the
 *   Trino cast is trusted to produce the same IPv4-mapped 16 bytes (it does, by design).
 * - The loader stores what Athena's JsonSerDe yields for the STRING/STRUCT columns as
 *   `fieldValue()` reads them (numbers and booleans as text; objects, arrays and non-string ARNs
 *   as NULL — CloudTrail never writes those there).
 * - The identity match reads the six identity fields as Athena's text columns; a boolean or
 *   number there (CloudTrail only writes strings) would become a key in Athena but not in
 *   `identityKeys()`, so generated records keep only string values in those fields.
 * - Trino's `lower()` maps case per code point, JavaScript's `toLowerCase()` fully: they differ
 *   for 'İ' and a final 'Σ', so those two letters are replaced before comparing.
 */
import { strict as assert } from 'node:assert';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { buildAthenaQuery } from '../../../src/backends/athena/query.js';
import { partitionDay } from '../../../src/backends/sql/athena-dialect.js';
import { fieldValue, isJsonObject, scalarText, valueAt } from '../../../src/core/fields.js';
import type { EventFilter } from '../../../src/core/filter.js';
import { ipToHex } from '../../../src/core/ip.js';
import { matches } from '../../../src/core/matches.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import type { CloudTrailRecord } from '../../../src/core/trail-event.js';
import { filterArb, recordArb, windowArb } from '../../helpers/arbitraries.js';

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
  account VARCHAR, region VARCHAR, "timestamp" VARCHAR)`;

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
function duckdbWhere(filter: EventFilter): string {
  const { sql, params } = buildAthenaQuery(filter, 'trail', 'cloudtrail_logs', {});
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
  ];
}

/** Replaces the two letters whose lowercase differs between Trino and JavaScript. */
const withoutCaseTraps = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value).replaceAll('İ', 'I').replaceAll('Σ', 'S'), (key, v) =>
    key === 'start' || key === 'end' ? new Date(v as string) : v,
  ) as T;

/** The identity fields, which CloudTrail writes only as strings. */
const IDENTITY_PATHS = [
  ['userName'],
  ['arn'],
  ['accessKeyId'],
  ['sessionContext', 'sessionIssuer', 'userName'],
  ['sessionContext', 'sourceIdentity'],
];

/** Drops non-string values from the identity fields (see the header). */
function stringIdentities(record: CloudTrailRecord): CloudTrailRecord {
  for (const path of IDENTITY_PATHS) {
    const parent = valueAt(record.userIdentity, path.slice(0, -1));
    const key = path.at(-1) as string;
    if (isJsonObject(parent) && Object.hasOwn(parent, key) && typeof parent[key] !== 'string') {
      delete parent[key];
    }
  }
  return record;
}

describe('Athena SQL agrees with matches()', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run(TABLE);
    await connection.run(
      `CREATE MACRO trino_json_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY', 'NULL') ` +
        'THEN NULL ELSE json_extract_string(j, p) END',
    );
  });

  after(() => {
    connection.closeSync();
    instance.closeSync();
  });

  async function load(records: CloudTrailRecord[]): Promise<void> {
    await connection.run('DELETE FROM cloudtrail_logs');
    for (const [i, record] of records.entries()) {
      // The STRUCT columns travel as JSON text and are cast to the table's own types.
      const values = row(record, i).map((value, column) =>
        STRUCT_COLUMNS.has(column) ? JSON.stringify(value) : value,
      );
      const placeholders = values.map((_, column) => STRUCT_COLUMNS.get(column) ?? '?');
      await connection.run(
        `INSERT INTO cloudtrail_logs VALUES (${placeholders.join(', ')})`,
        values as (string | number | null)[],
      );
    }
  }

  async function selected(filter: EventFilter): Promise<number[]> {
    const reader = await connection.runAndReadAll(
      `SELECT idx FROM cloudtrail_logs WHERE ${duckdbWhere(filter)} ORDER BY idx`,
    );
    return reader.getRowsJS().map(([idx]) => Number(idx));
  }

  it('selects exactly the events matches() accepts, for random filters and records', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { maxLength: 10 }),
        fc.array(filterArb, { minLength: 1, maxLength: 4 }),
        async (generated, generatedFilters) => {
          const records = withoutCaseTraps(generated).map(stringIdentities);
          const filters = generatedFilters.map(withoutCaseTraps);
          const events = records.map(normaliseRecord);
          await load(records);
          for (const filter of filters) {
            const expected = events.flatMap((event, i) => (matches(event, filter) ? [i] : []));
            assert.deepEqual(await selected(filter), expected, JSON.stringify(filter));
            if (expected.length > 0 && expected.length < events.length) partial++;
          }
        },
      ),
      { numRuns: 150 },
    );
    assert.ok(partial > 30, `only ${partial} filters split their records`);
  });

  it('puts a partition predicate on "timestamp" at the top of every query with a window', () => {
    fc.assert(
      fc.property(filterArb, windowArb, (filter, window) => {
        const { sql, params, days } = buildAthenaQuery(
          { ...filter, window },
          'trail',
          'cloudtrail_logs',
          {},
        );
        // A plain top-level conjunct (Athena prunes only on those), first in the WHERE clause.
        assert.match(sql, / WHERE "timestamp" BETWEEN \? AND \? AND /);
        assert.equal(params[0], `'${days?.[0] ?? ''}'`);
        assert.equal(params[1], `'${days?.at(-1) ?? ''}'`);
        const spanDays =
          Math.ceil((window.end.getTime() - window.start.getTime()) / 86_400_000) + 1;
        assert.ok((days?.length ?? 0) <= spanDays);
      }),
    );
  });
});
