import { strict as assert } from 'node:assert';
import {
  decodeEventChoice,
  decodePageState,
  encodeEventChoice,
  encodePageState,
  nextPage,
  previousPage,
  type PageState,
} from '../../../blocks/button-values.js';
import { LIMITS } from '../../../blocks/limits.js';

const base: PageState = {
  text: 'root activity',
  nowMs: 1_764_000_000_000,
  timeZone: 'Europe/Paris',
  cursors: [],
};

describe('blocks/button-values', () => {
  it('round-trips a page state through a button value', () => {
    const state = nextPage(nextPage(base, 'c1'), 'c2');
    const value = encodePageState(state);
    assert.ok(value);
    assert.deepEqual(decodePageState(value), state);
  });

  it('keeps a question pinned to Athena, its cost confirmed, on every page; refuses unknown engines', () => {
    const pinned: PageState = { ...base, backend: 'athena', confirmCost: true };
    const page2 = nextPage(pinned, 'athena-cursor');
    assert.deepEqual(decodePageState(encodePageState(page2)), page2);
    assert.equal(previousPage(page2).backend, 'athena');
    assert.equal(previousPage(page2).confirmCost, true);
    assert.equal(decodePageState('{"q":"a","n":0,"z":"UTC","c":[],"b":"mysql"}'), undefined);
  });

  it('goes back one page, and from the second page to the first', () => {
    const page3 = nextPage(nextPage(base, 'c1'), 'c2');
    assert.deepEqual(previousPage(page3).cursors, ['c1']);
    assert.deepEqual(previousPage(previousPage(page3)).cursors, []);
  });

  it('drops the oldest cursors to stay within the button value limit', () => {
    let state = base;
    for (let i = 0; i < 40; i++) state = nextPage(state, `cursor-${i}-${'x'.repeat(80)}`);
    const value = encodePageState(state);
    assert.ok(value && value.length <= LIMITS.buttonValue);
    const decoded = decodePageState(value);
    assert.ok(decoded?.trimmed);
    assert.equal(decoded?.cursors.at(-1), state.cursors.at(-1));
  });

  it('gives no value when even the bare question cannot fit', () => {
    assert.equal(encodePageState({ ...base, text: 'x'.repeat(LIMITS.buttonValue) }), undefined);
  });

  it('rejects values that are not ours', () => {
    for (const v of [
      undefined,
      '',
      'nope',
      '{}',
      '{"q":1,"n":0,"z":"UTC","c":[]}',
      '{"q":"a","n":0,"z":"UTC","c":[1]}',
    ]) {
      assert.equal(decodePageState(v), undefined, String(v));
    }
  });

  it('round-trips event menu choices and refuses unknown ones', () => {
    const value = encodeEventChoice('actor', 'abc-123');
    assert.deepEqual(decodeEventChoice(value), { choice: 'actor', eventId: 'abc-123' });
    assert.equal(decodeEventChoice('delete:abc'), undefined);
    assert.equal(decodeEventChoice('raw:'), undefined);
    assert.equal(encodeEventChoice('raw', 'x'.repeat(200)), undefined);
  });

  it('carries the engine and the time of an event on a pinned answer, to the second', () => {
    const eventId = '3b9f8c1e-6a2d-4c57-9e0f-1a2b3c4d5e6f';
    const pinned = { engine: 'athena' as const, eventTimeMs: Date.parse('2025-03-01T23:50:07Z') };
    const value = encodeEventChoice('raw', eventId, {
      ...pinned,
      eventTimeMs: pinned.eventTimeMs + 999,
    });
    assert.ok(value !== undefined && value.length <= LIMITS.optionValue);
    assert.deepEqual(decodeEventChoice(value), { choice: 'raw', eventId, pinned });
    // An unpinned value still reads as before; a pin that is not ours is refused.
    assert.deepEqual(decodeEventChoice(`trace:${eventId}`), { choice: 'trace', eventId });
    for (const bad of [
      `raw:${eventId}~bigquery~1a2b3c`,
      `raw:${eventId}~athena~`,
      `raw:${eventId}~athena~-5`,
      `raw:${eventId}~athena`,
      `raw:${eventId}~athena~1a2b~x`,
      `raw:~athena~1a2b`,
    ]) {
      assert.equal(decodeEventChoice(bad), undefined, bad);
    }
  });
});
