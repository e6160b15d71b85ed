/**
 * What each file in commands/ declares: how a question is recognised, what it means as an
 * event filter, and how it is explained in help. The parser is generic over these, so adding
 * a question is adding one file.
 */
import type { Predicate } from './filter.js';
import { parseIpOrCidr } from './ip.js';
import type { IntentId } from './question.js';

/** Default windows of questions.md, in hours. */
export const DEFAULT_HOURS = {
  /** who-changed: long enough to find the change that broke something last month. */
  history: 90 * 24,
  /** Category intents (security groups, IAM, …): a week of changes. */
  category: 7 * 24,
  /** Everything else. */
  recent: 24,
} as const;

export interface SubjectSpec {
  /** What the subject is, with its article, for messages: `an IP address or CIDR block`. */
  name: string;
  /**
   * Returns an error message when `value` is not acceptable (e.g. `10.0.0.300`), else undefined.
   * Example: `validate('10.0.0.0/33')` → `"10.0.0.0/33" is not an IP address or CIDR block`.
   */
  validate?: (value: string) => string | undefined;
}

export interface CommandSpec {
  intent: IntentId;
  /** Heading in help, e.g. `Who changed a resource`. */
  title: string;
  /** One line for help. */
  description: string;
  /**
   * How the question starts, as case-insensitive regular expressions over the normalised
   * words (the time window already lifted out). A named group `subject` captures the intent's
   * argument; whatever follows the match must be narrowing modifiers (`by P`, `from IP`,
   * `in REGION`). Example: `/who (?:changed|modified) (?<subject>\S+)/`.
   */
  patterns: readonly RegExp[];
  /** Present when the intent takes an argument (the `subject` group of its patterns). */
  subject?: SubjectSpec;
  /** Window used when the question gives none, in hours; `null` for questions that ignore time. */
  defaultHours: number | null;
  /** The events this intent means, exactly as questions.md defines them. */
  filter: (subject: string) => Predicate;
  /** True when some answers live only in data events (e.g. S3 object writes). */
  needsDataEvents?: boolean;
  /** Phrasings shown in help and used for did-you-mean; the first is the most typical. */
  examples: readonly string[];
}

/**
 * Why `value` is not an IPv4/IPv6 address or CIDR block, or undefined when it is one. Uses the
 * same reader as `matches()`, so whatever is accepted here is also what gets matched.
 * Example: `ipOrCidrProblem('10.0.0.0/8')` → undefined; `ipOrCidrProblem('10.0.0.300')` → a message.
 */
export function ipOrCidrProblem(value: string): string | undefined {
  const range = parseIpOrCidr(value);
  return range.ok ? undefined : `${range.message}; e.g. 203.0.113.7 or 10.0.0.0/8.`;
}

/** AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-northwest-1`. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * CloudTrail event ids are GUIDs, but documentation samples and other sources use other
 * shapes, so any single token of id characters is accepted; a wrong one simply finds nothing.
 */
export function eventIdProblem(value: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(value)
    ? undefined
    : `"${value}" is not an event id (e.g. 3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f).`;
}
