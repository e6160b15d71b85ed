import { strict as assert } from 'node:assert';
import nock from 'nock';
import { AutoBackend } from '../../../src/backends/aws-backends.js';
import { parseAwsSettings } from '../../../src/backends/aws-config.js';
import type { Env } from '../../../src/backends/aws-config.js';
import { createBackend } from '../../../src/backends/create.js';
import { TrailError } from '../../../src/core/errors.js';
import { endsWith, eq } from '../../../src/core/filter.js';
import type { QueryBackend } from '../../../src/ports/backend.js';
import { cloudTrail, lookupPage, testClientOptions } from '../../helpers/aws-wire.js';
import { makeRecord } from '../../helpers/records.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const window = { start: new Date('2026-11-26T00:00:00Z'), end: NOW };

const auto = (env: Env, local?: QueryBackend) => {
  const result = parseAwsSettings(env);
  assert.ok(result.ok);
  return new AutoBackend({
    settings: result.settings,
    now: () => NOW,
    clientOptions: testClientOptions,
    openLocal: async () => {
      if (local === undefined) throw new Error('local engine not expected');
      return local;
    },
  });
};

describe('AWS backends from configuration', () => {
  afterEach(() => nock.cleanAll());

  it('creates lookup and athena backends, naming the missing variable', async () => {
    const lookup = await createBackend('lookup', { env: { TRAIL_REGIONS: 'eu-west-1' } });
    assert.equal(lookup.name, 'lookup');
    await lookup.close();
    await assert.rejects(
      createBackend('athena', { env: { TRAIL_REGIONS: 'eu-west-1' } }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'config' && /ATHENA_DATABASE/.test(e.message),
    );
    await assert.rejects(
      createBackend('lookup', { env: {} }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'config' && /TRAIL_REGIONS/.test(e.message),
    );
  });

  it('auto answers a selective recent question from LookupEvents', async () => {
    cloudTrail('us-east-1')
      .post('/')
      .reply(200, lookupPage([makeRecord({ eventTime: '2026-11-26T02:13:44Z' })]));
    const backend = auto({ TRAIL_REGIONS: 'us-east-1', ATHENA_DATABASE: 'trail' });
    const result = await backend.run({
      filter: { window, where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 5,
    });
    assert.equal(result.stats.backend, 'lookup');
    assert.equal(result.events.length, 1);
    assert.equal(result.notes.length, 0);
    await backend.close();
  });

  it('auto hands an unselective question to the local engine when logs are configured, and says why', async () => {
    const local: QueryBackend = {
      name: 'local',
      run: async () => ({
        events: [],
        total: 0,
        truncated: false,
        notes: [],
        stats: { backend: 'local' },
        provenance: 'DuckDB',
      }),
      close: async () => undefined,
    };
    const backend = auto({ TRAIL_REGIONS: 'us-east-1', TRAIL_LOGS: './trail' }, local);
    const result = await backend.run({
      filter: { window, where: endsWith('errorCode', 'UnauthorizedOperation') },
      limit: 5,
    });
    assert.equal(result.stats.backend, 'local');
    assert.match(
      result.notes[0]?.text ?? '',
      /Searched with local: the question has no selective LookupEvents attribute/,
    );
  });

  it('auto explains what to configure when nothing can answer', async () => {
    await assert.rejects(
      auto({}).run({ filter: { window, where: eq('eventName', 'StopLogging') }, limit: 5 }),
      (e: unknown) =>
        e instanceof TrailError && e.code === 'config' && /TRAIL_REGIONS/.test(e.message),
    );
  });
});
