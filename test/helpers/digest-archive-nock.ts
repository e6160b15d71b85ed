/**
 * Serves a DigestArchive over the real wire protocols with nock: S3 (ListObjectsV2 XML,
 * GetObject with x-amz-meta-* headers, NoSuchKey 404) and CloudTrail ListPublicKeys (awsJson1_1).
 */
import nock from 'nock';
import './nock-node20.js';
import { JSON_11, jsonBody } from './aws-wire.js';
import type { DigestArchive } from './digest-archive.js';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface S3Traffic {
  lists: number;
  /** Each ListObjectsV2 prefix, with " /" appended for Delimiter listings. */
  prefixes: string[];
  gets: string[];
}

/**
 * Intercepts virtual-hosted-style requests to `bucket.s3.<region>.amazonaws.com`. nock 15 hands
 * reply functions a fetch Request.
 */
export function nockS3(archive: DigestArchive, region: string, pageSize = 1000): S3Traffic {
  const traffic: S3Traffic = { lists: 0, prefixes: [], gets: [] };
  const scope = nock(`https://${archive.bucket}.s3.${region}.amazonaws.com`).persist();
  scope
    .get('/')
    .query((q) => q['list-type'] === '2')
    .reply((request: Request) => {
      traffic.lists++;
      const q = new URL(request.url).searchParams;
      const prefix = q.get('prefix') ?? '';
      const under = [...archive.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      // Delimiter '/': keys one level down are folded into CommonPrefixes.
      const folders =
        q.get('delimiter') === '/'
          ? [
              ...new Set(
                under
                  .filter((k) => k.indexOf('/', prefix.length) >= 0)
                  .map((k) => k.slice(0, k.indexOf('/', prefix.length) + 1)),
              ),
            ]
          : [];
      const keys = under.filter((k) => !folders.some((f) => k.startsWith(f)));
      traffic.prefixes.push(`${prefix}${q.get('delimiter') === '/' ? ' /' : ''}`);
      const from = Number(q.get('continuation-token') ?? '0');
      const page = keys.slice(from, from + pageSize);
      const truncated = from + pageSize < keys.length;
      const contents = page
        .map(
          (k) =>
            `<Contents><Key>${xml(k)}</Key><LastModified>2026-11-02T00:00:00.000Z</LastModified><ETag>&quot;0&quot;</ETag><Size>${archive.objects.get(k)?.body.length ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      // Folders go on the first page only, so pagination never repeats them.
      const common = (from > 0 ? [] : folders)
        .map((f) => `<CommonPrefixes><Prefix>${xml(f)}</Prefix></CommonPrefixes>`)
        .join('');
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${archive.bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${common}${truncated ? `<NextContinuationToken>${from + pageSize}</NextContinuationToken>` : ''}</ListBucketResult>`;
      return [200, body, { 'content-type': 'application/xml' }];
    });
  scope
    .get((path) => path !== '/' && !path.startsWith('/?'))
    .query(true)
    .reply((request: Request) => {
      const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
      traffic.gets.push(key);
      const object = archive.objects.get(key);
      if (!object) {
        return [
          404,
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${xml(key)}</Key></Error>`,
          { 'content-type': 'application/xml' },
        ];
      }
      const headers: Record<string, string> = {
        'content-type': 'application/x-gzip',
        'content-length': String(object.body.length),
      };
      for (const [name, value] of Object.entries(object.metadata))
        headers[`x-amz-meta-${name}`] = value;
      return [200, object.body, headers];
    });
  return traffic;
}

/** CloudTrail ListPublicKeys in `region`, answering with the archive signer's key. */
export function nockListPublicKeys(
  region: string,
  keys: { fingerprint: string; der: Buffer }[],
): { calls: unknown[] } {
  const calls: unknown[] = [];
  nock(`https://cloudtrail.${region}.amazonaws.com`)
    .persist()
    .post('/', (body) => {
      calls.push(jsonBody(body));
      return true;
    })
    .matchHeader('x-amz-target', 'CloudTrail_20131101.ListPublicKeys')
    .matchHeader('content-type', JSON_11)
    .reply(
      200,
      {
        PublicKeyList: keys.map((k) => ({
          Value: k.der.toString('base64'),
          ValidityStartTime: 1_790_000_000,
          ValidityEndTime: 1_800_000_000,
          Fingerprint: k.fingerprint,
        })),
      },
      { 'content-type': JSON_11 },
    );
  return { calls };
}
