/**
 * AWS backends against local endpoints that speak the real wire protocol (AWS JSON 1.1 over
 * HTTP on 127.0.0.1, reached through AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL_ATHENA):
 *
 * 1. LookupEvents rate limiting. The endpoint enforces AWS's quota — 2 requests per second per
 *    account and Region, as a token bucket holding 2 — and answers ThrottlingException beyond
 *    it. Ten questions are asked at once over two Regions, each paging 3 × 50 events per
 *    Region. Targets: no throttling error surfaces (the endpoint also counts the throttles it
 *    sent, which should be none at all), and the wall time is at most 1.2× what the quota
 *    itself imposes (pages per Region ÷ 2 per second).
 * 2. Athena partition pruning. The fake Athena endpoint prices each query by the partition
 *    days its `"timestamp" BETWEEN ? AND ?` predicate selects (from the ExecutionParameters
 *    the backend sent) at a fixed 100 MB per day. What this measures is that the query the
 *    backend sends restricts the scan to the window's days; it does not measure Athena's own
 *    pruning, which partition projection performs on exactly that predicate. Target: a one-day
 *    question scans at most 1/30 of the same question over 30 days.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaBackend } from '../src/backends/athena/athena-backend.js';
import { ScanHistory, formatBytes } from '../src/backends/athena/cost.js';
import { LookupBackend } from '../src/backends/lookup/lookup-backend.js';
import { RateLimiters } from '../src/backends/lookup/rate-limiter.js';
import { eq } from '../src/core/filter.js';
import type { EventFilter } from '../src/core/filter.js';

const QUESTIONS = 10;
const REGIONS = ['us-east-1', 'eu-west-1'];
const PAGES_PER_STREAM = 3;
const PAGE_SIZE = 50;
const RATE = 2;
const BYTES_PER_DAY = 100 * 1024 ** 2;
const NOW = new Date('2026-11-26T15:00:00Z');
const DAY = 86_400_000;

interface Reply {
  status: number;
  body: unknown;
}

/** A local AWS JSON 1.1 endpoint: `handle(target, body, region)` answers each call. */
async function endpoint(
  handle: (target: string, body: Record<string, unknown>, region: string) => Reply,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      // The Region is in the SigV4 credential scope: Credential=KEY/DATE/REGION/SERVICE/aws4_request.
      const region =
        /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '';
      const { status, body } = handle(
        target,
        JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
        region,
      );
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** One page of LookupEvents results (newest first), with a token for the next unless last. */
function lookupPage(region: string, page: number): Record<string, unknown> {
  const events = Array.from({ length: PAGE_SIZE }, (_, i) => {
    const n = page * PAGE_SIZE + i;
    const eventTime = new Date(NOW.getTime() - (n + 1) * 60_000)
      .toISOString()
      .replace('.000Z', 'Z');
    const record = {
      eventVersion: '1.10',
      eventID: `${region}-${n}`,
      eventTime,
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      awsRegion: region,
      userIdentity: { type: 'IAMUser', userName: 'alice' },
      responseElements: { ConsoleLogin: 'Failure' },
    };
    return {
      EventId: record.eventID,
      EventName: record.eventName,
      EventTime: Date.parse(eventTime) / 1000,
      CloudTrailEvent: JSON.stringify(record),
    };
  });
  return page + 1 < PAGES_PER_STREAM
    ? { Events: events, NextToken: `page-${page + 1}` }
    : { Events: events };
}

async function lookupBench(): Promise<string[]> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const served = { pages: 0, throttled: 0 };
  const { url, server } = await endpoint((target, body, region) => {
    if (!target.endsWith('.LookupEvents'))
      return { status: 400, body: { __type: 'UnknownOperationException' } };
    const now = performance.now();
    const bucket = buckets.get(region) ?? { tokens: 2, at: now };
    bucket.tokens = Math.min(2, bucket.tokens + ((now - bucket.at) / 1000) * RATE);
    bucket.at = now;
    buckets.set(region, bucket);
    if (bucket.tokens < 1) {
      served.throttled++;
      return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
    }
    bucket.tokens -= 1;
    served.pages++;
    const page =
      typeof body.NextToken === 'string' ? Number(body.NextToken.slice('page-'.length)) : 0;
    return { status: 200, body: lookupPage(region, page) };
  });

  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = url;
  const backend = new LookupBackend({
    regions: REGIONS,
    accounts: [{ id: 'default' }],
    clientOptions: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } },
    // A fresh process-wide-style limiter, so earlier benches cannot have used its schedule.
    limiters: new RateLimiters(RATE),
    now: () => NOW,
  });
  const filter: EventFilter = {
    window: { start: new Date(NOW.getTime() - DAY), end: NOW },
    where: eq('eventName', 'ConsoleLogin'),
  };
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: QUESTIONS }, () => backend.run({ filter, limit: 1000 })),
  );
  const elapsed = (performance.now() - started) / 1000;
  await backend.close();
  server.close();
  delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;

  const surfaced = outcomes.filter(
    (o) => o.status === 'rejected' || o.value.notes.some((n) => n.kind === 'warning'),
  ).length;
  const complete = outcomes.filter(
    (o) =>
      o.status === 'fulfilled' &&
      o.value.events.length === REGIONS.length * PAGES_PER_STREAM * PAGE_SIZE,
  ).length;
  const pagesPerRegion = QUESTIONS * PAGES_PER_STREAM;
  const imposed = pagesPerRegion / RATE;
  const ratio = elapsed / imposed;
  const ok = surfaced === 0 && complete === QUESTIONS && ratio <= 1.2;
  return [
    `LookupEvents: ${QUESTIONS} concurrent questions × ${REGIONS.length} Regions × ${PAGES_PER_STREAM} pages; endpoint enforces ${RATE} req/s per account+Region`,
    `  pages served ${served.pages}, throttles sent by the endpoint ${served.throttled}, errors surfaced ${surfaced}, complete answers ${complete}/${QUESTIONS}`,
    `  wall time ${elapsed.toFixed(2)} s; the quota alone imposes ${pagesPerRegion} pages ÷ ${RATE}/s = ${imposed.toFixed(1)} s; ratio ${ratio.toFixed(3)} (target ≤ 1.2) ${ok ? 'PASS' : 'FAIL'}`,
  ];
}

async function athenaBench(): Promise<string[]> {
  const queries = new Map<string, number>();
  const { url, server } = await endpoint((target, body) => {
    const operation = target.slice(target.indexOf('.') + 1);
    if (operation === 'StartQueryExecution') {
      // The backend puts the day range first: ExecutionParameters[0..1] = 'yyyy/MM/dd'.
      const [first = "''", last = "''"] = (body.ExecutionParameters as string[] | undefined) ?? [];
      const day = (literal: string) => Date.parse(literal.slice(1, -1).replaceAll('/', '-'));
      const days = Math.round((day(last) - day(first)) / DAY) + 1;
      const id = `q-${queries.size + 1}`;
      queries.set(id, Math.max(0, days) * BYTES_PER_DAY);
      return { status: 200, body: { QueryExecutionId: id } };
    }
    const id = String(body.QueryExecutionId);
    if (operation === 'GetQueryExecution') {
      return {
        status: 200,
        body: {
          QueryExecution: {
            QueryExecutionId: id,
            Status: { State: 'SUCCEEDED' },
            Statistics: { DataScannedInBytes: queries.get(id) ?? 0 },
          },
        },
      };
    }
    return {
      status: 200,
      body: {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: [{ Name: 'eventid', Type: 'varchar' }] },
          Rows: [{ Data: [{ VarCharValue: 'eventid' }] }],
        },
      },
    };
  });
  process.env.AWS_ENDPOINT_URL_ATHENA = url;
  const backend = new AthenaBackend({
    settings: {
      region: 'us-east-1',
      database: 'trail',
      table: 'cloudtrail_logs',
      workgroup: 'primary',
      outputLocation: 's3://results/',
      maxBytes: 1024 ** 4,
    },
    clientOptions: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } },
    history: new ScanHistory(),
  });
  const startOfToday = new Date(
    Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()),
  );
  const scanned = async (start: Date, end: Date) =>
    (
      await backend.run({
        filter: { window: { start, end }, where: eq('eventName', 'ConsoleLogin') },
        limit: 10,
      })
    ).stats.bytesScanned ?? 0;
  const today = await scanned(startOfToday, NOW);
  const yesterday = await scanned(new Date(startOfToday.getTime() - DAY), startOfToday);
  const month = await scanned(new Date(NOW.getTime() - 30 * DAY), NOW);
  await backend.close();
  server.close();
  delete process.env.AWS_ENDPOINT_URL_ATHENA;

  const worst = Math.max(today, yesterday) / month;
  return [
    `Athena: bytes priced by the partition days of the query sent (${formatBytes(BYTES_PER_DAY)} per day)`,
    `  today ${formatBytes(today)}, yesterday ${formatBytes(yesterday)}, last 30 days ${formatBytes(month)}`,
    `  one-day / 30-day = 1/${(1 / worst).toFixed(1)} (target ≤ 1/30) ${worst <= 1 / 30 ? 'PASS' : 'FAIL'}`,
  ];
}

export default async (): Promise<{ name: string; lines: string[] }> => ({
  name: 'aws backends (LookupEvents rate limiting, Athena partition pruning)',
  lines: [...(await lookupBench()), ...(await athenaBench())],
});
