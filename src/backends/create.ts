/**
 * The one place that turns "which engine" into a `QueryBackend`, so the CLI, the demo and the
 * Slack entries never import an engine directly. Each kind is one entry in `FACTORIES`.
 */
import { TrailError } from '../core/errors.js';
import type { QueryBackend } from '../ports/backend.js';
import { AutoBackend, createAthenaBackend, createLookupBackend } from './aws-backends.js';
import { loadAwsSettings, type Env } from './aws-config.js';
import type { LocalBackendOptions } from './duckdb/backend.js';

export interface CreateBackendOptions {
  /** The local engine: a folder of CloudTrail log files (or one file). */
  logs?: string;
  /** The local index file; default inside `<logs>/.trailhound/` (see LocalBackendOptions). */
  indexPath?: string;
  /** Indexing progress; default a progress bar on stderr when it is a terminal. */
  onProgress?: LocalBackendOptions['onProgress'];
  /** The AWS engines: where TRAIL_REGIONS, TRAIL_ACCOUNTS, ATHENA_* come from (default process.env). */
  env?: Env;
  /** The reference time for LookupEvents' 90-day horizon (the CLI's --now); default the clock. */
  now?: () => Date;
}

type Factory = (options: CreateBackendOptions) => Promise<QueryBackend>;

const openLocal: Factory = async (options) => {
  if (options.logs === undefined) {
    throw new TrailError(
      'config',
      'The local engine needs a folder of CloudTrail log files: pass --logs DIR or set TRAIL_LOGS.',
    );
  }
  // Loaded on use: DuckDB is a native module that the AWS-only deployments (the Lambda bundle)
  // leave out, so nothing may import it before the local engine is asked for.
  const { openLocalBackend } = await import('./duckdb/backend.js');
  return openLocalBackend({
    logs: options.logs,
    ...(options.indexPath !== undefined ? { indexPath: options.indexPath } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
};

const FACTORIES = {
  local: openLocal,
  lookup: async (options) => createLookupBackend(awsOptions(options)),
  athena: async (options) => createAthenaBackend(awsOptions(options)),
  auto: async (options) => {
    const aws = awsOptions(options);
    // --logs / TRAIL_LOGS given to the CLI count as TRAIL_LOGS for the planner.
    const logs = options.logs ?? aws.settings.logs;
    const settings = logs === undefined ? aws.settings : { ...aws.settings, logs };
    return new AutoBackend({
      ...aws,
      settings,
      openLocal: () => openLocal({ ...options, ...(logs === undefined ? {} : { logs }) }),
    });
  },
} satisfies Record<string, Factory>;

/** The AWS settings (TrailError 'config' naming each bad variable) and the clock. */
function awsOptions(options: CreateBackendOptions) {
  return {
    settings: loadAwsSettings(options.env ?? process.env),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
}

export type BackendKind = keyof typeof FACTORIES;
export const BACKEND_KINDS = Object.keys(FACTORIES) as BackendKind[];

export const isBackendKind = (value: string): value is BackendKind =>
  Object.hasOwn(FACTORIES, value);

/**
 * @example const backend = await createBackend('local', { logs: './demo-trail' });
 */
export function createBackend(
  kind: BackendKind,
  options: CreateBackendOptions,
): Promise<QueryBackend> {
  return FACTORIES[kind](options);
}
