/**
 * What the asker sees when a question fails. A TrailError carries a message written for them
 * ("TRAIL_LOGS points to an empty folder", "missing cloudtrail:LookupEvents"); anything else is
 * a bug, so they get an apology and a reference to quote, while the details go to the log.
 */
import { isTrailError, type TrailErrorCode } from '../src/core/errors.js';
import { escapeMrkdwn, literal } from './mrkdwn.js';
import { notice } from './notice.js';
import type { SlackMessage } from './slack-types.js';

const HEADLINES: Readonly<Record<TrailErrorCode, string>> = {
  config: 'trailhound is not set up correctly',
  'no-logs': 'there are no CloudTrail logs to search',
  'access-denied': 'AWS refused the search',
  throttled: 'AWS is throttling the search; please try again in a minute',
  network: 'AWS could not be reached',
  'query-failed': 'the query failed',
  'cost-cap': 'this search would cost more than the configured cap',
  'not-allowed': 'you are not allowed to ask that',
  unsupported: 'this backend cannot answer that question',
};

/**
 * Example: `errorMessage(new TrailError('no-logs', 'TRAIL_LOGS is empty'), 'ab12')` →
 * ":x: Sorry, there are no CloudTrail logs to search: TRAIL_LOGS is empty".
 */
export function errorMessage(error: unknown, reference: string): SlackMessage {
  if (isTrailError(error)) {
    return notice(`:x: Sorry, ${HEADLINES[error.code]}: ${escapeMrkdwn(error.message)}`);
  }
  return notice(
    `:x: Sorry, something went wrong while answering. Please try again; if it keeps failing, quote reference ${literal(reference, 64)} to whoever runs trailhound.`,
  );
}
