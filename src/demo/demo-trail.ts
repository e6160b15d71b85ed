/**
 * The demo trail folder (`./demo-trail`): what `npm run demo` generates and what
 * `trailhound ask` falls back to when no logs are given. A small stamp beside the index
 * (`.trailhound/demo.json`, a folder the log search skips) records how the trail was made, so
 * the demo regenerates only when its settings change, and only a folder it made itself.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrailError } from '../core/errors.js';
import { writeSyntheticTrail, type SyntheticTrailResult } from './generate.js';

export const DEMO_TRAIL_DIR = 'demo-trail';

/** "Now" for the demo: the scripted incident happened a few hours before it. */
export const DEMO_NOW = new Date('2026-11-26T15:00:00Z');

/** Ninety-odd days (so a 90-day question is fully covered) and about 130,000 events: realistic, and quick to index. */
export const DEMO_TRAIL_SETTINGS = {
  days: 92,
  eventsPerDay: 1500,
  seed: 1,
  incident: true,
} as const;

const STAMP = path.join('.trailhound', 'demo.json');

interface Stamp {
  now: string;
  days: number;
  eventsPerDay: number;
  seed: number;
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** Generates the demo trail in `dir` with the demo settings, ending just before `now`. */
export async function generateDemoTrail(dir: string, now: Date): Promise<SyntheticTrailResult> {
  const result = await writeSyntheticTrail({ dir, now, ...DEMO_TRAIL_SETTINGS });
  const stamp: Stamp = {
    now: now.toISOString(),
    days: DEMO_TRAIL_SETTINGS.days,
    eventsPerDay: DEMO_TRAIL_SETTINGS.eventsPerDay,
    seed: DEMO_TRAIL_SETTINGS.seed,
  };
  await mkdir(path.join(dir, '.trailhound'), { recursive: true });
  await writeFile(path.join(dir, STAMP), JSON.stringify(stamp));
  return result;
}

/**
 * Makes sure `dir` holds the demo trail for `now`: keeps it when its stamp matches, replaces it
 * when an earlier demo made it with other settings, and refuses to touch a folder the demo did
 * not make. Returns what was generated, or undefined when the existing trail was kept.
 */
export async function ensureDemoTrail(
  dir: string,
  now: Date,
): Promise<SyntheticTrailResult | undefined> {
  const stamp = await readStamp(dir);
  if (
    stamp?.now === now.toISOString() &&
    stamp.days === DEMO_TRAIL_SETTINGS.days &&
    stamp.eventsPerDay === DEMO_TRAIL_SETTINGS.eventsPerDay &&
    stamp.seed === DEMO_TRAIL_SETTINGS.seed
  ) {
    return undefined;
  }
  if (stamp !== undefined) {
    await rm(dir, { recursive: true, force: true });
  } else if (existsSync(dir)) {
    throw new TrailError(
      'config',
      `${dir} exists but was not made by the demo; move it away or run the demo elsewhere.`,
    );
  }
  return generateDemoTrail(dir, now);
}
