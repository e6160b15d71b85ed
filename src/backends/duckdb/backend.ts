/**
 * The local engine: a persistent DuckDB index over a folder of CloudTrail log files (an
 * `aws s3 sync` of a trail bucket, an export, or a single file), answering filters with the
 * shared SQL compiler. Opening it brings the index up to date (only new or changed files are
 * read); each `run` is then two SQL queries over the index plus reading the page's records
 * back from their log files.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { AnswerSummary, Count, Note } from '../../core/answer.js';
import { TrailError } from '../../core/errors.js';
import type { EventFilter } from '../../core/filter.js';
import { fieldValue } from '../../core/fields.js';
import { normaliseRecord } from '../../core/normalise.js';
import type { TrailEvent } from '../../core/trail-event.js';
import type { QueryBackend, QueryRequest, QueryResult } from '../../ports/backend.js';
import { compileFilter } from '../sql/compile.js';
import { duckdbDialect } from '../sql/duckdb-dialect.js';
import { openIndexDatabase, type IndexDatabase } from './database.js';
import { discoverLogFiles, type Discovery } from './discover.js';
import { defaultIndexPath } from './index-location.js';
import { updateIndex, type IndexProgress, type IndexRun, type SkippedFile } from './indexer.js';
import { terminalProgress } from './progress.js';
import { RecordReader } from './record-reader.js';

export interface LocalBackendOptions {
  /** A folder of CloudTrail log files, or one file. */
  logs: string;
  /** The index file; default `<logs>/.trailhound/index.duckdb`, or the cache folder. */
  indexPath?: string;
  /** Indexing progress; default a progress bar on stderr when it is a terminal. */
  onProgress?: (progress: IndexProgress) => void;
  /** Index worker threads (0: in-process); default one per core for large jobs. */
  workers?: number;
}

/** What the index holds, for notes and provenance. */
export interface IndexCoverage {
  files: number;
  events: number;
  /** Epoch ms of the oldest and newest event with a real time; absent when there are none. */
  oldestMs?: number;
  newestMs?: number;
  /** Every file that could not be read, with the reason (remembered across runs). */
  skipped: SkippedFile[];
}

/** How many summary entries of each kind (matching `summarize()`'s default). */
const SUMMARY_TOP = 5;
/** CloudTrail delivers within minutes; a window reaching further past the newest event gets a note. */
const DELIVERY_SLACK_MS = 60 * 60 * 1000;
/** Skipped files named in a note; the rest are counted. */
const NAMED_SKIPPED = 3;

const FAILURE_SQL = `((error_code IS NOT NULL AND error_code <> '') OR coalesce(console_login = 'Failure', FALSE))`;
/** `summarize()`'s error label: errorCode, else errorMessage, else `Failure`. */
const ERROR_LABEL_SQL = `coalesce(nullif(error_code, ''), nullif(error_message, ''), 'Failure')`;

const formatInstant = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const compactCount = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n.toLocaleString('en-US');

/** The cursor is the offset of the next page. */
function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,15}$/.test(cursor)) {
    throw new TrailError(
      'query-failed',
      `"${cursor}" is not a page cursor of the local index; ask the question again.`,
    );
  }
  return Number(cursor);
}

async function readCoverage(connection: DuckDBConnection, root: string): Promise<IndexCoverage> {
  const files = await connection.runAndReadAll(
    `SELECT count(*) FILTER (WHERE status = 'indexed'), coalesce(sum(events), 0) FROM files`,
  );
  const [fileCount, eventCount] = files.getRowsJS()[0] ?? [0, 0];
  // Unparsable times are stored as 0 (see parseEventTime); they would claim the logs reach 1970.
  const span = await connection.runAndReadAll(
    'SELECT min(event_time_ms), max(event_time_ms) FROM events WHERE event_time_ms > 0',
  );
  const [oldest, newest] = span.getRowsJS()[0] ?? [null, null];
  const skippedRows = await connection.runAndReadAll(
    `SELECT path, error FROM files WHERE status = 'skipped' ORDER BY path`,
  );
  const coverage: IndexCoverage = {
    files: Number(fileCount),
    events: Number(eventCount),
    skipped: skippedRows.getRowsJS().map(([filePath, error]) => ({
      path: path.relative(root, String(filePath)) || String(filePath),
      error: String(error),
    })),
  };
  if (oldest !== null && oldest !== undefined) coverage.oldestMs = Number(oldest);
  if (newest !== null && newest !== undefined) coverage.newestMs = Number(newest);
  return coverage;
}

/** Notes about data the answer could not include. */
export function coverageNotes(coverage: IndexCoverage, filter: EventFilter): Note[] {
  const notes: Note[] = [];
  const { oldestMs, newestMs, window } = { ...coverage, window: filter.window };
  if (oldestMs === undefined || newestMs === undefined) {
    notes.push({ kind: 'gap', text: 'the local index holds no events with a valid time' });
  } else if (window !== undefined) {
    const span = `logs cover ${formatInstant(oldestMs)} → ${formatInstant(newestMs)}`;
    const before = window.start.getTime() < oldestMs;
    const after = window.end.getTime() > newestMs + DELIVERY_SLACK_MS;
    if (before && after) {
      notes.push({ kind: 'gap', text: `${span}; nothing before or after that was searched` });
    } else if (before) {
      notes.push({
        kind: 'gap',
        text: `${span}; nothing before ${formatInstant(oldestMs)} was searched`,
      });
    } else if (after) {
      notes.push({
        kind: 'gap',
        text: `${span}; nothing after ${formatInstant(newestMs)} was searched`,
      });
    }
  }
  if (coverage.skipped.length > 0) {
    const named = coverage.skipped
      .slice(0, NAMED_SKIPPED)
      .map((file) => `${file.path} (${file.error})`)
      .join('; ');
    const more = coverage.skipped.length - NAMED_SKIPPED;
    notes.push({
      kind: 'warning',
      text:
        `skipped ${coverage.skipped.length} unreadable log file(s): ${named}` +
        (more > 0 ? `; and ${more} more` : ''),
    });
  }
  return notes;
}

/** A page row: where its record is, and the eventID the index saw there. */
interface PageRow {
  fileId: number;
  ordinal: number;
  eventId: string | undefined;
}

/** The index and the record files disagree: a file changed or vanished since indexing. */
class StaleIndexError extends Error {}

export class LocalBackend implements QueryBackend {
  readonly name = 'local' as const;
  readonly #database: IndexDatabase;
  readonly #options: LocalBackendOptions & { indexPath: string };
  readonly #reader = new RecordReader();
  #coverage: IndexCoverage;
  #lastIndexRun: IndexRun;

  constructor(
    database: IndexDatabase,
    options: LocalBackendOptions & { indexPath: string },
    coverage: IndexCoverage,
    lastIndexRun: IndexRun,
  ) {
    this.#database = database;
    this.#options = options;
    this.#coverage = coverage;
    this.#lastIndexRun = lastIndexRun;
  }

  /** What the index holds after the last update. */
  get coverage(): IndexCoverage {
    return this.#coverage;
  }

  /** What the last update did (the one at opening, or the last {@link refresh}). */
  get lastIndexRun(): IndexRun {
    return this.#lastIndexRun;
  }

  /**
   * Brings the index up to date with the log folder again (new, changed and deleted files).
   * A long-running bot calls this when new logs may have arrived; a query that finds a
   * changed file calls it too.
   */
  async refresh(): Promise<IndexRun> {
    const discovery = await discoverLogFiles(this.#options.logs);
    this.#lastIndexRun = await indexLogs(this.#database, discovery, this.#options);
    this.#coverage = await readCoverage(
      this.#database.connection,
      path.resolve(this.#options.logs),
    );
    this.#reader.clear();
    return this.#lastIndexRun;
  }

  async run(request: QueryRequest): Promise<QueryResult> {
    try {
      return await this.#answer(request);
    } catch (error) {
      if (!(error instanceof StaleIndexError)) throw error;
      // A log file changed under us (a re-sync rewrote it): re-index what changed, then retry.
      await this.refresh();
      try {
        return await this.#answer(request);
      } catch (again) {
        if (!(again instanceof StaleIndexError)) throw again;
        throw new TrailError(
          'query-failed',
          `The log files keep changing while being read: ${again.message}`,
        );
      }
    }
  }

  async #answer(request: QueryRequest): Promise<QueryResult> {
    const started = Date.now();
    const offset = parseCursor(request.cursor);
    const { where, params } = compileFilter(request.filter, duckdbDialect);
    const connection = await this.#database.instance.connect();
    const onAbort = (): void => connection.interrupt();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const page = await connection.runAndReadAll(
        `SELECT file_id, ordinal, event_id FROM events WHERE ${where}
         ORDER BY event_time_ms DESC, event_id DESC NULLS LAST, file_id DESC, ordinal DESC
         LIMIT ? OFFSET ?`,
        [...params, request.limit, offset],
      );
      const rows: PageRow[] = page.getRowsJS().map(([fileId, ordinal, eventId]) => ({
        fileId: Number(fileId),
        ordinal: Number(ordinal),
        eventId: eventId === null ? undefined : String(eventId),
      }));
      const events = await this.#fetch(connection, rows);
      const { total, summary } = await this.#summarise(connection, where, params);
      const truncated = offset + events.length < total;
      const coverage = this.#coverage;
      const result: QueryResult = {
        events,
        total,
        truncated,
        summary,
        notes: coverageNotes(coverage, request.filter),
        stats: {
          backend: 'local',
          elapsedMs: Date.now() - started,
          filesScanned: coverage.files,
          rowsScanned: coverage.events,
        },
        provenance: `DuckDB · ${coverage.files.toLocaleString('en-US')} files · ${compactCount(coverage.events)} events indexed`,
      };
      if (truncated) result.nextCursor = String(offset + events.length);
      return result;
    } catch (error) {
      if (
        request.signal?.aborted ||
        error instanceof StaleIndexError ||
        error instanceof TrailError
      ) {
        throw error;
      }
      throw new TrailError(
        'query-failed',
        `The local index could not answer: ${(error as Error).message}`,
        {},
        { cause: error },
      );
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      connection.closeSync();
    }
  }

  /** Reads the page's records back from their log files, checking each is the one indexed. */
  async #fetch(connection: DuckDBConnection, rows: PageRow[]): Promise<TrailEvent[]> {
    if (rows.length === 0) return [];
    const files = await connection.runAndReadAll(
      'SELECT file_id, path FROM files WHERE file_id IN (SELECT unnest(?::INTEGER[]))',
      [listValue([...new Set(rows.map((row) => row.fileId))])],
    );
    const paths = new Map(
      files.getRowsJS().map(([id, filePath]) => [Number(id), String(filePath)]),
    );
    return rows.map((row) => {
      const filePath = paths.get(row.fileId);
      if (filePath === undefined)
        throw new StaleIndexError(`file #${row.fileId} is no longer indexed`);
      let record;
      try {
        record = this.#reader.records(filePath)[row.ordinal];
      } catch (error) {
        throw new StaleIndexError(`${filePath}: ${(error as Error).message}`);
      }
      if (record === undefined || fieldValue(record, 'eventID') !== row.eventId) {
        throw new StaleIndexError(`${filePath} changed since it was indexed`);
      }
      return normaliseRecord(record);
    });
  }

  /** Total, failures and the top-N counts of `summarize()`, over every match, in one scan. */
  async #summarise(
    connection: DuckDBConnection,
    where: string,
    params: (string | number)[],
  ): Promise<{ total: number; summary: AnswerSummary }> {
    const top = (kind: string, key: string, filter = 'TRUE'): string =>
      `(SELECT '${kind}' AS kind, ${key} AS key, count(*) AS n FROM m WHERE ${filter}
        GROUP BY 2 ORDER BY n DESC, key LIMIT ${SUMMARY_TOP})`;
    const reader = await connection.runAndReadAll(
      `WITH m AS MATERIALIZED (
         SELECT actor, event_name, source_ip_address, error_code, error_message, console_login
         FROM events WHERE ${where})
       SELECT 'total' AS kind, NULL AS key, count(*) AS n FROM m
       UNION ALL SELECT 'failures', NULL, count(*) FROM m WHERE ${FAILURE_SQL}
       UNION ALL ${top('actor', 'actor')}
       UNION ALL ${top('eventName', "coalesce(event_name, '')")}
       UNION ALL ${top('sourceIp', 'source_ip_address', "source_ip_address <> ''")}
       UNION ALL ${top('error', ERROR_LABEL_SQL, FAILURE_SQL)}`,
      params,
    );
    const lists: Record<string, Count[]> = { actor: [], eventName: [], sourceIp: [], error: [] };
    let total = 0;
    let failures = 0;
    for (const [kind, key, n] of reader.getRowsJS()) {
      const count = Number(n);
      if (kind === 'total') total = count;
      else if (kind === 'failures') failures = count;
      else lists[String(kind)]?.push({ key: String(key), count });
    }
    // UNION ALL keeps no order between branches; restore summarize()'s order within each list.
    const ordered = (counts: Count[] = []): Count[] =>
      counts.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      total,
      summary: {
        byActor: ordered(lists.actor),
        byEventName: ordered(lists.eventName),
        bySourceIp: ordered(lists.sourceIp),
        byError: ordered(lists.error),
        failures,
      },
    };
  }

  async close(): Promise<void> {
    this.#database.connection.closeSync();
    this.#database.instance.closeSync();
  }
}

/**
 * Indexes `logs` (incrementally) and returns a backend over it. Throws `TrailError('no-logs')`
 * when there are no CloudTrail log files, or none of them could be read.
 *
 * @example
 * const local = await openLocalBackend({ logs: './trail-bucket' });
 * const page = await local.run({ filter: { where: eq('eventName', 'StopLogging') }, limit: 20 });
 */
export async function openLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const root = path.resolve(options.logs);
  const discovery = await discoverLogFiles(root);
  const settings = {
    ...options,
    logs: root,
    indexPath: options.indexPath ?? defaultIndexPath(root),
  };
  const database = await openIndexDatabase(settings.indexPath, root);
  try {
    const run = await indexLogs(database, discovery, settings);
    const coverage = await readCoverage(database.connection, root);
    if (coverage.files === 0) {
      const reasons = coverage.skipped
        .slice(0, NAMED_SKIPPED)
        .map((file) => `${file.path}: ${file.error}`)
        .join('; ');
      throw new TrailError(
        'no-logs',
        `None of the ${coverage.skipped.length} .json/.json.gz file(s) in ${root} is a readable CloudTrail log file (expected {"Records": [...]}, as CloudTrail writes under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/): ${reasons}.`,
        { logs: root, skipped: coverage.skipped.length },
      );
    }
    return new LocalBackend(database, settings, coverage, run);
  } catch (error) {
    database.connection.closeSync();
    database.instance.closeSync();
    throw error;
  }
}

/** Runs the incremental update with the backend's options (progress bar by default). */
function indexLogs(
  database: IndexDatabase,
  discovery: Discovery,
  options: LocalBackendOptions & { indexPath: string },
): Promise<IndexRun> {
  const onProgress = options.onProgress ?? terminalProgress();
  const spoolBase =
    options.indexPath === ':memory:' ? path.join(tmpdir(), 'trailhound-index') : options.indexPath;
  return updateIndex(database.connection, discovery.files, {
    spoolDir: `${spoolBase}.spool-${process.pid}`,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}
