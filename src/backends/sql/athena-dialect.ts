/**
 * The Trino (Athena engine v3) dialect over the CloudTrail table of
 * infra/athena/cloudtrail_logs.sql — the AWS documentation's table, whose nested record parts
 * are STRUCTs (`useridentity`), JSON text in STRING columns (`requestparameters`) or an array
 * of structs (`resources`), partitioned by `account`, `region` and `"timestamp"` (yyyy/MM/dd).
 *
 * Parameters are Athena `ExecutionParameters`: positional `?`, each value spliced in by Athena
 * as an SQL *literal*, so {@link athenaDialect.encode} turns a string into `'it''s'` (quotes
 * doubled) and an instant into `TIMESTAMP '2026-11-01 00:00:00.000 UTC'`. The SQL text itself
 * only ever holds column names, operators, `?` and constants written here.
 *
 * How each match of questions.md is written in Trino:
 * - identity: `contains(ARRAY[lower(k), lower(split_part(k, '@', 1)), …], ?)` over the six
 *   identity fields (the arn's last '/' segment via `regexp_extract`), with the value bound
 *   already lowercased by JavaScript like `identityKeys()`. `split_part` of a key without '@'
 *   is the key itself, so it adds nothing false.
 * - resource: a regular expression over the JSON text of requestparameters/responseelements
 *   that matches the value as a whole JSON string *value* (preceded by `:`, `[` or `,`,
 *   followed by `,`, `}` or `]`, so keys never match; an unescaped `"` cannot occur inside a
 *   JSON string, so a match cannot start mid-string), optionally as the tail of an `arn:`
 *   string; plus `any_match` over `resources[].arn` and its tail. The pattern is built here and
 *   bound as a parameter. Caveat: the value must be written in the JSON text the way
 *   `JSON.stringify` writes it (true for CloudTrail's own output, which does not escape `/`
 *   or non-ASCII).
 * - source IP: Trino's IPADDRESS type stores IPv4 as IPv4-mapped IPv6, exactly the 128-bit
 *   form of src/core/ip.ts, so `lower(to_hex(CAST(TRY_CAST(ip AS IPADDRESS) AS VARBINARY)))`
 *   compares with the same hex bounds. (Trino refuses IPv4 octets with leading zeros, which
 *   ip.ts reads as decimal; CloudTrail never writes them.)
 * - window: the exact half-open range on `eventtime`; `athena/query.ts` adds the
 *   `"timestamp"` partition range of every UTC day the window touches (so a one-day question
 *   reads one day of files).
 *   CloudTrail files sit under the day they were *delivered*, typically ~5 minutes after the
 *   call, so an event in the last minutes before a UTC midnight at the very end of a window
 *   can be missed; scanning an extra day for every question would double a one-day scan.
 */
import type { EventField } from '../../core/filter.js';
import type { TimeWindow } from '../../core/window.js';
import type { SqlDialect, SqlValue } from './dialect.js';

/** Where each field lives in the Athena table, reproducing `fieldValue()`. */
export const ATHENA_FIELDS: Readonly<Record<EventField, string>> = {
  eventID: 'eventid',
  eventName: 'eventname',
  eventSource: 'eventsource',
  eventType: 'eventtype',
  eventCategory: 'eventcategory',
  awsRegion: 'awsregion',
  recipientAccountId: 'recipientaccountid',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
  errorCode: 'errorcode',
  errorMessage: 'errormessage',
  // CloudTrail writes true, "true" and (rarely) "True"; fieldValue() lowercases.
  readOnly: 'lower(readonly)',
  'userIdentity.type': 'useridentity.type',
  'userIdentity.invokedBy': 'useridentity.invokedby',
  'userIdentity.accessKeyId': 'useridentity.accesskeyid',
  'responseElements.ConsoleLogin': "json_extract_scalar(responseelements, '$.ConsoleLogin')",
  'additionalEventData.MFAUsed': "json_extract_scalar(additionaleventdata, '$.MFAUsed')",
  'userIdentity.arn': 'useridentity.arn',
  sharedEventID: 'sharedeventid',
  'requestParameters.roleArn': "json_extract_scalar(requestparameters, '$.roleArn')",
  'requestParameters.roleSessionName':
    "json_extract_scalar(requestparameters, '$.roleSessionName')",
  'responseElements.credentials.accessKeyId':
    "json_extract_scalar(responseelements, '$.credentials.accessKeyId')",
  'responseElements.sourceIdentity': "json_extract_scalar(responseelements, '$.sourceIdentity')",
};

/** The partition column's format: `yyyy/MM/dd` in UTC. */
export const partitionDay = (date: Date): string =>
  date.toISOString().slice(0, 10).replaceAll('-', '/');

const DAY_MS = 86_400_000;

/**
 * Every UTC day (as partition values) that the half-open window touches, oldest first.
 *
 * @example windowDays({ start: new Date('2026-11-01T10:00Z'), end: new Date('2026-11-02T00:00Z') })
 * // → ['2026/11/01']
 */
export function windowDays(window: TimeWindow): string[] {
  const days: string[] = [];
  const first = Math.floor(window.start.getTime() / DAY_MS);
  const last = Math.floor((window.end.getTime() - 1) / DAY_MS);
  for (let day = first; day <= last; day++) days.push(partitionDay(new Date(day * DAY_MS)));
  return days;
}

/** `value` as an SQL string literal: single quotes, embedded quotes doubled. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** `2026-11-01 00:00:00.000 UTC` for a TIMESTAMP literal. */
const timestampText = (date: Date): string =>
  `${date.toISOString().replace('T', ' ').replace('Z', '')} UTC`;

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * A regular expression that finds `value` as a whole string value inside JSON text (or as the
 * tail of an `arn:` string value, when `value` has no '/' or ':' of its own).
 *
 * @example jsonStringValuePattern('sg-1') matches '{"groupId":"sg-1"}' but not '{"sg-1":1}'
 */
export function jsonStringValuePattern(value: string): string {
  const encoded = escapeRegex(JSON.stringify(value).slice(1, -1));
  const arnPrefix = /[/:]/.test(value) ? '' : '(?:arn:(?:[^"\\\\]|\\\\.)*[/:])?';
  return `(?:^|[\\[:,])\\s*"${arnPrefix}${encoded}"\\s*(?:[,}\\]]|$)`;
}

const IDENTITY_FIELDS = [
  'useridentity.username',
  "regexp_extract(useridentity.arn, '[^/]*$')",
  'useridentity.arn',
  'useridentity.sessioncontext.sessionissuer.username',
  'useridentity.accesskeyid',
  'useridentity.sessioncontext.sourceidentity',
];

const IDENTITY_KEYS = IDENTITY_FIELDS.flatMap((field) => [
  `lower(${field})`,
  `lower(split_part(${field}, '@', 1))`,
]).join(', ');

export const athenaDialect: SqlDialect = {
  name: 'athena',
  placeholder: () => '?',
  encode: (value: SqlValue) => {
    switch (value.type) {
      case 'string':
        return sqlString(value.value);
      case 'number':
        return String(value.value);
      case 'timestamp':
        return `TIMESTAMP '${timestampText(value.value)}'`;
    }
  },
  field: (field) => ATHENA_FIELDS[field],
  startsWith: (expr, placeholder) => `starts_with(${expr}, ${placeholder})`,
  // Trino has no ends_with; a reversed prefix test binds the value once.
  endsWith: (expr, placeholder) => `strpos(reverse(${expr}), reverse(${placeholder})) = 1`,
  identity: (value, bind) =>
    `contains(ARRAY[${IDENTITY_KEYS}], ${bind({ type: 'string', value: value.toLowerCase() })})`,
  resource: (value, bind) => {
    const pattern = () => bind({ type: 'string', value: jsonStringValuePattern(value) });
    const text = () => bind({ type: 'string', value });
    return (
      `(regexp_like(requestparameters, ${pattern()}) OR regexp_like(responseelements, ${pattern()}) ` +
      `OR any_match(resources, r -> (r.arn = ${text()} OR (starts_with(r.arn, 'arn:') ` +
      `AND regexp_extract(r.arn, '[^/:]*$') = ${text()}))))`
    );
  },
  sourceIpInRange: (lo, hi, bind) =>
    `lower(to_hex(CAST(TRY_CAST(sourceipaddress AS IPADDRESS) AS VARBINARY))) BETWEEN ` +
    `${bind({ type: 'string', value: lo })} AND ${bind({ type: 'string', value: hi })}`,
  // Only the exact instant range: the `"timestamp"` partition range is added by the query
  // builder as a top-level conjunct, because the compiler wraps this expression in COALESCE,
  // and Trino prunes partitions only on plain predicates it can see at the top of WHERE.
  window: (window, bind) =>
    `(TRY(from_iso8601_timestamp(eventtime)) >= ${bind({ type: 'timestamp', value: window.start })} ` +
    `AND TRY(from_iso8601_timestamp(eventtime)) < ${bind({ type: 'timestamp', value: window.end })})`,
};
