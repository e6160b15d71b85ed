import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLocalBackend, type LocalBackend } from '../../src/backends/duckdb/backend.js';
import { discoverLogFiles } from '../../src/backends/duckdb/discover.js';
import { defaultIndexPath } from '../../src/backends/duckdb/index-location.js';
import type { IndexProgress } from '../../src/backends/duckdb/indexer.js';
import { formatProgress } from '../../src/backends/duckdb/progress.js';
import { isTrailError } from '../../src/core/errors.js';
import {
  all,
  eq,
  everything,
  identity,
  not,
  resource,
  sourceIp,
  type EventFilter,
} from '../../src/core/filter.js';
import { matches } from '../../src/core/matches.js';
import { normaliseRecord, parseLogFile } from '../../src/core/normalise.js';
import { summarize } from '../../src/core/summary.js';
import type { CloudTrailRecord } from '../../src/core/trail-event.js';
import type { QueryResult } from '../../src/ports/backend.js';
import { makeRecord, samplesDir } from '../helpers/records.js';

const ACCOUNT = '111122223333';
const MEMBER = '444455556666';

/** `count` records, one minute apart, ending at `end`, with a few identities and errors. */
function records(
  prefix: string,
  count: number,
  end = Date.UTC(2026, 10, 26, 12),
): CloudTrailRecord[] {
  const people = ['alice', 'bob', 'carol'];
  return Array.from({ length: count }, (_, i) =>
    makeRecord({
      eventID: `${prefix}-${String(i).padStart(3, '0')}`,
      eventTime: new Date(end - i * 60_000).toISOString().replace('.000Z', 'Z'),
      eventName: i % 4 === 0 ? 'DeleteBucketPolicy' : 'DescribeInstances',
      sourceIPAddress: `10.0.${i % 3}.${i}`,
      userIdentity: {
        type: 'IAMUser',
        userName: people[i % 3],
        arn: `arn:aws:iam::${ACCOUNT}:user/${people[i % 3]}`,
      },
      requestParameters: { bucketName: `bucket-${i % 5}` },
      ...(i % 5 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'denied' } : {}),
    }),
  );
}

const body = (recs: CloudTrailRecord[]): string => JSON.stringify({ Records: recs });

/** Writes a file (gzipped when it ends in .gz), creating folders. */
function put(file: string, content: string | Buffer): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    file.endsWith('.gz') && typeof content === 'string' ? gzipSync(content) : content,
  );
  return file;
}

/** A CloudTrail log file path as S3 lays it out. */
const logPath = (
  root: string,
  account: string,
  region: string,
  day: string,
  tag: string,
  org?: string,
): string =>
  path.join(
    root,
    'AWSLogs',
    ...(org === undefined ? [] : [org]),
    account,
    'CloudTrail',
    region,
    ...day.split('-'),
    `${account}_CloudTrail_${region}_${day.replaceAll('-', '')}T1200Z_${tag}.json.gz`,
  );

const ids = (result: QueryResult): string[] => result.events.map((event) => event.eventID);

async function expectNoLogs(logs: string, pattern: RegExp): Promise<void> {
  await assert.rejects(
    openLocalBackend({ logs, indexPath: path.join(logs, '..', `${path.basename(logs)}.duckdb`) }),
    (error) => isTrailError(error) && error.code === 'no-logs' && pattern.test(error.message),
  );
}

describe('local DuckDB backend', function () {
  this.timeout(60_000);
  let dir: string;
  const open: LocalBackend[] = [];
  const openBackend = async (
    logs: string,
    extra: { workers?: number; indexPath?: string; onProgress?: (p: IndexProgress) => void } = {},
  ) => {
    const backend = await openLocalBackend({ logs, onProgress: () => {}, ...extra });
    open.push(backend);
    return backend;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trailhound-local-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((backend) => backend.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('an aws s3 sync of a trail bucket', () => {
    let logs: string;
    let all30: CloudTrailRecord[];
    beforeEach(() => {
      logs = path.join(dir, 'bucket');
      const a = records('acct', 20);
      const b = records('org', 10, Date.UTC(2026, 10, 25, 12));
      all30 = [...a, ...b];
      put(logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'AAAA'), body(a));
      put(logPath(logs, MEMBER, 'eu-west-1', '2026-11-25', 'BBBB', 'o-abc123defg'), body(b));
      // Digests describe log files, they are not events.
      put(
        path.join(
          logs,
          'AWSLogs',
          ACCOUNT,
          'CloudTrail-Digest',
          'us-east-1',
          '2026',
          '11',
          '26',
          `${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261126T130000Z.json.gz`,
        ),
        JSON.stringify({ awsAccountId: ACCOUNT, logFiles: [] }),
      );
      // Insights are anomaly records without a caller: recognised and not indexed.
      put(
        path.join(
          logs,
          'AWSLogs',
          ACCOUNT,
          'CloudTrail-Insight',
          'us-east-1',
          '2026',
          '11',
          '26',
          `${ACCOUNT}_CloudTrail-Insight_us-east-1_20261126T1200Z_CCCC.json.gz`,
        ),
        body([
          makeRecord({
            eventID: 'insight-1',
            eventType: 'AwsCloudTrailInsight',
            eventCategory: 'Insight',
          }),
        ]),
      );
    });

    it('indexes account and organization trails and ignores digests and Insights', async () => {
      const discovery = await discoverLogFiles(logs);
      assert.equal(discovery.files.length, 2);
      assert.deepEqual(discovery.ignored, { digests: 1, insights: 1 });

      const backend = await openBackend(logs);
      const result = await backend.run({ filter: { where: everything() }, limit: 100 });
      assert.equal(result.total, 30);
      assert.deepEqual(new Set(ids(result)), new Set(all30.map((r) => r.eventID)));
      assert.deepEqual(
        result.notes.filter((n) => n.kind === 'warning'),
        [],
      );
      assert.equal(result.stats.backend, 'local');
      assert.equal(result.stats.filesScanned, 2);
      assert.equal(result.stats.rowsScanned, 30);
      assert.equal(result.provenance, 'DuckDB · 2 files · 30 events indexed');
      assert.ok(existsSync(path.join(logs, '.trailhound', 'index.duckdb')));
    });

    it('reports indexing progress file by file, ending with a finished report', async () => {
      const reports: IndexProgress[] = [];
      await openBackend(logs, { workers: 2, onProgress: (p) => reports.push(p) });
      const last = reports.at(-1);
      assert.deepEqual(
        {
          files: last?.filesDone,
          of: last?.filesTotal,
          events: last?.eventsAdded,
          finished: last?.finished,
        },
        { files: 2, of: 2, events: 30, finished: true },
      );
      assert.deepEqual(
        reports.map((r) => r.filesDone),
        [...reports.map((r) => r.filesDone)].sort((a, b) => a - b),
      );
      assert.ok(
        reports.some((r) => r.filesDone === 1),
        'a report after the first file',
      );
      assert.equal(
        formatProgress(last as IndexProgress),
        'indexing [##############################] 100% 2/2 files · 30 events',
      );
    });

    it('returns newest first and pages through every match with the cursor', async () => {
      const backend = await openBackend(logs);
      const filter: EventFilter = { where: not(eq('eventName', 'DeleteBucketPolicy')) };
      const expected = all30
        .map(normaliseRecord)
        .filter((event) => matches(event, filter))
        .sort((x, y) => y.eventTimeMs - x.eventTimeMs)
        .map((event) => event.eventID);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await backend.run({
          filter,
          limit: 7,
          ...(cursor === undefined ? {} : { cursor }),
        });
        assert.equal(page.total, expected.length);
        assert.equal(page.truncated, page.nextCursor !== undefined);
        seen.push(...ids(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== undefined);
      assert.equal(pages, Math.ceil(expected.length / 7));
      assert.deepEqual(seen, expected);
    });

    it('summarises every match, not just the page, as summarize() would', async () => {
      const backend = await openBackend(logs);
      const filter: EventFilter = { where: all(identity('ALICE'), sourceIp('10.0.0.0/16')) };
      const result = await backend.run({ filter, limit: 2 });
      const matching = all30.map(normaliseRecord).filter((event) => matches(event, filter));
      assert.ok(matching.length > 2);
      assert.equal(result.total, matching.length);
      assert.equal(result.events.length, 2);
      assert.deepEqual(result.summary, summarize(matching));
    });

    it('finds resources and reports a window reaching before the logs', async () => {
      const backend = await openBackend(logs);
      const result = await backend.run({
        filter: {
          where: resource('bucket-3'),
          window: {
            start: new Date('2026-11-01T00:00:00Z'),
            end: new Date('2026-11-26T12:01:00Z'),
          },
        },
        limit: 50,
      });
      assert.deepEqual(
        new Set(ids(result)),
        new Set(
          all30
            .filter((r) => JSON.stringify(r.requestParameters).includes('bucket-3'))
            .map((r) => r.eventID),
        ),
      );
      assert.deepEqual(result.notes, [
        {
          kind: 'gap',
          text: 'logs cover 2026-11-25 11:51 UTC → 2026-11-26 12:00 UTC; nothing before 2026-11-25 11:51 UTC was searched',
        },
      ]);
    });

    it('indexes with worker threads exactly as in-process', async () => {
      const threaded = await openBackend(logs, {
        workers: 2,
        indexPath: path.join(dir, 'threaded.duckdb'),
      });
      const inline = await openBackend(logs, {
        workers: 0,
        indexPath: path.join(dir, 'inline.duckdb'),
      });
      const filter: EventFilter = { where: identity('bob') };
      const [a, b] = await Promise.all([
        threaded.run({ filter, limit: 100 }),
        inline.run({ filter, limit: 100 }),
      ]);
      assert.ok(a.total > 0);
      assert.deepEqual(ids(a), ids(b));
      assert.deepEqual(a.summary, b.summary);
    });

    it('re-reads only new and changed files, and forgets deleted ones', async () => {
      const first = await openBackend(logs);
      assert.equal(first.lastIndexRun.filesRead, 2);
      await first.close();
      open.splice(open.indexOf(first), 1);

      put(logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'DDDD'), body(records('new', 3)));
      const second = await openBackend(logs);
      assert.equal(second.lastIndexRun.filesRead, 1);
      assert.equal(second.coverage.events, 33);
      await second.close();
      open.splice(open.indexOf(second), 1);

      const changed = logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'AAAA');
      put(changed, body(records('changed', 2)));
      utimesSync(changed, new Date(), new Date(Date.now() + 5_000));
      rmSync(logPath(logs, MEMBER, 'eu-west-1', '2026-11-25', 'BBBB', 'o-abc123defg'));
      const third = await openBackend(logs);
      assert.equal(third.lastIndexRun.filesRead, 1);
      assert.equal(third.lastIndexRun.filesRemoved, 2);
      const result = await third.run({ filter: { where: everything() }, limit: 100 });
      assert.deepEqual(
        new Set(ids(result)),
        new Set(['changed-000', 'changed-001', 'new-000', 'new-001', 'new-002']),
      );
    });
  });

  it('re-indexes a file rewritten while the backend is open instead of showing stale records', async () => {
    const logs = path.join(dir, 'live');
    const file = put(
      logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'LIVE'),
      body(records('before', 3)),
    );
    const backend = await openBackend(logs);
    assert.equal(backend.coverage.events, 3);

    put(file, body(records('after', 5)));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const result = await backend.run({ filter: { where: everything() }, limit: 10 });
    assert.equal(result.total, 5);
    assert.deepEqual(ids(result), [
      'after-000',
      'after-001',
      'after-002',
      'after-003',
      'after-004',
    ]);
    assert.equal(backend.lastIndexRun.filesRead, 1);
  });

  it('skips a corrupt gzip and a malformed JSON file, names them, and does not re-read them', async () => {
    const logs = path.join(dir, 'mixed');
    put(logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'GOOD'), body(records('good', 4)));
    const gz = gzipSync(body(records('lost', 4)));
    put(logPath(logs, ACCOUNT, 'us-east-1', '2026-11-26', 'TRUNC'), gz.subarray(0, gz.length - 20));
    put(path.join(logs, 'export', 'broken.json'), '{"Records": [{"eventID": "x"},');

    const backend = await openBackend(logs);
    assert.equal(backend.lastIndexRun.skipped.length, 2);
    const result = await backend.run({ filter: { where: everything() }, limit: 10 });
    assert.equal(result.total, 4);
    const warning = result.notes.find((note) => note.kind === 'warning');
    assert.ok(warning, 'a warning names the skipped files');
    assert.match(warning.text, /skipped 2 unreadable log file/);
    assert.match(warning.text, /export\/broken\.json \(not valid JSON/);
    assert.match(warning.text, /_TRUNC\.json\.gz \(corrupt gzip/);
    await backend.close();
    open.splice(open.indexOf(backend), 1);

    const again = await openBackend(logs);
    assert.equal(again.lastIndexRun.filesRead, 0);
    const later = await again.run({ filter: { where: everything() }, limit: 10 });
    assert.deepEqual(later.notes, result.notes);
  });

  it('indexes a single plain .json file', async () => {
    const file = put(path.join(dir, 'one', 'export.json'), body(records('single', 3)));
    put(path.join(dir, 'one', 'other.json'), body(records('other', 3)));
    const backend = await openBackend(file, { indexPath: path.join(dir, 'single.duckdb') });
    const result = await backend.run({
      filter: { where: eq('eventName', 'DeleteBucketPolicy') },
      limit: 10,
    });
    assert.deepEqual(ids(result), ['single-000']);
    assert.equal(backend.coverage.files, 1);
  });

  it('says what it expected and what it found in an empty or wrong folder', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    await expectNoLogs(
      empty,
      /AWSLogs\/<account>\/CloudTrail\/<region>\/YYYY\/MM\/DD\/\*\.json\.gz.*the folder is empty/,
    );

    const wrong = path.join(dir, 'wrong');
    put(path.join(wrong, 'notes.txt'), 'hello');
    put(
      path.join(
        wrong,
        'AWSLogs',
        ACCOUNT,
        'CloudTrail-Digest',
        'us-east-1',
        '2026',
        '11',
        '26',
        'd.json.gz',
      ),
      '{}',
    );
    await expectNoLogs(
      wrong,
      /found only 1 digest file\(s\).*1 other file\(s\) such as notes\.txt/,
    );

    await expectNoLogs(path.join(dir, 'missing'), /does not exist/);

    const notTrail = path.join(dir, 'not-trail');
    put(path.join(notTrail, 'package.json'), '{"name": "x"}');
    await expectNoLogs(notTrail, /None of the 1 .*package\.json: not a CloudTrail log file/);
  });

  it('keeps the index beside the logs, or in the cache folder when it cannot', () => {
    const logs = path.join(dir, 'writable');
    mkdirSync(logs);
    assert.equal(defaultIndexPath(logs), path.join(logs, '.trailhound', 'index.duckdb'));
    const cache = path.join(dir, 'cache');
    const single = put(path.join(dir, 'f.json'), body([]));
    const indexPath = defaultIndexPath(single, { XDG_CACHE_HOME: cache });
    assert.equal(path.dirname(indexPath), path.join(cache, 'trailhound'));
    assert.match(path.basename(indexPath), /^[0-9a-f]{16}\.duckdb$/);
  });

  it('agrees with matches() over the real-world sample corpus', async function () {
    if (!existsSync(samplesDir)) this.skip();
    const logs = path.join(samplesDir, 'records');
    const backend = await openBackend(logs, { indexPath: path.join(dir, 'samples.duckdb') });
    const { readdirSync, readFileSync } = await import('node:fs');
    const corpus = readdirSync(logs)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        const parsed = parseLogFile(readFileSync(path.join(logs, name), 'utf8'));
        return 'records' in parsed ? parsed.records.map(normaliseRecord) : [];
      });
    const filters: EventFilter[] = [
      { where: eq('eventName', 'ConsoleLogin') },
      { where: eq('userIdentity.type', 'Root') },
      { where: not(eq('readOnly', 'true')) },
      { where: identity('Alice') },
      { where: sourceIp('0.0.0.0/0') },
    ];
    for (const filter of filters) {
      const result = await backend.run({ filter, limit: 10_000 });
      const expected = corpus.filter((event) => matches(event, filter));
      assert.equal(result.total, expected.length, JSON.stringify(filter));
      assert.deepEqual(ids(result).sort(), expected.map((event) => event.eventID).sort());
    }
  });
});
