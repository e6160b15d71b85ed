import { strict as assert } from 'node:assert';
import { ACTION } from '../../../blocks/action-ids.js';
import { decodePageState, type PageState } from '../../../blocks/button-values.js';
import { costCapMessage } from '../../../blocks/cost-cap.js';
import { LIMITS } from '../../../blocks/limits.js';
import { TrailError } from '../../../src/core/errors.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';

const page: PageState = {
  text: 'activity of alice since 2026-01-01',
  nowMs: Date.parse('2026-11-26T12:00:00Z'),
  timeZone: 'Europe/Paris',
  cursors: [],
  backend: 'athena',
};
const capped = new TrailError(
  'cost-cap',
  'This question would scan about 2 TB ($10) on Athena, more than the 10 GB cap (ATHENA_MAX_BYTES). Confirm to run it anyway <!channel>.',
);

describe('blocks/cost-cap', () => {
  it('states the cost, escaped, and offers to run the same question with the cost confirmed', () => {
    const message = costCapMessage(capped, page);
    assertValidMessage(message);
    assert.match(message.text, /^:moneybag: This question would scan about 2 TB/);
    assert.ok(message.text.includes('&lt;!channel&gt;'));
    const button = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
    assert.ok(button?.type === 'button' && button.action_id === ACTION.confirmCost);
    assert.deepEqual(decodePageState(button.value), { ...page, confirmCost: true });
  });

  it('leaves the button out when the question cannot fit in a button value', () => {
    const message = costCapMessage(capped, { ...page, text: 'x'.repeat(LIMITS.buttonValue) });
    assertValidMessage(message);
    assert.equal(
      message.blocks.some((b) => b.type === 'actions'),
      false,
    );
  });
});
