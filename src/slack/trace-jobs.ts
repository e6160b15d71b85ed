/**
 * The slow halves of "Trace" and "Ask the person" (the handlers in handlers/trace.ts ack and
 * dispatch these, like every other click):
 *
 *   trace         run the trace of an event (an answer row, or an alert's event), look the
 *                 person it ends at up in Slack by e-mail, post the chain with the Ask button;
 *   ask-person    send the person a direct message with the event and Yes / No;
 *   person-answer record their answer once, post it (with its time) where the trace was, put
 *                 the answer in place of the DM's buttons, and on a "No" raise the alert.
 *
 * What links the four requests is a {@link PersonQuestion} in the StateStore, so the steps can
 * run on different processes (Heroku dynos, Lambda containers).
 */
import { randomUUID } from 'node:crypto';
import {
  askedNotice,
  personAnsweredMessage,
  personAnswerReply,
  personQuestionMessage,
  withAskOffer,
  type AskOffer,
} from '../../blocks/ask-person.js';
import { mention } from '../../blocks/alert.js';
import type { PinnedEvent } from '../../blocks/button-values.js';
import { literal } from '../../blocks/mrkdwn.js';
import { notice } from '../../blocks/notice.js';
import type { SlackMessage } from '../../blocks/slack-types.js';
import { traceMessage } from '../../blocks/trace.js';
import { raiseThreadSeverity, type SeverityChange } from '../alerts/raise-severity.js';
import { onEngine } from '../backends/on-engine.js';
import type { AlertEventRef, AlertView } from '../alerts/view.js';
import { formatTime } from '../core/time-format.js';
import { isValidTimeZone } from '../core/time-window.js';
import type { StateStore } from '../ports/state.js';
import { MemoryStateStore } from '../state/memory.js';
import { originText, traceSummaryText } from '../trace/summary-text.js';
import type { TraceResult } from '../trace/types.js';
import { traceChain } from '../trace/walk.js';
import type { SlackDeps } from './deps.js';
import type { Origin } from './jobs.js';
import {
  claimAnswer,
  claimAsk,
  loadAsk,
  loadQuestion,
  releaseAsk,
  saveQuestion,
  type AskedEvent,
  type PersonAnswerValue,
  type PersonQuestion,
  type ReplyTarget,
} from './person-question.js';
import { audit, describe, directMessageChannel, failure, Replier, type JobEnv } from './run-job.js';

export type TraceJob =
  /** "Trace" on an answer row (`eventId`) or on an alert thread (`threadKey`). */
  | {
      kind: 'trace';
      origin: Origin;
      from: { eventId: string; pinned?: PinnedEvent } | { threadKey: string };
      nowMs: number;
    }
  /** "Ask @person: did you do this?" */
  | { kind: 'ask-person'; origin: Origin; questionId: string }
  /** The person's Yes / No, clicked in the DM at `dm`. */
  | {
      kind: 'person-answer';
      origin: Origin;
      questionId: string;
      answer: PersonAnswerValue;
      dm: { channel: string; ts: string };
    };

/** Without a store from the entry (tests, the CLI's in-process app): this process's memory. */
let processMemory: StateStore | undefined;

/**
 * Where questions are kept: the store the entry chose (`withStateStore`: the alert store, else
 * what REDIS_URL / ALERT_STATE_TABLE name — shared by every dyno or Lambda container), else this
 * process's memory (enough for one dyno or Socket Mode, not for Lambda).
 */
export function questionStore(deps: SlackDeps): StateStore {
  return deps.state ?? deps.alertIntake?.alerts.store ?? (processMemory ??= new MemoryStateStore());
}

/** A private note to whoever clicked (refusals, "expired", "already answered"). */
function tellClicker(env: JobEnv, origin: Origin, message: SlackMessage): Promise<void> {
  return new Replier(origin, env).final(message, { replace: false, inChannel: false });
}

const EXPIRED = notice(
  ':hourglass: This question is no longer tracked (it expired), so the button cannot act on it.',
);

/** The Slack user behind an e-mail, or undefined when the workspace has nobody with it. */
async function slackUserByEmail(
  env: JobEnv,
  email: string,
): Promise<{ userId: string; name: string; timeZone: string } | undefined> {
  try {
    const found = await env.client.users.lookupByEmail({ email });
    const user = found.user;
    if (user?.id === undefined || user.deleted === true || user.is_bot === true) return undefined;
    const name =
      user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || email;
    const timeZone = user.tz !== undefined && isValidTimeZone(user.tz) ? user.tz : 'UTC';
    return { userId: user.id, name, timeZone };
  } catch (error) {
    // users_not_found is the answer "nobody has it"; anything else (missing scope) is a failure.
    if (describe(error) === 'users_not_found') return undefined;
    throw error;
  }
}

/** The starting event of a trace, as the person will be asked about it. */
function askedEventOf(result: TraceResult): AskedEvent | undefined {
  const e = result.startEvent;
  if (e === undefined) return undefined;
  return {
    eventId: e.eventId,
    eventName: e.eventName,
    eventSource: e.eventSource,
    timeMs: Date.parse(e.eventTime),
    actor: e.actor,
    ...(e.accountId !== undefined ? { account: e.accountId } : {}),
    ...(e.region ? { region: e.region } : {}),
    ...(e.sourceIp !== undefined ? { sourceIp: e.sourceIp } : {}),
  };
}

/** An alert's event, from the alert itself: it may not have reached the searched logs yet. */
function askedEventOfAlert(view: AlertView, event: AlertEventRef): AskedEvent {
  return {
    eventId: event.id,
    eventName: event.name,
    eventSource: event.source,
    timeMs: view.timeMs,
    actor: view.who ?? '',
    ...(view.account !== undefined ? { account: view.account } : {}),
    ...(view.region !== undefined ? { region: view.region } : {}),
    ...(view.sourceIp !== undefined ? { sourceIp: view.sourceIp } : {}),
    ...(view.userAgent !== undefined ? { userAgent: view.userAgent } : {}),
  };
}

/** Where a person's answer goes, and what they are asked about. */
export interface AskContext {
  reply: ReplyTarget;
  /** The zone of the reply's readers. */
  timeZone: string;
  /** The event as shown to the person; default the trace's starting event. */
  event?: AskedEvent;
  /** The alert thread a "No" raises. */
  threadKey?: string;
}

/**
 * What the end of the chain allows, saving the question when there is someone to ask. Only an
 * origin that is a person with a known e-mail, found in Slack, can be asked; a dead end already
 * says why the chain stopped, so it gets no line.
 */
async function offerFor(
  result: TraceResult,
  env: JobEnv,
  where: AskContext,
): Promise<AskOffer | undefined> {
  const { origin } = result;
  if (origin.kind === 'dead-end') return undefined;
  const label = originText(origin);
  const event = where.event ?? askedEventOf(result);
  if (origin.email === undefined || event === undefined) return { kind: 'no-email', origin: label };
  try {
    const person = await slackUserByEmail(env, origin.email);
    if (person === undefined) return { kind: 'no-slack-user', origin: label, email: origin.email };
    const question: PersonQuestion = {
      id: randomUUID(),
      person,
      event,
      trace: traceSummaryText(result),
      reply: where.reply,
      timeZone: where.timeZone,
      ...(where.threadKey !== undefined ? { threadKey: where.threadKey } : {}),
    };
    await saveQuestion(questionStore(env.deps), question);
    return {
      kind: 'ask',
      questionId: question.id,
      origin: label,
      email: origin.email,
      userId: person.userId,
      name: person.name,
    };
  } catch (error) {
    // The trace stands on its own: a failed lookup (missing users:read.email, the store down)
    // only costs the button, and says so.
    const reason = describe(error);
    env.deps.log.error('could not offer to ask the person', { reason });
    return { kind: 'unavailable', origin: label, email: origin.email, reason };
  }
}

/**
 * `message` (a trace's) closed by who can be asked about it. Also used for a typed
 * `/trail trace …`, whose answer comes through the question pipeline.
 */
export async function withTraceOffer(
  message: SlackMessage,
  result: TraceResult,
  env: JobEnv,
  where: AskContext,
): Promise<SlackMessage> {
  const offer = await offerFor(result, env, where);
  return offer === undefined ? message : withAskOffer(message, offer);
}

/**
 * Traces from the event; when the logs do not hold it yet (an alert is faster than CloudTrail's
 * delivery to S3), from the access key it was made with. An event of a pinned answer is traced
 * on that answer's engine, starting from its known time.
 */
async function traceFrom(
  eventId: string,
  accessKeyId: string | undefined,
  env: JobEnv,
  nowMs: number,
  pinned?: PinnedEvent,
): Promise<TraceResult> {
  const options = {
    backend: pinned ? onEngine(env.deps.backend, pinned.engine) : env.deps.backend,
    now: new Date(nowMs),
    ...(pinned ? { startTimeMs: pinned.eventTimeMs } : {}),
  };
  const byEvent = await traceChain({ kind: 'event', value: eventId }, options);
  if (byEvent.startEvent !== undefined || accessKeyId === undefined) return byEvent;
  return traceChain({ kind: 'access-key', value: accessKeyId }, options);
}

/** Trace of an answer row: shown to the clicker alone; the person's answer comes to them by DM. */
async function traceRow(
  job: Extract<TraceJob, { kind: 'trace' }>,
  eventId: string,
  pinned: PinnedEvent | undefined,
  env: JobEnv,
): Promise<void> {
  const { origin } = job;
  const replier = new Replier(origin, env);
  const timeZone = await env.timeZones.of(origin.userId);
  const started = Date.now();
  let message: SlackMessage;
  try {
    const result = await traceFrom(eventId, undefined, env, job.nowMs, pinned);
    message = await withTraceOffer(traceMessage(result, timeZone), result, env, {
      reply: { kind: 'direct', userId: origin.userId },
      timeZone,
    });
    audit(
      env,
      origin,
      'trace',
      `trace ${eventId}`,
      { elapsedMs: Date.now() - started },
      'answered',
    );
  } catch (error) {
    const asked = { error, elapsedMs: Date.now() - started };
    audit(env, origin, 'trace', `trace ${eventId}`, asked, 'failed');
    message = failure(env, error, 'trace');
  }
  await replier.final(message, { replace: false, inChannel: false });
}

/** Trace of an alert's event: posted in the alert's thread, where the answer will come back. */
async function traceAlert(
  job: Extract<TraceJob, { kind: 'trace' }>,
  threadKey: string,
  env: JobEnv,
): Promise<void> {
  const { origin } = job;
  const alerts = env.deps.alertIntake?.alerts;
  const thread = alerts ? await alerts.store.getThread(threadKey) : undefined;
  if (alerts === undefined || thread?.ts === undefined) return tellClicker(env, origin, EXPIRED);
  const view = JSON.parse(thread.alert) as AlertView;
  const event = view.event;
  if (event === undefined) {
    return tellClicker(env, origin, notice(':grey_question: This alert names no event to trace.'));
  }
  const timeZone = alerts.config.timeZone;
  const started = Date.now();
  let message: SlackMessage;
  try {
    const result = await traceFrom(event.id, event.accessKeyId, env, job.nowMs);
    message = await withTraceOffer(traceMessage(result, timeZone), result, env, {
      reply: { kind: 'thread', channel: thread.channel, threadTs: thread.ts },
      timeZone,
      event: askedEventOfAlert(view, event),
      threadKey,
    });
    audit(
      env,
      origin,
      'trace',
      `trace ${event.id}`,
      { elapsedMs: Date.now() - started },
      'answered',
    );
  } catch (error) {
    const asked = { error, elapsedMs: Date.now() - started };
    audit(env, origin, 'trace', `trace ${event.id}`, asked, 'failed');
    message = failure(env, error, 'trace');
  }
  await postToReply(env, { kind: 'thread', channel: thread.channel, threadTs: thread.ts }, message);
}

/** Posts in the question's reply target: the thread, or the asker's DM. */
async function postToReply(env: JobEnv, reply: ReplyTarget, message: SlackMessage): Promise<void> {
  const channel =
    reply.kind === 'thread' ? reply.channel : await directMessageChannel(env, reply.userId);
  await env.client.chat.postMessage({
    channel,
    ...(reply.kind === 'thread' ? { thread_ts: reply.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    // The texts hold escaped, attacker-controlled values: no unfurling of their links.
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** The store and the pending question a click is about (undefined once it has expired). */
async function pendingQuestion(
  job: { questionId: string },
  env: JobEnv,
): Promise<{ store: StateStore; question: Awaited<ReturnType<typeof loadQuestion>> }> {
  const store = questionStore(env.deps);
  return { store, question: await loadQuestion(store, job.questionId) };
}

async function askPerson(
  job: Extract<TraceJob, { kind: 'ask-person' }>,
  env: JobEnv,
): Promise<void> {
  const { origin } = job;
  const { store, question } = await pendingQuestion(job, env);
  if (question === undefined) return tellClicker(env, origin, EXPIRED);
  const nowMs = env.deps.now().getTime();
  const claim = await claimAsk(store, question.id, { askedBy: origin.userId, atMs: nowMs });
  if (!claim.first) {
    const earlier = claim.earlier
      ? ` by ${mention(claim.earlier.askedBy)} at ${formatTime(claim.earlier.atMs, question.timeZone)}`
      : '';
    return tellClicker(
      env,
      origin,
      notice(
        `:information_source: ${mention(question.person.userId)} was already asked${earlier}; their answer will be posted when they give it.`,
      ),
    );
  }
  try {
    const dm = await directMessageChannel(env, question.person.userId);
    const message = personQuestionMessage(question, origin.userId);
    await env.client.chat.postMessage({
      channel: dm,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    // Give the Ask back: nobody was asked, so the button must work again.
    await releaseAsk(store, question.id).catch(() => undefined);
    audit(
      env,
      origin,
      'ask-person',
      `ask ${question.person.userId}`,
      { error, elapsedMs: 0 },
      'failed',
    );
    return tellClicker(
      env,
      origin,
      notice(
        `:x: I could not send ${mention(question.person.userId)} a direct message (${literal(describe(error), 100)}).`,
      ),
    );
  }
  audit(env, origin, 'ask-person', `ask ${question.person.userId}`, { elapsedMs: 0 }, 'answered');
  const asked = askedNotice(question);
  if (question.reply.kind === 'thread') await postToReply(env, question.reply, asked);
  else await tellClicker(env, origin, asked);
}

async function personAnswer(
  job: Extract<TraceJob, { kind: 'person-answer' }>,
  env: JobEnv,
): Promise<void> {
  const { origin } = job;
  const { store, question } = await pendingQuestion(job, env);
  if (question === undefined) return tellClicker(env, origin, EXPIRED);
  if (origin.userId !== question.person.userId) {
    const about = `answer for ${question.person.userId}`;
    audit(env, origin, 'person-answer', about, { elapsedMs: 0 }, 'refused');
    return tellClicker(
      env,
      origin,
      notice(`:no_entry_sign: Only ${mention(question.person.userId)} can answer this question.`),
    );
  }
  const atMs = env.deps.now().getTime();
  const claim = await claimAnswer(store, question.id, { answer: job.answer, atMs });
  if (!claim.first) {
    const standing = claim.standing;
    return tellClicker(
      env,
      origin,
      notice(
        `:information_source: You already answered *${standing.answer === 'yes' ? 'Yes' : 'No'}* at ${formatTime(standing.atMs, question.person.timeZone)}; that answer stands.`,
      ),
    );
  }
  audit(env, origin, 'person-answer', `answer ${job.answer}`, { elapsedMs: 0 }, 'answered');
  // The person sees their answer recorded first: the buttons give way to it.
  const askedBy = (await loadAsk(store, question.id))?.askedBy;
  await env.client.chat.update({
    channel: job.dm.channel,
    ts: job.dm.ts,
    ...personAnsweredMessage(question, claim.standing, askedBy),
  });
  await postToReply(
    env,
    question.reply,
    personAnswerReply(question, claim.standing, await raiseOnNo(question, job.answer, env)),
  );
}

/** A "No" about an alert's event raises the alert; a failure to raise must not lose the answer. */
async function raiseOnNo(
  question: PersonQuestion,
  answer: PersonAnswerValue,
  env: JobEnv,
): Promise<SeverityChange | undefined> {
  const alerts = env.deps.alertIntake?.alerts;
  if (answer !== 'no' || question.threadKey === undefined || alerts === undefined) return undefined;
  try {
    return await raiseThreadSeverity(question.threadKey, alerts);
  } catch (error) {
    env.deps.log.error('could not raise the alert after a No', { reason: describe(error) });
    return undefined;
  }
}

/** Runs one trace job (runJob logs whatever escapes it). */
export async function runTraceJob(job: TraceJob, env: JobEnv): Promise<void> {
  switch (job.kind) {
    case 'trace':
      return 'eventId' in job.from
        ? traceRow(job, job.from.eventId, job.from.pinned, env)
        : traceAlert(job, job.from.threadKey, env);
    case 'ask-person':
      return askPerson(job, env);
    case 'person-answer':
      return personAnswer(job, env);
  }
}
