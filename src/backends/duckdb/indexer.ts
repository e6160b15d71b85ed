/**
 * Keeps the local index in step with the log folder, reading only what changed:
 * - a file not in the `files` table, or whose size or mtime changed, is (re)read;
 * - a file that disappeared, or changed, first loses its old rows;
 * - a file that could not be read is recorded as `skipped` with the reason, and is not tried
 *   again until it changes.
 *
 * Work is split in two: index workers (worker_threads, one per core) gunzip, parse and compute
 * columns into NDJSON spool files; the main thread bulk-loads each spool with DuckDB's
 * `read_json` in one transaction together with its `files` rows, so an interrupted run leaves
 * a consistent index and simply continues next time.
 */
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { LogFile } from './discover.js';
import { LOAD_ROWS_SQL } from './rows.js';
import type { WorkerMessage } from './index-worker.js';
import { spoolBatch, type SpoolBatch, type SpoolFileResult, type SpoolJob } from './spool.js';

export interface IndexProgress {
  /** Files read so far (their rows may still be on their way into the index). */
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Rows committed to the index so far. */
  eventsAdded: number;
  /** True on the last report of a run, once everything is committed. */
  finished: boolean;
}

export interface IndexOptions {
  /** Folder for temporary spool files (created, and removed afterwards). */
  spoolDir: string;
  /**
   * Worker threads; 0 runs everything on the calling thread. Default: one per core, or 0
   * when there is less than {@link IN_PROCESS_BYTES} to read (starting workers costs more).
   */
  workers?: number;
  onProgress?: (progress: IndexProgress) => void;
}

export interface SkippedFile {
  path: string;
  error: string;
}

export interface IndexRun {
  /** Files read in this run (new or changed), including those skipped. */
  filesRead: number;
  /** Files skipped in this run, with the reason. */
  skipped: SkippedFile[];
  /** Files dropped from the index because they are gone or changed. */
  filesRemoved: number;
  eventsAdded: number;
}

/** Below this many bytes to read, indexing runs in-process. */
export const IN_PROCESS_BYTES = 4 * 1024 * 1024;
/**
 * A batch (one spool file, one transaction) holds at most this many input bytes … Large
 * batches matter: DuckDB writes an insert of a full row group (~122k rows) straight to the
 * database file, while small ones go through the write-ahead log and are written twice.
 */
const BATCH_BYTES = 24 * 1024 * 1024;
/** … and at most this many files (each adds a `files` row to the transaction). */
const BATCH_FILES = 2000;

interface KnownFile {
  fileId: number;
  size: number;
  mtimeMs: number;
}

async function knownFiles(connection: DuckDBConnection): Promise<Map<string, KnownFile>> {
  const reader = await connection.runAndReadAll('SELECT path, file_id, size, mtime_ms FROM files');
  const known = new Map<string, KnownFile>();
  for (const [filePath, fileId, size, mtimeMs] of reader.getRowsJS()) {
    known.set(String(filePath), {
      fileId: Number(fileId),
      size: Number(size),
      mtimeMs: Number(mtimeMs),
    });
  }
  return known;
}

/** Groups jobs into batches bounded by {@link BATCH_BYTES} and {@link BATCH_FILES}. */
function toBatches(files: (LogFile & { fileId: number })[], spoolDir: string): SpoolBatch[] {
  const batches: SpoolBatch[] = [];
  let jobs: SpoolJob[] = [];
  let bytes = 0;
  const close = (): void => {
    if (jobs.length === 0) return;
    batches.push({ jobs, spoolPath: path.join(spoolDir, `batch-${batches.length}.ndjson`) });
    jobs = [];
    bytes = 0;
  };
  for (const file of files) {
    if (jobs.length > 0 && (bytes + file.size > BATCH_BYTES || jobs.length >= BATCH_FILES)) close();
    jobs.push({ fileId: file.fileId, path: file.path });
    bytes += file.size;
  }
  close();
  return batches;
}

/**
 * Parsing whole log files makes a lot of short-lived garbage; a larger young generation
 * spends much less time collecting it.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 64 };

/**
 * Starts an index worker. The compiled worker sits beside this module; when running from
 * sources under tsx (tests) the worker needs tsx registered in its own thread first, since
 * loader hooks are per thread.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./index-worker.js', import.meta.url), {
      resourceLimits: WORKER_LIMITS,
    });
  }
  const source = new URL('./index-worker.ts', import.meta.url).href;
  // The ESM build of tsx's API; resolving through `require` (this module may itself have been
  // transpiled to CommonJS by tsx) finds the CommonJS build beside it.
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits: WORKER_LIMITS });
}

/** Sends one batch to a worker and waits for its results, passing on per-file reports. */
function runOnWorker(
  worker: Worker,
  batch: SpoolBatch,
  onFile: (result: SpoolFileResult) => void,
): Promise<SpoolFileResult[]> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onError = (error: Error): void => {
      finish();
      reject(error);
    };
    const onMessage = (message: WorkerMessage): void => {
      if (message.kind === 'file') return onFile(message.result);
      finish();
      if (message.kind === 'done') resolve(message.results);
      else reject(new Error(message.message));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(batch);
  });
}

/**
 * Brings the index up to date with `files` (the complete current listing).
 *
 * @example await updateIndex(connection, discovery.files, { spoolDir: '/tmp/x' })
 */
export async function updateIndex(
  connection: DuckDBConnection,
  files: LogFile[],
  options: IndexOptions,
): Promise<IndexRun> {
  const known = await knownFiles(connection);
  const current = new Set(files.map((file) => file.path));
  const toRead = files.filter((file) => {
    const entry = known.get(file.path);
    return entry === undefined || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs;
  });
  const reread = new Set(toRead.map((file) => file.path));
  const stale = [...known]
    .filter(([filePath]) => !current.has(filePath) || reread.has(filePath))
    .map(([, entry]) => entry.fileId);

  if (stale.length > 0) {
    await connection.run('BEGIN TRANSACTION');
    await connection.run('DELETE FROM events WHERE file_id IN (SELECT unnest(?::INTEGER[]))', [
      listValue(stale),
    ]);
    await connection.run('DELETE FROM files WHERE file_id IN (SELECT unnest(?::INTEGER[]))', [
      listValue(stale),
    ]);
    await connection.run('COMMIT');
  }
  const run: IndexRun = {
    filesRead: toRead.length,
    skipped: [],
    filesRemoved: stale.length,
    eventsAdded: 0,
  };
  if (toRead.length === 0) return run;

  const maxId = await connection.runAndReadAll('SELECT coalesce(max(file_id), 0) FROM files');
  let nextId = Number(maxId.getRowsJS()[0]?.[0] ?? 0) + 1;
  const jobs = toRead.map((file) => ({ ...file, fileId: nextId++ }));
  const byId = new Map(jobs.map((job) => [job.fileId, job]));

  await mkdir(options.spoolDir, { recursive: true });
  const batches = toBatches(jobs, options.spoolDir);
  const progress: IndexProgress = {
    filesDone: 0,
    filesTotal: jobs.length,
    bytesDone: 0,
    bytesTotal: jobs.reduce((sum, job) => sum + job.size, 0),
    eventsAdded: 0,
    finished: false,
  };
  options.onProgress?.({ ...progress });

  /** A file has been read (and its rows spooled). */
  const onFile = (result: SpoolFileResult): void => {
    progress.filesDone++;
    progress.bytesDone += byId.get(result.fileId)?.size ?? 0;
    options.onProgress?.({ ...progress });
  };

  /** Loads one spooled batch and records its files, atomically. */
  const load = async (batch: SpoolBatch, results: SpoolFileResult[]): Promise<void> => {
    const events = results.reduce((sum, result) => sum + result.events, 0);
    await connection.run('BEGIN TRANSACTION');
    try {
      if (events > 0) await connection.run(LOAD_ROWS_SQL, [listValue([batch.spoolPath])]);
      const values = results.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      const params = results.flatMap((result) => {
        const file = byId.get(result.fileId) as LogFile & { fileId: number };
        return [
          result.fileId,
          file.path,
          file.size,
          file.mtimeMs,
          result.error === undefined ? 'indexed' : 'skipped',
          result.error ?? null,
          result.events,
        ];
      });
      await connection.run(
        `INSERT INTO files (file_id, path, size, mtime_ms, status, error, events) VALUES ${values}`,
        params,
      );
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    await rm(batch.spoolPath, { force: true });
    for (const result of results) {
      const file = byId.get(result.fileId) as LogFile;
      if (result.error !== undefined) run.skipped.push({ path: file.path, error: result.error });
    }
    progress.eventsAdded += events;
    run.eventsAdded += events;
    options.onProgress?.({ ...progress });
  };

  const workerCount = Math.min(
    batches.length,
    options.workers ?? (progress.bytesTotal < IN_PROCESS_BYTES ? 0 : availableParallelism()),
  );
  try {
    if (workerCount <= 0) {
      for (const batch of batches) await load(batch, spoolBatch(batch, onFile));
    } else {
      await spoolWithWorkers(batches, workerCount, onFile, load);
    }
  } finally {
    await rm(options.spoolDir, { recursive: true, force: true });
  }
  options.onProgress?.({ ...progress, finished: true });
  return run;
}

/**
 * Runs batches on `count` workers. Loads are chained one after another on the (single)
 * connection while workers carry on spooling the next batches.
 */
async function spoolWithWorkers(
  batches: SpoolBatch[],
  count: number,
  onFile: (result: SpoolFileResult) => void,
  load: (batch: SpoolBatch, results: SpoolFileResult[]) => Promise<void>,
): Promise<void> {
  const queue = [...batches];
  const workers = Array.from({ length: count }, () => startWorker());
  let loads: Promise<void> = Promise.resolve();
  let failed = false;
  const drive = async (worker: Worker): Promise<void> => {
    for (let batch = queue.shift(); batch !== undefined && !failed; batch = queue.shift()) {
      const spooled = batch;
      const results = await runOnWorker(worker, spooled, onFile);
      loads = loads.then(() => load(spooled, results));
      // Mark the run failed as soon as a load fails, so workers stop taking batches.
      loads.catch(() => {
        failed = true;
      });
    }
  };
  try {
    await Promise.all(workers.map(drive));
    await loads;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
