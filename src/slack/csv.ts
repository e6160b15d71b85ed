/**
 * Events as CSV for "Export CSV" (RFC 4180 quoting). Cells that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab/CR) are prefixed with `'`: event fields are attacker
 * controlled, and `=HYPERLINK(…)` in a userAgent must stay text when the file is opened.
 */
import type { TrailEvent } from '../core/trail-event.js';

const COLUMNS: ReadonlyArray<[string, (e: TrailEvent) => string | undefined]> = [
  ['eventTime', (e) => e.eventTime],
  ['eventName', (e) => e.eventName],
  ['eventSource', (e) => e.eventSource],
  ['awsRegion', (e) => e.awsRegion],
  ['account', (e) => e.recipientAccountId ?? e.actor.accountId],
  ['actor', (e) => e.actor.display],
  ['actorArn', (e) => e.actor.arn],
  ['actorType', (e) => e.actor.type],
  ['sourceIPAddress', (e) => e.sourceIPAddress],
  ['userAgent', (e) => e.userAgent],
  ['errorCode', (e) => e.errorCode],
  ['errorMessage', (e) => e.errorMessage],
  ['readOnly', (e) => (e.readOnly === undefined ? undefined : String(e.readOnly))],
  ['resources', (e) => e.resources.flatMap((r) => (r.arn ? [r.arn] : [])).join(' ')],
  ['eventID', (e) => e.eventID],
];

/** Example: `csvCell('=1+1')` → `'=1+1` (quoted as needed); `csvCell('a,b')` → `"a,b"`. */
export function csvCell(value: string | undefined): string {
  if (value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header row and one row per event, CRLF-separated as RFC 4180 asks. */
export function eventsToCsv(events: readonly TrailEvent[]): string {
  const rows = [COLUMNS.map(([name]) => name).join(',')];
  for (const e of events) rows.push(COLUMNS.map(([, get]) => csvCell(get(e))).join(','));
  return rows.join('\r\n') + '\r\n';
}
