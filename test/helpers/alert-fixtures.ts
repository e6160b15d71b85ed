/** Reads the realistic alert payloads in test/fixtures/alerts/. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'alerts');

export const fixtureText = (name: string): string =>
  readFileSync(join(DIR, `${name}.json`), 'utf8');
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(fixtureText(name)) as Record<string, unknown>;
