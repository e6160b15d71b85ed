/**
 * Every real-world record in the shared sample corpus goes through the normaliser and the
 * reference matcher. The corpus is read in place (never copied); without it these tests skip.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  all,
  any,
  eq,
  everything,
  identity,
  not,
  present,
  resource,
  sourceIp,
} from '../../../src/core/filter.js';
import { identityKeys } from '../../../src/core/identity-keys.js';
import { ipToHex } from '../../../src/core/ip.js';
import { matches } from '../../../src/core/matches.js';
import { normaliseRecord, parseLogFile } from '../../../src/core/normalise.js';
import { summarize } from '../../../src/core/summary.js';
import type { CloudTrailRecord, TrailEvent } from '../../../src/core/trail-event.js';
import { samplesDir } from '../../helpers/records.js';

function loadCorpus(): Array<{ file: string; record: CloudTrailRecord }> {
  const loaded: Array<{ file: string; record: CloudTrailRecord }> = [];
  for (const folder of ['records', 'variants']) {
    const dir = path.join(samplesDir, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
      const parsed = parseLogFile(readFileSync(path.join(dir, name), 'utf8'));
      if ('error' in parsed) throw new Error(`${folder}/${name}: ${parsed.error}`);
      for (const record of parsed.records) loaded.push({ file: `${folder}/${name}`, record });
    }
  }
  return loaded;
}

describe('the shared CloudTrail sample corpus', function () {
  let corpus: Array<{ file: string; record: CloudTrailRecord; event: TrailEvent }> = [];

  before(function () {
    if (!existsSync(path.join(samplesDir, 'records'))) this.skip();
    corpus = loadCorpus().map(({ file, record }) => ({
      file,
      record,
      event: normaliseRecord(record),
    }));
  });

  it('normalises every record with a named actor and a real event time', () => {
    assert.ok(corpus.length > 1000, `expected the full corpus, got ${corpus.length} records`);
    for (const { file, record, event } of corpus) {
      const where = `${file} ${event.eventID}`;
      assert.ok(event.actor.display.trim().length > 0, where);
      assert.ok(Number.isFinite(event.eventTimeMs), where);
      // every sample carries a well-formed eventTime, so 0 (unreadable) would be a parser bug
      assert.ok(event.eventTimeMs > 0, `${where}: ${String(record.eventTime)}`);
      assert.equal(event.raw, record);
    }
  });

  it('runs the reference matcher on every record with typical filters', () => {
    const window = {
      start: new Date('2019-01-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    };
    const failed = {
      window,
      where: any(eq('responseElements.ConsoleLogin', 'Failure'), present('errorCode')),
    };
    const notReadOnly = { window, where: all(not(eq('readOnly', 'true')), present('eventName')) };
    let failures = 0;
    let writes = 0;
    let alices = 0;
    for (const { event } of corpus) {
      assert.ok(matches(event, { where: everything() }));
      if (matches(event, failed)) failures++;
      if (matches(event, notReadOnly)) writes++;
      if (matches(event, { where: identity('alice') })) alices++;
      if (matches(event, { where: sourceIp('10.0.0.0/8') })) {
        assert.match(event.sourceIPAddress ?? '', /^(::ffff:)?0*10\./);
      }
    }
    assert.ok(alices > 0, 'the AWS docs samples act as Alice');
    assert.ok(writes > 0 && writes < corpus.length);
    assert.ok(failures > 50, `the corpus holds many failed calls; found ${failures}`);
  });

  it('finds each record by its own identity keys, resource ARNs, source IP and event ID', () => {
    for (const { file, event } of corpus) {
      const where = `${file} ${event.eventID}`;
      for (const key of identityKeys(event.raw)) {
        assert.ok(
          matches(event, { where: identity(key.toUpperCase()) }),
          `${where} identity ${key}`,
        );
      }
      for (const { arn } of event.resources) {
        if (arn) assert.ok(matches(event, { where: resource(arn) }), `${where} resource ${arn}`);
      }
      if (event.sourceIPAddress !== undefined && ipToHex(event.sourceIPAddress) !== undefined) {
        assert.ok(matches(event, { where: sourceIp(event.sourceIPAddress) }), `${where} ip`);
      }
      if (event.eventID !== '') {
        assert.ok(matches(event, { where: eq('eventID', event.eventID) }), where);
      }
    }
  });

  it('summarises the whole corpus', () => {
    const summary = summarize(corpus.map(({ event }) => event));
    assert.equal(summary.byActor.length, 5);
    assert.ok(summary.failures > 0);
  });
});
