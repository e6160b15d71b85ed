/**
 * The README's configuration reference must list every environment variable trailhound reads
 * (test/helpers/config-names.ts). A new variable without documentation fails here, naming the
 * file that reads it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { variablesRead } from '../../helpers/config-names.js';
import { repoRoot } from '../../helpers/records.js';

describe('README configuration reference', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Configuration reference');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

  it('exists', () => assert.ok(start >= 0, 'README.md has no "## Configuration reference"'));

  it('lists every environment variable the code reads', () => {
    const read = variablesRead();
    for (const name of ['SLACK_BOT_TOKEN', 'TRAIL_REGIONS', 'ALERT_CHANNEL', 'REDIS_URL', 'PORT']) {
      assert.ok(read.has(name), `the scan misses ${name}: it would pass anything`);
    }
    const missing = [...read]
      .filter(([name]) => !new RegExp(`\\b${name}\\b`).test(section))
      .map(([name, files]) => `${name} (read in ${[...new Set(files)].join(', ')})`);
    assert.deepEqual(missing, []);
  });
});
