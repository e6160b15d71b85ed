/**
 * The integrity checks over one archive: digest chains, signatures, log file hashes, files no
 * digest lists, and hours with no digest. I/O goes through an ArchiveSource and a KeyProvider,
 * so the same code runs on a local copy, on S3, and on test fixtures.
 */
import { createHash, verify as verifySignature } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { TrailError } from '../core/errors.js';
import type { TimeWindow } from '../core/window.js';
import {
  canonicalKey,
  chainId,
  parseArchiveKey,
  scopeId,
  type ArchiveScope,
  type DigestKey,
  type LogKey,
} from './archive-key.js';
import { dataToSign, parseDigest, type Digest } from './digest.js';
import type { KeyProvider, PublicKeySet } from './keys.js';
import type { ChainReport, Problem, VerifyReport } from './report.js';
import { isoMinute } from './report.js';
import { mapLimit, type ArchiveSource, type FoundSignature } from './source.js';

const gunzipAsync = promisify(gunzip);
const HOUR = 3_600_000;
/** Digests arrive hourly but not to the second; this much lateness is not a gap. */
const DELIVERY_SLACK = 15 * 60_000;

export interface VerifyOptions {
  source: ArchiveSource;
  keys: KeyProvider;
  account?: string;
  region?: string;
  /** Files delivered in [start, end); either bound may be open. */
  window?: { start?: Date; end?: Date };
  /** The present, for "no digest since…" (digests for the last hour may not exist yet). */
  now: Date;
  /** Digests read in parallel. */
  concurrency?: number;
}

interface LoadedDigest {
  key: string;
  name: DigestKey;
  /** hex SHA-256 of the uncompressed digest; undefined if it could not be read. */
  sha256?: string;
  digest?: Digest;
  error?: string;
  external?: FoundSignature;
}

const scopeText = (s: ArchiveScope): string =>
  [s.org, s.account, s.region].filter((x) => x !== undefined).join(' ');
const chainText = (k: DigestKey): string => `${scopeText(k)} trail ${k.trail}`;
const floorMinute = (d: Date): number => Math.floor(d.getTime() / 60_000) * 60_000;
/** A digest's hour, from its content, or from its file name when the content is unreadable. */
const startOf = (x: LoadedDigest): Date =>
  x.digest?.digestStartTime ?? new Date(x.name.end.getTime() - HOUR);
const endOf = (x: LoadedDigest): Date => x.digest?.digestEndTime ?? x.name.end;

async function loadDigest(
  source: ArchiveSource,
  key: string,
  name: DigestKey,
): Promise<LoadedDigest> {
  const body = await source.read(key);
  if (body === undefined) return { key, name, error: 'disappeared while verifying' };
  const external = await source.signatureOf(key);
  let plain: Buffer;
  try {
    plain = await gunzipAsync(body);
  } catch {
    return { key, name, error: 'not gzip', ...(external && { external }) };
  }
  const sha256 = createHash('sha256').update(plain).digest('hex');
  const parsed = parseDigest(plain.toString('utf8'));
  return parsed.ok
    ? { key, name, sha256, digest: parsed.value, ...(external && { external }) }
    : { key, name, sha256, error: parsed.error, ...(external && { external }) };
}

/** Selects keys in scope: logs delivered in the window, digests that can list such logs. */
function select(keys: string[], options: VerifyOptions) {
  const { account, region, window = {} } = options;
  const logs: { key: string; name: LogKey }[] = [];
  const digests: { key: string; name: DigestKey }[] = [];
  const index = new Map<string, string>();
  for (const key of keys) {
    const name = parseArchiveKey(key);
    if (!name) continue;
    index.set(name.canonical, key);
    if ((account && name.account !== account) || (region && name.region !== region)) continue;
    if (name.kind === 'log') {
      if (window.start && name.delivered < window.start) continue;
      if (window.end && name.delivered >= window.end) continue;
      logs.push({ key, name });
    } else {
      // A digest lists the files delivered in the hour before its end time, so the digests that
      // can list files of [start, end) end in (start, end + 1 h].
      if (window.start && name.end <= window.start) continue;
      if (window.end && name.end.getTime() > window.end.getTime() + HOUR) continue;
      digests.push({ key, name });
    }
  }
  return { logs, digests, index };
}

export async function verifyArchive(options: VerifyOptions): Promise<VerifyReport> {
  const { source, keys, window = {}, now } = options;
  const concurrency = options.concurrency ?? 32;
  const hint = {
    ...(options.account !== undefined && { account: options.account }),
    ...(options.region !== undefined && { region: options.region }),
    ...window,
    // Open-ended windows run to now: no file can be delivered later.
    end: window.end ?? now,
  };
  const { logs, digests, index } = select([...new Set(await source.list(hint))], options);
  if (logs.length === 0 && digests.length === 0) {
    const scope = [options.account, options.region].filter(Boolean).join(' ');
    throw new TrailError(
      'no-logs',
      `No CloudTrail log or digest files in ${source.description}${scope ? ` for ${scope}` : ''}${window.start || window.end ? ' in that window' : ''}.`,
    );
  }

  const loaded = await mapLimit(digests, concurrency, (d) => loadDigest(source, d.key, d.name));
  const problems: Problem[] = [];
  const notes: string[] = [];
  const listed = new Set<string>();
  /** native key → what its digests expect, hashed once at the end. */
  const expectations = new Map<string, { expected: string; canonical: string; scope: string }[]>();

  const regular = new Map<string, LoadedDigest[]>();
  for (const d of loaded) {
    if (d.name.backfill) continue;
    const id = chainId(d.name);
    regular.set(id, [...(regular.get(id) ?? []), d]);
  }

  // One ListPublicKeys per Region, over the span of all its digests.
  const spans = new Map<string, TimeWindow>();
  for (const d of loaded) {
    const start = startOf(d);
    const end = endOf(d);
    const span = spans.get(d.name.region);
    spans.set(d.name.region, {
      start: span && span.start < start ? span.start : start,
      end: span && span.end > end ? span.end : end,
    });
  }
  const keySets = new Map<string, PublicKeySet>();
  for (const [region, span] of spans) keySets.set(region, await keys.keysFor(region, span));

  /** Checks a digest's own fields and signature and queues its log files. */
  const checkDigest = (
    d: LoadedDigest,
    signature: FoundSignature | undefined,
    chain: ChainReport | undefined,
  ): void => {
    const where = chainText(d.name);
    if (!d.digest || d.sha256 === undefined) {
      problems.push({
        kind: 'invalid-digest',
        scope: where,
        key: d.name.canonical,
        count: 1,
        message: `Digest ${d.name.canonical} is unreadable: ${d.error ?? 'unknown error'}.`,
      });
      return;
    }
    const digest = d.digest;
    if (
      canonicalKey(digest.digestS3Object) !== d.name.canonical ||
      digest.awsAccountId !== d.name.account
    ) {
      problems.push({
        kind: 'invalid-digest',
        scope: where,
        key: d.name.canonical,
        count: 1,
        message: `Digest ${d.name.canonical} says it belongs at ${digest.digestS3Object} (account ${digest.awsAccountId}): it was moved or forged.`,
      });
    }
    if (signature === undefined) {
      chain?.signatures.unchecked.push(d.name.canonical);
    } else {
      const key = keySets.get(d.name.region)?.get(digest.digestPublicKeyFingerprint.toLowerCase());
      if (!key) {
        problems.push({
          kind: 'unknown-key',
          scope: where,
          key: d.name.canonical,
          count: 1,
          message: `No public key with fingerprint ${digest.digestPublicKeyFingerprint} for ${d.name.region} (${keys.description}); the signature of ${d.name.canonical} was not checked.`,
        });
      } else {
        const ok =
          digest.digestSignatureAlgorithm === 'SHA256withRSA' &&
          /^[0-9a-f]+$/i.test(signature.hex) &&
          verifySignature(
            'sha256',
            Buffer.from(dataToSign(digest, d.sha256), 'utf8'),
            key,
            Buffer.from(signature.hex, 'hex'),
          );
        if (chain) {
          if (ok) chain.signatures.verified++;
          else chain.signatures.failed++;
        }
        if (!ok) {
          problems.push({
            kind: 'bad-signature',
            scope: where,
            key: d.name.canonical,
            from: digest.digestStartTime,
            to: digest.digestEndTime,
            count: 1,
            message: `The signature of ${d.name.canonical} (${signature.via}) does not verify with key ${digest.digestPublicKeyFingerprint}: the digest was altered or not signed by CloudTrail.`,
          });
        }
      }
    }
    for (const log of digest.logFiles) {
      const canonical = canonicalKey(log.s3Object) ?? log.s3Object;
      listed.add(canonical);
      const native = index.get(canonical);
      if (log.hashAlgorithm !== 'SHA-256') {
        problems.push({
          kind: 'invalid-digest',
          scope: where,
          key: d.name.canonical,
          count: 1,
          message: `Digest ${d.name.canonical} uses hash algorithm ${log.hashAlgorithm} for ${canonical}.`,
        });
      } else if (native === undefined) {
        problems.push({
          kind: 'missing-file',
          scope: scopeText(d.name),
          key: canonical,
          count: 1,
          message: `${canonical} is listed in digest ${d.name.canonical} but is not there (deleted).`,
        });
      } else {
        expectations.set(native, [
          ...(expectations.get(native) ?? []),
          { expected: log.hashValue, canonical, scope: scopeText(d.name) },
        ]);
      }
    }
    if (chain) chain.logFiles += digest.logFiles.length;
  };

  const chains: ChainReport[] = [];
  for (const members of regular.values()) {
    members.sort((a, b) => a.name.end.getTime() - b.name.end.getTime());
    const first = members[0] as LoadedDigest;
    const last = members[members.length - 1] as LoadedDigest;
    const chain: ChainReport = {
      ...(first.name.org !== undefined && { org: first.name.org }),
      account: first.name.account,
      region: first.name.region,
      trail: first.name.trail,
      homeRegion: first.name.homeRegion,
      digests: members.length,
      emptyDigests: members.filter((m) => m.digest?.logFiles.length === 0).length,
      start: startOf(first),
      end: endOf(last),
      logFiles: 0,
      signatures: { verified: 0, failed: 0, viaSuccessor: 0, viaMetadata: 0, unchecked: [] },
      newest: '',
    };
    chains.push(chain);
    const where = chainText(first.name);

    members.forEach((d, i) => {
      const before = members[i - 1];
      const after = members[i + 1];
      const link = d.digest?.previous;

      // The link back to the predecessor.
      if (d.digest && link === null) {
        const gapFrom = before ? endOf(before) : window.start;
        if (gapFrom && startOf(d).getTime() - gapFrom.getTime() > DELIVERY_SLACK) {
          problems.push({
            kind: 'logging-gap',
            scope: where,
            from: gapFrom,
            to: startOf(d),
            count: 1,
            message: `${where}: no digests between ${isoMinute(gapFrom)} and ${isoMinute(startOf(d))}: logging or log file validation was stopped, and restarted with a new chain at ${isoMinute(startOf(d))}.`,
          });
        }
      } else if (link) {
        const previous = canonicalKey(link.s3Object) ?? link.s3Object;
        const previousName = parseArchiveKey(previous);
        if (before && previous === before.name.canonical) {
          if (before.sha256 !== link.hashValue) {
            problems.push({
              kind: 'chain-broken',
              scope: where,
              key: before.name.canonical,
              from: startOf(before),
              to: endOf(before),
              count: 1,
              message: `Digest ${before.name.canonical} changed after delivery: its SHA-256 is not the one ${d.name.canonical} recorded.`,
            });
          }
        } else if (!index.has(previous)) {
          const inWindow =
            !window.start || (previousName?.kind === 'digest' && previousName.end > window.start);
          if (inWindow) {
            const from = before
              ? endOf(before)
              : new Date(
                  (previousName?.kind === 'digest'
                    ? previousName.end.getTime()
                    : startOf(d).getTime()) - HOUR,
                );
            const hours = Math.max(1, Math.round((startOf(d).getTime() - from.getTime()) / HOUR));
            problems.push({
              kind: 'missing-digest',
              scope: where,
              key: previous,
              from,
              to: startOf(d),
              count: hours,
              message: `${where}: ${hours === 1 ? 'a digest is' : `${hours} digests are`} missing between ${isoMinute(from)} and ${isoMinute(startOf(d))} (deleted); ${d.name.canonical} names ${previous} as its predecessor.`,
            });
          }
        } else if (before) {
          problems.push({
            kind: 'chain-broken',
            scope: where,
            key: before.name.canonical,
            from: endOf(before),
            to: startOf(d),
            count: 1,
            message: `${d.name.canonical} names ${previous} as its predecessor, not ${before.name.canonical}: the chain was rewritten.`,
          });
        }
      }

      // The signature: carried by the successor when it links here, else stored beside the file.
      const carried =
        after?.digest?.previous &&
        (canonicalKey(after.digest.previous.s3Object) ?? '') === d.name.canonical
          ? after.digest.previous.signature.toLowerCase()
          : undefined;
      let signature: FoundSignature | undefined;
      if (carried !== undefined) {
        signature = {
          hex: carried,
          via: `previousDigestSignature of ${after?.name.canonical ?? ''}`,
        };
        if (d.external && d.external.hex !== carried) {
          problems.push({
            kind: 'bad-signature',
            scope: where,
            key: d.name.canonical,
            count: 1,
            message: `The signature of ${d.name.canonical} in ${d.external.via} differs from the one its successor recorded.`,
          });
        }
      } else {
        signature = d.external;
      }
      if (!d.external && source.storesSignatures) {
        problems.push({
          kind: 'bad-signature',
          scope: where,
          key: d.name.canonical,
          count: 1,
          message: `${d.name.canonical} has no x-amz-meta-signature: CloudTrail stores one on every digest, so the object was rewritten after delivery.`,
        });
      }
      const verifiedBefore = chain.signatures.verified;
      checkDigest(d, signature, chain);
      if (chain.signatures.verified > verifiedBefore) {
        if (carried !== undefined) chain.signatures.viaSuccessor++;
        else chain.signatures.viaMetadata++;
      }
    });

    chain.newest = last.external
      ? `newest digest's signature from ${last.external.via}`
      : `newest digest's signature not checked offline: it lives only in S3 object metadata (save it beside the file as ${last.name.canonical.split('/').pop() ?? ''}.signature)`;

    // Digests stop when logging stops; only an explicit window end can say hours are missing.
    const horizon = window.end && (window.end < now ? window.end : now);
    if (horizon && horizon.getTime() - chain.end.getTime() > HOUR + DELIVERY_SLACK) {
      problems.push({
        kind: 'logging-gap',
        scope: where,
        from: chain.end,
        to: horizon,
        count: 1,
        message: `${where}: no digests between ${isoMinute(chain.end)} and ${isoMinute(horizon)}: logging stopped, or the newest digests were deleted.`,
      });
    }
  }

  // Backfill digests list late log files; they are signed but not part of the hourly chain.
  const backfills = loaded.filter((x) => x.name.backfill);
  for (const d of backfills) checkDigest(d, d.external, undefined);

  // Hash every listed log file that exists.
  const natives = [...expectations.keys()];
  const hashes = await source.hashUncompressed(natives);
  natives.forEach((native, i) => {
    const result = hashes[i];
    for (const e of expectations.get(native) ?? []) {
      if (result === undefined || 'missing' in result) {
        problems.push({
          kind: 'missing-file',
          scope: e.scope,
          key: e.canonical,
          count: 1,
          message: `${e.canonical} is listed in a digest but is not there (deleted).`,
        });
      } else if ('unreadable' in result) {
        problems.push({
          kind: 'modified-file',
          scope: e.scope,
          key: e.canonical,
          count: 1,
          message: `${e.canonical} was modified: ${result.unreadable}.`,
        });
      } else if (result.sha256 !== e.expected) {
        problems.push({
          kind: 'modified-file',
          scope: e.scope,
          key: e.canonical,
          count: 1,
          message: `${e.canonical} was modified: its SHA-256 is ${result.sha256.slice(0, 12)}…, the digest recorded ${e.expected.slice(0, 12)}….`,
        });
      }
    }
  });

  // Files no digest lists. Files newer than a scope's newest digest are simply not vouched for yet.
  let pending = 0;
  const unverifiable = new Map<string, { scope: ArchiveScope; n: number }>();
  for (const { name } of logs) {
    if (listed.has(name.canonical)) continue;
    const scoped = chains.filter((c) => scopeId(c) === scopeId(name));
    if (scoped.length === 0) {
      const u = unverifiable.get(scopeId(name)) ?? { scope: name, n: 0 };
      u.n++;
      unverifiable.set(scopeId(name), u);
      continue;
    }
    const newest = Math.max(...scoped.map((c) => c.end.getTime()));
    if (name.delivered.getTime() >= floorMinute(new Date(newest))) {
      pending++;
      continue;
    }
    problems.push({
      kind: 'extra-file',
      scope: scopeText(name),
      key: name.canonical,
      count: 1,
      message: `${name.canonical} is listed in no digest: it was added after delivery, or its digest was deleted.`,
    });
  }
  for (const { scope, n } of unverifiable.values()) {
    problems.push({
      kind: 'unverifiable',
      scope: scopeText(scope),
      count: n,
      message: `${n} log file${n === 1 ? '' : 's'} in ${scopeText(scope)} but no digests there: log file validation is off for that trail, or its digests were deleted.`,
    });
  }
  if (pending > 0) {
    notes.push(
      `${pending} log file${pending === 1 ? ' is' : 's are'} newer than the newest digest; CloudTrail vouches for them in its next hourly digest.`,
    );
  }

  const unchecked = chains.reduce((n, c) => n + c.signatures.unchecked.length, 0);
  if (unchecked > 0) {
    notes.push(
      `${unchecked} digest signature${unchecked === 1 ? ' was' : 's were'} not checked: each belongs to the last digest of a run (the newest, or the last before a gap or break), whose signature only S3 object metadata holds; every other digest's signature is carried by its successor.`,
    );
  }
  // Grouped by account, Region and trail, then in time order.
  problems.sort(
    (a, b) => a.scope.localeCompare(b.scope) || (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0),
  );
  if (backfills.length > 0) {
    const unsigned = backfills.filter((d) => !d.external).length;
    notes.push(
      `${backfills.length} backfill digest${backfills.length === 1 ? '' : 's'} (late files) checked outside the hourly chain${unsigned > 0 ? `; ${unsigned} without a stored signature, so not signature-checked` : ''}.`,
    );
  }

  return {
    source: source.description,
    keys: keys.description,
    window,
    ...(options.account !== undefined && { account: options.account }),
    ...(options.region !== undefined && { region: options.region }),
    intact: problems.length === 0,
    problems,
    chains,
    checked: {
      digests: loaded.length,
      logFiles: natives.length,
      hoursCovered: chains.reduce((n, c) => n + c.digests, 0),
      signaturesVerified: chains.reduce((n, c) => n + c.signatures.verified, 0),
      signaturesUnchecked: unchecked,
      pendingLogFiles: pending,
    },
    notes,
  };
}
