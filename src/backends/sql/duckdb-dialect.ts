/**
 * The DuckDB dialect over trailhound's local index (`src/backends/duckdb/schema.ts`). Field
 * columns already hold `fieldValue()`, so a field is just its column; the identity and
 * resource matches are `list_contains` over precomputed lists; the source IP match compares
 * the precomputed 32-hex-digit column with the block's bounds. Parameters are bound with `?`
 * as plain JS values.
 */
import type { EventField } from '../../core/filter.js';
import { COMPUTED_COLUMNS, FIELD_COLUMNS } from '../duckdb/schema.js';
import type { SqlDialect } from './dialect.js';

export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  placeholder: () => '?',
  encode: (value) => (value.type === 'timestamp' ? value.value.getTime() : value.value),
  field: (field: EventField) => FIELD_COLUMNS[field],
  startsWith: (expr, placeholder) => `starts_with(${expr}, ${placeholder})`,
  endsWith: (expr, placeholder) => `ends_with(${expr}, ${placeholder})`,
  // identityKeys() are lowercased by JavaScript; lowercasing the value the same way (rather
  // than with SQL lower()) keeps the two byte-for-byte identical for every Unicode case rule.
  identity: (value, bind) =>
    `list_contains(${COMPUTED_COLUMNS.identityKeys}, ${bind({ type: 'string', value: value.toLowerCase() })})`,
  resource: (value, bind) =>
    `list_contains(${COMPUTED_COLUMNS.resourceValues}, ${bind({ type: 'string', value })})`,
  sourceIpInRange: (lo, hi, bind) =>
    `${COMPUTED_COLUMNS.sourceIpHex} BETWEEN ${bind({ type: 'string', value: lo })} AND ${bind({ type: 'string', value: hi })}`,
  window: (window, bind) =>
    `(event_time_ms >= ${bind({ type: 'timestamp', value: window.start })} AND event_time_ms < ${bind({ type: 'timestamp', value: window.end })})`,
};
