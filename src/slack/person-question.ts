/**
 * "Ask the person": a question to the human a trace ends at ("did you do this?"), kept in the
 * StateStore so that the trace, the Ask click, the DM and the person's answer — four requests
 * that may land on four different dynos (Heroku, Redis) or Lambda containers (DynamoDB) — all
 * see the same question. Every key expires: an unanswered question is not worth keeping.
 *
 * Records:
 *  - `ask-person:<id>`        the question (JSON), written when the trace offers the button;
 *  - `ask-person:<id>:asked`  claimed by the first Ask click, so two clicks send one DM;
 *  - `ask-person:<id>:answer` claimed by the person's first Yes / No; later clicks change nothing.
 * The claims use `putIfAbsent`, atomic on every adapter, so racing clicks cannot both win.
 */
import type { StateStore } from '../ports/state.js';
import { isJsonObject } from '../core/fields.js';

/** How long a question can wait for its Ask click and its answer. */
export const QUESTION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The event the person is asked about, as plain data: every string is untrusted (escape it). */
export interface AskedEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  timeMs: number;
  account?: string;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
  /** Who CloudTrail says made the call, e.g. `deploy-role session gha-98765`. */
  actor: string;
}

/** Where the answer goes: a thread (an alert's, or a channel message's), or the asker's DM. */
export type ReplyTarget =
  { kind: 'thread'; channel: string; threadTs: string } | { kind: 'direct'; userId: string };

export interface PersonQuestion {
  id: string;
  /** The Slack user the trace's e-mail belongs to, with the name and zone their profile gives. */
  person: { userId: string; name: string; timeZone: string };
  event: AskedEvent;
  /** The trace in one line (traceSummaryText), shown to the person. Untrusted. */
  trace: string;
  reply: ReplyTarget;
  /** The zone of the reply target's readers: the answer's time is shown in it. */
  timeZone: string;
  /** The alert thread whose severity a "No" raises (absent for a trace of an answer row). */
  threadKey?: string;
}

export type PersonAnswerValue = 'yes' | 'no';

export interface PersonAnswer {
  answer: PersonAnswerValue;
  atMs: number;
}

/** Who clicked Ask, and when. */
export interface AskRecord {
  askedBy: string;
  atMs: number;
}

const questionKey = (id: string): string => `ask-person:${id}`;
const askedKey = (id: string): string => `ask-person:${id}:asked`;
const answerKey = (id: string): string => `ask-person:${id}:answer`;

/** Question ids are ours (UUIDs); anything else in a button value is refused before the store. */
export const isQuestionId = (value: string): boolean => /^[A-Za-z0-9-]{8,64}$/.test(value);

export async function saveQuestion(store: StateStore, question: PersonQuestion): Promise<void> {
  await store.put(questionKey(question.id), JSON.stringify(question), QUESTION_TTL_MS);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (v: unknown): boolean => v === undefined || isString(v);

function readReply(value: unknown): ReplyTarget | undefined {
  if (!isJsonObject(value)) return undefined;
  if (value.kind === 'thread' && isString(value.channel) && isString(value.threadTs)) {
    return { kind: 'thread', channel: value.channel, threadTs: value.threadTs };
  }
  if (value.kind === 'direct' && isString(value.userId))
    return { kind: 'direct', userId: value.userId };
  return undefined;
}

/**
 * The stored question, or undefined when it expired or does not read as one. Example:
 * `await loadQuestion(store, id)` right after `saveQuestion(store, q)` gives `q` back.
 */
export async function loadQuestion(
  store: StateStore,
  id: string,
): Promise<PersonQuestion | undefined> {
  const json = await store.get(questionKey(id));
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || !isJsonObject(value.person) || !isJsonObject(value.event))
    return undefined;
  const { person, event } = value;
  const reply = readReply(value.reply);
  const fine =
    value.id === id &&
    isString(person.userId) &&
    isString(person.name) &&
    isString(person.timeZone) &&
    isString(event.eventId) &&
    isString(event.eventName) &&
    isString(event.eventSource) &&
    typeof event.timeMs === 'number' &&
    isString(event.actor) &&
    [event.account, event.region, event.sourceIp, event.userAgent].every(optionalString) &&
    isString(value.trace) &&
    isString(value.timeZone) &&
    optionalString(value.threadKey) &&
    reply !== undefined;
  return fine ? (value as unknown as PersonQuestion) : undefined;
}

/** Claims the Ask of a question; false when someone already asked (the DM went once). */
export async function claimAsk(
  store: StateStore,
  id: string,
  asked: AskRecord,
): Promise<{ first: true } | { first: false; earlier?: AskRecord }> {
  if (await store.putIfAbsent(askedKey(id), JSON.stringify(asked), QUESTION_TTL_MS))
    return { first: true };
  const earlier = await loadAsk(store, id);
  return { first: false, ...(earlier ? { earlier } : {}) };
}

/** Who asked the question and when, once asked. */
export async function loadAsk(store: StateStore, id: string): Promise<AskRecord | undefined> {
  return parseRecord(await store.get(askedKey(id)), (v) =>
    isString(v.askedBy) && typeof v.atMs === 'number'
      ? { askedBy: v.askedBy, atMs: v.atMs }
      : undefined,
  );
}

/** Gives the Ask back when the DM could not be sent, so the button can be tried again. */
export async function releaseAsk(store: StateStore, id: string): Promise<void> {
  await store.delete(askedKey(id));
}

/**
 * Records the person's answer unless one is recorded already. Returns the answer that stands:
 * `first` tells whether it is this one.
 */
export async function claimAnswer(
  store: StateStore,
  id: string,
  answer: PersonAnswer,
): Promise<{ first: boolean; standing: PersonAnswer }> {
  if (await store.putIfAbsent(answerKey(id), JSON.stringify(answer), QUESTION_TTL_MS))
    return { first: true, standing: answer };
  const standing = parseRecord(await store.get(answerKey(id)), (v) =>
    (v.answer === 'yes' || v.answer === 'no') && typeof v.atMs === 'number'
      ? { answer: v.answer as PersonAnswerValue, atMs: v.atMs }
      : undefined,
  );
  return { first: false, standing: standing ?? answer };
}

function parseRecord<T>(
  json: string | undefined,
  read: (value: Record<string, unknown>) => T | undefined,
): T | undefined {
  if (json === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return isJsonObject(value) ? read(value) : undefined;
  } catch {
    return undefined;
  }
}
