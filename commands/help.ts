/**
 * Help as data, so Slack and the CLI render the same content their own way.
 */
import type { IntentId } from '../src/core/question.js';
import { COMMANDS } from './index.js';

export interface HelpSection {
  /** Absent for the sections on windows and modifiers, which apply to every question. */
  intent?: IntentId;
  title: string;
  description: string;
  examples: string[];
}

/** In the order a newcomer needs them: investigations first, then categories. */
const ORDER: readonly IntentId[] = [
  'who-changed',
  'actor-activity',
  'ip-activity',
  'failed-logins',
  'access-denied',
  'security-groups',
  'network',
  'iam',
  'bucket-policy',
  'instances',
  'trail',
  'root',
  'no-mfa-logins',
  'kms',
  'event',
  'trace',
];

const WINDOWS: HelpSection = {
  title: 'Time windows',
  description:
    'Add one anywhere; times are in your time zone. Without one: 24 hours, 7 days for change categories, 90 days for "who changed".',
  examples: [
    'today · yesterday · this week',
    'last 6 hours · past 7 days · 90m · 24h · 7d',
    'since monday · since 2026-11-20 · since 2026-11-20 14:00',
    'on 2026-11-20 · between 2026-11-18 and 2026-11-20 · from 2026-11-20 09:00 to 2026-11-20 17:00',
  ],
};

const NARROWING: HelpSection = {
  title: 'Narrowing',
  description: 'Any question can be narrowed to a person, an address or a region.',
  examples: ['by alice', 'from 203.0.113.0/24', 'in eu-west-1'],
};

/**
 * Every help section: one per question, then time windows and narrowing.
 * Example: `helpSections()[0]` → `{intent: 'who-changed', title: 'Who changed a resource', …}`.
 */
export function helpSections(): HelpSection[] {
  const questions = ORDER.flatMap((intent) => COMMANDS.filter((c) => c.intent === intent)).map(
    (c) => ({
      intent: c.intent,
      title: c.title,
      description: c.description,
      examples: [...c.examples],
    }),
  );
  return [...questions, WINDOWS, NARROWING];
}
