/**
 * The chain walker: from an event made with temporary credentials back to whoever holds them.
 *
 * Each step asks one question of the logs: "which call issued the credentials this caller
 * used?" — an AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, GetFederationToken or
 * GetSessionToken whose `responseElements.credentials.accessKeyId` is the caller's key, made at
 * most {@link ISSUER_LOOKBACK_MS} before the use. Its caller is the next identity; the walk
 * repeats until it reaches one that needs no issuer (an IAM user, root, an AWS service, a
 * web-identity or SAML subject) or cannot go on (a dead end that says why).
 *
 * - Cross-account calls are logged in both accounts with one `sharedEventID`; the role
 *   account's copy may name the caller only by account and principal id, so the caller's own
 *   copy is fetched by that id to learn the caller's key.
 * - A session carrying `sourceIdentity` jumps straight to the call that set it.
 * - When no call issued the key (outside the window or retention), a call that created a
 *   session of the same role and session name shortly before is taken, marked `inferred`.
 * - Identity Center roles (`AWSReservedSSO_…`) and service-linked roles name their origin
 *   themselves, so they end the chain even when their issuing call is out of reach.
 */
import { describeActor } from '../core/actor.js';
import { valueAt } from '../core/fields.js';
import { all, eq, identity, oneOf } from '../core/filter.js';
import type { EventFilter } from '../core/filter.js';
import type { Actor, TrailEvent } from '../core/trail-event.js';
import { aroundEvent, type TimeWindow } from '../core/window.js';
import type { QueryBackend } from '../ports/backend.js';
import {
  identityCenterOrigin,
  longTermOrigin,
  samlOrigin,
  serviceLinkedOrigin,
  serviceOrigin,
  webIdentityOrigin,
} from './origin.js';
import { backendSource } from './source.js';
import type { TraceSource } from './source.js';
import { sessionParts } from './start.js';
import type { TraceHop, TraceOrigin, TraceResult, TraceStart, TraceStartEvent } from './types.js';

/** The calls that hand out temporary credentials, as CloudTrail names them. */
export const ISSUING_EVENTS = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetFederationToken',
  'GetSessionToken',
] as const;

/** The issuing calls that create a role session (and so have a role and session name). */
const ROLE_SESSION_EVENTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];

const HOUR_MS = 3_600_000;
/**
 * Role sessions last at most 12 hours and GetFederationToken credentials 36, so whatever issued
 * a key was called at most 36 hours before any use of it.
 */
export const ISSUER_LOOKBACK_MS = 36 * HOUR_MS;
/** Where a trace looks for the start (a key's or a session's use) when not told: a week. */
export const DEFAULT_START_WINDOW_MS = 7 * 24 * HOUR_MS;
/** How far apart the two copies of one cross-account call may be timed. */
const COPY_SKEW_MS = 5 * 60_000;
/** No real chain is this long; a longer one is a loop in the data. */
const MAX_HOPS = 10;

export type TraceOptions = {
  now: Date;
  /** Where to look for uses of the key or session; default the week before `now`. */
  window?: TimeWindow;
  /**
   * When the starting event happened, if the caller knows (an event on an answer): its id is
   * then looked up in the hours around that time rather than at any time, which on Athena would
   * scan the whole table.
   */
  startTimeMs?: number;
} & (
  { backend: QueryBackend; signal?: AbortSignal; confirmCost?: boolean } | { source: TraceSource }
);

/** Everything a walk produced: the result, and the events it rests on (start first, then each hop). */
export interface TraceWalk {
  result: TraceResult;
  events: TrailEvent[];
  /** How many searches the walk ran. */
  searches: number;
}

/** An identity met on the way: a caller, and the event that shows it (and its access key). */
interface Link {
  actor: Actor;
  event: TrailEvent;
  /** When the identity was seen using its credentials: its issuer came before. */
  atMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const failed = (event: TrailEvent): boolean => event.errorCode !== undefined;

/**
 * Traces `start` back to its origin.
 *
 * @example
 * const result = await traceChain({ kind: 'access-key', value: 'ASIA…' }, { backend, now: new Date() });
 * result.origin // → { kind: 'identity-center-user', label: 'alice@example.com', email: 'alice@example.com', … }
 */
export async function traceChain(start: TraceStart, options: TraceOptions): Promise<TraceResult> {
  return (await walkTrace(start, options)).result;
}

/** {@link traceChain}, also returning the events found on the way (for answers and exports). */
export async function walkTrace(start: TraceStart, options: TraceOptions): Promise<TraceWalk> {
  const source =
    'source' in options
      ? options.source
      : backendSource(options.backend, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.confirmCost ? { confirmCost: true } : {}),
        });
  const window = options.window ?? {
    start: new Date(options.now.getTime() - DEFAULT_START_WINDOW_MS),
    end: options.now,
  };
  const walk = new Walk(source, start, window, options.startTimeMs);
  return walk.run();
}

class Walk {
  private readonly hops: TraceHop[] = [];
  private readonly notes: string[] = [];
  private readonly events: TrailEvent[] = [];
  private readonly gaps = new Set<string>();
  private searched: { start: number; end: number } | undefined;
  private searches = 0;
  private backend = 'memory';
  private shortCircuited = false;

  constructor(
    private readonly source: TraceSource,
    private readonly start: TraceStart,
    private readonly window: TimeWindow,
    private readonly startTimeMs: number | undefined,
  ) {}

  async run(): Promise<TraceWalk> {
    const startEvent = await this.findStart();
    let origin: TraceOrigin;
    if (startEvent !== undefined) {
      this.events.push(startEvent);
      origin = await this.follow({
        actor: startEvent.actor,
        event: startEvent,
        atMs: startEvent.eventTimeMs,
      });
    } else {
      origin = await this.withoutStartEvent();
    }
    for (const gap of this.gaps) if (!this.notes.includes(gap)) this.notes.push(gap);
    const searched = this.searched ?? {
      start: this.window.start.getTime(),
      end: this.window.end.getTime(),
    };
    const result: TraceResult = {
      start: this.start,
      hops: this.hops,
      origin,
      searched: {
        window: { start: iso(searched.start), end: iso(searched.end) },
        backend: this.backend,
      },
      notes: this.notes,
    };
    if (startEvent !== undefined) result.startEvent = startEventOf(startEvent);
    return { result, events: this.events, searches: this.searches };
  }

  private async find(filter: EventFilter, limit: number): Promise<TrailEvent[]> {
    this.searches += 1;
    const found = await this.source.find(filter, limit);
    this.backend = found.backend;
    for (const gap of found.gaps) this.gaps.add(gap);
    if (filter.window !== undefined) {
      const [start, end] = [filter.window.start.getTime(), filter.window.end.getTime()];
      this.searched = this.searched
        ? { start: Math.min(this.searched.start, start), end: Math.max(this.searched.end, end) }
        : { start, end };
    }
    return found.events;
  }

  /** The event the trace starts from: the id's event, or the newest use of the key or session. */
  private async findStart(): Promise<TrailEvent | undefined> {
    const { kind, value } = this.start;
    if (kind === 'event') {
      // An event id is found whatever its age, like `event <id>`, unless its time is known.
      const where = eq('eventID', value);
      const window = this.startEventWindow();
      return (await this.find(window === undefined ? { where } : { where, window }, 1))[0];
    }
    if (kind === 'access-key') {
      const where = eq('userIdentity.accessKeyId', value);
      return (await this.find({ window: this.window, where }, 1))[0];
    }
    const { role, session, accountId } = sessionParts(value);
    // The identity match finds the session name; the role (and account) are checked here.
    const uses = await this.find({ window: this.window, where: identity(session) }, 50);
    return uses.find(
      (e) =>
        e.actor.sessionName === session &&
        e.actor.roleName === role &&
        (accountId === undefined || e.actor.accountId === accountId),
    );
  }

  /** Where a starting event id is looked up: around its known time, else anywhere. */
  private startEventWindow(): TimeWindow | undefined {
    return this.startTimeMs === undefined ? undefined : aroundEvent(this.startTimeMs);
  }

  /** No use of the key or session was found; a temporary key may still have been issued in the window. */
  private async withoutStartEvent(): Promise<TraceOrigin> {
    const { kind, value } = this.start;
    const span = (w: TimeWindow): string => `${iso(w.start.getTime())} to ${iso(w.end.getTime())}`;
    const window = span(this.window);
    if (kind === 'access-key' && value.startsWith('ASIA')) {
      const issuer = await this.issuerOfKey(value, {
        start: new Date(this.window.start.getTime() - ISSUER_LOOKBACK_MS),
        end: this.window.end,
      });
      if (issuer !== undefined) {
        this.notes.push(`No call made with ${value} was found (${window}); its issuer was.`);
        const how = `issued accessKeyId ${value} matched in responseElements`;
        const next = await this.afterIssuer(issuer, 'exact', how);
        return 'kind' in next ? next : this.follow(next);
      }
    }
    const what = kind === 'event' ? `no event with id ${value}` : `no event made with ${value}`;
    const searched = kind === 'event' ? this.startEventWindow() : this.window;
    const where = searched === undefined ? 'any time' : span(searched);
    return {
      kind: 'dead-end',
      label: value,
      reason: `${what} in the searched logs (${where})${this.gapText()}`,
    };
  }

  /** From an identity back to its origin, one issuing call at a time. */
  private async follow(first: Link): Promise<TraceOrigin> {
    let link = first;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (link.actor.type === 'AWSService') return serviceOrigin(link.event);
      const ended = longTermOrigin(link.actor);
      if (ended !== undefined) return ended;

      const next =
        (await this.bySourceIdentity(link)) ??
        (await this.byKey(link)) ??
        (await this.bySession(link));
      if (next === undefined) return this.unresolved(link);
      if ('kind' in next) return next;
      link = next;
    }
    return {
      kind: 'dead-end',
      label: link.actor.display,
      reason: `the chain is longer than ${MAX_HOPS} hops, which real chains never are`,
    };
  }

  /** The exact step: the call whose response holds this identity's access key. */
  private async byKey(link: Link): Promise<Link | TraceOrigin | undefined> {
    const key = link.actor.accessKeyId;
    if (key === undefined || !key.startsWith('ASIA')) return undefined;
    const issuer = await this.issuerOfKey(key, this.lookback(link));
    if (issuer === undefined) return undefined;
    return this.afterIssuer(
      issuer,
      'exact',
      `issued accessKeyId ${key} matched in responseElements`,
    );
  }

  private async issuerOfKey(key: string, window: TimeWindow): Promise<TrailEvent | undefined> {
    const where = all(
      oneOf('eventName', [...ISSUING_EVENTS]),
      eq('responseElements.credentials.accessKeyId', key),
    );
    const found = (await this.find({ window, where }, 10)).filter((e) => !failed(e));
    // Both copies of a cross-account call may match; the one naming the caller fully goes first.
    return found.sort((a, b) => Number(callerKnown(b)) - Number(callerKnown(a)))[0];
  }

  /** The short-circuit: a session carrying sourceIdentity jumps to the call that set it. */
  private async bySourceIdentity(link: Link): Promise<Link | TraceOrigin | undefined> {
    const sourceIdentity = link.actor.sourceIdentity;
    if (sourceIdentity === undefined || this.shortCircuited) return undefined;
    this.shortCircuited = true;
    const where = all(
      oneOf('eventName', ROLE_SESSION_EVENTS),
      eq('responseElements.sourceIdentity', sourceIdentity),
    );
    const found = await this.find({ window: this.lookback(link), where }, 20);
    // The call that set it is made by a caller that did not carry it yet.
    const setter = found.find((e) => !failed(e) && e.actor.sourceIdentity === undefined);
    if (setter === undefined) {
      this.notes.push(
        `The session carries sourceIdentity "${sourceIdentity}", but the call that set it was not found; the chain was followed hop by hop.`,
      );
      return undefined;
    }
    this.notes.push(
      `sourceIdentity "${sourceIdentity}" led straight to the call that set it; sessions in between were skipped.`,
    );
    return this.afterIssuer(
      setter,
      'exact',
      `set sourceIdentity "${sourceIdentity}", which the traced session carries`,
    );
  }

  /** The inferred step: a call that created a session of the same role and name shortly before. */
  private async bySession(link: Link): Promise<Link | TraceOrigin | undefined> {
    const { roleName, sessionName, accountId } = link.actor;
    if (roleName === undefined || sessionName === undefined) return undefined;
    const where = all(
      oneOf('eventName', ROLE_SESSION_EVENTS),
      eq('requestParameters.roleSessionName', sessionName),
    );
    const found = await this.find({ window: this.lookback(link), where }, 20);
    const issuer = found.find((e) => {
      const roleArn = text(valueAt(e.raw, ['requestParameters', 'roleArn']));
      return (
        !failed(e) &&
        roleArn?.split('/').at(-1) === roleName &&
        (accountId === undefined || roleArn.includes(`::${accountId}:`))
      );
    });
    if (issuer === undefined) return undefined;
    const minutes = Math.round((link.atMs - issuer.eventTimeMs) / 60_000);
    const key = link.actor.accessKeyId;
    const missing = key === undefined ? 'this session' : key;
    return this.afterIssuer(
      issuer,
      'inferred',
      `no call in the searched logs issued ${missing}; matched on role ${roleName} and session name ${sessionName}, ${minutes} min before its use`,
    );
  }

  /** No issuer found: a role that names its origin ends the chain, anything else is a dead end. */
  private unresolved(link: Link): TraceOrigin {
    const decoded = identityCenterOrigin(link.actor) ?? serviceLinkedOrigin(link.event);
    if (decoded !== undefined) {
      this.notes.push(
        `The call that created ${link.actor.display} was not found; ${decoded.kind === 'aws-service' ? 'the service-linked role' : 'the Identity Center role'} names its origin.`,
      );
      return decoded;
    }
    const lookback = this.lookback(link);
    const credentials = link.actor.accessKeyId ?? `session ${link.actor.display}`;
    return {
      kind: 'dead-end',
      label: link.actor.display,
      reason:
        `the call that issued ${credentials} is not in the searched logs ` +
        `(${iso(lookback.start.getTime())} to ${iso(lookback.end.getTime())})${this.gapText()}`,
    };
  }

  /** Records the hop for `issuer` and says who its caller is: an origin, or the next identity. */
  private async afterIssuer(
    issuer: TrailEvent,
    confidence: TraceHop['confidence'],
    how: string,
  ): Promise<Link | TraceOrigin> {
    this.events.push(issuer);
    let caller = issuer;
    let linked = '';
    const sharedEventID = text(valueAt(issuer.raw, ['sharedEventID']));
    if (!callerKnown(issuer) && sharedEventID !== undefined) {
      const copy = await this.callerCopy(issuer, sharedEventID);
      if (copy !== undefined) {
        caller = copy;
        linked = `; the caller's own record in account ${copy.recipientAccountId ?? '?'} was linked by sharedEventID ${sharedEventID}`;
        this.events.push(copy);
      }
    }
    this.hops.push(hopOf(issuer, caller.actor, confidence, how + linked));
    if (issuer.eventName === 'AssumeRoleWithWebIdentity') return webIdentityOrigin(issuer);
    if (issuer.eventName === 'AssumeRoleWithSAML') return samlOrigin(issuer);
    if (caller.actor.type === 'AWSService') return serviceOrigin(issuer);
    return (
      longTermOrigin(caller.actor) ?? {
        actor: caller.actor,
        event: caller,
        atMs: caller.eventTimeMs,
      }
    );
  }

  /**
   * The other account's copy of a cross-account call, which names the caller fully. Both copies
   * record the same call at the same time; the event name narrows the search (LookupEvents has
   * no sharedEventID attribute, but an EventName one).
   */
  private async callerCopy(
    issuer: TrailEvent,
    sharedEventID: string,
  ): Promise<TrailEvent | undefined> {
    const window = {
      start: new Date(issuer.eventTimeMs - COPY_SKEW_MS),
      end: new Date(issuer.eventTimeMs + COPY_SKEW_MS),
    };
    const where = all(eq('eventName', issuer.eventName), eq('sharedEventID', sharedEventID));
    const copies = await this.find({ window, where }, 10);
    return copies.find((e) => e.eventID !== issuer.eventID && callerKnown(e));
  }

  /** The window an identity's issuer lies in: up to 36 hours before its use (and its second). */
  private lookback(link: Link): TimeWindow {
    return {
      start: new Date(link.atMs - ISSUER_LOOKBACK_MS),
      end: new Date(link.atMs + 1000),
    };
  }

  private gapText(): string {
    return this.gaps.size === 0 ? '' : `; ${[...this.gaps].join(' ')}`;
  }
}

/** Whether the record names its caller well enough to go on: a key, or an identity that ends the chain. */
function callerKnown(event: TrailEvent): boolean {
  const { actor } = event;
  return (
    actor.accessKeyId !== undefined ||
    longTermOrigin(actor) !== undefined ||
    event.eventName === 'AssumeRoleWithSAML' ||
    event.eventName === 'AssumeRoleWithWebIdentity'
  );
}

/** The identity an issuing call created, as the actor display of a call it would make. */
function issuedDisplay(issuer: TrailEvent, caller: Actor): string {
  const raw = issuer.raw;
  const sessionArn = text(valueAt(raw, ['responseElements', 'assumedRoleUser', 'arn']));
  if (sessionArn !== undefined) {
    return describeActor({ type: 'AssumedRole', arn: sessionArn }).display;
  }
  const federated = text(valueAt(raw, ['responseElements', 'federatedUser', 'arn']));
  if (federated !== undefined)
    return describeActor({ type: 'FederatedUser', arn: federated }).display;
  if (issuer.eventName === 'GetSessionToken') return `session of ${caller.display}`;
  const role = text(valueAt(raw, ['requestParameters', 'roleArn']))
    ?.split('/')
    .at(-1);
  const session = text(valueAt(raw, ['requestParameters', 'roleSessionName']));
  if (role === undefined) return issuer.eventName;
  return session === undefined ? `role ${role}` : `${role} session ${session}`;
}

function hopOf(
  issuer: TrailEvent,
  caller: Actor,
  confidence: TraceHop['confidence'],
  how: string,
): TraceHop {
  const key = text(valueAt(issuer.raw, ['responseElements', 'credentials', 'accessKeyId']));
  const hop: TraceHop = {
    eventId: issuer.eventID,
    eventName: issuer.eventName,
    eventTime: issuer.eventTime,
    accountId: issuer.recipientAccountId ?? issuer.actor.accountId ?? 'unknown',
    region: issuer.awsRegion,
    from: caller.display,
    to: issuedDisplay(issuer, caller),
    confidence,
    how,
  };
  if (issuer.sourceIPAddress !== undefined) hop.sourceIp = issuer.sourceIPAddress;
  if (key !== undefined) hop.issuedAccessKeyId = key;
  return hop;
}

function startEventOf(event: TrailEvent): TraceStartEvent {
  const start: TraceStartEvent = {
    eventId: event.eventID,
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventTime: event.eventTime,
    region: event.awsRegion,
    actor: event.actor.display,
  };
  const accountId = event.recipientAccountId ?? event.actor.accountId;
  if (accountId !== undefined) start.accountId = accountId;
  if (event.sourceIPAddress !== undefined) start.sourceIp = event.sourceIPAddress;
  if (event.actor.accessKeyId !== undefined) start.accessKeyId = event.actor.accessKeyId;
  return start;
}
