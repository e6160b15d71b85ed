/**
 * The composition root of the Slack runtimes: the one place that picks the real pipeline, the
 * configured backend, the clock and the log sinks. Tests build SlackDeps themselves instead.
 */
import { helpSections } from '../../commands/help.js';
import { ask } from '../ask.js';
import { createBackend, type BackendKind } from '../backends/create.js';
import type { QueryBackend } from '../ports/backend.js';
import { consoleAudit, consoleLogger, realSleep, type SlackDeps } from '../slack/deps.js';
import { VERIFY_HELP } from '../verify/verify-request.js';
import type { Config } from './config.js';

/**
 * A backend opened on first use. The Lambda invocation that only acks never touches it, so a
 * cold start does not pay for opening the index; later calls reuse the same instance. `runWith`
 * (the "Run in Athena" button) goes through the configured backend when it can choose engines
 * (`auto`), and otherwise opens the engine asked for beside it, once.
 */
export function lazyBackend(
  kind: BackendKind,
  open: (kind: BackendKind) => Promise<QueryBackend>,
): QueryBackend {
  const opened = new Map<BackendKind, Promise<QueryBackend>>();
  const get = (which: BackendKind): Promise<QueryBackend> => {
    let backend = opened.get(which);
    if (backend === undefined) {
      backend = open(which);
      opened.set(which, backend);
      // A failed open (e.g. missing configuration) is not kept: fix the env, ask again.
      backend.catch(() => opened.delete(which));
    }
    return backend;
  };
  return {
    name: kind,
    run: async (request) => (await get(kind)).run(request),
    runWith: async (engine, request) => {
      const main = await get(kind);
      return main.runWith ? main.runWith(engine, request) : (await get(engine)).run(request);
    },
    close: async () => {
      const backends = await Promise.allSettled(opened.values());
      opened.clear();
      for (const b of backends) if (b.status === 'fulfilled') await b.value.close();
    },
  };
}

/** Production dependencies for a config; `overrides` replace any of them (tests, benches). */
export function productionDeps(config: Config, overrides: Partial<SlackDeps> = {}): SlackDeps {
  const backend =
    overrides.backend ??
    lazyBackend(config.backend.kind, (kind) =>
      createBackend(kind, {
        ...(config.backend.logs !== undefined ? { logs: config.backend.logs } : {}),
      }),
    );
  return {
    ask,
    backend,
    // Slack answers `/trail verify` too; the CLI has its own `trailhound verify`.
    helpSections: () => [...helpSections(), VERIFY_HELP],
    now: () => new Date(),
    audit: consoleAudit,
    log: consoleLogger,
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: realSleep,
    ...overrides,
  };
}
