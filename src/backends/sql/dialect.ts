/**
 * What differs between the SQL engines trailhound compiles filters for. The compiler
 * (`compile.ts`) owns the predicate logic — two-valued NOT/AND/OR, empty `in`/`any`, the
 * `''` rules of identity and resource — and asks the dialect only for *where the data is*
 * and *how a value is bound*. Everything a person typed reaches the engine as a bound
 * parameter: a dialect method receives a `bind` callback, hands it the value and splices in
 * the placeholder it returns, never the value itself.
 *
 * Two dialects are meant to fit:
 * - DuckDB (`duckdb-dialect.ts`) over trailhound's own index, where every {@link EventField}
 *   is a flat VARCHAR column and identity/resource/IP matches are precomputed list/hex
 *   columns.
 * - Trino/Athena over the official CloudTrail table (facts-aws.md §3): scalar fields are
 *   struct paths (`useridentity.type`) or JSON extractions from the STRING columns
 *   (`json_extract_scalar(responseelements, '$.ConsoleLogin')`), the identity match is an OR
 *   over `lower(...)` of the six identity fields (and their part before '@'), the resource
 *   match walks `requestparameters`/`responseelements` JSON plus `resources[].arn`, the source
 *   IP match converts `sourceipaddress` to the same 32-hex-digit form as `src/core/ip.ts`, and
 *   the time window adds a predicate on the `"timestamp"` partition column so Athena prunes.
 *   Athena's `ExecutionParameters` are SQL *literals*, which is what {@link SqlDialect.encode}
 *   is for: `'alice'` with quotes doubled, `TIMESTAMP '2026-11-01 00:00:00.000'`.
 *
 * Whatever a dialect emits must agree with `matches()` in `src/core/matches.ts` on every
 * record; `test/unit/backends/sql-differential.test.ts` holds the DuckDB dialect to that and
 * its arbitraries (`test/helpers/arbitraries.ts`) are there for the next dialect's test.
 */
import type { EventField } from '../../core/filter.js';
import type { TimeWindow } from '../../core/window.js';

/** A value on its way to becoming a bound parameter, typed so each dialect can encode it. */
export type SqlValue =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  /** An instant; DuckDB binds epoch milliseconds, Athena a `TIMESTAMP '…'` literal. */
  | { type: 'timestamp'; value: Date };

/** A parameter as the driver takes it (DuckDB: the JS value; Athena: literal SQL text). */
export type SqlParam = string | number;

/**
 * Registers `value` as the next parameter and returns the placeholder to put in the SQL
 * text (`?` for DuckDB and Athena; a `$n` dialect would return `$1`, `$2`, …).
 */
export type Bind = (value: SqlValue) => string;

export interface SqlDialect {
  /** For messages and provenance, e.g. `duckdb`. */
  readonly name: string;

  /** The placeholder of the parameter at `position` (1-based, in order of appearance). */
  placeholder(position: number): string;

  /** How a value travels to the driver. */
  encode(value: SqlValue): SqlParam;

  /**
   * An SQL expression for {@link EventField} `field` that yields exactly what
   * `fieldValue(record, field)` returns: the text, or NULL when that is `undefined`
   * (numbers and booleans as their `String()` text, `readOnly` lowercased, objects NULL).
   */
  field(field: EventField): string;

  /** `expr` starts with the string bound at `placeholder` (NULL when `expr` is NULL). */
  startsWith(expr: string, placeholder: string): string;

  /** `expr` ends with the string bound at `placeholder` (NULL when `expr` is NULL). */
  endsWith(expr: string, placeholder: string): string;

  /**
   * The identity match of `src/core/identity-keys.ts` for a non-empty `value` (the
   * compiler handles `''`). The dialect decides how to lowercase: DuckDB binds the value
   * lowercased by JavaScript, so it agrees with `identityKeys()` byte for byte.
   */
  identity(value: string, bind: Bind): string;

  /** The resource match of `src/core/resource-values.ts` for a non-empty `value`. */
  resource(value: string, bind: Bind): string;

  /**
   * `sourceIPAddress` lies in the inclusive hex range of `src/core/ip.ts` (`lo == hi` for a
   * single address). Only called with a range `parseIpOrCidr` accepted.
   */
  sourceIpInRange(lo: string, hi: string, bind: Bind): string;

  /** The half-open window `start <= eventTime < end`. */
  window(window: TimeWindow, bind: Bind): string;
}
