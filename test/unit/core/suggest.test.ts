import { strict as assert } from 'node:assert';
import { COMMANDS } from '../../../commands/index.js';
import {
  closestCommand,
  closestExamples,
  correctWords,
  vocabularyOf,
} from '../../../src/core/suggest.js';

describe('suggest', () => {
  const vocabulary = vocabularyOf(COMMANDS);

  it('fixes typos in plain words and keeps ids, addresses and names as typed', () => {
    assert.equal(correctWords('who chnaged sg-1', vocabulary), 'who changed sg-1');
    assert.equal(
      correctWords('faild logins from 10.0.0.1', vocabulary),
      'failed logins from 10.0.0.1',
    );
    assert.equal(correctWords('what did Zorglub do', vocabulary), 'what did Zorglub do');
  });

  it('offers the closest examples, one per intent, best first', () => {
    assert.deepEqual(closestExamples('faild logins', COMMANDS, 1), ['failed logins today']);
    assert.deepEqual(closestExamples('kms key deleton', COMMANDS, 1), ['kms key deletion']);
    const three = closestExamples('logins', COMMANDS);
    assert.equal(new Set(three).size, three.length);
  });

  it('offers nothing for text unlike any example', () => {
    assert.deepEqual(closestExamples('qwertyuiop asdfghjkl', COMMANDS), []);
    assert.equal(closestCommand('qwertyuiop asdfghjkl', COMMANDS), undefined);
  });

  it('finds the command a help topic is about', () => {
    assert.equal(closestCommand('failed logins', COMMANDS)?.intent, 'failed-logins');
    assert.equal(closestCommand('what did', COMMANDS)?.intent, 'actor-activity');
  });
});
