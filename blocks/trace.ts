/**
 * A trace as a Slack message: the starting event, then each issuing call from the newest back
 * to the origin (time in the reader's zone, account, Region, source IP, who called and what
 * they obtained, how sure the match is), then the origin or the dead end, and what was
 * searched. Every value from a record goes through `literal()` (escaped, in a code span), so a
 * session name of `<!channel>` or `*admin*` stays inert text.
 */
import { formatTime, describeWindow } from '../src/core/time-format.js';
import { originText } from '../src/trace/summary-text.js';
import type { TraceHop, TraceOrigin, TraceResult } from '../src/trace/types.js';
import { LIMITS } from './limits.js';
import { andMore, clip, escapeMrkdwn, literal, plain, verbatimMrkdwn } from './mrkdwn.js';
import type { ContextBlock, KnownBlock, SectionBlock, SlackMessage } from './slack-types.js';

/** Blocks besides the hops: header, start, origin, notes, footer. */
const FIXED_BLOCKS = 5;
const MAX_HOP_BLOCKS = LIMITS.messageBlocks - FIXED_BLOCKS - 1;

const CONFIDENCE: Record<TraceHop['confidence'], string> = {
  exact: ':white_check_mark: exact',
  inferred: ':grey_question: inferred',
};

const ORIGIN_TITLE: Record<TraceOrigin['kind'], string> = {
  'iam-user': 'IAM user',
  root: 'Root user',
  'identity-center-user': 'Identity Center user',
  'web-identity': 'Web identity',
  saml: 'SAML user',
  'aws-service': 'AWS service',
  'dead-end': 'Dead end',
};

const section = (text: string): SectionBlock => ({
  type: 'section',
  text: verbatimMrkdwn(text, LIMITS.sectionText),
});

const context = (texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => verbatimMrkdwn(t, LIMITS.textObject)),
});

const time = (iso: string, timeZone: string): string => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatTime(ms, timeZone) : iso;
};

/** `2026-11-20 10:10:00 CET · account `444…` · `eu-west-1` · from `203.0.113.10``. */
function whereLine(
  at: string,
  timeZone: string,
  accountId: string | undefined,
  region: string,
  sourceIp: string | undefined,
): string {
  const parts = [escapeMrkdwn(time(at, timeZone))];
  if (accountId !== undefined) parts.push(`account ${literal(accountId, 40)}`);
  parts.push(literal(region, 40));
  if (sourceIp !== undefined) parts.push(`from ${literal(sourceIp, 100)}`);
  return parts.join(' · ');
}

function hopBlock(hop: TraceHop, index: number, timeZone: string): SectionBlock {
  const lines = [
    `*${index + 1}.* ${literal(hop.eventName, 80)} · ${whereLine(hop.eventTime, timeZone, hop.accountId, hop.region, hop.sourceIp)}`,
    `${literal(hop.from, 300)} → ${literal(hop.to, 300)}`,
    `${CONFIDENCE[hop.confidence]}: ${literal(hop.how, 600)}`,
  ];
  return section(lines.join('\n'));
}

function originBlock(origin: TraceOrigin): SectionBlock {
  if (origin.kind === 'dead-end') {
    return section(
      `:no_entry: *Dead end* at ${literal(origin.label, 300)}\n${literal(origin.reason, 1500)}`,
    );
  }
  const lines = [`:dart: *${ORIGIN_TITLE[origin.kind]}* ${literal(origin.label, 300)}`];
  if (origin.accountId !== undefined) lines.push(`account ${literal(origin.accountId, 40)}`);
  if (origin.email !== undefined) lines.push(`e-mail ${literal(origin.email, 200)}`);
  for (const [key, value] of Object.entries(origin.details ?? {})) {
    lines.push(`${escapeMrkdwn(key)} ${literal(value, 300)}`);
  }
  return section(lines.join('\n'));
}

/**
 * The trace message. Example: a chain of 3 hops ending at an IAM user gives header, start, 3
 * hops, origin and footer (plus notes when there are any).
 */
export function traceMessage(result: TraceResult, timeZone: string): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: plain(`Trace of ${result.start.value}`, LIMITS.headerText),
        emoji: false,
      },
    },
  ];
  const start = result.startEvent;
  blocks.push(
    start === undefined
      ? context([
          `Started from ${literal(result.start.value, 200)}; no call made with it was found.`,
        ])
      : section(
          `:mag: ${literal(start.eventName, 80)} by ${literal(start.actor, 300)}\n` +
            whereLine(start.eventTime, timeZone, start.accountId, start.region, start.sourceIp),
        ),
  );
  const shown = result.hops.slice(0, MAX_HOP_BLOCKS);
  shown.forEach((hop, i) => blocks.push(hopBlock(hop, i, timeZone)));
  if (result.hops.length > shown.length) {
    blocks.push(context([andMore(result.hops.length - shown.length) + ' hops']));
  }
  blocks.push(originBlock(result.origin));
  if (result.notes.length > 0) {
    blocks.push(context(result.notes.map((n) => `:information_source: ${literal(n, 1000)}`)));
  }
  const window = {
    start: new Date(result.searched.window.start),
    end: new Date(result.searched.window.end),
  };
  const hops = `${result.hops.length} ${result.hops.length === 1 ? 'hop' : 'hops'}`;
  blocks.push(
    context([
      escapeMrkdwn(
        `${hops} · searched ${describeWindow(window, timeZone)} on ${result.searched.backend}`,
      ),
    ]),
  );
  const text = `Trace of ${literal(result.start.value, 200)}: ${escapeMrkdwn(ORIGIN_TITLE[result.origin.kind])} ${literal(originText(result.origin), 1000)}`;
  return { text: clip(text, LIMITS.fallbackText), blocks };
}
