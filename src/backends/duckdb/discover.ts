/**
 * Finds CloudTrail log files the way CloudTrail lays them out in S3, so a folder made with
 * `aws s3 sync s3://trail-bucket ./logs` (or any part of it) just works:
 *
 *   [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<…>.json.gz
 *   [prefix/]AWSLogs/o-xxxxxxxxxx/<account>/CloudTrail/<region>/…   (organization trails)
 *
 * Any `.json.gz` or `.json` file under the folder counts (hand-made exports and samples too),
 * as does a single file given directly. Two sibling folders are recognised and left out:
 * - `CloudTrail-Digest/`: hourly integrity digests (`logFiles`, hashes), not events;
 * - `CloudTrail-Insight/`: Insights records (API call-rate anomalies). They have no caller and
 *   answer none of the questions trailhound asks, so they are not indexed either; they are
 *   counted so the user can be told they were seen.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { TrailError } from '../../core/errors.js';

export interface LogFile {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface Discovery {
  /** Event log files, sorted by path. */
  files: LogFile[];
  /** Files recognised and deliberately not indexed. */
  ignored: { digests: number; insights: number };
}

/** The folder the index lives in; never searched for logs. */
export const INDEX_FOLDER = '.trailhound';

const EXPECTED_LAYOUT =
  'expected CloudTrail log files (*.json.gz or *.json holding {"Records": [...]}), e.g. ' +
  'AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz as `aws s3 sync` of a trail ' +
  'bucket writes them';

const isLogFileName = (name: string): boolean =>
  name.endsWith('.json.gz') || name.endsWith('.json');

type Kind = 'log' | 'digest' | 'insight' | 'other';

/** What a file is, judged by its path relative to the searched folder. */
function classify(relativePath: string): Kind {
  const segments = relativePath.split(path.sep);
  const name = segments.at(-1) ?? '';
  if (!isLogFileName(name)) return 'other';
  if (segments.includes('CloudTrail-Digest') || name.includes('_CloudTrail-Digest_')) {
    return 'digest';
  }
  if (segments.includes('CloudTrail-Insight') || name.includes('_CloudTrail-Insight_')) {
    return 'insight';
  }
  return 'log';
}

/** Describes what a folder without log files holds, for the error message. */
function describeFound(others: string[], ignored: Discovery['ignored']): string {
  const parts: string[] = [];
  if (ignored.digests > 0) parts.push(`${ignored.digests} digest file(s) (CloudTrail-Digest/)`);
  if (ignored.insights > 0)
    parts.push(`${ignored.insights} Insights file(s) (CloudTrail-Insight/)`);
  if (others.length > 0) {
    const sample = others.slice(0, 3).join(', ');
    parts.push(`${others.length} other file(s) such as ${sample}`);
  }
  return parts.length === 0 ? 'the folder is empty' : `found only ${parts.join(', ')}`;
}

/**
 * The log files under `logs` (a folder or one file). Throws `TrailError('no-logs')` saying
 * what was expected and what was found when there are none.
 *
 * @example await discoverLogFiles('./my-trail-bucket') // → { files: [...], ignored: {...} }
 */
export async function discoverLogFiles(logs: string): Promise<Discovery> {
  const root = path.resolve(logs);
  const rootStat = await stat(root).catch(() => undefined);
  if (rootStat === undefined) {
    throw new TrailError('no-logs', `${root} does not exist; ${EXPECTED_LAYOUT}.`, { logs: root });
  }
  if (rootStat.isFile()) {
    if (!isLogFileName(root)) {
      throw new TrailError(
        'no-logs',
        `${root} is not a .json or .json.gz file; ${EXPECTED_LAYOUT}.`,
        {
          logs: root,
        },
      );
    }
    return {
      files: [{ path: root, size: rootStat.size, mtimeMs: rootStat.mtimeMs }],
      ignored: { digests: 0, insights: 0 },
    };
  }

  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const ignored = { digests: 0, insights: 0 };
  const others: string[] = [];
  const candidates: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full);
    if (relative.split(path.sep).includes(INDEX_FOLDER)) continue;
    const kind = classify(relative);
    if (kind === 'log') candidates.push(full);
    else if (kind === 'digest') ignored.digests++;
    else if (kind === 'insight') ignored.insights++;
    else others.push(relative);
  }
  if (candidates.length === 0) {
    throw new TrailError(
      'no-logs',
      `No CloudTrail log files in ${root}: ${EXPECTED_LAYOUT}; ${describeFound(others, ignored)}.`,
      { logs: root, ...ignored, otherFiles: others.length },
    );
  }
  candidates.sort();
  const files: LogFile[] = [];
  // Stat in slices: enough in flight to hide latency, few enough not to exhaust descriptors.
  const SLICE = 256;
  for (let i = 0; i < candidates.length; i += SLICE) {
    const slice = candidates.slice(i, i + SLICE);
    const stats = await Promise.all(slice.map((file) => stat(file)));
    stats.forEach((s, j) =>
      files.push({ path: slice[j] as string, size: s.size, mtimeMs: s.mtimeMs }),
    );
  }
  return { files, ignored };
}
