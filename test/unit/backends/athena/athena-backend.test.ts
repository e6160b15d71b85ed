import { strict as assert } from 'node:assert';
import nock from 'nock';
import type {
  AthenaBackend,
  AthenaBackendOptions,
} from '../../../../src/backends/athena/athena-backend.js';
import { ScanHistory } from '../../../../src/backends/athena/cost.js';
import { TrailError } from '../../../../src/core/errors.js';
import { eq } from '../../../../src/core/filter.js';
import type { EventFilter } from '../../../../src/core/filter.js';
import type { QueryProgress } from '../../../../src/ports/backend.js';
import {
  execution,
  headerRow,
  loginRow,
  resultsPage,
  testAthenaBackend,
} from '../../../helpers/athena-results.js';
import { athena, awsError, jsonBody } from '../../../helpers/aws-wire.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const MB = 1024 ** 2;
const today: EventFilter = {
  window: { start: new Date('2026-11-26T00:00:00Z'), end: NOW },
  where: eq('eventName', 'ConsoleLogin'),
};

const backend = (overrides: Partial<AthenaBackendOptions> = {}): AthenaBackend =>
  testAthenaBackend(1024 * MB, overrides);

/** Start, then the given states in turn. */
function startAndPoll(
  states: ReturnType<typeof execution>[],
  onStart?: (body: Record<string, unknown>) => void,
) {
  athena('us-east-1', 'StartQueryExecution')
    .post('/', (body) => {
      onStart?.(jsonBody(body));
      return true;
    })
    .reply(200, { QueryExecutionId: 'q-1' });
  const poll = athena('us-east-1', 'GetQueryExecution');
  for (const state of states) poll.post('/', { QueryExecutionId: 'q-1' }).reply(200, state);
}

describe('AthenaBackend', () => {
  afterEach(() => nock.cleanAll());

  it('runs a parameterised query through QUEUED and RUNNING and rebuilds the records', async () => {
    let start: Record<string, unknown> = {};
    startAndPoll(
      [execution('QUEUED'), execution('RUNNING', 5 * MB), execution('SUCCEEDED', 84 * MB)],
      (body) => (start = body),
    );
    athena('us-east-1', 'GetQueryResults')
      .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000 })
      .reply(200, resultsPage([headerRow, loginRow(2, 2), loginRow(1, 2)]));
    const progress: QueryProgress[] = [];

    const result = await backend().run({
      filter: today,
      limit: 10,
      onProgress: (p) => progress.push(p),
    });

    assert.equal(start.WorkGroup, 'investigations');
    assert.deepEqual(start.QueryExecutionContext, { Database: 'trail' });
    assert.deepEqual(start.ResultConfiguration, {
      OutputLocation: 's3://results-bucket/trailhound/',
    });
    assert.deepEqual(start.ResultReuseConfiguration, {
      ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 },
    });
    assert.match(
      String(start.QueryString),
      /FROM "trail"\."cloudtrail_logs" WHERE "timestamp" BETWEEN \? AND \? AND COALESCE/,
    );
    assert.deepEqual(start.ExecutionParameters, [
      "'2026/11/26'",
      "'2026/11/26'",
      "TIMESTAMP '2026-11-26 00:00:00.000 UTC'",
      "TIMESTAMP '2026-11-26 12:00:00.000 UTC'",
      "'ConsoleLogin'",
    ]);
    assert.deepEqual(
      progress.map((p) => p.message),
      [
        'Athena QUEUED · 0 B scanned',
        'Athena RUNNING · 5.0 MB scanned',
        'Athena SUCCEEDED · 84 MB scanned',
      ],
    );
    assert.deepEqual(
      result.events.map((e) => e.eventID),
      ['evt-2', 'evt-1'],
    );
    const [event] = result.events;
    assert.equal(event?.actor.userName, 'alice');
    assert.equal(event?.readOnly, false);
    assert.deepEqual(event?.raw.responseElements, { ConsoleLogin: 'Failure' });
    assert.deepEqual(event?.resources, [
      { arn: 'arn:aws:iam::111122223333:user/alice', type: 'AWS::IAM::User' },
    ]);
    assert.equal(result.total, 2);
    assert.equal(result.truncated, false);
    assert.equal(result.stats.bytesScanned, 84 * MB);
    assert.equal(result.stats.costUsd, (84 * MB * 5) / 1024 ** 4);
    assert.equal(result.provenance, 'Athena · 1 day · 84 MB · $0.0004');
  });

  it("shows Athena's StateChangeReason when the query FAILED", async () => {
    startAndPoll([
      execution('FAILED', 0, "COLUMN_NOT_FOUND: line 1:8: Column 'eventnme' cannot be resolved"),
    ]);
    await assert.rejects(
      backend().run({ filter: today, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'query-failed' && /eventnme/.test(e.message),
    );
  });

  it('names the missing S3 permission when Athena was refused reading the logs', async () => {
    startAndPoll([
      execution(
        'FAILED',
        0,
        'Permission denied on S3 path: s3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/26',
      ),
    ]);
    await assert.rejects(
      backend().run({ filter: today, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'access-denied' && /s3:GetObject/.test(e.message),
    );
  });

  it('reports a CANCELLED query', async () => {
    startAndPoll([execution('RUNNING'), execution('CANCELLED', 0, 'Query cancelled by user')]);
    await assert.rejects(
      backend().run({ filter: today, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError &&
        e.code === 'query-failed' &&
        /cancelled: Query cancelled by user/.test(e.message),
    );
  });

  it('stops the query when it runs past the timeout', async () => {
    startAndPoll([execution('RUNNING'), execution('RUNNING'), execution('RUNNING')]);
    const stop = athena('us-east-1', 'StopQueryExecution')
      .post('/', { QueryExecutionId: 'q-1' })
      .reply(200, {});
    await assert.rejects(
      backend({ timeoutMs: 300 }).run({ filter: today, limit: 10 }),
      (e: unknown) => e instanceof TrailError && /still RUNNING/.test(e.message),
    );
    stop.done();
  });

  it('stops the query when the asker cancels', async () => {
    startAndPoll([execution('RUNNING')]);
    const stop = athena('us-east-1', 'StopQueryExecution')
      .post('/', { QueryExecutionId: 'q-1' })
      .reply(200, {});
    const controller = new AbortController();
    await assert.rejects(
      backend().run({
        filter: today,
        limit: 10,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
    stop.done();
  });

  it('passes hostile values only as quoted ExecutionParameters', async () => {
    let start: Record<string, unknown> = {};
    startAndPoll([execution('SUCCEEDED', MB)], (body) => (start = body));
    athena('us-east-1', 'GetQueryResults')
      .post('/')
      .reply(200, resultsPage([headerRow]));
    const hostile = "x' OR '1'='1'; DROP TABLE cloudtrail_logs --";
    const result = await backend().run({
      filter: { ...today, where: eq('eventName', hostile) },
      limit: 10,
    });
    assert.equal(String(start.QueryString).includes('DROP'), false);
    assert.equal(
      (start.ExecutionParameters as string[]).at(-1),
      "'x'' OR ''1''=''1''; DROP TABLE cloudtrail_logs --'",
    );
    assert.equal(result.events.length, 0);
  });

  it('pages results 1000 at a time and continues from a cursor without re-running the query', async () => {
    startAndPoll([execution('SUCCEEDED', 20 * MB)]);
    athena('us-east-1', 'GetQueryResults')
      .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000 })
      .reply(200, resultsPage([headerRow, loginRow(5, 5), loginRow(4, 5)], 'token-2'))
      .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'token-2' })
      .reply(200, resultsPage([loginRow(3, 5), loginRow(2, 5)], 'token-3'));
    const first = await backend().run({ filter: today, limit: 3 });
    assert.deepEqual(
      first.events.map((e) => e.eventID),
      ['evt-5', 'evt-4', 'evt-3'],
    );
    assert.equal(first.total, 5);
    assert.equal(first.truncated, true);

    // The next page re-reads token-2's page (skipping what was shown) and then token-3's.
    athena('us-east-1', 'GetQueryResults')
      .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'token-2' })
      .reply(200, resultsPage([loginRow(3, 5), loginRow(2, 5)], 'token-3'))
      .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'token-3' })
      .reply(200, resultsPage([loginRow(1, 5)]));
    const second = await backend().run({
      filter: today,
      limit: 3,
      cursor: first.nextCursor as string,
    });
    assert.deepEqual(
      second.events.map((e) => e.eventID),
      ['evt-2', 'evt-1'],
    );
    assert.equal(second.truncated, false);
    assert.equal(second.total, 5);
  });

  it('refuses a question estimated above the cap before running it, unless confirmed', async () => {
    const history = new ScanHistory();
    startAndPoll([execution('SUCCEEDED', 100 * MB)]);
    athena('us-east-1', 'GetQueryResults')
      .post('/')
      .reply(200, resultsPage([headerRow]));
    await backend({ history }).run({ filter: today, limit: 10 });

    const month: EventFilter = {
      ...today,
      window: { start: new Date(NOW.getTime() - 30 * DAY), end: NOW },
    };
    await assert.rejects(
      backend({ history }).run({ filter: month, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError &&
        e.code === 'cost-cap' &&
        e.detail.estimateBytes === 31 * 100 * MB &&
        /ATHENA_MAX_BYTES/.test(e.message),
    );
    assert.equal(nock.pendingMocks().length, 0);

    startAndPoll([execution('SUCCEEDED', 3100 * MB)]);
    athena('us-east-1', 'GetQueryResults')
      .post('/')
      .reply(200, resultsPage([headerRow]));
    const confirmed = await backend({ history }).run({
      filter: month,
      limit: 10,
      confirmCost: true,
    });
    assert.equal(confirmed.stats.bytesScanned, 3100 * MB);
  });

  it('stops a query that passes the cap while running and asks for confirmation', async () => {
    startAndPoll([execution('RUNNING', 10 * MB), execution('RUNNING', 2048 * MB)]);
    const stop = athena('us-east-1', 'StopQueryExecution').post('/').reply(200, {});
    await assert.rejects(
      backend().run({ filter: today, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'cost-cap' && e.detail.estimateBytes === 2048 * MB,
    );
    stop.done();
  });

  it('names athena:StartQueryExecution when AWS refuses to start the query', async () => {
    athena('us-east-1', 'StartQueryExecution')
      .post('/')
      .reply(
        400,
        awsError(
          'AccessDeniedException',
          'User is not authorized to perform: athena:StartQueryExecution',
        ),
      );
    await assert.rejects(
      backend().run({ filter: today, limit: 10 }),
      (e: unknown) =>
        e instanceof TrailError &&
        e.code === 'access-denied' &&
        /athena:StartQueryExecution/.test(e.message),
    );
  });

  it('honours AWS_ENDPOINT_URL_ATHENA', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ATHENA;
    process.env.AWS_ENDPOINT_URL_ATHENA = 'http://127.0.0.1:4598';
    try {
      const base = nock('http://127.0.0.1:4598');
      base
        .post('/', (body) => jsonBody(body).QueryString !== undefined)
        .reply(200, { QueryExecutionId: 'q-1' })
        .post('/', { QueryExecutionId: 'q-1' })
        .reply(200, execution('SUCCEEDED', MB))
        .post('/', { QueryExecutionId: 'q-1', MaxResults: 1000 })
        .reply(200, resultsPage([headerRow, loginRow(1, 1)]));
      const result = await backend().run({ filter: today, limit: 10 });
      base.done();
      assert.equal(result.events.length, 1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ATHENA;
      else process.env.AWS_ENDPOINT_URL_ATHENA = saved;
    }
  });
});
