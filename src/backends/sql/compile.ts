/**
 * Turns an {@link EventFilter} into a WHERE clause plus its parameters for any
 * {@link SqlDialect}. The SQL means exactly what `matches()` means (src/core/matches.ts):
 *
 * - Two-valued logic. SQL compares NULL to anything as NULL, and `NOT NULL` is NULL, so a
 *   record without `readOnly` would fall out of `not(eq('readOnly', 'true'))`. Every leaf is
 *   therefore wrapped in `COALESCE(leaf, FALSE)`, which makes it TRUE or FALSE before any
 *   NOT/AND/OR sees it.
 * - `all` of nothing is TRUE, `any` of nothing and `in` of nothing are FALSE.
 * - `identity`/`resource` with `''` and an unparsable `sourceIp` match nothing (FALSE) without
 *   touching the data.
 *
 * User values only ever appear as parameters. The SQL text holds column names, operators,
 * placeholders and the constants TRUE/FALSE — nothing else.
 *
 * @example
 * compileFilter({ where: eq('eventName', 'StopLogging') }, duckdbDialect)
 * // → { where: 'COALESCE(event_name = ?, FALSE)', params: ['StopLogging'] }
 */
import type { EventFilter, Predicate } from '../../core/filter.js';
import { parseIpOrCidr } from '../../core/ip.js';
import type { Bind, SqlDialect, SqlParam, SqlValue } from './dialect.js';

export interface CompiledFilter {
  /** A boolean SQL expression, ready to follow `WHERE`. */
  where: string;
  /** In placeholder order. */
  params: SqlParam[];
}

const TRUE = 'TRUE';
const FALSE = 'FALSE';

const text = (value: string): SqlValue => ({ type: 'string', value });

/** A leaf that may be NULL, made two-valued. */
const definite = (sql: string): string => `COALESCE(${sql}, FALSE)`;

function compilePredicate(p: Predicate, dialect: SqlDialect, bind: Bind): string {
  switch (p.kind) {
    case 'all':
      if (p.of.length === 0) return TRUE;
      return `(${p.of.map((child) => compilePredicate(child, dialect, bind)).join(' AND ')})`;
    case 'any':
      if (p.of.length === 0) return FALSE;
      return `(${p.of.map((child) => compilePredicate(child, dialect, bind)).join(' OR ')})`;
    case 'not':
      return `(NOT ${compilePredicate(p.of, dialect, bind)})`;
    case 'eq':
      return definite(`${dialect.field(p.field)} = ${bind(text(p.value))}`);
    case 'in': {
      if (p.values.length === 0) return FALSE;
      const placeholders = p.values.map((value) => bind(text(value)));
      return definite(`${dialect.field(p.field)} IN (${placeholders.join(', ')})`);
    }
    case 'present': {
      const column = dialect.field(p.field);
      return definite(`(${column} IS NOT NULL AND ${column} <> '')`);
    }
    case 'startsWith':
      return definite(dialect.startsWith(dialect.field(p.field), bind(text(p.value))));
    case 'endsWith':
      return definite(dialect.endsWith(dialect.field(p.field), bind(text(p.value))));
    case 'identity':
      return p.value === '' ? FALSE : definite(dialect.identity(p.value, bind));
    case 'resource':
      return p.value === '' ? FALSE : definite(dialect.resource(p.value, bind));
    case 'sourceIp': {
      const range = parseIpOrCidr(p.value);
      return range.ok ? definite(dialect.sourceIpInRange(range.lo, range.hi, bind)) : FALSE;
    }
  }
}

/** Compiles `filter` (window and predicate tree) for `dialect`. */
export function compileFilter(filter: EventFilter, dialect: SqlDialect): CompiledFilter {
  const params: SqlParam[] = [];
  const bind: Bind = (value) => {
    params.push(dialect.encode(value));
    return dialect.placeholder(params.length);
  };
  const parts: string[] = [];
  if (filter.window !== undefined) parts.push(definite(dialect.window(filter.window, bind)));
  const where = compilePredicate(filter.where, dialect, bind);
  if (where !== TRUE || parts.length === 0) parts.push(where);
  return { where: parts.join(' AND '), params };
}
