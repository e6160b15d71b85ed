/**
 * A downloaded copy of a trail bucket (`aws s3 sync s3://bucket/prefix DIR`): any folder that
 * contains `AWSLogs/…` somewhere below it. Offline the newest digest's signature is not in the
 * copy (it lives in S3 object metadata), so we look for what a careful investigator saved beside
 * it: `<digest>.signature` (the hex value) or `<digest>.metadata.json` (the output of
 * `aws s3api head-object`, whose `Metadata.signature` holds it).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { TrailError } from '../core/errors.js';
import { hashGzipFiles } from './hash-files.js';
import type { ArchiveSource, FoundSignature } from './source.js';

export const SIGNATURE_SIDECAR = '.signature';
export const METADATA_SIDECAR = '.metadata.json';

const isNotFound = (e: unknown): boolean =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR';

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Pulls the signature out of a sidecar; tolerant of a trailing newline or a bare metadata map. */
export function signatureFromSidecar(name: string, content: string): string | undefined {
  if (name.endsWith(SIGNATURE_SIDECAR)) {
    const hex = content.trim().toLowerCase();
    return /^[0-9a-f]+$/.test(hex) ? hex : undefined;
  }
  try {
    const raw = JSON.parse(content) as { Metadata?: { signature?: unknown }; signature?: unknown };
    const value = raw.Metadata?.signature ?? raw.signature;
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function localSource(root: string): ArchiveSource {
  const toPath = (key: string): string => join(root, ...key.split('/'));
  return {
    description: `folder ${root}`,
    storesSignatures: false,
    // A local folder is read whole: readdir is cheap, so the hint is not needed.
    async list() {
      let entries: string[];
      try {
        entries = await readdir(root, { recursive: true });
      } catch (e) {
        throw new TrailError('no-logs', `Cannot read the folder ${root}.`, {}, { cause: e });
      }
      // readdir lists folders too; the checks ignore anything that is not a CloudTrail file name.
      return entries.map((p) => relative('.', p).split(sep).join('/'));
    },
    read: (key) => readOptional(toPath(key)),
    hashUncompressed: (keys) => hashGzipFiles(keys.map(toPath)),
    async signatureOf(key): Promise<FoundSignature | undefined> {
      for (const suffix of [SIGNATURE_SIDECAR, METADATA_SIDECAR]) {
        const body = await readOptional(toPath(key + suffix));
        const hex = body && signatureFromSidecar(suffix, body.toString('utf8'));
        if (hex) return { hex, via: `sidecar file ${key.split('/').pop() ?? key}${suffix}` };
      }
      return undefined;
    },
  };
}
