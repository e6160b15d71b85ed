/**
 * The local engine's targets (issue #2), on a synthetic archive of ≥ 2 million events:
 * - indexing throughput ≥ 5× `zcat files | jq -c '.Records[]'` over the same files (the
 *   ratio to a bare `zcat > /dev/null` is reported too: the floor no indexer can beat);
 * - peak RSS while indexing < 1.5 GB (measured in a child process, worker threads included);
 * - a typical question on the built index < 200 ms median;
 * - after adding one file, re-indexing reads only that file.
 *
 * `BENCH_EVENTS` scales the archive (default 2,000,000) for a quicker look.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openLocalBackend } from '../src/backends/duckdb/backend.js';
import {
  all,
  endsWith,
  eq,
  identity,
  not,
  oneOf,
  present,
  resource,
  sourceIp,
  startsWith,
  any,
  type EventFilter,
} from '../src/core/filter.js';
import { SECURITY_GROUP_EVENTS } from '../src/core/event-sets.js';
import { writeSyntheticTrail } from '../src/demo/generate.js';

const execFileAsync = promisify(execFile);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const DAYS = 90;
/** The generator's quiet nights and weekends land a few percent under its daily average. */
const VOLUME_MARGIN = 1.08;
const NOW = new Date('2026-11-26T12:00:00Z');
const QUERY_ROUNDS = 15;
const TARGETS = { speedup: 5, peakRssMb: 1536, queryMs: 200 };

const HOUR = 3_600_000;
const lastHours = (hours: number) => ({ start: new Date(NOW.getTime() - hours * HOUR), end: NOW });

/** Questions as the commands phrase them (questions.md), over their default windows. */
const QUESTIONS: [string, EventFilter][] = [
  [
    'who changed sg-0abc (90 days)',
    {
      where: all(not(eq('readOnly', 'true')), resource('sg-0abc1234')),
      window: lastHours(90 * 24),
    },
  ],
  [
    'failed logins (24 h)',
    {
      where: all(
        eq('eventSource', 'signin.amazonaws.com'),
        any(
          eq('responseElements.ConsoleLogin', 'Failure'),
          present('errorCode'),
          present('errorMessage'),
        ),
      ),
      window: lastHours(24),
    },
  ],
  [
    'access denied (24 h)',
    {
      where: any(
        endsWith('errorCode', 'UnauthorizedOperation'),
        startsWith('errorCode', 'AccessDenied'),
      ),
      window: lastHours(24),
    },
  ],
  ['what did alice do (24 h)', { where: identity('alice'), window: lastHours(24) }],
  [
    'activity from 198.51.100.0/24 (7 days)',
    { where: sourceIp('198.51.100.0/24'), window: lastHours(7 * 24) },
  ],
  [
    'security group changes (7 days)',
    {
      where: all(eq('eventSource', 'ec2.amazonaws.com'), oneOf('eventName', SECURITY_GROUP_EVENTS)),
      window: lastHours(7 * 24),
    },
  ],
];

const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const hasCommand = async (command: string): Promise<boolean> =>
  execFileAsync('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );

interface Timed {
  /** Wall-clock seconds. */
  seconds: number;
  /** User + system CPU seconds of every process in the pipeline. */
  cpuSeconds: number;
}

/** `0m12.576s` → 12.576 */
const shellTime = (text: string): number => {
  const match = /(\d+)m([\d.]+)s/.exec(text);
  return match === null ? 0 : Number(match[1]) * 60 + Number(match[2]);
};

interface ShellOptions {
  /** Only the first this many files (in `find` order). */
  files?: number;
  /** Run the whole pipeline on this one CPU (`taskset -c`). */
  cpu?: number;
}

/**
 * Runs a shell pipeline over the log files (NUL-separated via find/xargs), output discarded.
 * The shell's `times` builtin reports its children's CPU on its second line.
 */
async function shell(logs: string, pipeline: string, options: ShellOptions = {}): Promise<Timed> {
  const subset = options.files === undefined ? '' : ` | head -z -n ${options.files}`;
  const script = `find "${logs}/AWSLogs" -name '*.json.gz' -print0${subset} | xargs -0 ${pipeline} > /dev/null; times`;
  const [command, args] =
    options.cpu === undefined
      ? ['sh', ['-c', script]]
      : ['taskset', ['-c', String(options.cpu), 'sh', '-c', script]];
  const started = process.hrtime.bigint();
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [user = '', system = ''] = (stdout.trim().split('\n').at(-1) ?? '').split(/\s+/);
  return { seconds, cpuSeconds: shellTime(user) + shellTime(system) };
}

interface ChildResult {
  ms: number;
  filesRead: number;
  eventsAdded: number;
  events: number;
  peakRssMb: number;
  cpuMs: number;
}

/**
 * Indexes in a fresh process so its peak RSS is the indexer's alone. With `cpu`, the process
 * (worker threads and DuckDB's threads included) runs on that one CPU.
 */
function indexInChild(logs: string, indexPath: string, cpu?: number): Promise<ChildResult> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = path.join(
    here,
    import.meta.url.endsWith('.ts') ? 'index-child.ts' : 'index-child.js',
  );
  const node = [process.execPath, ...process.execArgv, child, logs, indexPath];
  const [command = '', ...args] =
    cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`index child exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult);
    });
  });
}

const JQ = `zcat | jq -c '.Records[]'`;

/**
 * Why the ratio is what it is on this machine: the same comparison with both sides on one CPU
 * (the indexer's worker threads and DuckDB's share it), and how much throughput two CPU-bound
 * jobs side by side actually get (virtual CPUs often share a physical core or a busy host).
 * The per-CPU ratio times that capacity is roughly the most the indexer can reach here.
 */
async function perCpu(logs: string, dir: string, files: number): Promise<string[]> {
  if (!(await hasCommand('taskset'))) {
    return ['per CPU: taskset is not installed (util-linux); not measured'];
  }
  const jqOne = await shell(logs, JQ, { cpu: 0 });
  const indexOne = await indexInChild(logs, path.join(dir, 'one-cpu.duckdb'), 0);
  const perCpuRatio = jqOne.seconds / (indexOne.ms / 1000);

  const sample = Math.max(1, Math.floor(files / 8));
  const alone = await shell(logs, JQ, { files: sample });
  const pair = await Promise.all([1, 2].map(() => shell(logs, JQ, { files: sample })));
  const pairSeconds = pair.reduce((sum, run) => sum + run.seconds, 0) / pair.length;
  const capacity = (2 * alone.seconds) / pairSeconds;
  return [
    `  one CPU (taskset -c 0): indexing ${fmt(indexOne.ms / 1000, 2)} s vs zcat | jq ${fmt(jqOne.seconds, 2)} s = ${fmt(perCpuRatio, 2)}× per CPU`,
    `  two zcat | jq side by side (${fmt(sample, 0)} files each): ${fmt(pairSeconds, 2)} s vs ${fmt(alone.seconds, 2)} s alone → the ${availableParallelism()} CPUs give ${fmt(capacity, 2)}× one CPU's throughput`,
    `  → at ${fmt(perCpuRatio, 2)}× per CPU, ${TARGETS.speedup}× needs ≈ ${fmt(TARGETS.speedup / perCpuRatio, 1)} CPUs' worth of throughput; this machine gives ${fmt(capacity, 2)}`,
  ];
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits });

export default async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'trailhound-index-bench-'));
  const logs = path.join(dir, 'trail');
  const indexPath = path.join(dir, 'index.duckdb');
  const lines: string[] = [];
  try {
    const generated = { files: 0, events: 0 };
    const genSeconds = await seconds(async () =>
      Object.assign(
        generated,
        await writeSyntheticTrail({
          dir: logs,
          now: NOW,
          days: DAYS,
          eventsPerDay: Math.ceil((EVENTS / DAYS) * VOLUME_MARGIN),
        }),
      ),
    );
    lines.push(
      `archive: ${fmt(generated.events, 0)} events in ${fmt(generated.files, 0)} files over ${DAYS} days (generated in ${fmt(genSeconds)} s)`,
    );

    // The first run warms the page cache so neither side pays for the first read from disk.
    await shell(logs, 'zcat');
    const zcat = await shell(logs, 'zcat');
    const jq = (await hasCommand('jq')) ? await shell(logs, JQ) : undefined;

    const first = await indexInChild(logs, indexPath);
    const indexSeconds = first.ms / 1000;
    const rate = first.eventsAdded / indexSeconds;
    lines.push(
      `indexing: ${fmt(indexSeconds, 2)} s, ${fmt(rate, 0)} events/s, ${fmt(first.events, 0)} events indexed`,
    );
    const indexCpu = first.cpuMs / 1000;
    lines.push(
      `  zcat > /dev/null: ${fmt(zcat.seconds, 2)} s (indexing takes ${fmt(indexSeconds / zcat.seconds, 2)}× as long)`,
    );
    if (jq === undefined) {
      lines.push(
        '  zcat | jq: jq is not installed (apt-get install -y jq); speed-up target not measured',
      );
    } else {
      const speedup = jq.seconds / indexSeconds;
      lines.push(
        `  zcat | jq -c '.Records[]': ${fmt(jq.seconds, 2)} s → indexing is ${fmt(speedup, 2)}× faster (target ≥ ${TARGETS.speedup}×) ${verdict(speedup >= TARGETS.speedup)}`,
      );
      // On a shared machine wall time depends on the neighbours; CPU time much less so.
      lines.push(
        `  CPU: indexing ${fmt(indexCpu)} s (all threads) vs zcat | jq ${fmt(jq.cpuSeconds)} s, bare zcat ${fmt(zcat.cpuSeconds)} s; load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} on ${availableParallelism()} cores`,
      );
      lines.push(...(await perCpu(logs, dir, generated.files)));
    }
    lines.push(
      `peak RSS while indexing: ${fmt(first.peakRssMb, 0)} MB (target < ${TARGETS.peakRssMb} MB) ${verdict(first.peakRssMb < TARGETS.peakRssMb)}`,
    );

    const backend = await openLocalBackend({ logs, indexPath, onProgress: () => {} });
    try {
      const medians: number[] = [];
      for (const [label, filter] of QUESTIONS) {
        const times: number[] = [];
        let total = 0;
        for (let round = 0; round < QUERY_ROUNDS; round++) {
          times.push(
            (await seconds(
              async () => (total = (await backend.run({ filter, limit: 20 })).total),
            )) * 1000,
          );
        }
        const m = median(times);
        medians.push(m);
        lines.push(`  ${label}: median ${fmt(m)} ms (${fmt(total, 0)} matches)`);
      }
      const overall = median(medians);
      lines.splice(
        lines.length - QUESTIONS.length,
        0,
        `typical question: median ${fmt(overall)} ms over ${QUESTIONS.length} questions × ${QUERY_ROUNDS} runs (target < ${TARGETS.queryMs} ms) ${verdict(overall < TARGETS.queryMs)}`,
      );
    } finally {
      await backend.close();
    }

    // One more delivery: a copy of an existing file under a new CloudTrail file name.
    const someFile = findFirstLogFile(path.join(logs, 'AWSLogs'));
    copyFileSync(someFile, someFile.replace(/\.json\.gz$/, '_LATE.json.gz'));
    const again = await indexInChild(logs, indexPath);
    lines.push(
      `re-index after adding one file: read ${again.filesRead} file(s), ${fmt(again.eventsAdded, 0)} events, ${fmt(again.ms, 0)} ms ${verdict(again.filesRead === 1)}`,
    );
    return { name: `local index (DuckDB), ${fmt(EVENTS, 0)} events`, lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** The first `.json.gz` under `folder`, in path order. */
function findFirstLogFile(folder: string): string {
  const first = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json.gz'))
    .sort()[0];
  if (first === undefined) throw new Error(`no log file under ${folder}`);
  return path.join(folder, first);
}
