import { strict as assert } from 'node:assert';
import { ACTION, BLOCK } from '../../../blocks/action-ids.js';
import { answerMessage, MAX_EVENT_ROWS, type AnswerView } from '../../../blocks/answer.js';
import { decodeEventChoice, decodePageState } from '../../../blocks/button-values.js';
import type { KnownBlock } from '../../../blocks/slack-types.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';
import { HOSTILE, makeAnswer, makeEvent } from '../../helpers/answers.js';

const page = {
  text: 'who changed sg-0abc1234',
  nowMs: Date.parse('2026-11-26T10:00:00Z'),
  timeZone: 'UTC',
  cursors: [],
};

function view(overrides: Partial<AnswerView> = {}): AnswerView {
  return {
    answer: makeAnswer([
      makeEvent(),
      makeEvent({
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized',
      }),
    ]),
    timeZone: 'UTC',
    page,
    visibility: 'ephemeral',
    ...overrides,
  };
}

const find = (blocks: KnownBlock[], id: string) =>
  blocks.find((b) => 'block_id' in b && b.block_id === id);
const allText = (x: unknown): string => JSON.stringify(x);

function buttons(blocks: KnownBlock[]) {
  const pager = find(blocks, BLOCK.pager);
  assert.ok(pager && pager.type === 'actions');
  return pager.elements.flatMap((e) => (e.type === 'button' ? [e] : []));
}

describe('blocks/answer', () => {
  it('shows the question as understood, the window in the asker zone, summary, rows and provenance', () => {
    const message = answerMessage(view({ timeZone: 'Asia/Tokyo' }));
    assertValidMessage(message);
    const header = find(message.blocks, BLOCK.header);
    assert.ok(header && header.type === 'header');
    assert.equal(header.text.text, 'Who changed sg-0abc1234');
    const text = allText(message.blocks);
    assert.match(text, /last 24 hours \(default\)/);
    assert.match(text, /Asia\/Tokyo/);
    // 10:15:30Z is 19:15:30 in Tokyo.
    assert.match(text, /19:15:30/);
    assert.match(text, /2 matching events/);
    assert.match(text, /1 failed/);
    assert.match(text, /Client.UnauthorizedOperation/);
    assert.match(text, /203\.0\.113\.7/);
    assert.match(text, /111122223333/);
    assert.match(text, /eu-west-1/);
    assert.match(allText(find(message.blocks, BLOCK.provenance)), /DuckDB · 4 files/);
    assert.match(message.text, /Who changed sg-0abc1234: 2 events, 1 failed/);
  });

  it('offers a follow-up menu per event with raw, trace, actor, resource and IP choices', () => {
    const event = makeEvent();
    const message = answerMessage(view({ answer: makeAnswer([event]) }));
    const row = message.blocks.find(
      (b) => b.type === 'section' && b.accessory?.type === 'overflow',
    );
    assert.ok(row && row.type === 'section' && row.accessory?.type === 'overflow');
    const choices = row.accessory.options.map((o) => decodeEventChoice(o.value));
    assert.deepEqual(
      choices.map((c) => c?.choice),
      ['raw', 'trace', 'actor', 'resource', 'ip'],
    );
    assert.ok(choices.every((c) => c?.eventId === event.eventID));
    assert.ok(choices.every((c) => c?.pinned === undefined));
  });

  it('pins every menu choice of an answer run on one engine to that engine and the event time', () => {
    const event = makeEvent();
    const message = answerMessage(
      view({ answer: makeAnswer([event]), page: { ...page, backend: 'athena' } }),
    );
    const row = message.blocks.find(
      (b) => b.type === 'section' && b.accessory?.type === 'overflow',
    );
    assert.ok(row && row.type === 'section' && row.accessory?.type === 'overflow');
    for (const option of row.accessory.options) {
      assert.deepEqual(decodeEventChoice(option.value)?.pinned, {
        engine: 'athena',
        eventTimeMs: Math.floor(event.eventTimeMs / 1000) * 1000,
      });
    }
  });

  it('renders hostile event strings inert in every field', () => {
    const hostileEvents = HOSTILE.map((h) =>
      makeEvent({
        eventName: h,
        sourceIPAddress: h,
        awsRegion: h,
        recipientAccountId: h,
        errorCode: h,
        errorMessage: h,
        userAgent: h,
        userIdentity: { type: 'IAMUser', userName: h, arn: `arn:aws:iam::1:user/${h}` },
      }),
    );
    const message = answerMessage(
      view({
        answer: makeAnswer(hostileEvents, {
          notes: [{ kind: 'warning', text: '<!channel> skipped file' }],
        }),
      }),
    );
    assertValidMessage(message);
    const json = allText(message);
    assert.ok(!json.includes('<!'), 'a broadcast mention survived');
    assert.ok(!json.includes('<http'), 'a link survived');
    assert.ok(!json.includes('<@U024BE7LH>'), 'a user mention survived');
  });

  it('stays within every limit for a huge page of huge events', () => {
    const long = 'A'.repeat(5000);
    const events = Array.from({ length: 120 }, () =>
      makeEvent({
        eventName: long,
        errorCode: long,
        errorMessage: long,
        sourceIPAddress: long,
        userIdentity: { type: 'IAMUser', userName: long },
      }),
    );
    const answer = makeAnswer(events, {
      total: 10_000,
      truncated: true,
      nextCursor: 'c'.repeat(1900),
      notes: Array.from({ length: 30 }, (_, i) => ({
        kind: 'gap' as const,
        text: `gap ${i} ${long}`,
      })),
      stats: {
        backend: 'athena',
        elapsedMs: 1,
        regions: Array.from({ length: 40 }, (_, i) => `r-${i}`),
        accounts: [long],
      },
      provenance: long,
    });
    const message = answerMessage(view({ answer }));
    assertValidMessage(message);
    assert.equal(
      message.blocks.filter((b) => b.type === 'section' && b.accessory).length,
      MAX_EVENT_ROWS,
    );
    assert.match(allText(message.blocks), /… and \d+ more on this page/);
  });

  it('carries the next cursor in the Next button and the trail back in Previous', () => {
    const answer = makeAnswer([makeEvent()], {
      total: 30,
      truncated: true,
      nextCursor: 'cursor-3',
    });
    const onPage2 = { ...page, cursors: ['cursor-2'] };
    const message = answerMessage(view({ answer, page: onPage2 }));
    const byId = new Map(buttons(message.blocks).map((b) => [b.action_id, b]));
    assert.deepEqual(decodePageState(byId.get(ACTION.pageNext)?.value)?.cursors, [
      'cursor-2',
      'cursor-3',
    ]);
    assert.deepEqual(decodePageState(byId.get(ACTION.pagePrevious)?.value)?.cursors, []);
    const exported = decodePageState(byId.get(ACTION.exportCsv)?.value);
    assert.deepEqual(exported, { ...page, cursors: [] });
    assert.match(
      allText(find(message.blocks, BLOCK.provenance)),
      /page 2 · DuckDB · 4 files · regions eu-west-1 · accounts 111122223333/,
    );
  });

  it('has no Previous on the first page, no Next on the last, and no Share when already in channel', () => {
    const message = answerMessage(view({ visibility: 'in_channel', sharedBy: 'U123ABC' }));
    const ids = buttons(message.blocks).map((b) => b.action_id);
    assert.deepEqual(ids, [ACTION.exportCsv]);
    assert.match(allText(message.blocks), /shared by <@U123ABC>/);
    const ephemeral = answerMessage(view());
    assert.ok(buttons(ephemeral.blocks).some((b) => b.action_id === ACTION.share));
  });

  it('says so when nothing matched', () => {
    const message = answerMessage(view({ answer: makeAnswer([]) }));
    assertValidMessage(message);
    assert.match(allText(message.blocks), /No matching events/);
    assert.ok(
      !find(message.blocks, BLOCK.pager) ||
        buttons(message.blocks).every((b) => b.action_id !== ACTION.exportCsv),
    );
  });
});
