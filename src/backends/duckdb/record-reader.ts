/**
 * Fetches records for a page of results from the log files themselves (the index stores
 * where each record is, not the record). A page touches at most `limit` files; recently read
 * files are kept parsed, so paging through one answer does not re-read them.
 */
import { parseLogFile } from '../../core/normalise.js';
import type { CloudTrailRecord } from '../../core/trail-event.js';
import { readLogText } from './spool.js';

/** Parsed files kept, by total text length (characters). */
const CACHE_CHARS = 64 * 1024 * 1024;

export class RecordReader {
  readonly #cache = new Map<string, { records: CloudTrailRecord[]; chars: number }>();
  #chars = 0;

  /** The records of `path` as the indexer saw them (objects only, in file order). Throws on I/O or parse errors. */
  records(path: string): CloudTrailRecord[] {
    const cached = this.#cache.get(path);
    if (cached !== undefined) {
      // Re-insert: Map iteration order makes the first entry the least recently used.
      this.#cache.delete(path);
      this.#cache.set(path, cached);
      return cached.records;
    }
    const text = readLogText(path);
    const parsed = parseLogFile(text);
    if ('error' in parsed) throw new Error(`${path}: ${parsed.error}`);
    this.#cache.set(path, { records: parsed.records, chars: text.length });
    this.#chars += text.length;
    for (const [oldest, entry] of this.#cache) {
      if (this.#chars <= CACHE_CHARS || oldest === path) break;
      this.#cache.delete(oldest);
      this.#chars -= entry.chars;
    }
    return parsed.records;
  }

  /** Forgets every file (after the index was refreshed, files may have changed). */
  clear(): void {
    this.#cache.clear();
    this.#chars = 0;
  }
}
