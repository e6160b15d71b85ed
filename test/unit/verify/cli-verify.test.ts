import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTimeArg, verifyCommand } from '../../../src/cli/verify.js';
import {
  buildDigestArchive,
  makeSigner,
  type DigestArchive,
} from '../../helpers/digest-archive.js';

const signer = makeSigner();
const NOW = new Date('2026-11-03T00:00:00Z');

describe('trailhound verify', () => {
  let dir: string;
  let keyFile: string;
  let archive: DigestArchive;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailhound-cli-verify-'));
    keyFile = join(dir, 'keys.json');
    // What `aws cloudtrail list-public-keys` prints.
    await writeFile(
      keyFile,
      JSON.stringify({
        PublicKeyList: [
          {
            Value: signer.der.toString('base64'),
            ValidityStartTime: '2026-10-01T00:00:00+00:00',
            ValidityEndTime: '2026-12-01T00:00:00+00:00',
            Fingerprint: signer.fingerprint,
          },
        ],
      }),
    );
    archive = buildDigestArchive({
      trails: [{ account: '111122223333', region: 'us-east-1' }],
      start: new Date('2026-11-02T00:00:00Z'),
      hours: 3,
      signer,
    });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await verifyCommand(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      now: NOW,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 0 on an intact local copy and prints the verdict and what was checked', async () => {
    await archive.writeTo(join(dir, 'copy'));
    const { code, out } = await run(['--logs', join(dir, 'copy'), '--key-file', keyFile]);
    assert.equal(code, 0);
    assert.match(out, /^Integrity: Intact/);
    assert.match(
      out,
      /Checked: 3 digests, 6 log files, 3 hours covered, 2 signatures verified, 1 unchecked/,
    );
    assert.match(out, /newest digest's signature not checked offline/);
  });

  it('exits 1 and names the file when one was modified; --json gives the report', async () => {
    const victim = archive.logs[0]?.[1] as string;
    archive.rewrite(victim, (p) => p.replace('ListUsers', 'StopLogging'));
    await archive.writeTo(join(dir, 'copy'), 'newest-signature');
    const text = await run(['--logs', join(dir, 'copy'), '--key-file', keyFile]);
    assert.equal(text.code, 1);
    assert.match(text.out, /^Integrity: Problems found: 1 file modified/);
    assert.ok(text.out.includes(victim));
    const json = await run(['--logs', join(dir, 'copy'), '--key-file', keyFile, '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as {
      intact: boolean;
      problems: { kind: string; key: string }[];
    };
    assert.equal(report.intact, false);
    assert.deepEqual(
      report.problems.map((p) => [p.kind, p.key]),
      [['modified-file', victim]],
    );
  });

  it('filters by account, Region and window', async () => {
    await archive.writeTo(join(dir, 'copy'), 'newest-signature');
    const other = await run([
      '--logs',
      join(dir, 'copy'),
      '--key-file',
      keyFile,
      '--account',
      '444455556666',
    ]);
    assert.equal(other.code, 2);
    assert.match(other.err, /No CloudTrail log or digest files .* for 444455556666/);
    const windowed = await run([
      '--logs',
      join(dir, 'copy'),
      '--key-file',
      keyFile,
      '--region',
      'us-east-1',
      '--from',
      '2026-11-02T01:00Z',
      '--to',
      '2026-11-02T02:00Z',
      '--json',
    ]);
    const report = JSON.parse(windowed.out) as { checked: { digests: number; logFiles: number } };
    assert.deepEqual([report.checked.digests, report.checked.logFiles], [2, 4]);
  });

  it('exits 2 with usage on bad arguments', async () => {
    for (const args of [
      [],
      ['--logs', dir, '--s3', 's3://b/p'],
      ['--logs', dir, '--from', 'yesterday'],
      ['--logs', dir, '--account', '12'],
      ['--s3', 'http://bucket'],
      ['--bogus'],
    ]) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.ok(err.length > 0, args.join(' '));
    }
    assert.equal((await run(['--help'])).code, 0);
  });

  it('exits 2 when the key file is unusable', async () => {
    await archive.writeTo(join(dir, 'copy'));
    await writeFile(keyFile, '{"Keys":[]}');
    const { code, err } = await run(['--logs', join(dir, 'copy'), '--key-file', keyFile]);
    assert.equal(code, 2);
    assert.match(err, /no PublicKeyList/);
  });

  it('reads ISO times and durations before now', () => {
    assert.equal(parseTimeArg('2026-11-02T10:00Z', NOW)?.toISOString(), '2026-11-02T10:00:00.000Z');
    assert.equal(parseTimeArg('6h', NOW)?.toISOString(), '2026-11-02T18:00:00.000Z');
    assert.equal(parseTimeArg('2d', NOW)?.toISOString(), '2026-11-01T00:00:00.000Z');
    assert.equal(parseTimeArg('soon', NOW), undefined);
  });
});
