/**
 * LookupEvents filters server-side on exactly one attribute per call; everything else about a
 * question is applied afterwards with `matches()`. This module picks that one attribute.
 *
 * The choice, in order:
 * 1. **Exact and selective** — attributes that mean exactly what the filter means, so nothing
 *    is missed: `EventId`, `AccessKeyId`, `EventName` (one call stream per name, up to
 *    {@link MAX_STREAMS_PER_REGION} names, run in parallel), `EventSource`.
 *    A category such as "security group changes" (eight event names from ec2) becomes eight
 *    parallel `EventName` lookups rather than one `EventSource=ec2.amazonaws.com` lookup:
 *    ec2 logs millions of read-only Describe calls, and each page holds only 50 events.
 * 2. **Approximate** — `ResourceName` for "who changed R" and `Username` for "what did P do".
 *    CloudTrail indexes these its own way (the resources it extracted; the user name or
 *    session name, case-sensitively), which differs from questions.md's resource and identity
 *    match, so the answer carries a note saying what could be missed. A person given as an
 *    access key id becomes an exact `AccessKeyId` lookup instead.
 * 3. `ReadOnly` — halves the data at best, so it is a last resort.
 * 4. An attribute with more names than {@link MAX_STREAMS_PER_REGION}.
 * 5. Nothing: every management event in the window is read.
 */
import type { Predicate } from '../../core/filter.js';
import { requiredValues } from '../filter-facts.js';
import type { FactKey } from '../filter-facts.js';

/** LookupEvents' attribute keys that trailhound uses (ResourceType is never more selective). */
export type LookupKey =
  | 'EventId'
  | 'AccessKeyId'
  | 'ResourceName'
  | 'Username'
  | 'EventName'
  | 'EventSource'
  | 'ReadOnly';

export interface LookupChoice {
  /** Absent when no attribute narrows the question: every event in the window is read. */
  key?: LookupKey;
  /** One LookupEvents call stream per value (per Region and account); results are unioned. */
  values: string[];
  /** False when LookupEvents' notion of the attribute may miss events the question wants. */
  exact: boolean;
}

/**
 * More names than this per Region and the lookups would cost more than they save; the CIS
 * categories (IAM has the most, about 25) all fit.
 */
export const MAX_STREAMS_PER_REGION = 30;

/** LookupEvents rejects attribute values over 2000 characters. */
const MAX_VALUE_LENGTH = 2000;

const EXACT: readonly (readonly [LookupKey, FactKey])[] = [
  ['EventId', 'eventID'],
  ['AccessKeyId', 'userIdentity.accessKeyId'],
  ['EventName', 'eventName'],
  ['EventSource', 'eventSource'],
];

/** An access key id as AWS issues them (AKIA long-term, ASIA temporary). */
const ACCESS_KEY_ID = /^(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,124}$/i;

const usable = (values: Set<string> | undefined): values is Set<string> =>
  values !== undefined && [...values].every((v) => v !== '' && v.length <= MAX_VALUE_LENGTH);

/**
 * The attribute (and its values) to send to LookupEvents for `where`.
 *
 * @example chooseLookup(all(eq('eventSource', 'ec2.amazonaws.com'),
 *                            oneOf('eventName', ['CreateSecurityGroup', 'DeleteSecurityGroup'])))
 * // → { key: 'EventName', values: ['CreateSecurityGroup', 'DeleteSecurityGroup'], exact: true }
 * @example chooseLookup(resource('sg-0abc')) // → { key: 'ResourceName', values: ['sg-0abc'], exact: false }
 */
export function chooseLookup(where: Predicate): LookupChoice {
  const wide: LookupChoice[] = [];
  for (const [key, field] of EXACT) {
    const values = requiredValues(where, field);
    if (!usable(values)) continue;
    const choice = { key, values: [...values].sort(), exact: true };
    if (values.size <= MAX_STREAMS_PER_REGION) return choice;
    wide.push(choice);
  }

  const identities = requiredValues(where, 'identity');
  if (usable(identities) && identities.size <= MAX_STREAMS_PER_REGION) {
    const values = [...identities];
    if (values.every((v) => ACCESS_KEY_ID.test(v))) {
      // Access key ids are upper case; the identity match is case-insensitive.
      return { key: 'AccessKeyId', values: values.map((v) => v.toUpperCase()).sort(), exact: true };
    }
  }
  const resources = requiredValues(where, 'resource');
  if (usable(resources) && resources.size <= MAX_STREAMS_PER_REGION) {
    return { key: 'ResourceName', values: [...resources].sort(), exact: false };
  }
  if (usable(identities) && identities.size <= MAX_STREAMS_PER_REGION) {
    return { key: 'Username', values: [...identities].sort(), exact: false };
  }

  const readOnly = requiredValues(where, 'readOnly');
  if (usable(readOnly) && [...readOnly].every((v) => v === 'true' || v === 'false')) {
    return { key: 'ReadOnly', values: [...readOnly].sort(), exact: true };
  }
  const widest = wide.sort((a, b) => a.values.length - b.values.length)[0];
  return widest ?? { values: [], exact: true };
}

/**
 * The choice as people read it: `EventName=ConsoleLogin`, `EventName=A|B|C`, `all events`.
 *
 * @example describeLookup({ key: 'EventName', values: ['A', 'B'], exact: true }) === 'EventName=A|B'
 */
export function describeLookup(choice: LookupChoice): string {
  if (choice.key === undefined) return 'all events';
  const shown = choice.values.length <= 3 ? choice.values : [...choice.values.slice(0, 3), '…'];
  return `${choice.key}=${shown.join('|')}`;
}

/** Call streams per Region and account: one per value, or one unfiltered stream. */
export const streamsPerTarget = (choice: LookupChoice): number =>
  choice.key === undefined ? 1 : choice.values.length;
