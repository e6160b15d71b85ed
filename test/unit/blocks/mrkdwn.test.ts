import { strict as assert } from 'node:assert';
import {
  andMore,
  clip,
  escapeMrkdwn,
  joinWithin,
  literal,
  MISSING,
  plain,
} from '../../../blocks/mrkdwn.js';
import { HOSTILE } from '../../helpers/answers.js';

describe('blocks/mrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    assert.equal(escapeMrkdwn('a < b & c > d'), 'a &lt; b &amp; c &gt; d');
    assert.equal(escapeMrkdwn('*_~`'), '*_~`');
  });

  it('renders every hostile string as a one-line code span with no raw angle brackets', () => {
    for (const hostile of HOSTILE) {
      const out = literal(hostile);
      assert.ok(out.startsWith('`') && out.endsWith('`'), out);
      assert.ok(!out.includes('<') && !out.includes('>'), out);
      assert.ok(!out.includes('\n'), out);
      // Only the two delimiting backticks remain, so the span cannot be closed early.
      assert.equal(out.split('`').length, 3, out);
    }
    assert.equal(literal('<!channel>'), '`&lt;!channel&gt;`');
  });

  it('keeps ordinary identifiers byte-exact (underscores, slashes, @)', () => {
    const arn = 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com';
    assert.equal(literal(arn), '`' + arn + '`');
  });

  it('shows a dash for missing or blank values', () => {
    assert.equal(literal(undefined), MISSING);
    assert.equal(literal('   '), MISSING);
  });

  it('fits the limit including escapes and never cuts an escape in half', () => {
    const out = literal('<'.repeat(1000), 100);
    assert.ok(out.length <= 100, String(out.length));
    assert.match(out, /^`(&lt;)+…`$/);
  });

  it('clips without splitting a surrogate pair', () => {
    assert.equal(clip('abcdef', 4), 'abc…');
    assert.equal(clip('ab😀😀', 4), 'ab…');
    assert.equal(clip('short', 10), 'short');
  });

  it('flattens line breaks in plain text and fits it', () => {
    assert.equal(plain('a\nb', 10), 'a b');
    assert.equal(plain('<!here> & co', 75), '&lt;!here&gt; &amp; co');
    assert.equal(plain('x'.repeat(30), 24).length, 24);
  });

  it('joins whole lines and says how many were left out', () => {
    assert.equal(joinWithin(['a', 'b', 'c'], '\n', 100), 'a\nb\nc');
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const out = joinWithin(lines, '\n', 60);
    assert.ok(out.length <= 60);
    const shown = out.split('\n').length - 1;
    assert.ok(out.endsWith(andMore(50 - shown)), out);
  });
});
