/**
 * Writes a synthetic CloudTrail archive laid out exactly as CloudTrail delivers to S3:
 *
 *   <dir>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
 *     <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 random>.json.gz   →  {"Records":[…]}
 *
 * The path date and the time in the name are the delivery time (about five minutes after the
 * calls it holds), so a file written just after midnight holds records of the previous day, as
 * in a real bucket. The same seed gives the same bytes. It is built for volume: records are
 * serialised one hour at a time and each file is gzipped on the libuv thread pool while the next
 * hour is generated, so millions of events take seconds, not minutes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { backgroundCall } from './background.js';
import { DEMO_ACCOUNTS, DEMO_REGIONS, GLOBAL_REGION, castFor, type Cast } from './cast.js';
import { createRng, type Rng } from './prng.js';
import { recordJson } from './record.js';
import { historyEvents, incidentEvents, type ScriptedEvent } from './story.js';

export interface SyntheticTrailOptions {
  /** The folder that receives `AWSLogs/…`; created when missing. */
  dir: string;
  /** The reference time: no event is at or after it; the incident ends shortly before it. */
  now: Date;
  /** How many days of history before `now`. */
  days: number;
  /** Average events per day over both accounts and regions (default 2000). */
  eventsPerDay?: number;
  /** Default 1. */
  seed?: number;
  /** Script the incident (brute force, open security group, public bucket, StopLogging). */
  incident?: boolean;
}

export interface SyntheticTrailResult {
  files: number;
  events: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** CloudTrail delivers "an average of about 5 minutes" after the call (facts-aws.md §2). */
const DELIVERY_DELAY = 5 * MINUTE;
const RECORDS_PER_FILE = 100;
const MAX_FILES_PER_HOUR = 12;
const GZIP_IN_FLIGHT = 8;

/** How each account/region pair shares the traffic: production's us-east-1 is busiest. */
const SHARE: Record<string, number> = {
  [`${DEMO_ACCOUNTS[0]}|us-east-1`]: 0.38,
  [`${DEMO_ACCOUNTS[0]}|eu-west-1`]: 0.32,
  [`${DEMO_ACCOUNTS[1]}|us-east-1`]: 0.15,
  [`${DEMO_ACCOUNTS[1]}|eu-west-1`]: 0.15,
};

/** Office hours are four times busier than nights; weekends are quiet. Mean over a week ≈ 1. */
function activity(hourStartMs: number): number {
  const d = new Date(hourStartMs);
  const hour = d.getUTCHours();
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const base = hour >= 8 && hour < 19 ? 1.6 : 0.4;
  return (weekend ? 0.45 : 1.22) * base;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Example: 2026-11-26T14:05:00Z → `20261126T1405Z`, as in CloudTrail's file names. */
function fileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

/** Gzips and writes files with a bounded number in flight, so memory stays flat at any volume. */
class ArchiveWriter {
  private readonly inFlight = new Set<Promise<void>>();
  /** The first write that failed; reported by the next `write` or `flush`. */
  private failure: unknown;
  /** One mkdir per folder, shared by every file that lands in it. */
  private readonly madeDirs = new Map<string, Promise<unknown>>();
  files = 0;

  constructor(private readonly root: string) {}

  async write(
    account: string,
    region: string,
    deliveredMs: number,
    suffix: string,
    records: string[],
  ) {
    const d = new Date(deliveredMs);
    const dir = path.join(
      this.root,
      'AWSLogs',
      account,
      'CloudTrail',
      region,
      String(d.getUTCFullYear()),
      pad(d.getUTCMonth() + 1),
      pad(d.getUTCDate()),
    );
    const name = `${account}_CloudTrail_${region}_${fileStamp(deliveredMs)}_${suffix}.json.gz`;
    const body = `{"Records":[${records.join(',')}]}`;
    const job = this.writeOne(dir, name, body).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.inFlight.add(job);
    void job.then(() => this.inFlight.delete(job));
    this.files++;
    if (this.inFlight.size >= GZIP_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  async flush() {
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeOne(dir: string, name: string, body: string) {
    let made = this.madeDirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      this.madeDirs.set(dir, made);
    }
    await made;
    // Level 1: several times faster than the default and still a standard gzip member, which
    // is all a CloudTrail reader (ours, Athena, `zcat`) relies on.
    await writeFile(path.join(dir, name), await gzipAsync(body, { level: 1 }));
  }
}

const gzipAsync = promisify(gzip);

/** Scripted events by `account|region|hourStart`, so each hour picks up its own. */
function indexByHour(events: ScriptedEvent[]): Map<string, ScriptedEvent[]> {
  const byHour = new Map<string, ScriptedEvent[]>();
  for (const e of events) {
    const key = `${e.account}|${e.region}|${Math.floor(e.timeMs / HOUR) * HOUR}`;
    const list = byHour.get(key) ?? [];
    list.push(e);
    byHour.set(key, list);
  }
  return byHour;
}

/**
 * Example: `await writeSyntheticTrail({ dir: './demo-trail', now: new Date(), days: 90,
 * incident: true })` → `{ files: 8617, events: 181204 }`.
 */
export async function writeSyntheticTrail(
  options: SyntheticTrailOptions,
): Promise<SyntheticTrailResult> {
  const nowMs = options.now.getTime();
  const startMs = nowMs - options.days * DAY;
  const perHour = (options.eventsPerDay ?? 2000) / 24;
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const scripted = historyEvents(nowMs, startMs);
  if (options.incident) scripted.push(...incidentEvents(createRng(seed ^ 0x5eed), nowMs, startMs));
  const scriptedByHour = indexByHour(scripted);
  const casts = new Map<string, Cast>(DEMO_ACCOUNTS.map((a) => [a, castFor(a)]));
  const writer = new ArchiveWriter(options.dir);
  await mkdir(options.dir, { recursive: true });
  let events = 0;

  for (let hour = Math.floor(startMs / HOUR) * HOUR; hour < nowMs; hour += HOUR) {
    const from = Math.max(hour, startMs);
    const to = Math.min(hour + HOUR, nowMs);
    const level = activity(hour) * ((to - from) / HOUR);
    for (const account of DEMO_ACCOUNTS) {
      const cast = casts.get(account) as Cast;
      for (const region of DEMO_REGIONS) {
        const expected = perHour * (SHARE[`${account}|${region}`] ?? 0) * level;
        const count = Math.floor(expected + rng.next());
        const extra = scriptedByHour.get(`${account}|${region}|${hour}`) ?? [];
        const total = count + extra.length;
        if (total === 0) continue;
        const fileCount = Math.min(MAX_FILES_PER_HOUR, Math.ceil(total / RECORDS_PER_FILE));
        const slots: string[][] = Array.from({ length: fileCount }, () => []);
        const slotOf = (timeMs: number) =>
          Math.min(fileCount - 1, Math.floor(((timeMs - hour) / HOUR) * fileCount));
        const add = (timeMs: number, record: string) =>
          (slots[slotOf(timeMs)] as string[]).push(record);
        const isGlobal = region === GLOBAL_REGION;
        for (let i = 0; i < count; i++) {
          const timeMs = Math.floor((from + rng.next() * (to - from)) / 1000) * 1000;
          add(
            timeMs,
            recordJson(rng, account, region, timeMs, backgroundCall(rng, cast, region, isGlobal)),
          );
        }
        for (const e of extra) add(e.timeMs, recordJson(rng, account, region, e.timeMs, e.call));
        await writeSlots(writer, rng, account, region, hour, nowMs, slots);
        events += total;
      }
    }
  }
  await writer.flush();
  return { files: writer.files, events };
}

async function writeSlots(
  writer: ArchiveWriter,
  rng: Rng,
  account: string,
  region: string,
  hour: number,
  nowMs: number,
  slots: string[][],
) {
  for (let j = 0; j < slots.length; j++) {
    const records = slots[j] as string[];
    const suffix = rng.alnum(16);
    if (records.length === 0) continue;
    const slotEnd = hour + ((j + 1) * HOUR) / slots.length;
    // A file cannot be delivered after `now`; the last slot of the current hour is cut short.
    const delivered = Math.floor(Math.min(slotEnd + DELIVERY_DELAY, nowMs) / MINUTE) * MINUTE;
    await writer.write(account, region, delivered, suffix, records);
  }
}
