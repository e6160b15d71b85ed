/**
 * Runs the slow half of a request (see jobs.ts) and always ends with something in front of the
 * asker: the answer, the help, or an error with a reference — never silence. Replies go to the
 * response_url; when it is used up or expired, to the Web API instead.
 */
import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { answerMessage } from '../../blocks/answer.js';
import { currentCursor, type PageState, type PinnedEvent } from '../../blocks/button-values.js';
import { costCapMessage } from '../../blocks/cost-cap.js';
import { errorMessage } from '../../blocks/errors.js';
import { helpMessage } from '../../blocks/help.js';
import { notice } from '../../blocks/notice.js';
import { progressMessage } from '../../blocks/progress.js';
import { rawEventMissingView, rawEventView } from '../../blocks/raw-event.js';
import { escapeMrkdwn, literal } from '../../blocks/mrkdwn.js';
import type { SlackMessage } from '../../blocks/slack-types.js';
import { onEngine } from '../backends/on-engine.js';
import type { Answer } from '../core/answer.js';
import { eq } from '../core/filter.js';
import { aroundEvent } from '../core/window.js';
import { isTrailError } from '../core/errors.js';
import type { TrailEvent } from '../core/trail-event.js';
import type { QueryProgress } from '../ports/backend.js';
import type { Config } from '../runtime/config.js';
import { runAlertClickJob } from './alert-routes.js';
import { writeAudit, type AuditOutcome } from './audit.js';
import { eventsToCsv } from './csv.js';
import type { AskOutcome, SlackDeps } from './deps.js';
import { followUpQuestion } from './follow-ups.js';
import type { Job, Origin } from './jobs.js';
import { ResponseUrl } from './response-url.js';
import type { TimeZones } from './time-zones.js';
import { runTraceJob, withTraceOffer } from './trace-jobs.js';
import { runVerifyJob } from './verify-job.js';

export interface JobEnv {
  deps: SlackDeps;
  config: Config;
  client: webApi.WebClient;
  timeZones: TimeZones;
}

/** Progress updates are at least this far apart, so they never crowd out the answer. */
const PROGRESS_INTERVAL_MS = 1500;
/** Events per backend page while gathering an export. */
const EXPORT_PAGE = 500;
const DEFAULT_CSV_MAX_ROWS = 10_000;

/** The reply channel of one job: response_url first, Web API when that fails. */
export class Replier {
  readonly responseUrl: ResponseUrl;
  /** Progress posts queue here so none can land after the answer. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly origin: Origin,
    private readonly env: JobEnv,
  ) {
    this.responseUrl = new ResponseUrl(origin.responseUrl, {
      fetch: env.deps.fetch,
      sleep: env.deps.sleep,
      used: origin.responseUrlUsed ?? 0,
    });
  }

  /** Replaces the message the request came from (the "searching …" ack, or the clicked page). */
  progress(message: SlackMessage): void {
    // Keep two posts back: the answer, and the delete that follows an in-channel answer.
    if (this.responseUrl.remaining < 3) return;
    this.chain = this.chain
      .then(() =>
        this.responseUrl.post({ response_type: 'ephemeral', replace_original: true, ...message }),
      )
      .catch(() => undefined);
  }

  /**
   * Delivers the final message. `replace` swaps out the originating ephemeral message;
   * `inChannel` posts for everyone and then removes the ephemeral "searching …".
   */
  async final(message: SlackMessage, how: { replace: boolean; inChannel: boolean }): Promise<void> {
    await this.chain;
    const body = how.inChannel
      ? { response_type: 'in_channel', replace_original: false, ...message }
      : { response_type: 'ephemeral', replace_original: how.replace, ...message };
    try {
      await this.responseUrl.post(body);
      if (how.inChannel && how.replace) {
        await this.responseUrl.post({ delete_original: true }).catch(() => undefined);
      }
    } catch (error) {
      this.env.deps.log.error('response_url failed; using the Web API', {
        reason: describe(error),
      });
      await this.viaWebApi(message, how.inChannel);
    }
  }

  private async viaWebApi(message: SlackMessage, inChannel: boolean): Promise<void> {
    const { client } = this.env;
    const { channelId: channel, userId: user } = this.origin;
    try {
      if (inChannel)
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
      else
        await client.chat.postEphemeral({
          channel,
          user,
          text: message.text,
          blocks: message.blocks,
        });
    } catch (error) {
      this.env.deps.log.error('could not deliver a reply', {
        reason: describe(error),
        channel,
        user,
      });
    }
  }
}

/** An error's code or class, for logs — never its data, which may echo a request. */
export function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as {
      code?: unknown;
      data?: { error?: unknown };
      name?: unknown;
      status?: unknown;
    };
    if (typeof e.data?.error === 'string') return e.data.error;
    if (typeof e.code === 'string') return e.code;
    if (typeof e.status === 'number') return `status ${e.status}`;
    if (typeof e.name === 'string') return e.name;
  }
  return 'unknown';
}

async function zoneOf(page: PageState, origin: Origin, env: JobEnv): Promise<string> {
  return page.timeZone !== '' ? page.timeZone : env.timeZones.of(origin.userId);
}

/** How one ask went, for the audit line. */
export interface Asked {
  outcome?: AskOutcome;
  error?: unknown;
  elapsedMs: number;
}

async function askPage(
  page: PageState,
  env: JobEnv,
  limit: number,
  onProgress?: (p: QueryProgress) => void,
): Promise<Asked> {
  const started = Date.now();
  try {
    const cursor = currentCursor(page);
    const outcome = await env.deps.ask(page.text, {
      ctx: { now: new Date(page.nowMs), timeZone: page.timeZone },
      backend: page.backend ? onEngine(env.deps.backend, page.backend) : env.deps.backend,
      limit,
      ...(cursor !== undefined ? { cursor } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(page.confirmCost ? { confirmCost: true } : {}),
    });
    return { outcome, elapsedMs: Date.now() - started };
  } catch (error) {
    return { error, elapsedMs: Date.now() - started };
  }
}

/** Writes the audit line of one request (answers here, verifications in verify-job.ts). */
export function audit(
  env: JobEnv,
  origin: Origin,
  via: string,
  question: string,
  asked: Asked,
  outcome: AuditOutcome,
  answer?: Answer,
): void {
  writeAudit(env.deps, origin, {
    via,
    question,
    outcome,
    elapsedMs: asked.elapsedMs,
    ...(answer ? { answer } : {}),
    ...(asked.error !== undefined
      ? { errorCode: isTrailError(asked.error) ? asked.error.code : 'bug' }
      : {}),
  });
}

/** The error reply, logged with a reference the asker can quote. */
export function failure(env: JobEnv, error: unknown, what: string): SlackMessage {
  const reference = randomUUID().slice(0, 8);
  if (!isTrailError(error)) {
    env.deps.log.error(`${what} failed`, {
      reference,
      reason: describe(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
  return errorMessage(error, reference);
}

/** Asks one page and delivers it (answer, help or error) — the path of /trail and of every click. */
async function answerJob(job: Extract<Job, { kind: 'answer' }>, env: JobEnv): Promise<void> {
  const { origin } = job;
  const replier = new Replier(origin, env);
  const page = { ...job.page, timeZone: await zoneOf(job.page, origin, env) };
  const started = Date.now();
  let lastProgress = started;
  const onProgress = job.replace
    ? (p: QueryProgress) => {
        const at = Date.now();
        if (at - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = at;
        replier.progress(progressMessage(page.text, p, at - started));
      }
    : undefined;
  const asked = await askPage(page, env, env.config.pageSize, onProgress);
  const { outcome } = asked;
  if (outcome === undefined) {
    audit(env, origin, job.via, page.text, asked, 'failed');
    // Above the Athena byte cap: say what it would cost and let the asker confirm.
    const { error } = asked;
    const reply =
      isTrailError(error) && error.code === 'cost-cap'
        ? costCapMessage(error, page)
        : failure(env, error, 'question');
    return replier.final(reply, {
      replace: job.replace,
      inChannel: false,
    });
  }
  if (!outcome.ok) {
    audit(env, origin, job.via, page.text, asked, 'not-understood');
    const help = helpMessage({
      sections: env.deps.helpSections(),
      text: page.text,
      ...(outcome.reason !== 'help' ? { failure: outcome } : {}),
      nowMs: env.deps.now().getTime(),
      timeZone: page.timeZone,
    });
    return replier.final(help, { replace: job.replace, inChannel: false });
  }
  audit(env, origin, job.via, page.text, asked, 'answered', outcome.answer);
  const inChannel = origin.visibility === 'in_channel';
  const { answer } = outcome;
  const shown = answerMessage({
    answer,
    timeZone: page.timeZone,
    page,
    visibility: origin.visibility,
  });
  // A trace closes with who can be asked about it; their answer comes back to the asker.
  const message = answer.trace
    ? await withTraceOffer(shown, answer.trace, env, {
        reply: { kind: 'direct', userId: origin.userId },
        timeZone: page.timeZone,
      })
    : shown;
  await replier.final(message, { replace: job.replace, inChannel });
}

/**
 * The event behind a menu click: asked as `event <id>` on the configured backend, or, for an
 * event of a pinned answer, looked up on that engine in the hours around its time.
 */
async function fetchEvent(
  eventId: string,
  nowMs: number,
  timeZone: string,
  env: JobEnv,
  pinned?: PinnedEvent,
): Promise<{ event?: TrailEvent; error?: unknown }> {
  if (pinned !== undefined) {
    try {
      const found = await onEngine(env.deps.backend, pinned.engine).run({
        filter: {
          where: eq('eventID', eventId),
          window: aroundEvent(pinned.eventTimeMs),
        },
        limit: 1,
      });
      const event = found.events.find((e) => e.eventID === eventId);
      return event ? { event } : {};
    } catch (error) {
      return { error };
    }
  }
  const page: PageState = { text: `event ${eventId}`, nowMs, timeZone, cursors: [] };
  const asked = await askPage(page, env, 1);
  if (asked.error !== undefined) return { error: asked.error };
  const event = asked.outcome?.ok
    ? asked.outcome.answer.events.find((e) => e.eventID === eventId)
    : undefined;
  return event ? { event } : {};
}

async function followUpJob(job: Extract<Job, { kind: 'follow-up' }>, env: JobEnv): Promise<void> {
  const { origin } = job;
  const timeZone = await env.timeZones.of(origin.userId);
  const found = await fetchEvent(job.eventId, job.nowMs, timeZone, env, job.pinned);
  const replier = new Replier(origin, env);
  if (found.error !== undefined)
    return replier.final(failure(env, found.error, 'follow-up'), {
      replace: false,
      inChannel: false,
    });
  if (found.event === undefined) {
    return replier.final(
      notice(`:grey_question: Event ${literal(job.eventId, 200)} is no longer in the logs.`),
      { replace: false, inChannel: false },
    );
  }
  const question = followUpQuestion(job.choice, found.event);
  if (!question.ok) {
    return replier.final(
      notice(`:grey_question: No follow-up: ${escapeMrkdwn(question.reason)}.`),
      { replace: false, inChannel: false },
    );
  }
  await answerJob(
    {
      kind: 'answer',
      // Nothing was posted above on this path, so the response_url budget is untouched.
      origin: { ...origin, visibility: 'ephemeral' },
      page: {
        text: question.text,
        nowMs: job.nowMs,
        timeZone,
        cursors: [],
        ...(job.pinned ? { backend: job.pinned.engine } : {}),
      },
      via: 'follow-up',
      replace: false,
    },
    env,
  );
}

async function rawEventJob(job: Extract<Job, { kind: 'raw-event' }>, env: JobEnv): Promise<void> {
  const timeZone = await env.timeZones.of(job.origin.userId);
  const found = await fetchEvent(job.eventId, job.nowMs, timeZone, env, job.pinned);
  const view = found.event
    ? rawEventView(found.event.raw)
    : rawEventMissingView(
        job.eventId,
        found.error !== undefined
          ? failure(env, found.error, 'raw event').text
          : 'it is no longer in the logs.',
      );
  try {
    await env.client.views.update({ view_id: job.viewId, view });
  } catch (error) {
    env.deps.log.error('views.update failed', { reason: describe(error) });
  }
}

async function shareJob(job: Extract<Job, { kind: 'share' }>, env: JobEnv): Promise<void> {
  const { origin, page } = job;
  const replier = new Replier(origin, env);
  const asked = await askPage(page, env, env.config.pageSize);
  const outcome = asked.outcome;
  if (outcome === undefined || !outcome.ok) {
    audit(env, origin, 'share', page.text, asked, 'failed');
    return replier.final(
      failure(env, asked.error ?? new Error('share re-run did not parse'), 'share'),
      { replace: false, inChannel: false },
    );
  }
  audit(env, origin, 'share', page.text, asked, 'answered', outcome.answer);
  const message = answerMessage({
    answer: outcome.answer,
    timeZone: page.timeZone,
    page,
    visibility: 'in_channel',
    sharedBy: origin.userId,
  });
  try {
    await env.client.chat.postMessage({
      channel: origin.channelId,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    const reason = describe(error);
    const hint =
      reason === 'not_in_channel' || reason === 'channel_not_found'
        ? ' Invite me with `/invite @trailhound` and try again.'
        : '';
    await replier.final(
      notice(`:x: I could not post in this channel (${escapeMrkdwn(reason)}).${hint}`),
      { replace: false, inChannel: false },
    );
  }
}

async function exportJob(job: Extract<Job, { kind: 'export' }>, env: JobEnv): Promise<void> {
  const { origin } = job;
  const replier = new Replier(origin, env);
  const max = env.deps.csvMaxRows ?? DEFAULT_CSV_MAX_ROWS;
  const events: TrailEvent[] = [];
  let page: PageState = { ...job.page, cursors: [] };
  let answer: Answer | undefined;
  const started = Date.now();
  for (;;) {
    const asked = await askPage(page, env, Math.min(EXPORT_PAGE, max - events.length));
    if (asked.outcome === undefined || !asked.outcome.ok) {
      audit(env, origin, 'export', page.text, asked, 'failed');
      return replier.final(
        failure(env, asked.error ?? new Error('export re-run did not parse'), 'export'),
        { replace: false, inChannel: false },
      );
    }
    answer = asked.outcome.answer;
    events.push(...answer.events);
    if (answer.nextCursor === undefined || events.length >= max || answer.events.length === 0)
      break;
    page = { ...page, cursors: [answer.nextCursor] };
  }
  audit(env, origin, 'export', page.text, { elapsedMs: Date.now() - started }, 'answered', {
    ...answer,
    events,
  });
  const complete = answer.nextCursor === undefined;
  const inChannel = origin.visibility === 'in_channel';
  try {
    const channel = inChannel ? origin.channelId : await directMessageChannel(env, origin.userId);
    const day = new Date(job.page.nowMs).toISOString().slice(0, 10);
    await env.client.files.uploadV2({
      channel_id: channel,
      filename: `trailhound-${answer.question.intent}-${day}.csv`,
      title: `trailhound: ${job.page.text}`.slice(0, 250),
      content: eventsToCsv(events),
    });
    const scope = complete
      ? `all ${events.length}`
      : `the first ${events.length} of ${answer.total}`;
    const where = inChannel ? 'to this channel' : 'to you in a direct message';
    await replier.final(notice(`:page_facing_up: Sent a CSV of ${scope} events ${where}.`), {
      replace: false,
      inChannel: false,
    });
  } catch (error) {
    await replier.final(failure(env, error, 'export upload'), { replace: false, inChannel: false });
  }
}

/** The bot's DM with the user: an ephemeral answer's export must not land in the channel. */
export async function directMessageChannel(env: JobEnv, userId: string): Promise<string> {
  const opened = await env.client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (id === undefined) throw new Error('conversations.open returned no channel');
  return id;
}

/** Runs one job to completion; never throws (every failure becomes a reply or a log line). */
export async function runJob(job: Job, env: JobEnv): Promise<void> {
  try {
    switch (job.kind) {
      case 'answer':
        return await answerJob(job, env);
      case 'follow-up':
        return await followUpJob(job, env);
      case 'raw-event':
        return await rawEventJob(job, env);
      case 'share':
        return await shareJob(job, env);
      case 'export':
        return await exportJob(job, env);
      case 'verify':
        return await runVerifyJob(job, env);
      case 'alert-click':
        return await runAlertClickJob(job, env.deps);
      case 'trace':
      case 'ask-person':
      case 'person-answer':
        return await runTraceJob(job, env);
    }
  } catch (error) {
    env.deps.log.error('job failed', { kind: job.kind, reason: describe(error) });
  }
}
