import type { TraceOrigin, TraceOriginKind, TraceResult } from './types.js';

const ORIGIN_NOUN: Record<TraceOriginKind, string> = {
  'iam-user': 'IAM user',
  root: 'root user',
  'identity-center-user': 'Identity Center user',
  'web-identity': 'web identity',
  saml: 'SAML user',
  'aws-service': 'AWS service',
};

/** `IAM user alice in 111122223333`, or `dead end at deploy-role session x: <reason>`. */
export const originText = (origin: TraceOrigin): string => {
  if (origin.kind === 'dead-end') return `dead end at ${origin.label}: ${origin.reason}`;
  const account = origin.accountId ? ` in ${origin.accountId}` : '';
  return `${ORIGIN_NOUN[origin.kind]} ${origin.label}${account}`;
};

const hops = (count: number): string => `${count} ${count === 1 ? 'hop' : 'hops'}`;

/**
 * One plain-text line for a DM or a log, e.g.
 * `ASIAEXAMPLE (deploy-role session gha-98765) traces to Identity Center user alice@example.com via 2 hops`,
 * or `… : trace stopped after 1 hop, dead end at jump-role session x: <reason>`.
 * Not escaped: callers that post it to Slack escape it (blocks/mrkdwn.ts).
 */
export const traceSummaryText = (result: TraceResult): string => {
  const who = result.startEvent ? ` (${result.startEvent.actor})` : '';
  const start = `${result.start.value}${who}`;
  const count = result.hops.length;
  if (result.origin.kind === 'dead-end') {
    return `${start}: trace stopped after ${hops(count)}, ${originText(result.origin)}`;
  }
  const via = count === 0 ? 'directly' : `via ${hops(count)}`;
  return `${start} traces to ${originText(result.origin)} ${via}`;
};
