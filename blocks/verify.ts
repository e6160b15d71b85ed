/**
 * Block Kit for an integrity report (`/trail verify`). Every string that came from the archive
 * (keys, trail names, digest fields) is escaped; the problem list is cut to Slack's limits with
 * "… and N more".
 */
import { describeWindow } from '../src/core/time-format.js';
import type { TimeWindow } from '../src/core/window.js';
import { isoMinute, verdictHeadline, type VerifyReport } from '../src/verify/report.js';
import { LIMITS } from './limits.js';
import { andMore, escapeMrkdwn, joinWithin, plain, verbatimMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** Sections of problems shown before the rest is summarised in one line. */
const PROBLEM_SECTIONS = 10;
/** Problems per section: several short lines read better than one 3000-character wall. */
const PROBLEMS_PER_SECTION = 10;

/** What `/trail verify` was asked to check, echoed in the asker's zone under the headline. */
export interface VerifyAsked {
  window: TimeWindow;
  /** As given, e.g. `yesterday` or `last 24 hours (default)`. */
  windowText: string;
  timeZone: string;
  account?: string;
  region?: string;
}

/**
 * Example: `:clock3: yesterday · 2026-11-25 00:00 → 2026-11-26 00:00 Europe/Paris · account
 * 111122223333 · us-east-1`.
 */
function askedLine(asked: VerifyAsked): string {
  const parts = [
    `:clock3: ${escapeMrkdwn(asked.windowText)}`,
    escapeMrkdwn(describeWindow(asked.window, asked.timeZone)),
    ...(asked.account !== undefined ? [`account ${escapeMrkdwn(asked.account)}`] : []),
    ...(asked.region !== undefined ? [escapeMrkdwn(asked.region)] : []),
  ];
  return joinWithin(parts, ' · ', LIMITS.textObject);
}

export function verifyBlocks(report: VerifyReport, asked?: VerifyAsked): KnownBlock[] {
  const headline = report.intact ? '✅ Logs intact' : '⚠️ Log integrity problems';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plain(headline, LIMITS.headerText) } },
    ...(asked
      ? [
          {
            type: 'context' as const,
            elements: [{ type: 'mrkdwn' as const, text: askedLine(asked) }],
          },
        ]
      : []),
    {
      type: 'section',
      text: verbatimMrkdwn(`*${escapeMrkdwn(verdictHeadline(report))}*`, LIMITS.sectionText),
    },
  ];
  const problemLines = report.problems.map((p) => `• ${escapeMrkdwn(p.message)}`);
  const shown = PROBLEM_SECTIONS * PROBLEMS_PER_SECTION;
  for (let i = 0; i < Math.min(problemLines.length, shown); i += PROBLEMS_PER_SECTION) {
    const chunk = problemLines.slice(i, i + PROBLEMS_PER_SECTION);
    blocks.push({
      type: 'section',
      text: verbatimMrkdwn(joinWithin(chunk, '\n', LIMITS.sectionText), LIMITS.sectionText),
    });
  }
  if (problemLines.length > shown) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${andMore(problemLines.length - shown)} problems` }],
    });
  }
  const c = report.checked;
  const chains = report.chains.map((ch) => {
    const who = escapeMrkdwn([ch.org, ch.account, ch.region].filter(Boolean).join(' '));
    return `• ${who} trail ${escapeMrkdwn(ch.trail)}: ${ch.digests} digests, ${ch.logFiles} files, ${isoMinute(ch.start)} → ${isoMinute(ch.end)}; ${escapeMrkdwn(ch.newest)}`;
  });
  blocks.push({
    type: 'section',
    text: verbatimMrkdwn(
      joinWithin(
        [
          `*Checked:* ${c.digests} digests, ${c.logFiles} log files, ${c.hoursCovered} hours, ${c.signaturesVerified} signatures verified${c.signaturesUnchecked ? `, ${c.signaturesUnchecked} unchecked` : ''}`,
          ...chains,
        ],
        '\n',
        LIMITS.sectionText,
      ),
      LIMITS.sectionText,
    ),
  });
  const context = [`Source: ${report.source}`, `keys: ${report.keys}`, ...report.notes].map(
    escapeMrkdwn,
  );
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: joinWithin(context, ' · ', LIMITS.textObject) }],
  });
  return blocks.slice(0, LIMITS.messageBlocks);
}

/** The whole message, with a fallback text for notifications. */
export function verifyMessage(report: VerifyReport, asked?: VerifyAsked): SlackMessage {
  return {
    text: escapeMrkdwn(verdictHeadline(report)).slice(0, LIMITS.fallbackText),
    blocks: verifyBlocks(report, asked),
  };
}
