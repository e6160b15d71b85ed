/**
 * What a LookupEvents search of a filter will do, before any call is made: the attribute, the
 * Regions and accounts, the part of the window LookupEvents can still see, and the honest notes
 * about what it cannot. Pure data, shared by the backend (which executes it) and the planner
 * (which shows it and decides whether LookupEvents is the right tool at all).
 */
import type { Note } from '../../core/answer.js';
import type { EventFilter } from '../../core/filter.js';
import type { TimeWindow } from '../../core/window.js';
import type { AccountTarget } from '../aws-config.js';
import { regionsFor } from '../regions.js';
import { chooseLookup, describeLookup, streamsPerTarget } from './attribute.js';
import type { LookupChoice } from './attribute.js';

/** LookupEvents returns only the last 90 days of management events. */
export const LOOKUP_HORIZON_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LookupPlan {
  choice: LookupChoice;
  regions: string[];
  regionReason?: string;
  accounts: AccountTarget[];
  /** The part of the question's window LookupEvents can see; absent when it sees none of it. */
  searchWindow?: TimeWindow;
  /** Call streams: attribute values × Regions × accounts (each needs at least one call). */
  streams: number;
  /** Gaps and caveats to show with the answer. */
  notes: Note[];
  /** Whether something the question asks for lies outside what LookupEvents can see. */
  hasGap: boolean;
}

export interface LookupPlanInput {
  filter: EventFilter;
  regions: readonly string[];
  accounts: readonly AccountTarget[];
  now: Date;
  /** Whether Athena is configured, so gap notes can offer to re-run there. */
  athenaConfigured: boolean;
}

const day = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Plans a LookupEvents search.
 *
 * @example planLookup({ filter: failedLogins, regions: ['eu-west-1'], accounts: [{ id: 'default' }],
 *                       now, athenaConfigured: false })
 * // → { choice: { key: 'EventSource', values: ['signin.amazonaws.com'] },
 * //     regions: ['eu-west-1', 'us-east-1'], streams: 2, notes: [], … }
 */
export function planLookup(input: LookupPlanInput): LookupPlan {
  const { filter, now } = input;
  const choice = chooseLookup(filter.where);
  const { regions, reason } = regionsFor(filter.where, input.regions);
  const notes: Note[] = [];
  const gap = (text: string): Note =>
    input.athenaConfigured
      ? { kind: 'gap', text: `${text} Athena can search it.`, action: 'run-in-athena' }
      : { kind: 'gap', text };

  const horizon = new Date(now.getTime() - LOOKUP_HORIZON_DAYS * DAY_MS);
  // A question without a window (`event <id>`) searches everything LookupEvents keeps.
  const wanted = filter.window ?? { start: horizon, end: now };
  let searchWindow: TimeWindow | undefined = {
    start: wanted.start < horizon ? horizon : wanted.start,
    end: wanted.end,
  };
  let hasGap = false;
  if (searchWindow.end <= horizon) {
    searchWindow = undefined;
    hasGap = true;
    notes.push(
      gap(
        `LookupEvents keeps only the last ${LOOKUP_HORIZON_DAYS} days (since ${day(horizon)}); ` +
          'nothing in this window was searched.',
      ),
    );
  } else if (wanted.start < horizon) {
    hasGap = true;
    notes.push(
      gap(
        `LookupEvents keeps only the last ${LOOKUP_HORIZON_DAYS} days: ${day(wanted.start)} to ` +
          `${day(horizon)} was not searched.`,
      ),
    );
  }
  if (filter.needsDataEvents === true) {
    hasGap = true;
    notes.push(
      gap(
        'This question also needs data events (such as S3 object reads and writes), which ' +
          'LookupEvents never returns; only management events were searched.',
      ),
    );
  }
  if (!choice.exact && choice.key !== undefined) {
    const value = choice.values.join(', ');
    notes.push({
      kind: 'info',
      text:
        choice.key === 'ResourceName'
          ? `LookupEvents finds ${value} only where CloudTrail listed it as a resource; calls ` +
            'that name it only in their parameters are not included.'
          : `LookupEvents matches the user name ${value} exactly (case-sensitive); sessions ` +
            'or keys of that person under another name are not included.',
    });
  }

  const plan: LookupPlan = {
    choice,
    regions,
    accounts: [...input.accounts],
    streams:
      searchWindow === undefined
        ? 0
        : streamsPerTarget(choice) * regions.length * input.accounts.length,
    notes,
    hasGap,
  };
  if (reason !== undefined) plan.regionReason = reason;
  if (searchWindow !== undefined) plan.searchWindow = searchWindow;
  return plan;
}

/**
 * One line of provenance: `LookupEvents · EventName=ConsoleLogin · us-east-1, eu-west-1 · 4 calls`.
 * `calls` is what was (or, for a plan, at least will be) spent.
 */
export function describeLookupSearch(search: {
  attribute: string;
  regions: readonly string[];
  accounts: readonly string[];
  calls: number;
}): string {
  const accounts = search.accounts.filter((id) => id !== 'default');
  const parts = ['LookupEvents', search.attribute, search.regions.join(', ')];
  if (accounts.length > 0) {
    parts.push(accounts.length === 1 ? `account ${accounts[0]}` : `${accounts.length} accounts`);
  }
  parts.push(`${search.calls} ${search.calls === 1 ? 'call' : 'calls'}`);
  return parts.join(' · ');
}

/** {@link describeLookupSearch} for a plan and the calls it made. */
export const describeLookupPlan = (plan: LookupPlan, calls: number): string =>
  describeLookupSearch({
    attribute: describeLookup(plan.choice),
    regions: plan.regions,
    accounts: plan.accounts.map((a) => a.id),
    calls,
  });
