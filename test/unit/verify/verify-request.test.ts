import { strict as assert } from 'node:assert';
import { isVerifyRequest, parseVerifyRequest } from '../../../src/verify/verify-request.js';

const ctx = { now: new Date('2026-11-26T12:00:00Z'), timeZone: 'Europe/Paris' };

describe('parseVerifyRequest', () => {
  it("reads account, Region and window in any order, the window in the asker's zone", () => {
    const parsed = parseVerifyRequest('verify yesterday in us-east-1 for 111122223333', ctx);
    assert.deepEqual(parsed, {
      ok: true,
      request: {
        account: '111122223333',
        region: 'us-east-1',
        window: {
          start: new Date('2026-11-24T23:00:00Z'),
          end: new Date('2026-11-25T23:00:00Z'),
        },
        windowText: 'yesterday',
      },
    });
  });

  it('checks the last 24 hours when no window is given', () => {
    const parsed = parseVerifyRequest('are the logs intact?', ctx);
    assert.ok(parsed?.ok);
    assert.equal(parsed.request.windowText, 'last 24 hours (default)');
    assert.deepEqual(parsed.request.window.start, new Date('2026-11-25T12:00:00Z'));
  });

  it('knows the phrasings of a verification and leaves questions alone', () => {
    for (const text of [
      'verify',
      'Verify logs today',
      'check log integrity last 6 hours',
      'validate the log files since monday',
      'integrity check',
      '<@U0BOT> verify digests',
    ])
      assert.ok(isVerifyRequest(text), text);
    for (const text of ['failed logins', 'verifying', 'check yesterday', 'who changed sg-1'])
      assert.equal(isVerifyRequest(text), false, text);
  });

  it('refuses a window it cannot read, saying how to write the request', () => {
    const parsed = parseVerifyRequest('verify banana', ctx);
    assert.equal(parsed?.ok, false);
    assert.match(parsed?.ok === false ? parsed.message : '', /"banana".*verify \[account\]/);
  });
});
