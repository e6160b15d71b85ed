/**
 * The raw-event modal: the CloudTrail record as pretty JSON, secrets redacted, cut to Slack's
 * limits. CloudTrail itself logs the temporary credentials that AssumeRole, GetSessionToken and
 * GetFederationToken hand out (responseElements.credentials.sessionToken / secretAccessKey),
 * so showing a record verbatim would paste live credentials into Slack.
 */
import type { CloudTrailRecord } from '../src/core/trail-event.js';
import { RAW_EVENT_VIEW } from './action-ids.js';
import { LIMITS } from './limits.js';
import { andMore, clip, escapeMrkdwn, literal, plain } from './mrkdwn.js';
import type { KnownBlock, ModalView } from './slack-types.js';

export const REDACTED = '[redacted]';

/** Keys whose values are credentials or secrets wherever they appear (compared lower-case). */
const SECRET_KEYS = new Set([
  'sessiontoken',
  'secretaccesskey',
  'password',
  'newpassword',
  'oldpassword',
  'currentpassword',
  'masteruserpassword',
  'privatekey',
  'keymaterial',
  'privatekeymaterial',
  'secretstring',
  'secretbinary',
  'clientsecret',
  'plaintext',
  'userdata',
  'apikey',
  'passphrase',
  'token',
  'x-amz-security-token',
]);

/** `…Token`, `…Password`, `…Secret` (but not `secretId`, `tokenCode`: names, not secrets). */
const SECRET_SUFFIX =
  /(access|refresh|session|id|bearer|auth|authorization|security)token$|password$|passphrase$|secret$/i;

export const isSecretKey = (key: string): boolean =>
  SECRET_KEYS.has(key.toLowerCase()) || SECRET_SUFFIX.test(key);

/**
 * A deep copy with every secret value replaced by `[redacted]`.
 * Example: `redact({responseElements:{credentials:{accessKeyId:'ASIA1', sessionToken:'x'}}})`
 * → `{responseElements:{credentials:{accessKeyId:'ASIA1', sessionToken:'[redacted]'}}}`.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== null && v !== '' ? REDACTED : redact(v);
  }
  return out;
}

/** Characters of JSON per section: 3000 minus the ``` fences and newlines around them. */
const CHUNK = LIMITS.sectionText - 8;
/** JSON sections at most; the rest is summarised (a modal holds 100 blocks, and huge modals are slow). */
const MAX_CHUNKS = 30;

/** Splits escaped JSON into pieces of at most `size`, preferring line breaks. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf('\n', size);
    if (cut <= 0) cut = size;
    // Never split an escape such as &amp; in two.
    const amp = rest.lastIndexOf('&', cut);
    if (amp >= 0 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest !== '') out.push(rest);
  return out;
}

const modal = (title: string, blocks: KnownBlock[]): ModalView => ({
  type: 'modal',
  callback_id: RAW_EVENT_VIEW,
  title: { type: 'plain_text', text: plain(title, LIMITS.modalTitle) },
  close: { type: 'plain_text', text: 'Close' },
  blocks,
});

/** Shown the instant the menu is clicked (trigger_id lives 3 s), then replaced by views.update. */
export function rawEventLoadingView(eventId: string): ModalView {
  return modal('Raw event', [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:hourglass_flowing_sand: Fetching event ${literal(eventId, 200)} …`,
        verbatim: true,
      },
    },
  ]);
}

/** The event could not be fetched (too old for this backend, or deleted from the logs). */
export function rawEventMissingView(eventId: string, reason: string): ModalView {
  return modal('Raw event', [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `:grey_question: Event ${literal(eventId, 200)} could not be shown: ${escapeMrkdwn(reason)}`,
          LIMITS.sectionText,
        ),
        verbatim: true,
      },
    },
  ]);
}

/**
 * The modal for one record. Example: a 10 kB record gives a context line plus 4 code sections.
 */
export function rawEventView(record: CloudTrailRecord): ModalView {
  const json = JSON.stringify(redact(record), null, 2).replace(/`/g, 'ˋ');
  const all = chunks(escapeMrkdwn(json), CHUNK);
  const shown = all.slice(0, MAX_CHUNKS);
  const name = typeof record['eventName'] === 'string' ? record['eventName'] : 'event';
  const id = typeof record['eventID'] === 'string' ? record['eventID'] : undefined;
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${literal(name, 200)} ${literal(id, 200)} · secrets such as session tokens are ${REDACTED}`,
          verbatim: true,
        },
      ],
    },
    ...shown.map((chunk): KnownBlock => ({
      type: 'section',
      text: { type: 'mrkdwn', text: '```\n' + chunk + '\n```', verbatim: true },
    })),
  ];
  if (all.length > shown.length) {
    const hiddenChars = all.slice(MAX_CHUNKS).reduce((n, c) => n + c.length, 0);
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${andMore(hiddenChars)} characters not shown` }],
    });
  }
  return modal(`Raw event: ${name}`, blocks);
}
