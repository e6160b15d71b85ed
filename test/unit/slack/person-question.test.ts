import { strict as assert } from 'node:assert';
import {
  claimAnswer,
  claimAsk,
  isQuestionId,
  loadQuestion,
  releaseAsk,
  saveQuestion,
} from '../../../src/slack/person-question.js';
import { MemoryStateStore } from '../../../src/state/memory.js';
import { personQuestion } from '../../helpers/person-questions.js';

const QUESTION = personQuestion({
  reply: { kind: 'direct', userId: 'U0BOB' },
  timeZone: 'UTC',
  threadKey: 'sg-open@0',
});

describe('questions to a person (state)', () => {
  it('reads a saved question back, and nothing for an unknown or malformed one', async () => {
    const store = new MemoryStateStore();
    await saveQuestion(store, QUESTION);
    assert.deepEqual(await loadQuestion(store, QUESTION.id), QUESTION);
    assert.equal(await loadQuestion(store, 'unknown-id'), undefined);
    await store.put(`ask-person:bad-one`, '{"id":"bad-one","person":{}}', 60_000);
    assert.equal(await loadQuestion(store, 'bad-one'), undefined);
    await store.put(`ask-person:not-json`, '{', 60_000);
    assert.equal(await loadQuestion(store, 'not-json'), undefined);
  });

  it('forgets a question after its time to live', async () => {
    const clock = { now: 0 };
    const store = new MemoryStateStore(() => clock.now);
    await saveQuestion(store, QUESTION);
    clock.now += 8 * 24 * 60 * 60 * 1000;
    assert.equal(await loadQuestion(store, QUESTION.id), undefined);
  });

  it('lets one Ask through, says who asked first, and can give the Ask back', async () => {
    const store = new MemoryStateStore();
    assert.deepEqual(await claimAsk(store, QUESTION.id, { askedBy: 'U0BOB', atMs: 5 }), {
      first: true,
    });
    assert.deepEqual(await claimAsk(store, QUESTION.id, { askedBy: 'U0CAROL', atMs: 6 }), {
      first: false,
      earlier: { askedBy: 'U0BOB', atMs: 5 },
    });
    await releaseAsk(store, QUESTION.id);
    assert.equal((await claimAsk(store, QUESTION.id, { askedBy: 'U0CAROL', atMs: 7 })).first, true);
  });

  it('keeps the first answer: a later click neither changes nor replaces it', async () => {
    const store = new MemoryStateStore();
    const no = await claimAnswer(store, QUESTION.id, { answer: 'no', atMs: 10 });
    assert.deepEqual(no, { first: true, standing: { answer: 'no', atMs: 10 } });
    const yes = await claimAnswer(store, QUESTION.id, { answer: 'yes', atMs: 20 });
    assert.deepEqual(yes, { first: false, standing: { answer: 'no', atMs: 10 } });
  });

  it('accepts only question ids that look like ours as button values', () => {
    assert.equal(isQuestionId(QUESTION.id), true);
    assert.equal(isQuestionId('../../etc'), false);
    assert.equal(isQuestionId('short'), false);
  });
});
