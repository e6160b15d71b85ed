/**
 * The same trace scenarios (test/helpers/trace-scenarios.ts) on every engine, each reached the
 * way production reaches it:
 * - DuckDB over a temporary folder holding the fixture log files;
 * - LookupEvents over the awsJson1_1 wire (nock), the fake answering each call from the
 *   fixtures by its one lookup attribute and its time range, as CloudTrail does;
 * - Athena over the wire (nock), the fake running the SQL trailhound sent, with its
 *   ExecutionParameters, on the Athena table emulated in DuckDB (test/helpers/athena-emulator.ts).
 * The chain (hops, confidence, origin) must be identical on all three.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { RECORD_COLUMNS, TOTAL_COLUMN } from '../../src/backends/athena/query.js';
import { openLocalBackend } from '../../src/backends/duckdb/backend.js';
import { LookupBackend } from '../../src/backends/lookup/lookup-backend.js';
import { RateLimiters } from '../../src/backends/lookup/rate-limiter.js';
import { scalarText, valueAt } from '../../src/core/fields.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import { traceChain } from '../../src/trace/walk.js';
import { AthenaTableEmulator, duckdbWhereOf } from '../helpers/athena-emulator.js';
import { cells, headerRow, resultsPage, testAthenaBackend } from '../helpers/athena-results.js';
import { instantClock } from '../helpers/instant-clock.js';
import { athenaTarget, jsonBody, lookupPage, testClientOptions } from '../helpers/aws-wire.js';
import {
  TRACE_NOW,
  TRACE_SCENARIOS,
  chainOf,
  expectedChain,
  traceFixtureFiles,
  traceFixturesDir,
} from '../helpers/trace-scenarios.js';

const records: CloudTrailRecord[] = traceFixtureFiles().flatMap((f) => f.records);

function runScenarios(backend: () => QueryBackend): void {
  for (const scenario of TRACE_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await traceChain(scenario.start, { backend: backend(), now: TRACE_NOW });
      assert.deepEqual(chainOf(result), expectedChain(scenario));
    });
  }
}

/** What LookupEvents indexes a record under, per lookup attribute. */
function lookupValue(record: CloudTrailRecord, key: string): string | undefined {
  switch (key) {
    case 'EventId':
      return scalarText(record.eventID);
    case 'EventName':
      return scalarText(record.eventName);
    case 'AccessKeyId':
      return scalarText(valueAt(record, ['userIdentity', 'accessKeyId']));
    case 'Username':
      // The user name, or for a role session its session name.
      return (
        scalarText(valueAt(record, ['userIdentity', 'userName'])) ??
        scalarText(valueAt(record, ['userIdentity', 'arn']))
          ?.split('/')
          .at(-1)
      );
    default:
      return undefined;
  }
}

const epoch = (record: CloudTrailRecord): number => Date.parse(String(record.eventTime)) / 1000;

/** Athena's result cells for one record, as trailhound's SELECT reads them. */
function athenaCells(record: CloudTrailRecord, total: number) {
  const json = new Set(['requestparameters', 'responseelements', 'additionaleventdata']);
  const values: Record<string, string> = { [TOTAL_COLUMN]: String(total) };
  for (const [, alias, fieldPath] of RECORD_COLUMNS) {
    const value =
      alias === 'resources_json' ? record.resources : valueAt(record, fieldPath.split('.'));
    const text =
      json.has(alias) || alias === 'resources_json'
        ? value === undefined || value === null
          ? undefined
          : JSON.stringify(value)
        : scalarText(value);
    if (text !== undefined) values[alias] = text;
  }
  return cells(values);
}

describe('trace on every engine', function () {
  this.timeout(120_000);

  describe('DuckDB over a folder of log files', () => {
    let dir: string;
    let backend: QueryBackend;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'trailhound-trace-'));
      for (const { file } of traceFixtureFiles()) {
        copyFileSync(path.join(traceFixturesDir, file), path.join(dir, file));
      }
      backend = await openLocalBackend({ logs: dir, onProgress: () => {} });
    });

    after(async () => {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    });

    runScenarios(() => backend);
  });

  describe('LookupEvents over the wire', () => {
    const attributes: string[] = [];

    beforeEach(() => {
      nock('https://cloudtrail.us-east-1.amazonaws.com')
        .persist()
        .post('/')
        .reply(async (request: Request) => {
          assert.equal(request.headers.get('x-amz-target'), 'CloudTrail_20131101.LookupEvents');
          const body = jsonBody(await request.text());
          const [attribute] = (body.LookupAttributes ?? []) as {
            AttributeKey: string;
            AttributeValue: string;
          }[];
          assert.ok(attribute, 'every trace search names one lookup attribute');
          attributes.push(`${attribute.AttributeKey}=${attribute.AttributeValue}`);
          const [start, end] = [Number(body.StartTime), Number(body.EndTime)];
          const found = records
            .filter((r) => lookupValue(r, attribute.AttributeKey) === attribute.AttributeValue)
            .filter((r) => start <= epoch(r) && epoch(r) <= end)
            .sort((a, b) => epoch(b) - epoch(a));
          return [200, lookupPage(found)];
        });
    });

    afterEach(() => nock.cleanAll());

    const backend = () =>
      new LookupBackend({
        regions: ['us-east-1'],
        accounts: [{ id: 'default' }],
        clientOptions: testClientOptions,
        limiters: new RateLimiters(2, instantClock()),
        now: () => TRACE_NOW,
      });

    runScenarios(backend);

    it("names LookupEvents' 90-day horizon when the issuer lies beyond it", async () => {
      // 89.5 days after the use, the 36 hours before it are partly beyond LookupEvents' reach.
      const now = new Date(Date.parse('2026-11-20T12:00:00Z') + 89.5 * 86_400_000);
      const result = await traceChain(
        { kind: 'access-key', value: 'ASIAOLDEXAMPLE000001' },
        {
          backend: new LookupBackend({
            regions: ['us-east-1'],
            accounts: [{ id: 'default' }],
            clientOptions: testClientOptions,
            limiters: new RateLimiters(2, instantClock()),
            now: () => now,
          }),
          now,
          window: { start: new Date('2026-11-20T06:00:00Z'), end: now },
        },
      );
      assert.equal(result.origin.kind, 'dead-end');
      assert.match(
        result.origin.kind === 'dead-end' ? result.origin.reason : '',
        /is not in the searched logs .*LookupEvents keeps only the last 90 days: 2026-11-19 to 2026-11-20 was not searched/,
      );
    });

    it('asks by AccessKeyId for the key and by EventName for its issuer', async () => {
      attributes.length = 0;
      await traceChain(
        { kind: 'access-key', value: 'ASIAEC2EXAMPLE000001' },
        { backend: backend(), now: TRACE_NOW },
      );
      assert.ok(attributes.includes('AccessKeyId=ASIAEC2EXAMPLE000001'), attributes.join());
      assert.ok(attributes.includes('EventName=AssumeRole'), attributes.join());
      assert.ok(attributes.includes('EventName=GetFederationToken'), attributes.join());
    });
  });

  describe('Athena over the wire', () => {
    let table: AthenaTableEmulator;
    const queries: { sql: string; params: string[] }[] = [];

    before(async () => {
      table = await AthenaTableEmulator.create();
      await table.load(records);
    });

    after(() => table.close());

    beforeEach(() => {
      const results = new Map<string, CloudTrailRecord[]>();
      nock('https://athena.us-east-1.amazonaws.com')
        .persist()
        .post('/')
        .reply(async (request: Request) => {
          const target = request.headers.get('x-amz-target');
          const body = jsonBody(await request.text());
          if (target === athenaTarget('StartQueryExecution')) {
            const sql = String(body.QueryString);
            const params = (body.ExecutionParameters ?? []) as string[];
            queries.push({ sql, params });
            const selected = await table.selectWhere(duckdbWhereOf(sql, params));
            const rows = selected
              .map((i) => records[i] as CloudTrailRecord)
              .sort(
                (a, b) => epoch(b) - epoch(a) || String(a.eventID).localeCompare(String(b.eventID)),
              );
            const id = `q-${results.size + 1}`;
            results.set(id, rows);
            return [200, { QueryExecutionId: id }];
          }
          const id = String(body.QueryExecutionId);
          if (target === athenaTarget('GetQueryExecution')) {
            return [
              200,
              {
                QueryExecution: {
                  QueryExecutionId: id,
                  Status: { State: 'SUCCEEDED' },
                  Statistics: { DataScannedInBytes: 12 * 1024 ** 2 },
                },
              },
            ];
          }
          if (target === athenaTarget('GetQueryResults')) {
            const rows = results.get(id) ?? [];
            return [200, resultsPage([headerRow, ...rows.map((r) => athenaCells(r, rows.length))])];
          }
          return [400, { __type: 'InvalidRequestException', message: `unexpected ${target}` }];
        });
    });

    afterEach(() => nock.cleanAll());

    const backend = () => testAthenaBackend(1024 ** 4);

    runScenarios(backend);

    it('binds the key as a parameter and reads it from responseelements', async () => {
      queries.length = 0;
      await traceChain(
        { kind: 'access-key', value: 'ASIAEC2EXAMPLE000001' },
        { backend: backend(), now: TRACE_NOW },
      );
      const issuerQuery = queries.find((q) =>
        q.sql.includes("json_extract_scalar(responseelements, '$.credentials.accessKeyId')"),
      );
      assert.ok(issuerQuery, queries.map((q) => q.sql).join('\n'));
      assert.ok(!issuerQuery.sql.includes('ASIAEC2EXAMPLE000001'));
      assert.ok(issuerQuery.params.includes("'ASIAEC2EXAMPLE000001'"));
    });
  });
});
