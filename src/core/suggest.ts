/**
 * "Did you mean …" for questions that were not understood: typos are fixed word by word
 * against the words of the example phrasings, and the closest examples are offered.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { CommandSpec } from './command.js';

const vocabularies = new WeakMap<readonly CommandSpec[], string[]>();

/** Every word used in the commands' example phrasings, lower-cased (computed once per registry). */
export function vocabularyOf(commands: readonly CommandSpec[]): string[] {
  const cached = vocabularies.get(commands);
  if (cached !== undefined) return cached;
  const words = commands.flatMap((c) => c.examples.flatMap((e) => e.toLowerCase().split(/\s+/)));
  const vocabulary = [...new Set(words.filter((w) => /^[a-z]+$/.test(w)))];
  vocabularies.set(commands, vocabulary);
  return vocabulary;
}

/**
 * Replaces plain words that are a typo away from a vocabulary word; other tokens (resource
 * ids, addresses, names) are kept as typed.
 * Example: `correctWords('who chnaged sg-1', vocab)` → `who changed sg-1`.
 */
export function correctWords(text: string, vocabulary: readonly string[]): string {
  if (vocabulary.length === 0) return text;
  const known = new Set(vocabulary);
  return text
    .split(' ')
    .map((word) => {
      const lower = word.toLowerCase();
      if (!/^[a-z]{3,}$/.test(lower) || known.has(lower)) return word;
      const best = closest(lower, vocabulary);
      return distance(lower, best) <= (lower.length >= 5 ? 2 : 1) ? best : word;
    })
    .join(' ');
}

/**
 * Up to `limit` example phrasings closest to `text`, best first and at most one per intent.
 * Each example is compared on as many words as the text has, so "faild logins" is close to
 * "failed logins today". Examples further than half their length away are not offered.
 */
export function closestExamples(
  text: string,
  commands: readonly CommandSpec[],
  limit = 3,
): string[] {
  const scored = scoreExamples(text, commands);
  const seen = new Set<string>();
  const picked: string[] = [];
  for (const { intent, example, score } of scored) {
    if (score > 0.5 || seen.has(intent) || picked.length >= limit) continue;
    seen.add(intent);
    picked.push(example);
  }
  return picked;
}

/** The command whose examples are closest to `text` ("help who changed" → who-changed). */
export function closestCommand(
  text: string,
  commands: readonly CommandSpec[],
): CommandSpec | undefined {
  const best = scoreExamples(text, commands)[0];
  return best !== undefined && best.score <= 0.5
    ? commands.find((c) => c.intent === best.intent)
    : undefined;
}

/** Every example with its distance to `text`, closest first (0 = same words). */
function scoreExamples(text: string, commands: readonly CommandSpec[]) {
  const query = text.toLowerCase();
  const width = query.split(' ').length;
  const scored = commands.flatMap((c) =>
    c.examples.map((example) => {
      const head = example.toLowerCase().split(' ').slice(0, width).join(' ');
      const score = distance(query, head) / Math.max(query.length, head.length, 1);
      return { intent: c.intent, example, score };
    }),
  );
  return scored.sort((a, b) => a.score - b.score);
}
