/**
 * Which Regions a question has to look in. CloudTrail records an event in the Region that
 * served it, except that IAM and CloudFront (global services) are always recorded in
 * us-east-1, as are STS calls to the global endpoint; console sign-ins appear in us-east-1
 * and in the Region the person signed in to (facts-aws.md §1). So a question about those
 * services needs us-east-1 whatever TRAIL_REGIONS says, and a question only about IAM needs
 * nothing else.
 */
import type { Predicate } from '../core/filter.js';
import { requiredValues } from './filter-facts.js';

export const GLOBAL_REGION = 'us-east-1';

/** Services whose events are recorded only in us-east-1. */
const GLOBAL_ONLY_SOURCES = new Set(['iam.amazonaws.com', 'cloudfront.amazonaws.com']);

export interface RegionChoice {
  regions: string[];
  /** Why the list differs from the configured one, for provenance and notes. */
  reason?: string;
}

/**
 * The Regions to search for `where`, given the configured ones:
 * - a filter pinned to Regions (`in eu-west-1`) searches exactly those;
 * - a filter only about IAM/CloudFront searches us-east-1 alone;
 * - anything else searches the configured Regions plus us-east-1, where IAM, STS and sign-in
 *   events of any person or resource are recorded.
 *
 * @example regionsFor(eq('eventSource', 'iam.amazonaws.com'), ['eu-west-1'])
 * // → { regions: ['us-east-1'], reason: 'iam.amazonaws.com is recorded in us-east-1' }
 */
export function regionsFor(where: Predicate, configured: readonly string[]): RegionChoice {
  const pinned = requiredValues(where, 'awsRegion');
  if (pinned !== undefined) return { regions: [...pinned].sort() };

  const sources = requiredValues(where, 'eventSource');
  if (
    sources !== undefined &&
    sources.size > 0 &&
    [...sources].every((s) => GLOBAL_ONLY_SOURCES.has(s))
  ) {
    return {
      regions: [GLOBAL_REGION],
      reason: `${[...sources].join(', ')} is recorded in us-east-1`,
    };
  }
  if (configured.includes(GLOBAL_REGION) || configured.length === 0) {
    return { regions: configured.length === 0 ? [GLOBAL_REGION] : [...configured] };
  }
  return {
    regions: [...configured, GLOBAL_REGION],
    reason: 'us-east-1 added: IAM, STS and sign-in events are recorded there',
  };
}
