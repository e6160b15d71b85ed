/**
 * Athena result rows back into CloudTrail records. GetQueryResults gives every value as a
 * string (`{VarCharValue: "…"}`, or `{}` for NULL); the JSON-text columns are parsed back into
 * objects, and the flat identity columns are folded into the nested `userIdentity` CloudTrail
 * writes, so `normaliseRecord()` and `matches()` see the record they would see from S3.
 */
import type { Datum, Row } from '@aws-sdk/client-athena';
import type { CloudTrailRecord } from '../../core/trail-event.js';
import { RECORD_COLUMNS, TOTAL_COLUMN } from './query.js';

/** Columns whose text is JSON (objects or arrays) in CloudTrail's own record. */
const JSON_COLUMNS = new Set([
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'serviceeventdetails',
  'resources_json',
]);

const PATH_BY_ALIAS = new Map(RECORD_COLUMNS.map(([, alias, path]) => [alias, path.split('.')]));

/** A JSON-text column's value: the parsed object, or the text itself when it is not JSON. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sets `value` at `path`, creating the nested objects on the way. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (typeof next === 'object' && next !== null) {
      current = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    }
  }
  const last = path.at(-1);
  if (last !== undefined) current[last] = value;
}

/** The string cells of a row; NULL cells are `undefined`. */
export const rowValues = (row: Row): (string | undefined)[] =>
  (row.Data ?? []).map((datum: Datum) => datum.VarCharValue);

/**
 * The CloudTrail record in one result row, given the header's column names. NULL columns are
 * left out, as CloudTrail leaves out absent fields.
 *
 * @example recordFromRow(['eventname', 'ui_username'], ['ConsoleLogin', 'alice'])
 * // → { eventName: 'ConsoleLogin', userIdentity: { userName: 'alice' } }
 */
export function recordFromRow(
  header: readonly string[],
  values: readonly (string | undefined)[],
): CloudTrailRecord {
  const record: CloudTrailRecord = {};
  header.forEach((column, index) => {
    const text = values[index];
    const path = PATH_BY_ALIAS.get(column);
    if (text === undefined || path === undefined) return;
    setPath(record, path, JSON_COLUMNS.has(column) ? parseJsonText(text) : text);
  });
  // resources: [{ARN, accountId, type}] without the nulls Athena's MAP carried over.
  if (Array.isArray(record.resources)) {
    record.resources = record.resources.map((entry: unknown) =>
      typeof entry === 'object' && entry !== null
        ? Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== null))
        : entry,
    );
  }
  return record;
}

/** The total-matches column of a row, as a number (0 when absent). */
export function totalFromRow(
  header: readonly string[],
  values: readonly (string | undefined)[],
): number {
  const text = values[header.indexOf(TOTAL_COLUMN)];
  const total = text === undefined ? NaN : Number.parseInt(text, 10);
  return Number.isFinite(total) ? total : 0;
}
