/**
 * Hashes the uncompressed content of many local .gz files on worker threads. Per file the work is
 * tiny (CloudTrail files are mostly a few KB), so what costs is the per-file overhead: promise-
 * based fs calls and async zlib streams cost more than the hashing itself. Each worker therefore
 * reads, gunzips and hashes synchronously, a batch at a time, and the pool spreads batches over
 * the cores.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashResult } from './source.js';

/** Files per message to a worker: large enough to amortise messaging, small enough to balance. */
const BATCH = 128;

// Plain JavaScript evaluated by each worker (CommonJS), so it runs the same under tsx and from
// dist/ without a separate compiled entry file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { gunzipSync } = require('node:zlib');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, paths }) => {
  const results = paths.map((path) => {
    let body;
    try {
      body = readFileSync(path);
    } catch (e) {
      return e.code === 'ENOENT' || e.code === 'ENOTDIR' ? { missing: true } : { unreadable: e.message };
    }
    try {
      return { sha256: createHash('sha256').update(gunzipSync(body)).digest('hex') };
    } catch (e) {
      return { unreadable: 'not gzip (' + e.message + ')' };
    }
  });
  parentPort.postMessage({ id, results });
});
`;

/**
 * Hex SHA-256 of each file's gunzipped content, in input order.
 * @example await hashGzipFiles(['/tmp/a.json.gz']) // [{ sha256: '9bb6…' }]
 */
export async function hashGzipFiles(paths: readonly string[]): Promise<HashResult[]> {
  const results = new Array<HashResult>(paths.length);
  const batches: number[] = [];
  for (let i = 0; i < paths.length; i += BATCH) batches.push(i);
  const size = Math.min(availableParallelism(), 8, batches.length);
  const workers = Array.from({ length: size }, () => new Worker(WORKER_SOURCE, { eval: true }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const start = batches.shift();
              if (start === undefined) return resolve();
              worker.postMessage({ id: start, paths: paths.slice(start, start + BATCH) });
            };
            worker.on(
              'message',
              ({ id, results: batch }: { id: number; results: HashResult[] }) => {
                batch.forEach((r, i) => (results[id + i] = r));
                next();
              },
            );
            worker.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
