/**
 * The CPU-heavy half of indexing, run inside index workers (or in-process for small jobs):
 * read each log file, gunzip, parse, and append one NDJSON row per record to a spool file
 * DuckDB then bulk-loads. A file that cannot be read, unzipped or parsed is reported with the
 * reason and contributes no rows; the others in the batch are unaffected.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseLogFile } from '../../core/normalise.js';
import { eventRowLine } from './rows.js';

export interface SpoolJob {
  fileId: number;
  path: string;
}

export interface SpoolFileResult {
  fileId: number;
  /** Rows written for this file. */
  events: number;
  /** Why the file was skipped; absent when it was indexed. */
  error?: string;
  /** Entries of `Records` that were not objects and were left out. */
  skippedRecords: number;
}

export interface SpoolBatch {
  jobs: SpoolJob[];
  /** Where to write the rows (created or truncated). */
  spoolPath: string;
}

/** Rows are written in groups of this many lines (one join and one write per group). */
const WRITE_LINES = 2048;

/** gzip streams start with 1f 8b; CloudTrail's files are gzip, hand-made exports often not. */
const isGzip = (bytes: Buffer): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The text of a log file, gunzipped when it is gzip (whatever its name says). */
export function readLogText(path: string): string {
  const bytes = readFileSync(path);
  if (!isGzip(bytes)) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new Error(`corrupt gzip: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Spools every file of `batch`, one result per job in order; `onFile` hears about each file
 * as soon as it is read (for progress).
 */
export function spoolBatch(
  batch: SpoolBatch,
  onFile?: (result: SpoolFileResult) => void,
): SpoolFileResult[] {
  const fd = openSync(batch.spoolPath, 'w');
  const results: SpoolFileResult[] = [];
  const done = (result: SpoolFileResult): void => {
    results.push(result);
    onFile?.(result);
  };
  // An array joined once per group: appending to one growing string makes deep cons-strings
  // that cost more to flatten and collect than the rows cost to build.
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length > 0) writeSync(fd, pending.join('\n') + '\n');
    pending = [];
  };
  try {
    for (const job of batch.jobs) {
      let parsed: ReturnType<typeof parseLogFile>;
      try {
        parsed = parseLogFile(readLogText(job.path));
      } catch (error) {
        done({
          fileId: job.fileId,
          events: 0,
          skippedRecords: 0,
          error: (error as Error).message,
        });
        continue;
      }
      if ('error' in parsed) {
        done({ fileId: job.fileId, events: 0, skippedRecords: 0, error: parsed.error });
        continue;
      }
      for (const [ordinal, record] of parsed.records.entries()) {
        pending.push(eventRowLine(record, job.fileId, ordinal));
        if (pending.length >= WRITE_LINES) flush();
      }
      done({
        fileId: job.fileId,
        events: parsed.records.length,
        skippedRecords: parsed.skipped,
      });
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return results;
}
