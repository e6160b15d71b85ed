/**
 * The identity match of questions.md ("by P", "what did P do"), as a set of keys per record:
 * P matches ⇔ `identityKeys(record).includes(P.toLowerCase())`. Indexers store these keys so
 * SQL can do the same test with an equality lookup.
 */
import { isJsonObject, valueAt } from './fields.js';
import type { CloudTrailRecord } from './trail-event.js';

/** Non-empty string or nothing: CloudTrail writes `""` for absent access keys and arns. */
const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The text after the last '/', or the whole string when it has none. */
export const lastSlashSegment = (text: string): string => text.slice(text.lastIndexOf('/') + 1);

/** The text before the first '@' (`alice@example.com` → `alice`), when there is an '@'. */
export const beforeAt = (text: string): string | undefined => {
  const at = text.indexOf('@');
  return at >= 0 ? text.slice(0, at) : undefined;
};

/**
 * The lowercased, deduplicated strings an identity P may equal, exactly the list in
 * questions.md:
 * 1. `userIdentity.userName`
 * 2. the last '/'-segment of `userIdentity.arn` (the session name for assumed roles)
 * 3. `userIdentity.arn`
 * 4. `userIdentity.sessionContext.sessionIssuer.userName` (the role name)
 * 5. `userIdentity.accessKeyId`
 * 6. `userIdentity.sessionContext.sourceIdentity`
 * and, for each of those that contains an '@', the part before the first '@'.
 * Only non-empty strings count; other types and `""` are skipped. Identity Center's
 * `onBehalfOf.userId` is deliberately not a key: the contract does not list it.
 *
 * @example
 * // arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/alice@example.com
 * identityKeys(record) // includes 'alice@example.com', 'alice', 'awsreservedsso_admin_1a2b', …
 */
export function identityKeys(record: CloudTrailRecord): string[] {
  const identity = valueAt(record, ['userIdentity']);
  if (!isJsonObject(identity)) return [];

  const arn = nonEmptyString(identity.arn);
  const candidates = [
    nonEmptyString(identity.userName),
    arn === undefined ? undefined : lastSlashSegment(arn),
    arn,
    nonEmptyString(valueAt(identity, ['sessionContext', 'sessionIssuer', 'userName'])),
    nonEmptyString(identity.accessKeyId),
    nonEmptyString(valueAt(identity, ['sessionContext', 'sourceIdentity'])),
  ];

  const keys = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    const lower = candidate.toLowerCase();
    keys.add(lower);
    const local = beforeAt(lower);
    if (local !== undefined && local !== '') keys.add(local);
  }
  return [...keys];
}

/** Whether identity P (any case) matches the record. `''` matches nothing. */
export const identityMatches = (record: CloudTrailRecord, identity: string): boolean =>
  identity !== '' && identityKeys(record).includes(identity.toLowerCase());
