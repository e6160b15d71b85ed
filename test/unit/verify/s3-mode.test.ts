import { strict as assert } from 'node:assert';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import nock from 'nock';
import { cloudTrailKeyProvider } from '../../../src/verify/keys.js';
import { dayFolders, parseS3Url } from '../../../src/verify/s3-source.js';
import { verifyWindow } from '../../../src/verify/verify-window.js';
import { buildDigestArchive, makeSigner } from '../../helpers/digest-archive.js';
import { nockListPublicKeys, nockS3 } from '../../helpers/digest-archive-nock.js';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const signer = makeSigner();
const START = new Date('2026-11-02T00:00:00Z');
const NOW = new Date('2026-11-03T00:00:00Z');

const clients = () => ({
  s3Client: new S3Client({ region: 'us-east-1', credentials, maxAttempts: 1 }),
  cloudTrailClientFor: (region: string) =>
    new CloudTrailClient({ region, credentials, maxAttempts: 1 }),
});

describe('verify in S3', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const archive = () =>
    buildDigestArchive({
      bucket: 'corp-trail',
      prefix: 'ct/',
      trails: [
        { account: '111122223333', region: 'us-east-1' },
        { account: '111122223333', region: 'eu-west-1', homeRegion: 'us-east-1' },
      ],
      start: START,
      hours: 4,
      signer,
    });

  it('lists, downloads and verifies every digest with its S3 metadata signature and ListPublicKeys', async () => {
    const a = archive();
    const traffic = nockS3(a, 'us-east-1', 7); // small pages: the listing must follow continuation tokens
    const east = nockListPublicKeys('us-east-1', [signer]);
    const west = nockListPublicKeys('eu-west-1', [signer]);
    const report = await verifyWindow({ s3: 's3://corp-trail/ct/', now: NOW, ...clients() });
    assert.deepEqual(report.problems, []);
    assert.equal(report.intact, true);
    assert.equal(report.checked.digests, 8);
    assert.equal(report.checked.logFiles, 16);
    assert.equal(report.checked.signaturesVerified, 8);
    assert.equal(report.checked.signaturesUnchecked, 0);
    assert.match(report.chains[0]?.newest ?? '', /x-amz-meta-signature/);
    assert.equal(report.source, 's3://corp-trail/ct/');
    assert.equal(report.keys, 'cloudtrail:ListPublicKeys');
    assert.ok(traffic.lists >= 4);
    // One ListPublicKeys per Region, spanning its digests.
    assert.equal(east.calls.length, 1);
    assert.equal(west.calls.length, 1);
    const body = east.calls[0] as { StartTime: number; EndTime: number };
    assert.equal(body.StartTime, START.getTime() / 1000 + 31);
    assert.equal(body.EndTime, START.getTime() / 1000 + 4 * 3600 + 31);
  });

  it('reports a modified and a deleted file, a forged signature and a digest without one', async () => {
    const a = archive();
    a.rewrite(a.logs[0]?.[0] as string, (p) => p.replace('ListUsers', 'DeleteTrail'));
    a.objects.delete(a.logs[1]?.[5] as string);
    const newestWest = a.objects.get(a.digests[1]?.at(-1) as string);
    assert.ok(newestWest);
    newestWest.metadata.signature = '00'.repeat(256);
    // A digest re-uploaded without its metadata: its successor still vouches for its content.
    const middleEast = a.objects.get(a.digests[0]?.[1] as string);
    assert.ok(middleEast);
    middleEast.metadata = {};
    nockS3(a, 'us-east-1');
    nockListPublicKeys('us-east-1', [signer]);
    nockListPublicKeys('eu-west-1', [signer]);
    const report = await verifyWindow({ s3: 's3://corp-trail/ct/', now: NOW, ...clients() });
    assert.deepEqual(report.problems.map((p) => [p.kind, p.scope]).sort(), [
      ['bad-signature', '111122223333 eu-west-1 trail main-trail'],
      ['bad-signature', '111122223333 us-east-1 trail main-trail'],
      ['missing-file', '111122223333 eu-west-1'],
      ['modified-file', '111122223333 us-east-1'],
    ]);
    assert.equal(report.intact, false);
  });

  it('lists only the account, Region and days asked for, across midnight and org folders', async () => {
    const a = buildDigestArchive({
      bucket: 'corp-trail',
      trails: [
        { org: 'o-abc123def4', account: '111122223333', region: 'us-east-1' },
        { org: 'o-abc123def4', account: '444455556666', region: 'us-east-1' },
      ],
      start: new Date('2026-10-30T20:00:00Z'),
      hours: 54,
      signer,
    });
    const traffic = nockS3(a, 'us-east-1');
    nockListPublicKeys('us-east-1', [signer]);
    const report = await verifyWindow({
      s3: 's3://corp-trail',
      account: '111122223333',
      region: 'us-east-1',
      from: new Date('2026-11-01T22:00:00Z'),
      to: new Date('2026-11-01T23:50:00Z'),
      now: NOW,
      ...clients(),
    });
    assert.deepEqual(report.problems, []);
    // Digests ending 22:00:31, 23:00:31 and 00:00:31; the last lies in the next day's folder
    // and lists files of 23:xx.
    assert.equal(report.checked.digests, 3);
    assert.equal(report.checked.logFiles, 6);
    const root = 'AWSLogs/o-abc123def4/111122223333';
    assert.deepEqual(traffic.prefixes.sort(), [
      'AWSLogs/ /',
      'AWSLogs/o-abc123def4/ /',
      `${root}/CloudTrail-Digest/us-east-1/2026/11/01/`,
      `${root}/CloudTrail-Digest/us-east-1/2026/11/02/`,
      `${root}/CloudTrail/us-east-1/2026/11/01/`,
      `${root}/CloudTrail/us-east-1/2026/11/02/`,
    ]);
  });

  it('caches ListPublicKeys answers per Region and range', async () => {
    const calls = nockListPublicKeys('us-east-1', [signer]);
    const keys = cloudTrailKeyProvider(clients().cloudTrailClientFor);
    const range = { start: START, end: NOW };
    const first = await keys.keysFor('us-east-1', range);
    const second = await keys.keysFor('us-east-1', range);
    assert.equal(calls.calls.length, 1);
    assert.equal(first, second);
    assert.equal(first.get(signer.fingerprint)?.asymmetricKeyType, 'rsa');
  });

  it('names the missing IAM action when ListPublicKeys is refused', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(
        400,
        { __type: 'AccessDeniedException', message: 'not authorized' },
        { 'content-type': 'application/x-amz-json-1.1' },
      );
    const keys = cloudTrailKeyProvider(clients().cloudTrailClientFor);
    await assert.rejects(
      keys.keysFor('us-east-1', { start: START, end: NOW }),
      (e: Error & { code?: string }) =>
        e.code === 'access-denied' && /cloudtrail:ListPublicKeys/.test(e.message),
    );
  });

  it('lists day folders only for bounded windows of up to two months', () => {
    assert.deepEqual(dayFolders(new Date('2026-12-31T23:00Z'), new Date('2027-01-01T01:00Z')), [
      '2026/12/31/',
      '2027/01/01/',
    ]);
    assert.equal(dayFolders(undefined, new Date('2027-01-01T01:00Z')), undefined);
    assert.equal(
      dayFolders(new Date('2026-01-01T00:00Z'), new Date('2026-12-01T00:00Z')),
      undefined,
    );
  });

  it('parses s3:// URLs', () => {
    assert.deepEqual(parseS3Url('s3://corp-trail/ct/'), { bucket: 'corp-trail', prefix: 'ct/' });
    assert.deepEqual(parseS3Url('s3://corp-trail'), { bucket: 'corp-trail', prefix: '' });
    assert.equal(parseS3Url('https://corp-trail'), undefined);
  });
});
