import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { ensureSchema } from '../../../src/backends/duckdb/database.js';
import { eventRowLine, LOAD_ROWS_SQL } from '../../../src/backends/duckdb/rows.js';
import { compileFilter } from '../../../src/backends/sql/compile.js';
import type { SqlDialect } from '../../../src/backends/sql/dialect.js';
import { duckdbDialect } from '../../../src/backends/sql/duckdb-dialect.js';
import {
  all,
  any,
  eq,
  everything,
  endsWith,
  identity,
  not,
  oneOf,
  present,
  resource,
  sourceIp,
  startsWith,
  type Predicate,
} from '../../../src/core/filter.js';

const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  "x'); DELETE FROM files; --",
  '%_\\',
  '$1 ? :name',
  'İstanbul ǅemal 😀 \u0000 zero',
  'Robert\'); DROP TABLE "events";--',
];

/** Every kind of leaf carrying `value` wherever a leaf takes one. */
const leavesWith = (value: string): Predicate[] => [
  eq('eventName', value),
  oneOf('errorCode', [value, 'AccessDenied']),
  startsWith('userAgent', value),
  endsWith('errorCode', value),
  identity(value),
  resource(value),
];

/** A `$n` dialect whose parameters are SQL literals, the way Athena takes them. */
const literalDialect: SqlDialect = {
  ...duckdbDialect,
  name: 'literal-test',
  placeholder: (position) => `$${position}`,
  encode: (value) =>
    value.type === 'string'
      ? `'${value.value.replaceAll("'", "''")}'`
      : value.type === 'number'
        ? String(value.value)
        : `TIMESTAMP '${value.value.toISOString().replace('T', ' ').replace('Z', '')}'`,
};

describe('compileFilter', () => {
  it('puts every user value in params, never in the SQL text', () => {
    for (const value of HOSTILE) {
      for (const leaf of leavesWith(value)) {
        const { where, params } = compileFilter({ where: leaf }, duckdbDialect);
        assert.ok(!where.includes(value), `${value} leaked into ${where}`);
        assert.ok(
          params.some((p) => p === value || p === value.toLowerCase()),
          `${leaf.kind}: ${value} missing from params`,
        );
        // The text holds only identifiers, operators, placeholders and constants.
        assert.match(where, /^[a-z_0-9(),?=<> .'A-Z]*$/, where);
      }
    }
  });

  it('numbers placeholders in the order of params for a $n dialect', () => {
    const { where, params } = compileFilter(
      {
        where: all(
          eq('eventName', 'StopLogging'),
          any(oneOf('awsRegion', ['us-east-1', "o'hare"])),
        ),
        window: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-02T00:00:00Z') },
      },
      literalDialect,
    );
    assert.deepEqual(
      [...where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(params, [
      "TIMESTAMP '2026-11-01 00:00:00.000'",
      "TIMESTAMP '2026-11-02 00:00:00.000'",
      "'StopLogging'",
      "'us-east-1'",
      "'o''hare'",
    ]);
  });

  it('compiles an equality to a two-valued comparison on the field column', () => {
    assert.deepEqual(compileFilter({ where: eq('eventName', 'StopLogging') }, duckdbDialect), {
      where: 'COALESCE(event_name = ?, FALSE)',
      params: ['StopLogging'],
    });
  });

  it('binds identities lowercased, as identityKeys() stores them', () => {
    assert.deepEqual(
      compileFilter({ where: identity('Alice@Example.COM') }, duckdbDialect).params,
      ['alice@example.com'],
    );
  });

  it('answers trivial predicates without parameters', () => {
    const cases: [Predicate, string][] = [
      [everything(), 'TRUE'],
      [any(), 'FALSE'],
      [oneOf('eventName', []), 'FALSE'],
      [identity(''), 'FALSE'],
      [resource(''), 'FALSE'],
      [sourceIp('10.0.0.0/33'), 'FALSE'],
      [sourceIp('not-an-ip'), 'FALSE'],
    ];
    for (const [predicate, where] of cases) {
      assert.deepEqual(compileFilter({ where: predicate }, duckdbDialect), { where, params: [] });
    }
  });

  it('binds a CIDR block as its hex bounds', () => {
    assert.deepEqual(compileFilter({ where: sourceIp('10.0.0.0/8') }, duckdbDialect).params, [
      '00000000000000000000ffff0a000000',
      '00000000000000000000ffff0affffff',
    ]);
  });

  describe('against DuckDB', () => {
    let instance: DuckDBInstance;
    let connection: DuckDBConnection;
    let dir: string;
    const records = [
      ...HOSTILE.map((value, i) => ({
        eventID: `hostile-${i}`,
        eventName: value,
        userAgent: value,
        errorCode: value,
        userIdentity: { userName: value },
        requestParameters: { name: value },
      })),
      { eventID: 'plain', eventName: 'StopLogging', userIdentity: { userName: 'alice' } },
    ];

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'trailhound-compile-'));
      instance = await DuckDBInstance.create(':memory:');
      connection = await instance.connect();
      await ensureSchema(connection, 'compile-test');
      const spool = path.join(dir, 'rows.ndjson');
      writeFileSync(spool, records.map((r, i) => eventRowLine(r, i, 0)).join('\n') + '\n');
      await connection.run(LOAD_ROWS_SQL, [listValue([spool])]);
    });

    after(() => {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    });

    const ids = async (predicate: Predicate): Promise<string[]> => {
      const { where, params } = compileFilter({ where: predicate }, duckdbDialect);
      const reader = await connection.runAndReadAll(
        `SELECT event_id FROM events WHERE ${where} ORDER BY event_id`,
        params,
      );
      return reader.getRowsJS().map(([id]) => String(id));
    };

    it('finds exactly the record holding a hostile value, for every kind of leaf', async () => {
      for (const [i, value] of HOSTILE.entries()) {
        for (const leaf of leavesWith(value)) {
          assert.deepEqual(await ids(leaf), [`hostile-${i}`], `${leaf.kind} ${value}`);
        }
      }
    });

    it('leaves the tables intact and still matches plain values', async () => {
      assert.deepEqual(await ids(not(present('errorCode'))), ['plain']);
      const count = await connection.runAndReadAll('SELECT count(*) FROM events');
      assert.equal(Number(count.getRowsJS()[0]?.[0]), records.length);
    });
  });
});
