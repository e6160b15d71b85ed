/**
 * Child process of the indexing benchmark: opens (and so indexes) the local backend over
 * `argv[2]` with the index at `argv[3]`, then prints one JSON line with the time taken, what
 * was read and the process's peak resident memory (worker threads included: they share the
 * process). A separate process keeps the benchmark runner's own memory out of the figure.
 */
import { openLocalBackend } from '../src/backends/duckdb/backend.js';

const [logs, indexPath] = process.argv.slice(2);
if (logs === undefined || indexPath === undefined) {
  console.error('usage: index-child <logs> <index.duckdb>');
  process.exit(2);
}
const started = process.hrtime.bigint();
const backend = await openLocalBackend({ logs, indexPath, onProgress: () => {} });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
await backend.close();
console.log(
  JSON.stringify({
    ms,
    filesRead: backend.lastIndexRun.filesRead,
    eventsAdded: backend.lastIndexRun.eventsAdded,
    events: backend.coverage.events,
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    // User + system CPU of every thread (workers and DuckDB's included).
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
