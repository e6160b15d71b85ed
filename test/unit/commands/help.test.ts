import { strict as assert } from 'node:assert';
import { helpSections } from '../../../commands/help.js';
import { COMMANDS, parse } from '../../../commands/index.js';
import type { AskContext } from '../../../src/core/question.js';

const ctx: AskContext = { now: new Date('2026-11-26T14:30:00Z'), timeZone: 'Europe/Paris' };

describe('helpSections', () => {
  const sections = helpSections();

  it('has one section per intent, then time windows and narrowing', () => {
    const intents = sections.flatMap((s) => (s.intent ? [s.intent] : []));
    assert.deepEqual([...intents].sort(), COMMANDS.map((c) => c.intent).sort());
    assert.deepEqual(
      sections.filter((s) => !s.intent).map((s) => s.title),
      ['Time windows', 'Narrowing'],
    );
    assert.ok(
      sections.every((s) => s.title !== '' && s.description !== '' && s.examples.length > 0),
    );
  });

  for (const command of COMMANDS) {
    for (const example of command.examples) {
      it(`"${example}" is understood as ${command.intent}`, () => {
        const r = parse(example, ctx);
        assert.ok(r.ok, r.ok ? '' : r.message);
        assert.equal(r.question.intent, command.intent);
      });
    }
  }

  it('every time window it shows is understood', () => {
    const windows = sections.find((s) => s.title === 'Time windows')?.examples ?? [];
    const forms = windows.flatMap((line) => line.split(' · '));
    assert.ok(forms.length >= 12);
    for (const form of forms) {
      const r = parse(`failed logins ${form}`, ctx);
      assert.ok(
        r.ok && !r.question.windowText.endsWith('(default)'),
        `"${form}" ${r.ok ? '' : r.message}`,
      );
    }
  });

  it('every narrowing it shows is understood', () => {
    const narrowing = sections.find((s) => s.title === 'Narrowing')?.examples ?? [];
    for (const modifier of narrowing) {
      const r = parse(`root activity ${modifier}`, ctx);
      assert.ok(r.ok && Object.keys(r.question.modifiers).length === 1, modifier);
    }
  });
});
