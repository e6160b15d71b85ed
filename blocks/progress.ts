/**
 * What the asker sees while a question runs: the immediate "searching …" ack, then updates such
 * as "3 pages, 150 events so far" or "Athena: RUNNING, 1.2 GB scanned" replacing it.
 */
import type { QueryProgress } from '../src/ports/backend.js';
import { literal } from './mrkdwn.js';
import { notice } from './notice.js';
import type { SlackMessage } from './slack-types.js';

/** The ack, sent within Slack's 3 seconds before any work starts. Example: `:mag: Searching CloudTrail: \`root activity\` …`. */
export function searchingMessage(questionText: string): SlackMessage {
  return notice(`:mag: Searching CloudTrail: ${literal(questionText, 1000)} …`);
}

/** A progress update: the backend's own words (escaped: they may quote file names) and the time so far. */
export function progressMessage(
  questionText: string,
  progress: QueryProgress,
  elapsedMs: number,
): SlackMessage {
  const seconds = Math.max(0, Math.round(elapsedMs / 1000));
  return notice(
    `:hourglass_flowing_sand: Still searching ${literal(questionText, 1000)} — ${literal(progress.message, 500)} (${seconds} s)`,
  );
}
