/**
 * Integrity verification throughput on a 10,000-file archive, against `sha256sum` over the same
 * files in the same run. CloudTrail hashes UNCOMPRESSED content, so two baselines are reported:
 * `sha256sum` over the .gz files (less work than we do: no gunzip) and `zcat | sha256sum` per
 * file (the same work, but one process pair per file, as a shell script would do it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyArchive } from '../src/verify/check.js';
import { staticKeyProvider } from '../src/verify/keys.js';
import { localSource } from '../src/verify/local-source.js';
import { buildDigestArchive, makeSigner } from '../test/helpers/digest-archive.js';

const run = promisify(execFile);
const FILES = 10_000;
const HOURS = 100;
/** The per-file zcat baseline spawns two processes per file; a sample keeps the run short. */
const ZCAT_SAMPLE = 500;

const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

export default async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trailhound-verify-bench-'));
  try {
    const signer = makeSigner();
    const archive = buildDigestArchive({
      trails: [{ account: '111122223333', region: 'us-east-1' }],
      start: new Date('2026-11-01T00:00:00Z'),
      hours: HOURS,
      filesPerHour: FILES / HOURS,
      recordsPerFile: 20,
      signer,
    });
    await archive.writeTo(dir, 'newest-signature');
    const logFiles = (archive.logs[0] ?? []).map((k) => join(dir, ...k.split('/')));
    const bytes = [...archive.objects.values()].reduce((n, o) => n + o.body.length, 0);

    // Warm the page cache so every contender reads from memory.
    await run('sh', ['-c', `find "${dir}" -type f -exec cat {} + > /dev/null`]);

    const keys = staticKeyProvider([{ fingerprint: signer.fingerprint, der: signer.der }]);
    let intact = false;
    const ours = await seconds(async () => {
      const report = await verifyArchive({ source: localSource(dir), keys, now: new Date() });
      intact = report.intact && report.checked.logFiles === FILES;
    });
    if (!intact) throw new Error('the benchmark archive did not verify intact');

    const gzOnly = await seconds(() =>
      run('sh', [
        '-c',
        `find "${dir}" -path '*/CloudTrail/*' -name '*.json.gz' -print0 | xargs -0 sha256sum > /dev/null`,
      ]),
    );
    const sample = logFiles.slice(0, ZCAT_SAMPLE);
    const zcatSample = await seconds(() =>
      run(
        'sh',
        ['-c', 'for f in "$@"; do zcat "$f" | sha256sum > /dev/null; done', 'sh', ...sample],
        {
          maxBuffer: 1 << 20,
        },
      ),
    );

    const rate = (files: number, s: number): string =>
      `${Math.round(files / s).toLocaleString('en-US')} files/s`;
    const oursRate = FILES / ours;
    return {
      name: 'verify: CloudTrail log file integrity',
      lines: [
        `archive: ${FILES.toLocaleString('en-US')} log files + ${HOURS} signed digests, ${(bytes / 1e6).toFixed(1)} MB gzip`,
        `trailhound verify (gunzip + SHA-256 + chain + RSA): ${ours.toFixed(2)} s, ${rate(FILES, ours)}`,
        `sha256sum over the .gz files (no gunzip, less work): ${gzOnly.toFixed(2)} s, ${rate(FILES, gzOnly)}; ratio ${(oursRate / (FILES / gzOnly)).toFixed(2)}×`,
        `zcat | sha256sum per file (same work), ${ZCAT_SAMPLE} sampled: ${rate(ZCAT_SAMPLE, zcatSample)}; ratio ${(oursRate / (ZCAT_SAMPLE / zcatSample)).toFixed(2)}×`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
