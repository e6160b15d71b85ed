import { strict as assert } from 'node:assert';
import { ACTION, BLOCK } from '../../../blocks/action-ids.js';
import {
  askOfferBlocks,
  personAnsweredMessage,
  personAnswerReply,
  personQuestionMessage,
  withAskOffer,
  type AskOffer,
} from '../../../blocks/ask-person.js';
import { LIMITS } from '../../../blocks/limits.js';
import type { KnownBlock, SlackMessage } from '../../../blocks/slack-types.js';
import { HOSTILE } from '../../helpers/answers.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';
import { personQuestion as question } from '../../helpers/person-questions.js';

const buttons = (message: SlackMessage | { blocks: KnownBlock[] }) =>
  message.blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.flatMap((e) => (e.type === 'button' ? [e] : [])) : [],
  );

describe('ask-person blocks', () => {
  it('offers "Ask @alice: did you do this?" carrying the question id, naming the Slack user', () => {
    const offer: AskOffer = {
      kind: 'ask',
      questionId: 'q-123456789',
      origin: 'Identity Center user alice@example.com',
      email: 'alice@example.com',
      userId: 'U0ALICE',
      name: 'alice',
    };
    const blocks = askOfferBlocks(offer);
    const [ask] = buttons({ blocks });
    assert.equal(ask?.text.text, 'Ask @alice: did you do this?');
    assert.equal(ask?.action_id, ACTION.askPerson);
    assert.equal(ask?.value, 'q-123456789');
    assert.match(JSON.stringify(blocks), /<@U0ALICE>/);
    assertValidMessage({ text: 'x', blocks });
  });

  it('says plainly why nobody can be asked, with no button', () => {
    const none = askOfferBlocks({ kind: 'no-email', origin: 'IAM user deploy-bot' });
    assert.equal(buttons({ blocks: none }).length, 0);
    assert.match(JSON.stringify(none), /no e-mail address is known/);
    const unknown = askOfferBlocks({
      kind: 'no-slack-user',
      origin: 'SAML user carol@example.com',
      email: 'carol@example.com',
    });
    assert.equal(buttons({ blocks: unknown }).length, 0);
    assert.match(JSON.stringify(unknown), /no one in this Slack workspace has that e-mail/);
    assert.ok(
      [...none, ...unknown].every((b) => 'block_id' in b && b.block_id === BLOCK.askPerson),
    );
  });

  it('keeps a full trace message within 50 blocks, the offer last', () => {
    const full: SlackMessage = {
      text: 'trace',
      blocks: Array.from({ length: 50 }, () => ({ type: 'divider' as const })),
    };
    const message = withAskOffer(full, {
      kind: 'ask',
      questionId: 'q-123456789',
      origin: 'x',
      email: 'a@b.c',
      userId: 'U0ALICE',
      name: 'alice',
    });
    assert.equal(message.blocks.length, LIMITS.messageBlocks);
    assert.equal(message.blocks.at(-1)?.type, 'actions');
  });

  it('asks the person with the event in their own zone, and Yes / No buttons', () => {
    const message = personQuestionMessage(question(), 'U0BOB');
    assertValidMessage(message);
    const json = JSON.stringify(message.blocks);
    assert.match(json, /<@U0BOB> is looking into/);
    assert.match(json, /2026-11-26 11:15:30 CET/, 'the event time in Europe/Paris');
    assert.deepEqual(
      buttons(message).map((b) => [b.action_id, b.value]),
      [
        [ACTION.personYes, question().id],
        [ACTION.personNo, question().id],
      ],
    );
  });

  it('replaces the buttons by the recorded answer once answered', () => {
    const answered = personAnsweredMessage(
      question(),
      { answer: 'no', atMs: Date.parse('2026-11-26T13:32:05Z') },
      'U0BOB',
    );
    assertValidMessage(answered);
    assert.equal(buttons(answered).length, 0);
    assert.match(answered.text, /You answered \*No, that was not me\* at 2026-11-26 14:32:05 CET/);
  });

  it("reports the answer with its time in the thread's zone, and the raised severity", () => {
    const atMs = Date.parse('2026-11-26T13:32:05Z');
    const no = personAnswerReply(
      question(),
      { answer: 'no', atMs },
      { from: 'medium', to: 'high' },
    );
    assertValidMessage(no);
    assert.match(no.text, /<@U0ALICE> answered \*No\*/);
    assert.match(no.text, /answered at 2026-11-26 08:32:05 EST/);
    assert.match(no.text, /Severity raised from \*MEDIUM\* to :red_circle: \*HIGH\*/);
    const yes = personAnswerReply(question(), { answer: 'yes', atMs });
    assert.match(yes.text, /answered \*Yes\*/);
    assert.doesNotMatch(yes.text, /Severity/);
  });

  it('renders hostile event and trace strings inert in every message', () => {
    for (const hostile of HOSTILE) {
      const q = question({
        event: {
          ...question().event,
          eventName: hostile,
          eventSource: hostile,
          actor: hostile,
          userAgent: hostile,
          sourceIp: hostile,
          account: hostile,
        },
        trace: hostile,
        person: { userId: 'U0ALICE', name: hostile, timeZone: 'UTC' },
      });
      const messages = [
        personQuestionMessage(q, 'U0BOB'),
        personAnsweredMessage(q, { answer: 'yes', atMs: 0 }, undefined),
        personAnswerReply(q, { answer: 'no', atMs: 0 }, { from: 'high', to: 'critical' }),
        withAskOffer(
          { text: 't', blocks: [] },
          {
            kind: 'ask',
            questionId: 'q-1',
            origin: hostile,
            email: hostile,
            userId: 'U0A',
            name: hostile,
          },
        ),
        withAskOffer(
          { text: 't', blocks: [] },
          { kind: 'no-slack-user', origin: hostile, email: hostile },
        ),
      ];
      for (const message of messages) {
        assertValidMessage(message);
        const json = JSON.stringify(message);
        assert.ok(!json.includes('<!'), `no broadcast in ${json}`);
        assert.ok(!json.includes('<http'), `no link in ${json}`);
        assert.ok(!json.includes('<@U024BE7LH>'), `no mention from ${hostile}`);
      }
    }
  });
});
