/**
 * Opens (creating when needed) the index database and makes sure its tables are the ones this
 * version of trailhound writes. An index built by another schema version, or for another log
 * folder, is emptied and rebuilt rather than misread.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TrailError } from '../../core/errors.js';
import { EVENTS_DDL, FILES_DDL, META_DDL, SCHEMA_VERSION } from './schema.js';

export interface IndexDatabase {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

/**
 * DuckDB's own buffer limit. With two index workers and Node itself this keeps the whole
 * process well under 1.5 GB while indexing millions of events.
 */
const MEMORY_LIMIT = '768MB';

async function readMeta(connection: DuckDBConnection): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll('SELECT key, value FROM meta');
  return new Map(reader.getRowsJS().map(([key, value]) => [String(key), String(value)]));
}

/** Creates the tables in `connection`'s database, emptying them if they belong elsewhere. */
export async function ensureSchema(connection: DuckDBConnection, logsRoot: string): Promise<void> {
  await connection.run(META_DDL);
  const meta = await readMeta(connection);
  if (meta.get('schema_version') !== String(SCHEMA_VERSION) || meta.get('logs_root') !== logsRoot) {
    await connection.run('DROP TABLE IF EXISTS events');
    await connection.run('DROP TABLE IF EXISTS files');
    await connection.run('DELETE FROM meta');
    await connection.run('INSERT INTO meta VALUES (?, ?), (?, ?)', [
      'schema_version',
      String(SCHEMA_VERSION),
      'logs_root',
      logsRoot,
    ]);
  }
  await connection.run(FILES_DDL);
  await connection.run(EVENTS_DDL);
}

/**
 * Opens the index at `indexPath` (`:memory:` for a throwaway one) for the logs at `logsRoot`.
 * Throws `TrailError('config')` when the file is locked by another process or unusable.
 */
export async function openIndexDatabase(
  indexPath: string,
  logsRoot: string,
): Promise<IndexDatabase> {
  let instance: DuckDBInstance;
  try {
    if (indexPath !== ':memory:') mkdirSync(path.dirname(indexPath), { recursive: true });
    instance = await DuckDBInstance.create(indexPath, {
      memory_limit: MEMORY_LIMIT,
      // DuckDB counts the machine's CPUs; a process confined to fewer (taskset, a container's
      // cpuset) would otherwise run more threads than it has CPUs, as the index workers do not.
      threads: String(availableParallelism()),
    });
  } catch (error) {
    const message = (error as Error).message;
    const hint = /lock/i.test(message)
      ? 'another trailhound (or DuckDB) process has it open; close it or pass another index path'
      : 'pass another index path, or delete the file to rebuild it';
    throw new TrailError(
      'config',
      `Cannot open the local index ${indexPath}: ${hint}. (${message})`,
      {
        indexPath,
      },
      { cause: error },
    );
  }
  const connection = await instance.connect();
  await ensureSchema(connection, logsRoot);
  return { instance, connection };
}
