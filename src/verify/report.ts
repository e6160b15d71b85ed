/**
 * The verdict of an integrity check, as data: renderers (terminal, Block Kit, badges) only format
 * it. Times are absolute Dates; renderers choose how to print them.
 */

export type ProblemKind =
  /** A log file's uncompressed SHA-256 differs from the one its digest recorded. */
  | 'modified-file'
  /** A digest lists a log file that is not there. */
  | 'missing-file'
  /** A log file that no digest lists: added (or replaced under a new name) after delivery. */
  | 'extra-file'
  /** A digest's predecessor, which the chain names, is not there (deleted digests). */
  | 'missing-digest'
  /** Two digests do not link up: the predecessor's hash or signature is not what was recorded. */
  | 'chain-broken'
  /** Hours with no digest at all: logging (or validation) was stopped, or digests were deleted. */
  | 'logging-gap'
  /** A digest's RSA signature does not verify with the key its fingerprint names. */
  | 'bad-signature'
  /** No public key matches the digest's fingerprint, so its signature could not be checked. */
  | 'unknown-key'
  /** A digest that cannot be read, or that says it belongs somewhere else. */
  | 'invalid-digest'
  /** Log files in an account and Region that has no digests at all: nothing vouches for them. */
  | 'unverifiable';

export interface Problem {
  kind: ProblemKind;
  /** "111122223333 us-east-1" (plus "trail X" for chain problems). */
  scope: string;
  /** The file concerned (its key from `AWSLogs/` on), when there is one. */
  key?: string;
  /** The time span concerned (gaps and chain breaks). */
  from?: Date;
  to?: Date;
  /** How many files or digests this problem stands for (1 unless grouped). */
  count: number;
  message: string;
}

/** How the digests of one chain (one trail in one account and Region) were checked. */
export interface ChainReport {
  org?: string;
  account: string;
  region: string;
  trail: string;
  homeRegion: string;
  digests: number;
  /** Hourly digests with `logFiles: []` — normal while logging is on and nothing happened. */
  emptyDigests: number;
  /** digestStartTime of the oldest digest and digestEndTime of the newest. */
  start: Date;
  end: Date;
  logFiles: number;
  signatures: {
    verified: number;
    failed: number;
    /** Verified with the signature the next digest carries (previousDigestSignature). */
    viaSuccessor: number;
    /** Verified with the signature stored beside the digest (S3 metadata or a sidecar). */
    viaMetadata: number;
    /** Digests whose signature could not be found (offline: the newest, without a sidecar). */
    unchecked: string[];
  };
  /** One line on the newest digest, e.g. "signature from sidecar file ….signature". */
  newest: string;
}

export interface VerifyReport {
  /** Where the files came from, e.g. "s3://bucket/prefix". */
  source: string;
  /** Where the keys came from, e.g. "cloudtrail:ListPublicKeys". */
  keys: string;
  window: { start?: Date; end?: Date };
  account?: string;
  region?: string;
  intact: boolean;
  problems: Problem[];
  chains: ChainReport[];
  checked: {
    digests: number;
    logFiles: number;
    hoursCovered: number;
    signaturesVerified: number;
    signaturesUnchecked: number;
    /** Log files newer than the newest digest: CloudTrail has not vouched for them yet. */
    pendingLogFiles: number;
  };
  notes: string[];
}

const count = (report: VerifyReport, kind: ProblemKind): number =>
  report.problems.filter((p) => p.kind === kind).reduce((n, p) => n + p.count, 0);

const spanText = (p: Problem): string =>
  p.from && p.to ? ` between ${isoMinute(p.from)} and ${isoMinute(p.to)}` : '';

/** `2026-11-02T01:05Z` — minutes are the resolution CloudTrail file names have. */
export const isoMinute = (d: Date): string => `${d.toISOString().slice(0, 16)}Z`;

/**
 * The verdict in a few short parts, most serious first.
 * @example verdictParts(report) // ['2 files modified', '1 missing', 'chain broken between 2026-11-02T03:01Z and 2026-11-02T05:01Z']
 */
export function verdictParts(report: VerifyReport): string[] {
  if (report.intact) return ['intact'];
  const parts: string[] = [];
  const n = (kind: ProblemKind, one: string, many: string): void => {
    const c = count(report, kind);
    if (c > 0) parts.push(`${c} ${c === 1 ? one : many}`);
  };
  n('modified-file', 'file modified', 'files modified');
  n('missing-file', 'missing', 'missing');
  n('extra-file', 'extra', 'extra');
  for (const p of report.problems) {
    if (p.kind === 'missing-digest' || p.kind === 'chain-broken')
      parts.push(`chain broken${spanText(p)}`);
    if (p.kind === 'logging-gap') parts.push(`logging gap${spanText(p)}`);
  }
  n('bad-signature', 'bad signature', 'bad signatures');
  n('unknown-key', 'unknown signing key', 'unknown signing keys');
  n('invalid-digest', 'invalid digest', 'invalid digests');
  n('unverifiable', 'file with no digest', 'files with no digest');
  return [...new Set(parts)];
}

/** "Intact" or "Problems found: …", for a title line. */
export const verdictHeadline = (report: VerifyReport): string =>
  report.intact ? 'Intact' : `Problems found: ${verdictParts(report).join(' · ')}`;

/**
 * A short integrity note for answers to investigation questions over a verified window.
 * @example integrityBadge(report) // '✅ Logs verified intact: 24 digests, 310 files, 24 h'
 */
export function integrityBadge(report: VerifyReport): string {
  const { digests, logFiles, hoursCovered } = report.checked;
  if (report.intact) {
    const caveat = report.checked.signaturesUnchecked > 0 ? ', newest signature unchecked' : '';
    return `✅ Logs verified intact: ${digests} digests, ${logFiles} files, ${hoursCovered} h${caveat}`;
  }
  return `⚠️ Log integrity problems: ${verdictParts(report).join(' · ')}`;
}
