import { strict as assert } from 'node:assert';
import { helpSections } from '../../../commands/help.js';
import { ACTION } from '../../../blocks/action-ids.js';
import { decodePageState } from '../../../blocks/button-values.js';
import { errorMessage } from '../../../blocks/errors.js';
import { helpMessage } from '../../../blocks/help.js';
import { progressMessage, searchingMessage } from '../../../blocks/progress.js';
import { refusalMessage } from '../../../blocks/refusal.js';
import { TrailError } from '../../../src/core/errors.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';

const sections = [
  {
    intent: 'who-changed' as const,
    title: 'Changes',
    description: 'Who touched it.',
    examples: ['who changed sg-0abc', 'iam changes this week'],
  },
  {
    intent: 'failed-logins' as const,
    title: 'Sign-ins',
    description: 'Console.',
    examples: ['failed logins yesterday'],
  },
  { title: 'Time windows', description: 'Anywhere.', examples: ['today · yesterday'] },
];

describe('blocks: help, errors, refusal, progress', () => {
  it('answers an unparsed question with did-you-mean buttons that ask the suggestion', () => {
    const message = helpMessage({
      sections,
      text: 'who chnged sg-0abc',
      failure: {
        ok: false,
        reason: 'unknown',
        message: 'No question starts like that.',
        suggestions: ['who changed sg-0abc', 'what did sg-0abc do'],
      },
      nowMs: 1000,
      timeZone: 'Europe/Paris',
    });
    assertValidMessage(message);
    const actions = message.blocks.find((b) => b.type === 'actions');
    assert.ok(actions && actions.type === 'actions');
    const states = actions.elements.map((e) => {
      assert.ok(e.type === 'button' && e.action_id?.startsWith(ACTION.suggestion));
      return decodePageState(e.value);
    });
    assert.deepEqual(states[0], {
      text: 'who changed sg-0abc',
      nowMs: 1000,
      timeZone: 'Europe/Paris',
      cursors: [],
    });
    assert.match(message.text, /did not understand `who chnged sg-0abc`/);
    assert.match(JSON.stringify(message.blocks), /failed logins yesterday/);
  });

  it('shows plain help with every example section and no suggestions', () => {
    const message = helpMessage({ sections, text: 'help', nowMs: 0, timeZone: 'UTC' });
    assertValidMessage(message);
    assert.ok(!message.blocks.some((b) => b.type === 'actions'));
    const text = JSON.stringify(message.blocks);
    assert.match(text, /`\/trail iam changes this week`/);
    assert.match(text, /• `today · yesterday`/);
  });

  it('fits the real help sections in one message', () => {
    assertValidMessage(
      helpMessage({ sections: helpSections(), text: 'help', nowMs: 0, timeZone: 'UTC' }),
    );
  });

  it('keeps a hostile unparsed question inert', () => {
    const message = helpMessage({
      sections,
      text: '<!channel> *pwned*',
      failure: {
        ok: false,
        reason: 'unknown',
        message: 'nope',
        suggestions: ['<!channel> who changed x'],
      },
      nowMs: 0,
      timeZone: 'UTC',
    });
    assertValidMessage(message);
    // Button values are data the bot reads back, never shown; everything else must be inert.
    const shown = JSON.stringify(message, (key, v: unknown) => (key === 'value' ? undefined : v));
    assert.ok(!shown.includes('<!channel>'));
  });

  it('explains a TrailError in its own words and hides other errors behind a reference', () => {
    const known = errorMessage(
      new TrailError('no-logs', 'TRAIL_LOGS points to an empty folder'),
      'ref1',
    );
    assertValidMessage(known);
    assert.match(known.text, /no CloudTrail logs.*TRAIL_LOGS points to an empty folder/);
    const bug = errorMessage(new Error('secret internal detail'), 'ref-42');
    assertValidMessage(bug);
    assert.ok(!bug.text.includes('secret internal detail'));
    assert.match(bug.text, /ref-42/);
  });

  it('refuses politely and says nothing ran', () => {
    for (const reason of ['channel', 'user'] as const) {
      const message = refusalMessage(reason);
      assertValidMessage(message);
      assert.match(message.text, /Sorry.*Nothing was searched/);
    }
  });

  it('acks and reports progress with the question escaped', () => {
    const ack = searchingMessage('<!here> root activity');
    assertValidMessage(ack);
    assert.match(ack.text, /Searching CloudTrail: `&lt;!here&gt; root activity`/);
    const update = progressMessage(
      'root activity',
      { message: 'Athena: RUNNING, 1.2 GB scanned' },
      4200,
    );
    assertValidMessage(update);
    assert.match(update.text, /Athena: RUNNING, 1.2 GB scanned.*4 s/);
  });
});
