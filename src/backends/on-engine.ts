/**
 * A question pinned to one engine: the "Run in Athena" button re-asks a question whose
 * LookupEvents search had a gap (older than 90 days, data events) on Athena, and the pages,
 * shares and exports of that answer must stay on Athena, whose cursors LookupEvents cannot read.
 */
import { TrailError } from '../core/errors.js';
import type { EngineKind, QueryBackend } from '../ports/backend.js';

/**
 * The configured backend seen through one engine. The view does not own the backend, so closing
 * it closes nothing. Example: `await onEngine(deps.backend, 'athena').run(request)` runs on
 * Athena even when TRAIL_BACKEND=lookup.
 */
export function onEngine(backend: QueryBackend, kind: EngineKind): QueryBackend {
  return {
    name: kind,
    run: async (request) => {
      if (backend.runWith) return backend.runWith(kind, request);
      if (backend.name === kind) return backend.run(request);
      throw new TrailError(
        'config',
        `This deployment searches with ${backend.name} only, so it cannot run the question on ${kind}.`,
      );
    },
    close: async () => undefined,
  };
}
