import { strict as assert } from 'node:assert';
import { canonicalKey, chainId, parseArchiveKey } from '../../../src/verify/archive-key.js';
import { dataToSign, parseDigest } from '../../../src/verify/digest.js';
import { derToPublicKey, parseKeyFile } from '../../../src/verify/keys.js';

// The sample digest of the CloudTrail user guide ("Digest file structure"), abridged.
const SAMPLE = {
  awsAccountId: '111122223333',
  digestStartTime: '2015-08-17T14:01:31Z',
  digestEndTime: '2015-08-17T15:01:31Z',
  digestS3Bucket: 'S3-bucket-name',
  digestS3Object:
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz',
  digestPublicKeyFingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
  digestSignatureAlgorithm: 'SHA256withRSA',
  newestEventTime: '2015-08-17T14:52:27Z',
  oldestEventTime: '2015-08-17T14:42:27Z',
  previousDigestS3Bucket: 'S3-bucket-name',
  previousDigestS3Object:
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz',
  previousDigestHashValue: '97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d',
  previousDigestHashAlgorithm: 'SHA-256',
  previousDigestSignature: '50887ccffad4c002b97caa37cc9dc626',
  logFiles: [
    {
      s3Bucket: 'S3-bucket-name',
      s3Object:
        'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz',
      hashValue: '9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6',
      hashAlgorithm: 'SHA-256',
      newestEventTime: '2015-08-17T14:52:27Z',
      oldestEventTime: '2015-08-17T14:42:27Z',
    },
  ],
};

describe('digest parsing and the data to sign', () => {
  it('reads the user guide sample digest', () => {
    const parsed = parseDigest(JSON.stringify(SAMPLE));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.digestEndTime.toISOString(), '2015-08-17T15:01:31.000Z');
    assert.equal(parsed.value.previous?.hashValue, SAMPLE.previousDigestHashValue);
    assert.equal(parsed.value.logFiles.length, 1);
  });

  it('builds the documented data-to-sign string, byte for byte', () => {
    const parsed = parseDigest(JSON.stringify(SAMPLE));
    assert.ok(parsed.ok);
    assert.equal(
      dataToSign(parsed.value, 'ab12'),
      `2015-08-17T15:01:31Z\nS3-bucket-name/${SAMPLE.digestS3Object}\nab12\n50887ccffad4c002b97caa37cc9dc626`,
    );
  });

  it('signs the literal null for a starting digest', () => {
    const parsed = parseDigest(
      JSON.stringify({
        ...SAMPLE,
        previousDigestS3Bucket: null,
        previousDigestS3Object: null,
        previousDigestHashValue: null,
        previousDigestHashAlgorithm: null,
        previousDigestSignature: null,
      }),
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.value.previous, null);
    assert.ok(dataToSign(parsed.value, 'ab12').endsWith('\nab12\nnull'));
  });

  it('explains a digest it cannot use instead of throwing', () => {
    assert.deepEqual(parseDigest('{'), { ok: false, error: 'not valid JSON' });
    assert.deepEqual(parseDigest('{"awsAccountId":"1"}'), {
      ok: false,
      error: 'missing digestStartTime',
    });
    const noFiles = parseDigest(JSON.stringify({ ...SAMPLE, logFiles: undefined }));
    assert.deepEqual(noFiles, { ok: false, error: 'missing logFiles' });
  });
});

describe('archive keys', () => {
  it('reads a digest key, trail names with underscores and org trails included', () => {
    const key = parseArchiveKey(
      'prefix/AWSLogs/o-abc123def4/111122223333/CloudTrail-Digest/eu-west-1/2026/11/02/111122223333_CloudTrail-Digest_eu-west-1_my_org_trail_us-east-1_20261102T010031Z.json.gz',
    );
    assert.ok(key?.kind === 'digest');
    assert.equal(key.org, 'o-abc123def4');
    assert.equal(key.trail, 'my_org_trail');
    assert.equal(key.homeRegion, 'us-east-1');
    assert.equal(key.end.toISOString(), '2026-11-02T01:00:31.000Z');
    assert.equal(key.backfill, false);
    assert.equal(chainId(key), 'o-abc123def4/111122223333/eu-west-1/my_org_trail/us-east-1');
  });

  it('reads log keys and backfill digests, and ignores everything else', () => {
    const log = parseArchiveKey(SAMPLE.logFiles[0]?.s3Object ?? '');
    assert.ok(log?.kind === 'log');
    assert.equal(log.delivered.toISOString(), '2015-08-17T14:45:00.000Z');
    const backfill = parseArchiveKey(
      SAMPLE.digestS3Object.replace('.json.gz', '_backfill.json.gz'),
    );
    assert.ok(backfill?.kind === 'digest' && backfill.backfill);
    assert.equal(parseArchiveKey(`${SAMPLE.digestS3Object}.signature`), undefined);
    assert.equal(
      parseArchiveKey('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/02/x.json.gz'),
      undefined,
    );
    // A file whose name claims another account than its folder is not a CloudTrail file.
    assert.equal(
      parseArchiveKey(
        SAMPLE.logFiles[0]?.s3Object.replace('/111122223333/', '/999999999999/') ?? '',
      ),
      undefined,
    );
  });

  it('matches a local copy to the S3 path a digest records', () => {
    assert.equal(canonicalKey('copy/ct/AWSLogs/1/CloudTrail/x'), 'AWSLogs/1/CloudTrail/x');
    assert.equal(canonicalKey('AWSLogs/1/x'), 'AWSLogs/1/x');
    assert.equal(canonicalKey('elsewhere/x'), undefined);
  });
});

describe('key files', () => {
  it('reads saved list-public-keys output in either spelling', () => {
    const value = 'MIIBCgKCAQEAn11L2YZ9';
    for (const field of ['PublicKeyList', 'publicKeyList']) {
      const entries = parseKeyFile(
        JSON.stringify({ [field]: [{ Value: value, Fingerprint: 'ABC' }] }),
      );
      assert.ok(Array.isArray(entries));
      assert.equal(entries[0]?.fingerprint, 'ABC');
      assert.deepEqual(Buffer.from(entries[0]?.der ?? []), Buffer.from(value, 'base64'));
    }
    assert.equal(parseKeyFile('[]'), 'the key file has no PublicKeyList');
    assert.equal(parseKeyFile('nope'), 'the key file is not JSON');
  });
});

describe('AWS public keys', () => {
  // Two Values from the user guide's sample ListPublicKeys response: one PKCS #1, one SPKI.
  const PKCS1 =
    'MIIBCgKCAQEAn11L2YZ9h7onug2ILi1MWyHiMRsTQjfWE+pHVRLk1QjfWhirG+lpOa8NrwQ/r7Ah5bNL6HepznOU9XTDSfmmnP97mqyc7z/upfZdS/AHhYcGaz7n6Wc/RRBU6VmiPCrAUojuSk6/GjvA8iOPFsYDuBtviXarvuLPlrT9kAd4Lb+rFfR5peEgBEkhlzc5HuWO7S0y+KunqxX6jQBnXGMtxmPBPP0FylgWGNdFtks/4YSKcgqwH0YDcawP9GGGDAeCIqPWIXDLG1jOjRRzWfCmD0iJUkz8vTsn4hq/5ZxRFE7UBAUiVcGbdnDdvVfhF9C3dQiDq3k7adQIziLT0cShgQIDAQAB';
  const SPKI =
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqlzPJbvZJ42UdcmLfPUqXYNfOs6I8lCfao/tOs8CmzPOEdtLWugB9xoIUz78qVHdKIqxbaG4jWHfJBiOSSFBM0lt8cdVo4TnRa7oG9io5pysS6DJhBBAeXsicufsiFJR+wrUNh8RSLxL4k6G1+BhLX20tJkZ/erT97tDGBujAelqseGg3vPZbTx9SMfOLN65PdLFudLP7Gat0Z9p5jw/rjpclKfo9Bfc3heeBxWGKwBBOKnFAaN9V57pOaosCvPKmHd9bg7jsQkI9Xp22IzGLsTFJZYVA3KiTAElDMu80iFXPHEq9hKNbt9e4URFam+1utKVEiLkR2disdCmPTK0VQIDAQAB';

  it('loads both DER forms CloudTrail publishes as 2048-bit RSA keys', () => {
    for (const value of [PKCS1, SPKI]) {
      const key = derToPublicKey(Buffer.from(value, 'base64'));
      assert.equal(key.asymmetricKeyType, 'rsa');
      assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    }
  });
});
