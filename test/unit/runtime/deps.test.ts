import { strict as assert } from 'node:assert';
import { onEngine } from '../../../src/backends/on-engine.js';
import type { BackendKind } from '../../../src/backends/create.js';
import { TrailError } from '../../../src/core/errors.js';
import { all } from '../../../src/core/filter.js';
import type { EngineKind, QueryBackend, QueryRequest } from '../../../src/ports/backend.js';
import { lazyBackend } from '../../../src/runtime/deps.js';

const request: QueryRequest = { filter: { where: all() }, limit: 1 };

/** A backend that says which engine answered; `auto` can be told which one to use. */
function engine(name: QueryBackend['name'], closed: string[]): QueryBackend {
  const answer = (by: string) => ({
    events: [],
    total: 0,
    truncated: false,
    notes: [],
    stats: { backend: by },
    provenance: by,
  });
  return {
    name,
    run: async () => answer(name),
    ...(name === 'auto' ? { runWith: async (kind: EngineKind) => answer(`auto→${kind}`) } : {}),
    close: async () => {
      closed.push(name);
    },
  };
}

describe('lazyBackend and onEngine ("Run in Athena")', () => {
  it('opens nothing until asked, then each engine once, and closes what it opened', async () => {
    const opened: BackendKind[] = [];
    const closed: string[] = [];
    const backend = lazyBackend('lookup', async (kind) => {
      opened.push(kind);
      return engine(kind, closed);
    });
    assert.deepEqual(opened, []);
    assert.equal((await backend.run(request)).provenance, 'lookup');
    assert.equal((await onEngine(backend, 'athena').run(request)).provenance, 'athena');
    assert.equal((await onEngine(backend, 'athena').run(request)).provenance, 'athena');
    assert.deepEqual(opened, ['lookup', 'athena']);
    await backend.close();
    assert.deepEqual(closed.sort(), ['athena', 'lookup']);
  });

  it('lets an auto backend choose the engine itself', async () => {
    const opened: BackendKind[] = [];
    const backend = lazyBackend('auto', async (kind) => {
      opened.push(kind);
      return engine(kind, []);
    });
    assert.equal((await onEngine(backend, 'athena').run(request)).provenance, 'auto→athena');
    assert.deepEqual(opened, ['auto']);
  });

  it('forgets a failed open, so fixing the environment is enough', async () => {
    let attempts = 0;
    const backend = lazyBackend('athena', async (kind) => {
      attempts += 1;
      if (attempts === 1) throw new TrailError('config', 'ATHENA_DATABASE is missing');
      return engine(kind, []);
    });
    await assert.rejects(backend.run(request), /ATHENA_DATABASE/);
    assert.equal((await backend.run(request)).provenance, 'athena');
  });

  it('refuses, saying why, to pin a backend that has only one engine to another', async () => {
    await assert.rejects(
      onEngine(engine('local', []), 'athena').run(request),
      (e: unknown) =>
        e instanceof TrailError &&
        e.code === 'config' &&
        /searches with local only/.test(e.message),
    );
  });
});
