/**
 * What an Athena question costs and how that is guarded. Athena bills $5 per TB scanned,
 * rounded up to the next MB, with a 10 MB minimum per query (failed queries are free,
 * cancelled ones pay for what they read).
 *
 * Estimating before running: Athena has no dry run that reports bytes (EXPLAIN gives no size,
 * EXPLAIN ANALYZE runs the query). trailhound therefore learns: every finished query records
 * its bytes per partition-day for its scope (Regions × accounts), and the next question of the
 * same scope is estimated as days × that average. Without history there is no estimate, and
 * the cap is enforced while the query runs instead: as soon as DataScannedInBytes passes the
 * cap the query is stopped (StopQueryExecution) and the asker is asked to confirm.
 */

const MB = 1024 ** 2;
const TB = 1024 ** 4;
export const USD_PER_TB = 5;
export const MIN_BILLED_BYTES = 10 * MB;

/**
 * The dollar cost of scanning `bytes`.
 *
 * @example athenaCostUsd(0) === 10 * 1024 ** 2 / 1024 ** 4 * 5 // the 10 MB minimum
 */
export function athenaCostUsd(bytes: number): number {
  const billed = Math.max(MIN_BILLED_BYTES, Math.ceil(Math.max(0, bytes) / MB) * MB);
  return (billed / TB) * USD_PER_TB;
}

/**
 * Bytes for people: `84 MB`, `1.2 GB`, `512 B`.
 *
 * @example formatBytes(88_080_384) === '84 MB'
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

/**
 * Dollars for people: enough significant digits to tell small queries apart.
 *
 * @example formatUsd(0.0004) === '$0.0004'; formatUsd(1.234) === '$1.23'
 */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(1)).toString()}`;
}

/** Learned bytes per partition-day, per scope (e.g. `us-east-1,eu-west-1|*`). */
export class ScanHistory {
  private readonly perDay = new Map<string, number>();

  /** Records a finished query: its scope key, the days it read and the bytes it scanned. */
  observe(scope: string, days: number, bytes: number): void {
    if (days <= 0 || bytes <= 0) return;
    const observed = bytes / days;
    const previous = this.perDay.get(scope);
    // An exponential average: recent days weigh more as trails grow.
    this.perDay.set(scope, previous === undefined ? observed : previous * 0.5 + observed * 0.5);
  }

  /** Estimated bytes for `days` days of `scope`, when a query of that scope has finished before. */
  estimate(scope: string, days: number): number | undefined {
    const perDay = this.perDay.get(scope);
    return perDay === undefined ? undefined : Math.round(perDay * days);
  }
}

/** The process-wide history every Athena backend and the planner share unless given their own. */
export const sharedScanHistory = new ScanHistory();

/** The key of a query's partition scope for {@link ScanHistory}. */
export const scopeKey = (regions?: readonly string[], accounts?: readonly string[]): string =>
  `${regions?.join(',') ?? '*'}|${accounts?.join(',') ?? '*'}`;

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * One line of provenance: `Athena · 2 days × 2 regions · 84 MB · $0.0004`. Absent counts mean
 * "not restricted" (all days, every Region); absent bytes mean "not known yet".
 */
export function describeAthenaScan(
  span: { days?: number; regions?: number; accounts?: number },
  bytes?: number,
): string {
  const parts = [span.days === undefined ? 'all days' : counted(span.days, 'day')];
  if (span.regions !== undefined) parts.push(counted(span.regions, 'region'));
  if (span.accounts !== undefined) parts.push(counted(span.accounts, 'account'));
  const line = ['Athena', parts.join(' × ')];
  if (bytes !== undefined) line.push(formatBytes(bytes), formatUsd(athenaCostUsd(bytes)));
  return line.join(' · ');
}
