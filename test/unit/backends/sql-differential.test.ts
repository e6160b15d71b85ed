/**
 * The differential property: for random predicate trees over random records, the rows the
 * DuckDB SQL selects from the local index are exactly the events `matches()` accepts. Records
 * go into the index through the same row encoding and bulk load the indexer uses.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { ensureSchema } from '../../../src/backends/duckdb/database.js';
import { eventRowLine, LOAD_ROWS_SQL } from '../../../src/backends/duckdb/rows.js';
import { compileFilter } from '../../../src/backends/sql/compile.js';
import { duckdbDialect } from '../../../src/backends/sql/duckdb-dialect.js';
import type { EventFilter } from '../../../src/core/filter.js';
import { matches } from '../../../src/core/matches.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import type { CloudTrailRecord } from '../../../src/core/trail-event.js';
import { filterArb, recordArb } from '../../helpers/arbitraries.js';

describe('DuckDB SQL agrees with matches()', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trailhound-differential-'));
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await ensureSchema(connection, 'differential-test');
  });

  after(() => {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Replaces the index contents with `records`; each row's file_id is its record's index. */
  async function index(records: CloudTrailRecord[]): Promise<void> {
    await connection.run('DELETE FROM events');
    if (records.length === 0) return;
    const spool = path.join(dir, 'rows.ndjson');
    writeFileSync(spool, records.map((record, i) => eventRowLine(record, i, 0)).join('\n') + '\n');
    await connection.run(LOAD_ROWS_SQL, [listValue([spool])]);
  }

  async function selected(filter: EventFilter): Promise<number[]> {
    const { where, params } = compileFilter(filter, duckdbDialect);
    const reader = await connection.runAndReadAll(
      `SELECT file_id FROM events WHERE ${where} ORDER BY file_id`,
      params,
    );
    return reader.getRowsJS().map(([id]) => Number(id));
  }

  it('selects exactly the events matches() accepts, for random filters and records', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { maxLength: 12 }),
        fc.array(filterArb, { minLength: 1, maxLength: 4 }),
        async (generated, filters) => {
          // As a log file delivers them: through JSON.
          const records = generated.map((r) => JSON.parse(JSON.stringify(r)) as CloudTrailRecord);
          const events = records.map(normaliseRecord);
          await index(records);
          for (const filter of filters) {
            const expected = events.flatMap((event, i) => (matches(event, filter) ? [i] : []));
            assert.deepEqual(await selected(filter), expected, JSON.stringify(filter));
            if (expected.length > 0 && expected.length < events.length) partial++;
          }
        },
      ),
      { numRuns: 250 },
    );
    // The property says nothing if every filter matched all or nothing.
    assert.ok(partial > 50, `only ${partial} filters split their records`);
  });
});
