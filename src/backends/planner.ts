/**
 * Which backend answers a question, decided before any I/O and returned as inert data (a
 * {@link QueryPlan}) that can be logged, tested and shown to the asker as provenance.
 *
 * `TRAIL_BACKEND` (or the CLI's `--backend`) forces a choice; `auto` picks, in order:
 * 1. **LookupEvents** when it can answer completely: the window lies within its 90 days, only
 *    management events are needed, and a selective lookup attribute exists (free, no setup);
 * 2. **Athena** when configured (ATHENA_DATABASE): any window, data events, any filter;
 * 3. **local** when TRAIL_LOGS points at downloaded logs;
 * 4. **LookupEvents** anyway when a Region is configured, answering what it can see with notes
 *    saying what it could not (better than no answer);
 * 5. otherwise a message naming what to configure.
 */
import type { EventFilter } from '../core/filter.js';
import { athenaCostUsd, describeAthenaScan, scopeKey, sharedScanHistory } from './athena/cost.js';
import type { ScanHistory } from './athena/cost.js';
import { buildAthenaQuery } from './athena/query.js';
import { describeLookup } from './lookup/attribute.js';
import { describeLookupSearch, planLookup } from './lookup/plan.js';
import type { LookupPlan } from './lookup/plan.js';
import type { AwsSettings, BackendChoice } from './aws-config.js';

export interface QueryPlan {
  backend: 'lookup' | 'athena' | 'local';
  /** Why this backend, in a sentence. */
  reason: string;
  /** LookupEvents: the server-side attribute, e.g. `EventName=ConsoleLogin`. */
  attribute?: string;
  regions?: string[];
  accounts?: string[];
  /** LookupEvents: at least this many calls (one per stream). */
  estimatedCalls?: number;
  /** Athena: partition days read (absent: every day in the table). */
  days?: number;
  /** Athena: expected bytes scanned and their cost, when a similar query has run before. */
  estimatedBytes?: number;
  estimatedCostUsd?: number;
  /** Local: the log folder. */
  logs?: string;
}

export type PlanResult = { ok: true; plan: QueryPlan } | { ok: false; message: string };

export interface PlanContext {
  now: Date;
  /** Overrides TRAIL_BACKEND (the CLI's `--backend`). */
  backend?: BackendChoice;
  history?: ScanHistory;
}

const accountIds = (settings: AwsSettings): string[] => settings.accounts.map((a) => a.id);

function lookupPlan(lookup: LookupPlan, reason: string): QueryPlan {
  return {
    backend: 'lookup',
    reason,
    attribute: describeLookup(lookup.choice),
    regions: lookup.regions,
    accounts: lookup.accounts.map((a) => a.id),
    estimatedCalls: lookup.streams,
  };
}

function athenaPlan(
  filter: EventFilter,
  settings: AwsSettings,
  history: ScanHistory,
  reason: string,
): PlanResult {
  const athena = settings.athena;
  if (athena === undefined) {
    return {
      ok: false,
      message:
        'Athena is not configured: set ATHENA_DATABASE (the database of the CloudTrail table, see ' +
        'infra/athena/cloudtrail_logs.sql) and ATHENA_OUTPUT_LOCATION or a workgroup with an output location.',
    };
  }
  const query = buildAthenaQuery(filter, athena.database, athena.table, {
    ...(settings.regionsConfigured ? { regions: settings.regions } : {}),
    ...(settings.accountsConfigured ? { accounts: accountIds(settings) } : {}),
  });
  const plan: QueryPlan = { backend: 'athena', reason };
  if (query.days !== undefined) plan.days = query.days.length;
  if (query.regions !== undefined) plan.regions = query.regions;
  if (query.accounts !== undefined) plan.accounts = query.accounts;
  const estimate =
    query.days === undefined
      ? undefined
      : history.estimate(scopeKey(query.regions, query.accounts), query.days.length);
  if (estimate !== undefined) {
    plan.estimatedBytes = estimate;
    plan.estimatedCostUsd = athenaCostUsd(estimate);
  }
  return { ok: true, plan };
}

function localPlan(settings: AwsSettings, reason: string): PlanResult {
  const plan: QueryPlan = { backend: 'local', reason };
  if (settings.logs !== undefined) plan.logs = settings.logs;
  return { ok: true, plan };
}

const NO_REGION =
  'LookupEvents needs a Region: set TRAIL_REGIONS (e.g. us-east-1,eu-west-1) or AWS_REGION.';

/**
 * Chooses the backend for a filter.
 *
 * @example planQuery(failedLoginsToday, settings, { now }).plan
 * // → { backend: 'lookup', attribute: 'EventSource=signin.amazonaws.com',
 * //     regions: ['eu-west-1', 'us-east-1'], estimatedCalls: 2, reason: '…' }
 */
export function planQuery(
  filter: EventFilter,
  settings: AwsSettings,
  context: PlanContext,
): PlanResult {
  const choice = context.backend ?? settings.backend;
  const history = context.history ?? sharedScanHistory;
  const lookup = planLookup({
    filter,
    regions: settings.regions,
    accounts: settings.accounts,
    now: context.now,
    athenaConfigured: settings.athena !== undefined,
  });
  const hasRegion = settings.regions.length > 0;

  switch (choice) {
    case 'lookup':
      return hasRegion
        ? { ok: true, plan: lookupPlan(lookup, 'TRAIL_BACKEND=lookup') }
        : { ok: false, message: NO_REGION };
    case 'athena':
      return athenaPlan(filter, settings, history, 'TRAIL_BACKEND=athena');
    case 'local':
      return localPlan(settings, 'TRAIL_BACKEND=local');
    case 'auto':
      break;
  }

  const selective = lookup.choice.key !== undefined;
  if (hasRegion && !lookup.hasGap && selective) {
    return {
      ok: true,
      plan: lookupPlan(
        lookup,
        'within 90 days, management events only, and a selective lookup attribute',
      ),
    };
  }
  const why = lookup.hasGap
    ? filter.needsDataEvents === true
      ? 'needs data events'
      : 'reaches back more than 90 days'
    : 'has no selective LookupEvents attribute';
  if (settings.athena !== undefined)
    return athenaPlan(filter, settings, history, `the question ${why}`);
  if (settings.logs !== undefined)
    return localPlan(settings, `the question ${why} and TRAIL_LOGS is set`);
  if (hasRegion) {
    return {
      ok: true,
      plan: lookupPlan(
        lookup,
        `the question ${why}; without Athena, LookupEvents answers what it can see`,
      ),
    };
  }
  return {
    ok: false,
    message:
      'No place to search is configured. Set TRAIL_REGIONS (or AWS_REGION) with AWS credentials to use ' +
      'CloudTrail LookupEvents, ATHENA_DATABASE to use Athena, or TRAIL_LOGS to search downloaded log files.',
  };
}

/**
 * The plan in one line, as shown under an answer:
 * `LookupEvents · EventName=ConsoleLogin · us-east-1, eu-west-1 · 4 calls`,
 * `Athena · 2 days × 2 regions · 84 MB · $0.0004`, `Local logs · ./trail`.
 */
export function describePlan(plan: QueryPlan): string {
  switch (plan.backend) {
    case 'lookup':
      return describeLookupSearch({
        attribute: plan.attribute ?? 'all events',
        regions: plan.regions ?? [],
        accounts: plan.accounts ?? [],
        calls: plan.estimatedCalls ?? 0,
      });
    case 'athena':
      return describeAthenaScan(
        {
          ...(plan.days === undefined ? {} : { days: plan.days }),
          ...(plan.regions === undefined ? {} : { regions: plan.regions.length }),
          ...(plan.accounts === undefined ? {} : { accounts: plan.accounts.length }),
        },
        plan.estimatedBytes,
      );
    case 'local':
      return plan.logs === undefined ? 'Local logs' : `Local logs · ${plan.logs}`;
  }
}
