import { strict as assert } from 'node:assert';
import type { ParseFailure } from '../../../src/core/question.js';
import { renderAnswer, renderError, renderParseFailure } from '../../../src/render/terminal.js';
import { stripControl, useColor } from '../../../src/render/text.js';
import { makeAnswer, makeEvent, makeQuestion } from '../../helpers/answers.js';

/** Any control character except the newlines the renderer itself writes. */
/* eslint-disable no-control-regex -- these tests are about control characters */
const CONTROL_EXCEPT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('stripControl', () => {
  it('replaces escape sequences, C1 controls and bidi overrides', () => {
    assert.equal(stripControl('a\u001b[2Jb'), 'a\uFFFD[2Jb');
    assert.equal(stripControl('x\u009by'), 'x\uFFFDy');
    assert.equal(stripControl('evil\u202etxt.exe'), 'evil\uFFFDtxt.exe');
    assert.equal(stripControl('line\none\ttab'), 'line one tab');
    assert.equal(stripControl('plain – ünïcode ✓'), 'plain – ünïcode ✓');
  });
});

describe('useColor', () => {
  it('colours a terminal only, and never with NO_COLOR', () => {
    assert.equal(useColor({ isTTY: true }, {}), true);
    assert.equal(useColor({ isTTY: false }, {}), false);
    assert.equal(useColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(useColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(useColor({ isTTY: true }, { FORCE_COLOR: '0' }), false);
  });
});

describe('renderAnswer', () => {
  const hostile = makeEvent({
    userAgent: 'curl\u001b]0;owned\u0007\u001b[2J<!channel> *pwned*',
    errorCode: 'AccessDenied',
    errorMessage: 'User: bob\u001b[31m is not authorized',
    eventTime: '2026-11-25T23:30:00Z',
  });
  const earlier = makeEvent({ eventTime: '2026-11-24T08:00:00Z', readOnly: true });

  it('never lets an event string reach the terminal with control characters', () => {
    const text = renderAnswer(makeAnswer([hostile, earlier]), { color: false });
    assert.doesNotMatch(text, CONTROL_EXCEPT_NEWLINE);
    assert.match(text, /curl\uFFFD\]0;owned\uFFFD\uFFFD\[2J<!channel> \*pwned\*/);
  });

  it('shows what was understood, the window in the asker zone, a summary and errors', () => {
    const answer = makeAnswer([hostile, earlier], {
      question: makeQuestion({ timeZone: 'Europe/Paris' }),
    });
    const text = renderAnswer(answer, { color: false });
    const lines = text.split('\n');
    assert.equal(lines[0], 'Who changed sg-0abc1234');
    assert.match(text, /2026-11-25 11:00 → 2026-11-26 11:00 Europe\/Paris/);
    assert.match(text, /last 24 hours \(default\)/);
    assert.match(text, /2 events, 1 failed/);
    assert.match(text, /✗ AccessDenied/);
    assert.match(text, /DuckDB · 4 files/);
  });

  it('groups events by day in the asker zone, newest first', () => {
    const text = renderAnswer(
      makeAnswer([hostile, earlier], { question: makeQuestion({ timeZone: 'Europe/Paris' }) }),
      { color: false },
    );
    // 23:30 UTC on the 25th is already the 26th in Paris.
    const thu = text.indexOf('Thu 2026-11-26');
    const tue = text.indexOf('Tue 2026-11-24');
    assert.ok(thu > 0 && tue > thu, text);
    assert.match(text, /00:30:00 CET {2}AuthorizeSecurityGroupIngress/);
  });

  it('shows what a change asked for, and the next-page cursor', () => {
    const text = renderAnswer(
      makeAnswer([earlier, makeEvent()], { truncated: true, total: 9, nextCursor: '2' }),
      { color: false },
    );
    assert.match(text, /request \{"groupId":"sg-0abc1234"\}/);
    assert.match(text, /next page: --cursor 2/);
  });

  it('says plainly when nothing matched, and lists notes', () => {
    const text = renderAnswer(
      makeAnswer([], {
        notes: [{ kind: 'warning', text: 'skipped 1 unreadable log file(s): a.json.gz' }],
      }),
      { color: false },
    );
    assert.match(text, /no matching events/);
    assert.match(text, /⚠ skipped 1 unreadable log file\(s\): a\.json\.gz/);
  });

  it('uses ANSI colour only when asked', () => {
    const answer = makeAnswer([hostile]);
    assert.match(renderAnswer(answer, { color: true }), /\u001b\[31m/);
    assert.doesNotMatch(renderAnswer(answer, { color: false }), /\u001b/);
  });
});

describe('renderParseFailure and renderError', () => {
  it('offers did-you-mean suggestions as commands to run', () => {
    const failure: ParseFailure = {
      ok: false,
      reason: 'unknown',
      message: 'I did not understand "faild logins".',
      suggestions: ['failed logins today'],
    };
    const text = renderParseFailure(failure, { color: false });
    assert.match(text, /I did not understand "faild logins"\./);
    assert.match(text, /Did you mean:\n {2}trailhound ask "failed logins today"/);
  });

  it('strips control characters from messages that echo input', () => {
    assert.doesNotMatch(renderError('no logs in /tmp/\u001b[2J', { color: false }), /\u001b/);
  });
});
