/**
 * Construction of the AWS backends from configuration, and the `auto` backend that asks the
 * planner per question and hands it to LookupEvents, Athena or the local engine. Backends are
 * opened lazily and kept, so clients (and the local index) are reused across questions.
 */
import { TrailError } from '../core/errors.js';
import type { Note } from '../core/answer.js';
import type { QueryBackend, QueryRequest, QueryResult } from '../ports/backend.js';
import { AthenaBackend } from './athena/athena-backend.js';
import type { AwsClientOptions } from './aws-clients.js';
import type { AwsSettings } from './aws-config.js';
import { LookupBackend } from './lookup/lookup-backend.js';
import { planQuery } from './planner.js';

export type ConcreteKind = 'lookup' | 'athena' | 'local';

export interface AwsBackendOptions {
  settings: AwsSettings;
  now?: () => Date;
  clientOptions?: AwsClientOptions;
}

/** LookupEvents over the configured Regions and accounts; fails fast without a Region. */
export function createLookupBackend(options: AwsBackendOptions): LookupBackend {
  const { settings } = options;
  if (settings.regions.length === 0) {
    throw new TrailError(
      'config',
      'LookupEvents needs a Region: set TRAIL_REGIONS (e.g. us-east-1,eu-west-1) or AWS_REGION.',
    );
  }
  return new LookupBackend({
    regions: settings.regions,
    accounts: settings.accounts,
    athenaConfigured: settings.athena !== undefined,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
  });
}

/** Athena over the configured table; fails fast naming ATHENA_DATABASE when it is not set. */
export function createAthenaBackend(options: AwsBackendOptions): AthenaBackend {
  const { settings } = options;
  if (settings.athena === undefined) {
    throw new TrailError(
      'config',
      'Athena is not configured: set ATHENA_DATABASE (see infra/athena/cloudtrail_logs.sql), and ' +
        'ATHENA_OUTPUT_LOCATION unless the workgroup enforces its own.',
    );
  }
  return new AthenaBackend({
    settings: settings.athena,
    scope: {
      ...(settings.regionsConfigured ? { regions: settings.regions } : {}),
      ...(settings.accountsConfigured ? { accounts: settings.accounts.map((a) => a.id) } : {}),
    },
    ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
  });
}

/**
 * Plans every question (`planner.ts`) and runs it on the chosen backend, noting why when the
 * choice was not the obvious one. `runWith` serves a "run in Athena" button: the same request,
 * forced onto one backend.
 */
export class AutoBackend implements QueryBackend {
  readonly name = 'auto' as const;
  private readonly opened = new Map<ConcreteKind, Promise<QueryBackend>>();

  constructor(
    private readonly options: AwsBackendOptions & {
      /** Opens the local engine (DuckDB), when TRAIL_LOGS is set. */
      openLocal: () => Promise<QueryBackend>;
    },
  ) {}

  async run(request: QueryRequest): Promise<QueryResult> {
    const now = this.options.now?.() ?? new Date();
    const planned = planQuery(request.filter, this.options.settings, { now, backend: 'auto' });
    if (!planned.ok) throw new TrailError('config', planned.message);
    const { plan } = planned;
    const result = await this.runWith(plan.backend, request);
    const why: Note = { kind: 'info', text: `Searched with ${plan.backend}: ${plan.reason}.` };
    return plan.backend === 'lookup' && plan.reason.startsWith('within 90 days')
      ? result
      : { ...result, notes: [why, ...result.notes] };
  }

  /** Runs the request on one backend regardless of the plan. */
  async runWith(kind: ConcreteKind, request: QueryRequest): Promise<QueryResult> {
    let backend = this.opened.get(kind);
    if (backend === undefined) {
      backend = this.open(kind);
      this.opened.set(kind, backend);
      // A failed open (e.g. missing configuration) is not cached: fix the env, ask again.
      backend.catch(() => this.opened.delete(kind));
    }
    return (await backend).run(request);
  }

  async close(): Promise<void> {
    const backends = await Promise.allSettled(this.opened.values());
    this.opened.clear();
    for (const b of backends) if (b.status === 'fulfilled') await b.value.close();
  }

  private async open(kind: ConcreteKind): Promise<QueryBackend> {
    switch (kind) {
      case 'lookup':
        return createLookupBackend(this.options);
      case 'athena':
        return createAthenaBackend(this.options);
      case 'local':
        return this.options.openLocal();
    }
  }
}
