/**
 * The resource match of questions.md ("who changed R"), as a set of values per record:
 * R matches ⇔ `resourceValues(record).includes(R)`, case-sensitive, whole values only, so
 * `sg-0abc` never matches `sg-0abcd`. Indexers store these values for an equality lookup.
 */
import { isJsonObject, valueAt } from './fields.js';
import type { CloudTrailRecord } from './trail-event.js';

/** "ARN-shaped" per questions.md: a string starting with `arn:`. */
export const isArnShaped = (text: string): boolean => text.startsWith('arn:');

/**
 * The part of an ARN after the last '/' or ':' (`arn:aws:s3:::my-bucket` → `my-bucket`,
 * `arn:aws:iam::111122223333:role/ops/deploy` → `deploy`).
 */
export const arnTail = (arn: string): string =>
  arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);

/**
 * Every string value inside `value`, depth first, through objects and arrays (values only, not
 * keys). Iterative, so a deeply nested parameter block cannot overflow the stack.
 */
function collectStrings(value: unknown, into: string[]): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') into.push(current);
    else if (Array.isArray(current) || isJsonObject(current)) {
      // A loop, not push(...values): a 100 KB array of ids would overflow the argument limit.
      for (const child of Object.values(current)) stack.push(child);
    }
  }
}

/**
 * The deduplicated values a resource R may equal:
 * - every string anywhere inside `requestParameters` and `responseElements` (recursively through
 *   objects and arrays; keys do not count; numbers and booleans do not count);
 * - every `resources[].ARN`;
 * - for each of those that is ARN-shaped, its tail after the last '/' or ':'.
 * Empty strings are left out, so an empty R matches nothing.
 *
 * @example
 * resourceValues({ requestParameters: { groupId: 'sg-0abc' },
 *                  resources: [{ ARN: 'arn:aws:s3:::logs' }] })
 * // → ['sg-0abc', 'arn:aws:s3:::logs', 'logs'] (in some order)
 */
export function resourceValues(record: CloudTrailRecord): string[] {
  const strings: string[] = [];
  collectStrings(valueAt(record, ['requestParameters']), strings);
  collectStrings(valueAt(record, ['responseElements']), strings);
  const resources = valueAt(record, ['resources']);
  if (Array.isArray(resources)) {
    for (const entry of resources) {
      const arn = valueAt(entry, ['ARN']);
      if (typeof arn === 'string') strings.push(arn);
    }
  }

  const values = new Set<string>();
  for (const text of strings) {
    if (text === '') continue;
    values.add(text);
    if (isArnShaped(text)) {
      const tail = arnTail(text);
      if (tail !== '') values.add(tail);
    }
  }
  return [...values];
}

/** Whether resource R matches the record (case-sensitive, whole values). */
export const resourceMatches = (record: CloudTrailRecord, resource: string): boolean =>
  resource !== '' && resourceValues(record).includes(resource);
