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
import fc from 'fast-check';
import { buildAthenaQuery } from '../../../src/backends/athena/query.js';
import { isJsonObject, valueAt } from '../../../src/core/fields.js';
import type { EventFilter } from '../../../src/core/filter.js';
import { matches } from '../../../src/core/matches.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import type { CloudTrailRecord } from '../../../src/core/trail-event.js';
import { filterArb, recordArb, windowArb } from '../../helpers/arbitraries.js';
import { AthenaTableEmulator, duckdbWhere } from '../../helpers/athena-emulator.js';

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
  let table: AthenaTableEmulator;

  before(async () => {
    table = await AthenaTableEmulator.create();
  });

  after(() => table.close());

  const load = (records: CloudTrailRecord[]) => table.load(records);
  const selected = (filter: EventFilter) => table.selectWhere(duckdbWhere(filter));

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
