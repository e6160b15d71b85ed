/**
 * The LookupEvents backend: CloudTrail's own 90-day event history, no setup needed.
 *
 * A question becomes one call stream per (account, Region, attribute value) — see
 * `attribute.ts` for how the attribute is chosen — all running in parallel, each paging 50
 * events at a time through the shared per-account+Region rate limiter. Every event comes back
 * with the full record as a JSON string (`CloudTrailEvent`), which is normalised and held to
 * `matches()`, so the answer means exactly what the question means.
 *
 * Early stop: each stream is newest first, so the overall newest `limit` matches are among the
 * first `limit` matches of each stream; a stream stops as soon as it has those, or as soon as
 * its events are older than the `limit`-th newest match found anywhere so far.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event as LookupEvent, LookupAttribute } from '@aws-sdk/client-cloudtrail';
import type { Note } from '../../core/answer.js';
import { TrailError } from '../../core/errors.js';
import { matches } from '../../core/matches.js';
import { normaliseRecord } from '../../core/normalise.js';
import type { TrailEvent } from '../../core/trail-event.js';
import type { TimeWindow } from '../../core/window.js';
import type { QueryBackend, QueryRequest, QueryResult } from '../../ports/backend.js';
import { ClientConfigs, ClientPool } from '../aws-clients.js';
import type { AwsClientOptions, ClientTarget } from '../aws-clients.js';
import type { AccountTarget } from '../aws-config.js';
import { toTrailError } from '../aws-errors.js';
import { decodeCursor, encodeCursor, isAfter, newestFirst } from './cursor.js';
import type { Keyset } from './cursor.js';
import { describeLookupPlan, planLookup } from './plan.js';
import type { LookupPlan } from './plan.js';
import { sharedLookupLimiters } from './rate-limiter.js';
import type { RateLimiters } from './rate-limiter.js';

/** LookupEvents' largest page. */
export const LOOKUP_PAGE_SIZE = 50;

export interface LookupBackendOptions {
  regions: readonly string[];
  accounts: readonly AccountTarget[];
  /** Whether Athena is configured (gap notes then offer "run in Athena"). */
  athenaConfigured?: boolean;
  clientOptions?: AwsClientOptions;
  /** Defaults to the process-wide limiters; tests inject their own clock. */
  limiters?: RateLimiters;
  now?: () => Date;
}

interface Stream {
  target: ClientTarget;
  attribute?: LookupAttribute;
}

interface StreamOutcome {
  /** Stopped early with pages left: more matches may exist. */
  hasMore: boolean;
  error?: Error;
}

/** Shared state of one question's streams. */
class Gathering {
  readonly matched = new Map<string, TrailEvent>();
  pages = 0;
  eventsRead = 0;
  unreadable = 0;

  constructor(readonly limit: number) {}

  /** Time of the `limit`-th newest match so far, once there are that many. */
  cutoffMs(): number | undefined {
    if (this.matched.size < this.limit) return undefined;
    return [...this.matched.values()].sort(newestFirst)[this.limit - 1]?.eventTimeMs;
  }
}

/** The record inside a LookupEvents event, or undefined when it is missing or not JSON. */
function recordOf(event: LookupEvent): Record<string, unknown> | undefined {
  if (event.CloudTrailEvent === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(event.CloudTrailEvent);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const floorSecond = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);
const ceilSecond = (ms: number): Date => new Date(Math.ceil(ms / 1000) * 1000);

export class LookupBackend implements QueryBackend {
  readonly name = 'lookup' as const;
  private readonly clients: ClientPool<CloudTrailClient>;
  private readonly now: () => Date;

  constructor(private readonly options: LookupBackendOptions) {
    const configs = new ClientConfigs(options.clientOptions);
    const limiters = options.limiters ?? sharedLookupLimiters;
    this.clients = new ClientPool((target) => {
      const client = new CloudTrailClient(configs.for(target));
      const limiter = limiters.for(target.account.id, target.region);
      // The gate sits right in front of the HTTP handler: after the SDK has resolved
      // credentials and signed (a cold client can take 100 ms+ for that, which would bunch
      // requests released earlier), and inside the retry loop, so every retry waits its turn.
      client.middlewareStack.add(
        (next) => async (args) => {
          await limiter.acquire();
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'trailhoundLookupRateLimit' },
      );
      return client;
    });
    this.now = options.now ?? (() => new Date());
  }

  /** The plan this backend would run for a filter (also what the planner shows). */
  plan(filter: QueryRequest['filter']): LookupPlan {
    return planLookup({
      filter,
      regions: this.options.regions,
      accounts: this.options.accounts,
      now: this.now(),
      athenaConfigured: this.options.athenaConfigured ?? false,
    });
  }

  async run(request: QueryRequest): Promise<QueryResult> {
    const started = performance.now();
    if (!Number.isInteger(request.limit) || request.limit < 1) {
      throw new TrailError(
        'unsupported',
        `The result limit must be a positive integer (got ${request.limit}).`,
      );
    }
    const plan = this.plan(request.filter);
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    const gathering = new Gathering(request.limit);
    const streams = plan.searchWindow === undefined ? [] : this.streams(plan);

    const window = plan.searchWindow;
    const outcomes =
      window === undefined
        ? []
        : await Promise.all(
            streams.map((stream) => this.runStream(stream, window, cursor, request, gathering)),
          );

    const failures = outcomes.filter((o) => o.error !== undefined);
    if (streams.length > 0 && failures.length === streams.length) throw failures[0]?.error;
    const notes: Note[] = [...plan.notes];
    for (const { error } of failures) {
      if (error !== undefined)
        notes.push({ kind: 'warning', text: `Not searched: ${error.message}` });
    }
    if (gathering.unreadable > 0) {
      notes.push({
        kind: 'warning',
        text: `${gathering.unreadable} events had no readable CloudTrailEvent record and were skipped.`,
      });
    }

    const sorted = [...gathering.matched.values()].sort(newestFirst);
    const events = sorted.slice(0, request.limit);
    const truncated = sorted.length > request.limit || outcomes.some((o) => o.hasMore);
    const last = events.at(-1);
    const result: QueryResult = {
      events,
      total: sorted.length,
      truncated,
      notes,
      stats: {
        backend: 'lookup',
        elapsedMs: Math.round(performance.now() - started),
        apiCalls: gathering.pages,
        rowsScanned: gathering.eventsRead,
        regions: plan.regions,
        accounts: plan.accounts.map((a) => a.id),
      },
      provenance: describeLookupPlan(plan, gathering.pages),
    };
    if (truncated && last !== undefined) {
      result.nextCursor = encodeCursor({ timeMs: last.eventTimeMs, eventID: last.eventID });
    }
    return result;
  }

  async close(): Promise<void> {
    this.clients.destroy();
  }

  private streams(plan: LookupPlan): Stream[] {
    const streams: Stream[] = [];
    for (const account of plan.accounts) {
      for (const region of plan.regions) {
        const target = { account, region };
        if (plan.choice.key === undefined) {
          streams.push({ target });
          continue;
        }
        for (const value of plan.choice.values) {
          streams.push({
            target,
            attribute: { AttributeKey: plan.choice.key, AttributeValue: value },
          });
        }
      }
    }
    return streams;
  }

  /** Pages one stream until it is exhausted or can no longer change the answer. */
  private async runStream(
    stream: Stream,
    window: TimeWindow,
    cursor: Keyset | undefined,
    request: QueryRequest,
    gathering: Gathering,
  ): Promise<StreamOutcome> {
    const { target } = stream;
    const client = this.clients.get(target);
    // LookupEvents takes whole seconds, both ends inclusive; matches() trims to the exact window.
    const endMs = Math.min(window.end.getTime(), cursor?.timeMs ?? Infinity);
    const startTime = floorSecond(window.start);
    const endTime = ceilSecond(endMs);
    let found = 0;
    let nextToken: string | undefined;
    try {
      do {
        // A fresh input object per call: the SDK's paginator mutates its input, and NextToken
        // is valid only with otherwise identical parameters.
        const response = await client.send(
          new LookupEventsCommand({
            ...(stream.attribute === undefined ? {} : { LookupAttributes: [stream.attribute] }),
            StartTime: startTime,
            EndTime: endTime,
            MaxResults: LOOKUP_PAGE_SIZE,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
          request.signal === undefined ? {} : { abortSignal: request.signal },
        );
        gathering.pages += 1;
        let oldestMs = Infinity;
        for (const item of response.Events ?? []) {
          gathering.eventsRead += 1;
          const record = recordOf(item);
          if (record === undefined) {
            gathering.unreadable += 1;
            continue;
          }
          const event = normaliseRecord(record);
          oldestMs = Math.min(oldestMs, event.eventTimeMs);
          if (!matches(event, request.filter)) continue;
          if (cursor !== undefined && !isAfter(event, cursor)) continue;
          found += 1;
          gathering.matched.set(event.eventID || `${target.region}:${gathering.eventsRead}`, event);
        }
        request.onProgress?.({
          message: `${gathering.pages} pages, ${gathering.eventsRead} events read, ${gathering.matched.size} matching so far`,
          eventsSoFar: gathering.matched.size,
        });
        nextToken = response.NextToken;
        const cutoff = gathering.cutoffMs();
        const cannotChangeAnswer =
          found >= gathering.limit || (cutoff !== undefined && oldestMs < cutoff);
        if (nextToken !== undefined && cannotChangeAnswer) return { hasMore: true };
      } while (nextToken !== undefined);
      return { hasMore: false };
    } catch (error) {
      const e = toTrailError(error, {
        action: 'cloudtrail:LookupEvents',
        region: target.region,
        account: target.account.id,
        ...(target.account.roleArn === undefined ? {} : { roleArn: target.account.roleArn }),
      });
      if (e.name === 'AbortError' || request.signal?.aborted === true) throw e;
      return { hasMore: false, error: e };
    }
  }
}
