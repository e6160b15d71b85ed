/**
 * Worker-thread entry for indexing: receives {@link SpoolBatch}es, reports each file as it is
 * read (`file`) and then the batch's results (`done`). Gunzip, JSON.parse and the computed columns run here, on the other cores, while the
 * main thread only drives DuckDB.
 */
import { parentPort } from 'node:worker_threads';
import { spoolBatch, type SpoolBatch, type SpoolFileResult } from './spool.js';

export type WorkerMessage =
  | { kind: 'file'; result: SpoolFileResult }
  | { kind: 'done'; results: SpoolFileResult[] }
  | { kind: 'failed'; message: string };

const send = (message: WorkerMessage): void => parentPort?.postMessage(message);

parentPort?.on('message', (batch: SpoolBatch) => {
  try {
    send({ kind: 'done', results: spoolBatch(batch, (result) => send({ kind: 'file', result })) });
  } catch (error) {
    // Only the spool file itself failing (disk full) lands here; per-file problems are results.
    send({ kind: 'failed', message: (error as Error).message });
  }
});
