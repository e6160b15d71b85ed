/**
 * The composition root of the Slack runtimes: the one place that picks the real pipeline, the
 * configured backend, the clock and the log sinks. Tests build SlackDeps themselves instead.
 */
import { helpSections } from '../../commands/help.js';
import { ask } from '../ask.js';
import { createBackend } from '../backends/create.js';
import type { QueryBackend } from '../ports/backend.js';
import { consoleAudit, consoleLogger, realSleep, type SlackDeps } from '../slack/deps.js';
import type { Config } from './config.js';

/**
 * A backend opened on first use. The Lambda invocation that only acks never touches it, so a
 * cold start does not pay for opening the index; later calls reuse the same instance.
 */
export function lazyBackend(
  kind: QueryBackend['name'],
  open: () => Promise<QueryBackend>,
): QueryBackend {
  let opened: Promise<QueryBackend> | undefined;
  const get = (): Promise<QueryBackend> => (opened ??= open());
  return {
    name: kind,
    run: async (request) => (await get()).run(request),
    close: async () => {
      if (opened !== undefined) await (await opened).close();
    },
  };
}

/** Production dependencies for a config; `overrides` replace any of them (tests, benches). */
export function productionDeps(config: Config, overrides: Partial<SlackDeps> = {}): SlackDeps {
  const backend =
    overrides.backend ??
    lazyBackend(config.backend.kind, () =>
      createBackend(config.backend.kind, {
        ...(config.backend.logs !== undefined ? { logs: config.backend.logs } : {}),
      }),
    );
  return {
    ask,
    backend,
    helpSections,
    now: () => new Date(),
    audit: consoleAudit,
    log: consoleLogger,
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: realSleep,
    ...overrides,
  };
}
