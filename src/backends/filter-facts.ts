/**
 * Facts a backend can read off a predicate tree without evaluating it: "every match has
 * eventName ConsoleLogin", "every match is in eu-west-1". LookupEvents uses them to pick its one
 * server-side attribute and its regions; Athena uses them for partition predicates. They are
 * necessary conditions only: the full predicate is still applied to whatever comes back.
 */
import type { EventField, Predicate } from '../core/filter.js';

/** What can be constrained: a scalar field, or the identity / resource match of questions.md. */
export type FactKey = EventField | 'identity' | 'resource';

/**
 * The set of values `key` must take in every record that satisfies `p`, or `undefined` when
 * the predicate does not pin it down. An empty set means nothing can match.
 *
 * - `eq`/`in` on the key give their values; `identity`/`resource` give their argument.
 * - `all` intersects what its children require (any child's constraint binds the whole);
 * - `any` unions them, but only when every branch constrains the key;
 * - `not` and everything else constrain nothing.
 *
 * @example requiredValues(all(eq('eventSource', 'ec2.amazonaws.com'),
 *                              oneOf('eventName', ['A', 'B'])), 'eventName') // → Set {'A','B'}
 */
export function requiredValues(p: Predicate, key: FactKey): Set<string> | undefined {
  switch (p.kind) {
    case 'eq':
      return p.field === key ? new Set([p.value]) : undefined;
    case 'in':
      return p.field === key ? new Set(p.values) : undefined;
    case 'identity':
    case 'resource':
      return p.kind === key ? new Set([p.value]) : undefined;
    case 'all': {
      let result: Set<string> | undefined;
      for (const child of p.of) {
        const values = requiredValues(child, key);
        if (values === undefined) continue;
        result = result === undefined ? values : new Set([...result].filter((v) => values.has(v)));
      }
      return result;
    }
    case 'any': {
      // `any` of nothing matches nothing: the empty set is the honest answer.
      const union = new Set<string>();
      for (const child of p.of) {
        const values = requiredValues(child, key);
        if (values === undefined) return undefined;
        for (const value of values) union.add(value);
      }
      return union;
    }
    default:
      return undefined;
  }
}
