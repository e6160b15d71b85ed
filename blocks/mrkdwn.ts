/**
 * Making untrusted strings inert in Slack mrkdwn, and fitting text into Slack's limits.
 *
 * Anything that came from a CloudTrail event or an alert is attacker-controlled: a userAgent of
 * `<!channel>` would ping the whole channel, `<https://evil|click>` would show a disguised link,
 * and `*`/`_`/`~`/`` ` ``/a leading `>` would restyle the message. Two defences, always together:
 *  - `&`, `<`, `>` are escaped (`&amp;` `&lt;` `&gt;`): Slack's only escapes, and what stops
 *    mentions and links;
 *  - the value is put in a code span, inside which Slack applies no formatting. Unlike swapping
 *    characters for look-alikes, this keeps the value byte-exact when someone copies an ARN or
 *    a role name with underscores out of the message. A backtick would close the span, so it
 *    becomes `ˋ` (U+02CB) — only attacker strings and user agents contain one.
 * Section texts that hold such values are also sent with `verbatim: true`, which stops Slack's
 * automatic linking of bare URLs, channel names and `@here`.
 */

/** `a < b & c` → `a &lt; b &amp; c`: what Slack's formatting guide asks of every text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Placeholder for a missing value, so a row never shows an empty code span. */
export const MISSING = '—';

const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` UTF-16 units, ending in `…`, without splitting a surrogate
 * pair. Example: `clip('abcdef', 4)` → `'abc…'`.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Newlines and tabs in a value would start a new mrkdwn line (where `>` quotes); flatten them. */
const oneLine = (text: string): string => text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');

function renderLiteral(raw: string): string {
  const body = escapeMrkdwn(oneLine(raw).replace(/`/g, 'ˋ'));
  return '`' + body + '`';
}

/**
 * Renders `raw` and, when the result is longer than `max`, shortens the raw text (with `…`) until
 * it fits: cutting after rendering could split an escape such as `&amp;` in two.
 */
function fitRendered(raw: string, max: number, render: (raw: string) => string): string {
  let current = raw;
  let rendered = render(current);
  while (rendered.length > max && current.length > 0) {
    // Each escape adds at most 4 characters, so removing a fifth of the overflow (at least one
    // character) per round converges in a few rounds.
    const overflow = rendered.length - max;
    current = clip(current, Math.max(0, current.length - Math.max(1, Math.ceil(overflow / 5))));
    if (current === ELLIPSIS) current = '';
    rendered = render(current === '' ? ELLIPSIS : current);
  }
  return rendered;
}

/**
 * An untrusted value as inert mrkdwn: escaped, on one line, in a code span; at most `max`
 * characters including the escapes. Example: `literal('<!channel> *hi*')` →
 * ``'`&lt;!channel&gt; *hi*`'``.
 */
export function literal(value: string | undefined | null, max = 500): string {
  if (value == null || value.trim() === '') return MISSING;
  return fitRendered(value, max, renderLiteral);
}

/**
 * Untrusted text for a plain_text object (headers, button labels, modal titles). plain_text is
 * not parsed for formatting, but Slack's escaping rule is stated for text objects in general
 * ("&, < and > must be converted to HTML entities"), so it is escaped the same way, and line
 * breaks are flattened. Example: `plain('a <b>', 75)` → `'a &lt;b&gt;'`.
 */
export function plain(value: string, max: number): string {
  const flat = oneLine(value).trim();
  return fitRendered(flat === '' ? MISSING : flat, max, escapeMrkdwn);
}

/** `… and 3 more` — the one phrasing every truncation uses. */
export const andMore = (hidden: number): string => `${ELLIPSIS} and ${hidden} more`;

/**
 * Joins as many whole lines as fit in `max` characters; if some do not fit, the last line says
 * how many were left out. Example: `joinWithin(['a','b','c'], '\n', 14)` → `'a\n… and 2 more'`.
 */
export function joinWithin(lines: readonly string[], separator: string, max: number): string {
  const total = lines.join(separator);
  if (total.length <= max) return total;
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const hidden = lines.length - i - 1;
    const tail = hidden > 0 ? separator + andMore(hidden) : '';
    const candidate = [...kept, line].join(separator);
    const remainingTail = separator + andMore(lines.length - i);
    if (candidate.length + tail.length > max) {
      const shown = kept.join(separator);
      if (kept.length === 0) return clip(andMore(lines.length), max);
      return clip(shown + remainingTail, max);
    }
    kept.push(line);
  }
  return kept.join(separator);
}

/** A section text object for mrkdwn that holds untrusted values (see the module comment). */
export const verbatimMrkdwn = (text: string, max: number) => ({
  type: 'mrkdwn' as const,
  text: clip(text, max),
  verbatim: true,
});
