import { strict as assert } from 'node:assert';
import { alertParentMessage, investigationMessage, rawMessage } from '../../../blocks/alert.js';
import type { KnownBlock } from '../../../blocks/slack-types.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';
import { decodePayload } from '../../../src/alerts/decode.js';
import { judge } from '../../../src/alerts/rules.js';
import { toView } from '../../../src/alerts/view.js';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { fixture } from '../../helpers/alert-fixtures.js';

/** Every mrkdwn/plain text in a message, with the fallback text. */
function texts(message: { text: string; blocks: KnownBlock[] }): string[] {
  const out = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return out;
}

/** Slack control sequences an attacker would want to get through: mentions and links. */
const LIVE = /<[!@#]|<https?:|<mailto:/;

const hostile = decodePayload(
  fixture('eventbridge-stoplogging-hostile'),
  { via: 'eventbridge' },
  0,
);
const view = toView(hostile, judge(hostile));

describe('alert messages with hostile strings', () => {
  it('renders mentions, links and formatting from the event inert in the parent', () => {
    const message = alertParentMessage({
      view,
      threadKey: 'k',
      count: 3,
      firstSeenMs: 0,
      lastSeenMs: 1,
      timeZone: 'UTC',
    });
    for (const text of texts(message)) assert.doesNotMatch(text, LIVE, text);
    assertValidMessage(message);
    const all = texts(message).join('\n');
    assert.match(all, /`&lt;!channel&gt;`/, 'the actor is shown, escaped, in a code span');
    assert.match(all, /`&lt;https:\/\/evil\.example\|203\.0\.113\.9&gt;`/, 'the fake IP too');
    // The user agent's backticks and newline cannot break out of its code span.
    const ua = all.split('\n').find((line) => line.startsWith('*User agent*'));
    assert.ok(ua);
    assert.equal(ua.split('`').length, 3, `one code span: ${ua}`);
    assert.match(ua, /&lt;@U0ADMIN&gt; &lt;!here&gt; &amp;amp; &gt; quote second line/);
    // Section texts holding these values are sent verbatim (no auto-linking).
    for (const block of message.blocks) {
      if (block.type === 'section' && block.text?.type === 'mrkdwn')
        assert.equal(block.text.verbatim, true);
    }
  });

  it('keeps the raw event and investigation replies inert too', () => {
    const event = normaliseRecord(
      (fixture('eventbridge-stoplogging-hostile').detail ?? {}) as Record<string, unknown>,
    );
    const replies = [
      rawMessage(view),
      investigationMessage(
        [
          {
            spec: view.investigation[0]!,
            outcome: { events: [event], total: 1, truncated: false, provenance: '<!channel>' },
          },
        ],
        'UTC',
      ),
      investigationMessage([{ spec: view.investigation[0]!, error: '<@U0ADMIN> failed' }], 'UTC'),
    ];
    for (const reply of replies)
      for (const text of texts(reply)) assert.doesNotMatch(text, LIVE, text);
    for (const block of replies[0]!.blocks) {
      const text = block.type === 'section' ? (block.text?.text ?? '') : '';
      assert.ok(!text.slice(3, -3).includes('`'), 'the payload cannot close the code block early');
    }
  });

  it('splits a large raw payload into sections within Slack limits', () => {
    const big = { ...view, raw: `${'&'.repeat(5000)}${'x'.repeat(9000)}` };
    const message = rawMessage(big);
    assert.ok(message.blocks.length > 1);
    assertValidMessage(message);
    for (const block of message.blocks) {
      if (block.type !== 'section') continue;
      const text = block.text?.text ?? '';
      assert.ok(text.length <= 3000, String(text.length));
      assert.doesNotMatch(text, /&(a|am|amp)?```$/, 'no escape cut in half');
    }
  });
});
