/**
 * The Athena backend: SQL over the trail bucket itself, for windows beyond LookupEvents' 90
 * days and for data events. One question is one query:
 *
 * 1. build the SELECT (`query.ts`): partition predicates, the shared compiler's WHERE in the
 *    Athena dialect, user values only as ExecutionParameters;
 * 2. guard the cost: an estimate above ATHENA_MAX_BYTES (see `cost.ts`) refuses with a
 *    `cost-cap` error carrying the estimate, unless the request says `confirmCost`;
 * 3. StartQueryExecution (workgroup, database, output location, result reuse), then poll
 *    GetQueryExecution with backoff, reporting state and bytes; stop the query on timeout,
 *    on cancel, and when it passes the cap while running;
 * 4. page GetQueryResults (1000 rows a page, header row first on the first page, every value
 *    a string) until the answer's limit, rebuilding each row into a CloudTrail record.
 *
 * A "more results" cursor points into the finished query's results (execution id + page
 * token), so the next page costs nothing more.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { QueryExecution } from '@aws-sdk/client-athena';
import { TrailError } from '../../core/errors.js';
import { normaliseRecord } from '../../core/normalise.js';
import type { TrailEvent } from '../../core/trail-event.js';
import type { QueryBackend, QueryRequest, QueryResult } from '../../ports/backend.js';
import { ClientConfigs } from '../aws-clients.js';
import type { AwsClientOptions } from '../aws-clients.js';
import type { AthenaSettings } from '../aws-config.js';
import { toTrailError } from '../aws-errors.js';
import { systemClock } from '../lookup/rate-limiter.js';
import type { LimiterClock } from '../lookup/rate-limiter.js';
import {
  athenaCostUsd,
  describeAthenaScan,
  formatBytes,
  formatUsd,
  scopeKey,
  sharedScanHistory,
} from './cost.js';
import type { ScanHistory } from './cost.js';
import { ATHENA_ROW_CAP, buildAthenaQuery } from './query.js';
import type { AthenaQuery, AthenaScope } from './query.js';
import { recordFromRow, rowValues, totalFromRow } from './rows.js';

/** GetQueryResults' largest page. */
export const ATHENA_PAGE_SIZE = 1000;
/** ExecutionParameters: each value 1–1024 characters. */
const MAX_PARAMETER_LENGTH = 1024;
/** Reuse identical results up to an hour old (e.g. the same "yesterday" asked twice). */
const RESULT_REUSE_MINUTES = 60;

export interface AthenaBackendOptions {
  settings: AthenaSettings;
  /** Partitions to restrict every query to (from TRAIL_REGIONS / TRAIL_ACCOUNTS when set). */
  scope?: AthenaScope;
  clientOptions?: AwsClientOptions;
  /** Learned bytes per day, shared by backends so estimates improve (cost.ts). */
  history?: ScanHistory;
  /** For polling waits; tests pass a clock that does not wait. */
  clock?: LimiterClock;
  /** Give up (and stop the query) after this long; default 5 minutes. */
  timeoutMs?: number;
}

/** Position in a finished query's results: the page to fetch and rows to skip on it. */
interface ResultCursor {
  q: string;
  t?: string;
  s: number;
  /** Rows already shown, and the total, so later pages know where they are. */
  o: number;
  n: number;
}

const encodeCursor = (cursor: ResultCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): ResultCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ResultCursor>;
    if (
      typeof c.q === 'string' &&
      typeof c.s === 'number' &&
      typeof c.o === 'number' &&
      typeof c.n === 'number' &&
      (c.t === undefined || typeof c.t === 'string')
    ) {
      return { q: c.q, s: c.s, o: c.o, n: c.n, ...(c.t === undefined ? {} : { t: c.t }) };
    }
  } catch {
    // Not ours; refused below.
  }
  throw new TrailError(
    'query-failed',
    'That "more results" link is not valid any more; ask again.',
  );
}

/**
 * A FAILED query's reason as a TrailError: permission problems name what is missing (the
 * reasons quoted are Athena's own wording), everything else shows the reason as Athena gave it.
 */
export function failureError(reason: string, settings: AthenaSettings): TrailError {
  const detail = { reason };
  if (/kms/i.test(reason) && /denied|not authorized|permission/i.test(reason)) {
    return new TrailError(
      'access-denied',
      `Athena could not decrypt the logs or results: grant kms:Decrypt on the trail's KMS key. Athena said: ${reason}`,
      { ...detail, action: 'kms:Decrypt' },
    );
  }
  if (/denied|not authorized|permission/i.test(reason)) {
    const results = /output|result|writing|write/i.test(reason);
    const action = results
      ? `s3:PutObject and s3:GetObject on the results location (${settings.outputLocation ?? 'the workgroup output location'})`
      : /glue|catalog|table|database/i.test(reason)
        ? `glue:GetTable on ${settings.database}.${settings.table}`
        : 's3:GetObject and s3:ListBucket on the CloudTrail bucket';
    return new TrailError(
      'access-denied',
      `Athena was refused: grant ${action}. Athena said: ${reason}`,
      {
        ...detail,
        action,
      },
    );
  }
  return new TrailError('query-failed', `Athena could not run the query: ${reason}`, detail);
}

/** The counts of a query's partition span, for {@link describeAthenaScan}. */
const spanOf = (query: AthenaQuery): { days?: number; regions?: number; accounts?: number } => ({
  ...(query.days === undefined ? {} : { days: query.days.length }),
  ...(query.regions === undefined ? {} : { regions: query.regions.length }),
  ...(query.accounts === undefined ? {} : { accounts: query.accounts.length }),
});

export class AthenaBackend implements QueryBackend {
  readonly name = 'athena' as const;
  private client: AthenaClient | undefined;
  private readonly history: ScanHistory;
  private readonly clock: LimiterClock;

  constructor(private readonly options: AthenaBackendOptions) {
    this.history = options.history ?? sharedScanHistory;
    this.clock = options.clock ?? systemClock;
  }

  /** The query a filter becomes (also what the planner shows). */
  query(filter: QueryRequest['filter']): AthenaQuery {
    const { database, table } = this.options.settings;
    return buildAthenaQuery(filter, database, table, this.options.scope ?? {});
  }

  /** Bytes the query is expected to scan, when a query of its scope has run before. */
  estimateBytes(query: AthenaQuery): number | undefined {
    if (query.days === undefined) return undefined;
    return this.history.estimate(scopeKey(query.regions, query.accounts), query.days.length);
  }

  async run(request: QueryRequest): Promise<QueryResult> {
    const started = this.clock.now();
    if (!Number.isInteger(request.limit) || request.limit < 1) {
      throw new TrailError(
        'unsupported',
        `The result limit must be a positive integer (got ${request.limit}).`,
      );
    }
    if (request.cursor !== undefined) {
      const cursor = decodeCursor(request.cursor);
      const page = await this.fetchRows(cursor, request);
      return this.result(page, cursor.n, started, undefined, { calls: page.calls });
    }

    const query = this.query(request.filter);
    const tooLong = query.params.find((p) => p.length > MAX_PARAMETER_LENGTH);
    if (tooLong !== undefined) {
      throw new TrailError(
        'unsupported',
        `A value in this question is too long for Athena (parameters are limited to ${MAX_PARAMETER_LENGTH} characters).`,
      );
    }
    const { maxBytes } = this.options.settings;
    const estimate = this.estimateBytes(query);
    if (request.confirmCost !== true && estimate !== undefined && estimate > maxBytes) {
      throw this.costCap(estimate, query);
    }

    const execution = await this.execute(query, request);
    const bytes = execution.Statistics?.DataScannedInBytes ?? 0;
    if (query.days !== undefined) {
      this.history.observe(scopeKey(query.regions, query.accounts), query.days.length, bytes);
    }
    const id = execution.QueryExecutionId ?? '';
    const page = await this.fetchRows({ q: id, s: 0, o: 0, n: -1 }, request);
    return this.result(page, page.total, started, query, {
      bytes,
      calls: page.calls + execution.calls,
    });
  }

  async close(): Promise<void> {
    this.client?.destroy();
    this.client = undefined;
  }

  private athena(): AthenaClient {
    this.client ??= new AthenaClient(
      new ClientConfigs(this.options.clientOptions).for({
        region: this.options.settings.region,
        account: { id: 'default' },
      }),
    );
    return this.client;
  }

  private costCap(estimateBytes: number, query: AthenaQuery): TrailError {
    const { maxBytes } = this.options.settings;
    return new TrailError(
      'cost-cap',
      `This question would scan about ${formatBytes(estimateBytes)} (${formatUsd(athenaCostUsd(estimateBytes))}) ` +
        `on Athena, more than the ${formatBytes(maxBytes)} cap (ATHENA_MAX_BYTES). Confirm to run it anyway.`,
      {
        estimateBytes,
        maxBytes,
        estimateUsd: athenaCostUsd(estimateBytes),
        plan: describeAthenaScan(spanOf(query), estimateBytes),
      },
    );
  }

  private async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toTrailError(error, { action, region: this.options.settings.region });
    }
  }

  /** Starts the query and waits for it to finish; throws unless it SUCCEEDED. */
  private async execute(
    query: AthenaQuery,
    request: QueryRequest,
  ): Promise<QueryExecution & { calls: number }> {
    const { settings } = this.options;
    const abort = request.signal === undefined ? {} : { abortSignal: request.signal };
    const started = await this.call('athena:StartQueryExecution', () =>
      this.athena().send(
        new StartQueryExecutionCommand({
          QueryString: query.sql,
          QueryExecutionContext: { Database: settings.database },
          WorkGroup: settings.workgroup,
          ...(settings.outputLocation === undefined
            ? {}
            : { ResultConfiguration: { OutputLocation: settings.outputLocation } }),
          // ExecutionParameters must hold at least one value when present.
          ...(query.params.length === 0 ? {} : { ExecutionParameters: query.params }),
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: RESULT_REUSE_MINUTES },
          },
        }),
        abort,
      ),
    );
    const id = started.QueryExecutionId;
    if (id === undefined) throw new TrailError('query-failed', 'Athena did not return a query id.');

    try {
      return await this.poll(id, query, request);
    } catch (error) {
      // Cancelled by the asker (or the SDK call was aborted): the query must not run on.
      if (request.signal?.aborted === true) await this.stop(id);
      throw error;
    }
  }

  /** Polls GetQueryExecution with backoff until the query ends, stopping it when it must. */
  private async poll(
    id: string,
    query: AthenaQuery,
    request: QueryRequest,
  ): Promise<QueryExecution & { calls: number }> {
    const { settings } = this.options;
    const abort = request.signal === undefined ? {} : { abortSignal: request.signal };
    const timeoutMs = this.options.timeoutMs ?? 5 * 60_000;
    const begun = this.clock.now();
    let delay = 250;
    let calls = 1;
    for (;;) {
      const { QueryExecution: execution = {} } = await this.call('athena:GetQueryExecution', () =>
        this.athena().send(new GetQueryExecutionCommand({ QueryExecutionId: id }), abort),
      );
      calls += 1;
      const state = execution.Status?.State ?? 'QUEUED';
      const bytes = execution.Statistics?.DataScannedInBytes ?? 0;
      request.onProgress?.({
        message: `Athena ${state} · ${formatBytes(bytes)} scanned`,
        bytesScanned: bytes,
      });
      if (state === 'SUCCEEDED') return { ...execution, QueryExecutionId: id, calls };
      if (state === 'FAILED') {
        throw failureError(execution.Status?.StateChangeReason ?? 'no reason given', settings);
      }
      if (state === 'CANCELLED') {
        const reason = execution.Status?.StateChangeReason;
        throw new TrailError(
          'query-failed',
          `The Athena query was cancelled${reason === undefined ? '' : `: ${reason}`}.`,
          { queryExecutionId: id },
        );
      }
      if (request.signal?.aborted === true) throw request.signal.reason as Error;
      if (request.confirmCost !== true && bytes > settings.maxBytes) {
        await this.stop(id);
        throw this.costCap(bytes, query);
      }
      if (this.clock.now() - begun > timeoutMs) {
        await this.stop(id);
        throw new TrailError(
          'query-failed',
          `The Athena query was still ${state} after ${Math.round(timeoutMs / 1000)} s, so it was stopped. ` +
            'Try a shorter window.',
          { queryExecutionId: id },
        );
      }
      await this.clock.sleep(delay, request.signal);
      delay = Math.min(2000, Math.round(delay * 1.5));
    }
  }

  /** Stops a running query; a failure to stop is not worth hiding the real reason for. */
  private async stop(id: string): Promise<void> {
    try {
      await this.athena().send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch {
      // The query may have just finished; the caller's error is the one to report.
    }
  }

  /** Reads result pages from the cursor position until `limit` rows are in hand. */
  private async fetchRows(
    cursor: ResultCursor,
    request: QueryRequest,
  ): Promise<{
    events: TrailEvent[];
    next?: ResultCursor;
    total: number;
    offset: number;
    calls: number;
  }> {
    const abort = request.signal === undefined ? {} : { abortSignal: request.signal };
    const events: TrailEvent[] = [];
    let token = cursor.t;
    let skip = cursor.s;
    let total = cursor.n;
    let calls = 0;
    for (;;) {
      const pageToken = token;
      const response = await this.call('athena:GetQueryResults', () =>
        this.athena().send(
          new GetQueryResultsCommand({
            QueryExecutionId: cursor.q,
            MaxResults: ATHENA_PAGE_SIZE,
            ...(pageToken === undefined ? {} : { NextToken: pageToken }),
          }),
          abort,
        ),
      );
      calls += 1;
      const header = (response.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(
        (c) => c.Name ?? '',
      );
      let rows = response.ResultSet?.Rows ?? [];
      // For a SELECT the first row of the first page repeats the column names.
      if (pageToken === undefined) rows = rows.slice(1);
      const firstRow = rows[0];
      if (total < 0) total = firstRow === undefined ? 0 : totalFromRow(header, rowValues(firstRow));
      for (let index = skip; index < rows.length; index++) {
        const row = rows[index];
        if (row === undefined) continue;
        events.push(normaliseRecord(recordFromRow(header, rowValues(row))));
        if (events.length === request.limit) {
          const offset = cursor.o + events.length;
          const more = index + 1 < rows.length || response.NextToken !== undefined;
          const next: ResultCursor | undefined = !more
            ? undefined
            : index + 1 < rows.length
              ? {
                  q: cursor.q,
                  s: index + 1,
                  o: offset,
                  n: total,
                  ...(pageToken === undefined ? {} : { t: pageToken }),
                }
              : { q: cursor.q, s: 0, o: offset, n: total, t: response.NextToken as string };
          return {
            events,
            total,
            offset: cursor.o,
            calls,
            ...(next === undefined ? {} : { next }),
          };
        }
      }
      skip = 0;
      token = response.NextToken;
      if (token === undefined) return { events, total, offset: cursor.o, calls };
    }
  }

  private result(
    page: { events: TrailEvent[]; next?: ResultCursor; total: number; offset: number },
    total: number,
    started: number,
    query: AthenaQuery | undefined,
    spent: { bytes?: number; calls: number },
  ): QueryResult {
    const notes: QueryResult['notes'] = [];
    if (
      total > ATHENA_ROW_CAP &&
      page.next === undefined &&
      page.offset + page.events.length >= ATHENA_ROW_CAP
    ) {
      notes.push({
        kind: 'truncation',
        text: `${total} events matched; only the newest ${ATHENA_ROW_CAP} can be paged through. Narrow the window to see older ones.`,
      });
    }
    const stats: QueryResult['stats'] = {
      backend: 'athena',
      elapsedMs: Math.round(this.clock.now() - started),
      apiCalls: spent.calls,
    };
    if (spent.bytes !== undefined) {
      stats.bytesScanned = spent.bytes;
      stats.costUsd = athenaCostUsd(spent.bytes);
    }
    if (query?.regions !== undefined) stats.regions = query.regions;
    if (query?.accounts !== undefined) stats.accounts = query.accounts;
    const result: QueryResult = {
      events: page.events,
      total,
      truncated: page.next !== undefined,
      notes,
      stats,
      provenance:
        query === undefined
          ? `Athena · results ${page.offset + 1}–${page.offset + page.events.length} of ${total}`
          : describeAthenaScan(spanOf(query), spent.bytes),
    };
    if (page.next !== undefined) result.nextCursor = encodeCursor(page.next);
    return result;
  }
}
