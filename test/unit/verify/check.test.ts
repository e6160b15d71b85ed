import { strict as assert } from 'node:assert';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { verifyArchive } from '../../../src/verify/check.js';
import { staticKeyProvider, type KeyProvider } from '../../../src/verify/keys.js';
import { localSource } from '../../../src/verify/local-source.js';
import { verdictParts, type ProblemKind, type VerifyReport } from '../../../src/verify/report.js';
import {
  buildDigestArchive,
  makeSigner,
  signDigest,
  type ArchiveSpec,
  type DigestArchive,
  type TestSigner,
} from '../../helpers/digest-archive.js';

const START = new Date('2026-11-02T00:00:00Z');
const NOW = new Date('2026-11-03T00:00:00Z');
const ACCOUNT = '111122223333';

const signer: TestSigner = makeSigner();
const keysOf = (s: TestSigner): KeyProvider =>
  staticKeyProvider([{ fingerprint: s.fingerprint, der: s.der }], 'test key');

const spec = (over: Partial<ArchiveSpec> = {}): ArchiveSpec => ({
  trails: [{ account: ACCOUNT, region: 'us-east-1' }],
  start: START,
  hours: 6,
  signer,
  ...over,
});

const kinds = (r: VerifyReport): ProblemKind[] => r.problems.map((p) => p.kind).sort();

describe('verifyArchive on a local copy', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailhound-verify-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (
    archive: DigestArchive,
    sidecars: Parameters<DigestArchive['writeTo']>[1] = 'newest-signature',
    extra: Partial<Parameters<typeof verifyArchive>[0]> = {},
  ): Promise<VerifyReport> => {
    await archive.writeTo(dir, sidecars);
    return verifyArchive({ source: localSource(dir), keys: keysOf(signer), now: NOW, ...extra });
  };

  it('finds an intact archive intact and says what it checked', async () => {
    const archive = buildDigestArchive(spec({ quietHours: [3] }));
    const report = await run(archive);
    assert.deepEqual(report.problems, []);
    assert.equal(report.intact, true);
    assert.deepEqual(verdictParts(report), ['intact']);
    assert.equal(report.checked.digests, 6);
    assert.equal(report.checked.logFiles, 10); // 5 hours × 2 files; hour 3 had no activity
    assert.equal(report.checked.hoursCovered, 6);
    assert.equal(report.checked.signaturesVerified, 6);
    assert.equal(report.chains[0]?.emptyDigests, 1);
    assert.equal(report.chains[0]?.signatures.viaSuccessor, 5);
    assert.equal(report.chains[0]?.signatures.viaMetadata, 1);
    assert.match(report.chains[0]?.newest ?? '', /sidecar file .*\.signature/);
  });

  it('says the newest signature was not checked offline when no sidecar was saved', async () => {
    const report = await run(buildDigestArchive(spec()), 'none');
    assert.equal(report.intact, true);
    assert.equal(report.checked.signaturesVerified, 5);
    assert.equal(report.checked.signaturesUnchecked, 1);
    assert.match(report.chains[0]?.newest ?? '', /not checked offline/);
    assert.ok(report.notes.some((n) => /not checked/.test(n)));
  });

  it('reads the signature from saved head-object metadata JSON', async () => {
    const report = await run(buildDigestArchive(spec()), 'newest-metadata');
    assert.equal(report.checked.signaturesVerified, 6);
    assert.match(report.chains[0]?.newest ?? '', /metadata\.json/);
  });

  it('reports a modified log file', async () => {
    const archive = buildDigestArchive(spec());
    const victim = archive.logs[0]?.[3] as string;
    archive.rewrite(victim, (plain) => plain.replace('ListUsers', 'ListRoles'));
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['modified-file']);
    assert.equal(report.problems[0]?.key, archive.canonical(victim));
    assert.deepEqual(verdictParts(report), ['1 file modified']);
  });

  it('hashes the uncompressed content: recompressing a file changes nothing', async () => {
    const archive = buildDigestArchive(spec());
    const key = archive.logs[0]?.[1] as string;
    const object = archive.objects.get(key);
    assert.ok(object);
    const { gunzipSync } = await import('node:zlib');
    object.body = gzipSync(gunzipSync(object.body), { level: 1 });
    const report = await run(archive);
    assert.equal(report.intact, true);
  });

  it('reports a deleted log file', async () => {
    const archive = buildDigestArchive(spec());
    const victim = archive.logs[0]?.[2] as string;
    archive.objects.delete(victim);
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['missing-file']);
    assert.equal(report.problems[0]?.key, archive.canonical(victim));
    assert.deepEqual(verdictParts(report), ['1 missing']);
  });

  it('reports a file that no digest lists', async () => {
    const archive = buildDigestArchive(spec());
    const name = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T0230Z_injectedAAAAAAAA.json.gz`;
    archive.objects.set(name, { body: gzipSync('{"Records":[]}'), metadata: {} });
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['extra-file']);
    assert.equal(report.problems[0]?.key, name);
    assert.deepEqual(verdictParts(report), ['1 extra']);
  });

  it('does not call files newer than the newest digest extra', async () => {
    const archive = buildDigestArchive(spec());
    const name = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T0620Z_lateAAAAAAAAAAAA.json.gz`;
    archive.objects.set(name, { body: gzipSync('{"Records":[]}'), metadata: {} });
    const report = await run(archive);
    assert.equal(report.intact, true);
    assert.equal(report.checked.pendingLogFiles, 1);
  });

  it('reports a deleted digest as a chain break with its times', async () => {
    const archive = buildDigestArchive(spec());
    archive.objects.delete(archive.digests[0]?.[2] as string);
    const report = await run(archive);
    const missing = report.problems.find((p) => p.kind === 'missing-digest');
    assert.ok(missing);
    assert.equal(missing.from?.toISOString(), '2026-11-02T02:00:31.000Z');
    assert.equal(missing.to?.toISOString(), '2026-11-02T03:00:31.000Z');
    assert.ok(
      verdictParts(report).includes('chain broken between 2026-11-02T02:00Z and 2026-11-02T03:00Z'),
    );
    // The deleted digest's two log files are now vouched for by nothing.
    assert.equal(report.problems.filter((p) => p.kind === 'extra-file').length, 2);
  });

  it('reports a digest edited to hide a log file as a broken chain', async () => {
    const archive = buildDigestArchive(spec());
    const digestKey = archive.digests[0]?.[1] as string;
    archive.rewrite(digestKey, (plain) => {
      const digest = JSON.parse(plain) as { logFiles: unknown[] };
      digest.logFiles.pop();
      return JSON.stringify(digest);
    });
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['bad-signature', 'chain-broken', 'extra-file']);
    const broken = report.problems.find((p) => p.kind === 'chain-broken');
    assert.equal(broken?.key, archive.canonical(digestKey));
    assert.equal(broken?.from?.toISOString(), '2026-11-02T01:00:31.000Z');
  });

  it('names a StopLogging gap (no digests at all) but not quiet hours (empty digests)', async () => {
    const archive = buildDigestArchive(
      spec({ hours: 8, stopped: { from: 2, to: 5 }, quietHours: [6] }),
    );
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['logging-gap']);
    const gap = report.problems[0];
    assert.equal(gap?.from?.toISOString(), '2026-11-02T02:00:31.000Z');
    assert.equal(gap?.to?.toISOString(), '2026-11-02T05:00:31.000Z');
    assert.deepEqual(verdictParts(report), [
      'logging gap between 2026-11-02T02:00Z and 2026-11-02T05:00Z',
    ]);
    assert.equal(report.checked.digests, 5);
  });

  it('names hours after the newest digest as a gap when the window end is given', async () => {
    const archive = buildDigestArchive(spec());
    const end = new Date('2026-11-02T12:00:00Z');
    const report = await run(archive, 'newest-signature', { window: { start: START, end } });
    assert.deepEqual(kinds(report), ['logging-gap']);
    assert.equal(report.problems[0]?.from?.toISOString(), '2026-11-02T06:00:31.000Z');
    assert.equal(report.problems[0]?.to?.toISOString(), end.toISOString());
  });

  it('rejects every signature made with another key than the fingerprint names', async () => {
    const forger = makeSigner();
    const archive = buildDigestArchive(
      spec({ signer: { ...forger, fingerprint: signer.fingerprint } }),
    );
    const report = await run(archive);
    assert.equal(report.problems.filter((p) => p.kind === 'bad-signature').length, 6);
    assert.equal(report.checked.signaturesVerified, 0);
    assert.deepEqual(verdictParts(report), ['6 bad signatures']);
  });

  it('reports digests signed with a key it does not know', async () => {
    const archive = buildDigestArchive(spec({ signer: makeSigner() }));
    const report = await run(archive);
    assert.deepEqual([...new Set(kinds(report))], ['unknown-key']);
  });

  it('reports a tampered sidecar signature on the newest digest', async () => {
    const archive = buildDigestArchive(spec());
    await archive.writeTo(dir, 'newest-signature');
    const newest = archive.digests[0]?.at(-1) as string;
    await writeFile(join(dir, ...newest.split('/')) + '.signature', 'ab'.repeat(256));
    const report = await verifyArchive({
      source: localSource(dir),
      keys: keysOf(signer),
      now: NOW,
    });
    assert.deepEqual(kinds(report), ['bad-signature']);
  });

  it('checks each account and Region of an organization trail as its own chain', async () => {
    const archive = buildDigestArchive(
      spec({
        prefix: 'org-trail/',
        trails: [
          {
            org: 'o-abc123def4',
            account: ACCOUNT,
            region: 'us-east-1',
            trail: 'org_trail',
            homeRegion: 'us-east-1',
          },
          {
            org: 'o-abc123def4',
            account: ACCOUNT,
            region: 'eu-west-1',
            trail: 'org_trail',
            homeRegion: 'us-east-1',
          },
          {
            org: 'o-abc123def4',
            account: '444455556666',
            region: 'us-east-1',
            trail: 'org_trail',
            homeRegion: 'us-east-1',
          },
          {
            org: 'o-abc123def4',
            account: '444455556666',
            region: 'eu-west-1',
            trail: 'org_trail',
            homeRegion: 'us-east-1',
          },
        ],
      }),
    );
    const victim = archive.logs[3]?.[0] as string;
    archive.objects.delete(victim);
    const report = await run(archive);
    assert.equal(report.chains.length, 4);
    assert.ok(report.chains.every((c) => c.org === 'o-abc123def4' && c.trail === 'org_trail'));
    assert.deepEqual(kinds(report), ['missing-file']);
    assert.equal(report.problems[0]?.scope, 'o-abc123def4 444455556666 eu-west-1');
    assert.equal(report.checked.signaturesVerified, 24);

    const filtered = await verifyArchive({
      source: localSource(dir),
      keys: keysOf(signer),
      now: NOW,
      account: ACCOUNT,
      region: 'eu-west-1',
    });
    assert.equal(filtered.intact, true);
    assert.equal(filtered.chains.length, 1);
  });

  it('verifies only the window asked for, with no false break at its start', async () => {
    const archive = buildDigestArchive(spec({ hours: 10 }));
    archive.objects.delete(archive.logs[0]?.[0] as string); // hour 0, outside the window
    const report = await run(archive, 'newest-signature', {
      window: { start: new Date('2026-11-02T04:00:00Z'), end: new Date('2026-11-02T10:00:00Z') },
    });
    assert.deepEqual(report.problems, []);
    assert.equal(report.chains[0]?.start.toISOString(), '2026-11-02T03:00:31.000Z');
  });

  it('reports log files of an account with no digests at all', async () => {
    const archive = buildDigestArchive(spec());
    for (const key of archive.digests[0] ?? []) archive.objects.delete(key);
    const report = await run(archive);
    assert.deepEqual(kinds(report), ['unverifiable']);
    assert.equal(report.problems[0]?.count, 12);
  });

  it('accepts a late file listed in a signed backfill digest, and checks that signature', async () => {
    const archive = buildDigestArchive(spec());
    const late = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T0130Z_lateBBBBBBBBBBBB.json.gz`;
    const latePlain = '{"Records":[]}';
    archive.objects.set(late, { body: gzipSync(latePlain), metadata: {} });
    const key = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail-Digest_us-east-1_main-trail_us-east-1_20261102T020031Z_backfill.json.gz`;
    const digest = {
      awsAccountId: ACCOUNT,
      digestStartTime: '2026-11-02T01:00:31Z',
      digestEndTime: '2026-11-02T02:00:31Z',
      digestS3Bucket: archive.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signer.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestSignature: null,
      logFiles: [
        {
          s3Bucket: archive.bucket,
          s3Object: late,
          hashValue: createHash('sha256').update(latePlain).digest('hex'),
          hashAlgorithm: 'SHA-256',
        },
      ],
    };
    const plain = JSON.stringify(digest);
    const signature = signDigest(
      signer.privateKey,
      digest,
      createHash('sha256').update(plain).digest('hex'),
    );
    archive.objects.set(key, { body: gzipSync(plain), metadata: { signature } });
    await archive.writeTo(dir, 'newest-signature');
    await writeFile(join(dir, ...key.split('/')) + '.signature', signature);
    const report = await verifyArchive({
      source: localSource(dir),
      keys: keysOf(signer),
      now: NOW,
    });
    assert.deepEqual(report.problems, []);
    assert.ok(report.notes.some((n) => /1 backfill digest/.test(n)));
    assert.equal(report.checked.logFiles, 13);

    await writeFile(join(dir, ...key.split('/')) + '.signature', 'cd'.repeat(256));
    const forged = await verifyArchive({
      source: localSource(dir),
      keys: keysOf(signer),
      now: NOW,
    });
    assert.deepEqual(kinds(forged), ['bad-signature']);
  });

  it('refuses a folder with no CloudTrail files', async () => {
    await writeFile(join(dir, 'readme.txt'), 'hello');
    await assert.rejects(
      verifyArchive({ source: localSource(dir), keys: keysOf(signer), now: NOW }),
      (e: Error & { code?: string }) => e.code === 'no-logs',
    );
  });

  it('reports an unreadable digest', async () => {
    const archive = buildDigestArchive(spec());
    await archive.writeTo(dir, 'newest-signature');
    const victim = archive.digests[0]?.[4] as string;
    await unlink(join(dir, ...victim.split('/')));
    await writeFile(join(dir, ...victim.split('/')), 'not gzip');
    const report = await verifyArchive({
      source: localSource(dir),
      keys: keysOf(signer),
      now: NOW,
    });
    assert.ok(kinds(report).includes('invalid-digest'));
    assert.ok(kinds(report).includes('chain-broken'));
  });
});
