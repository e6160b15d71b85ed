/**
 * `/trail verify [account] [region] [window]`: CloudTrail log file integrity over a window, in
 * Slack. The request is read in the asker's time zone (looked up after the ack, like every
 * question), checked with the same `verifyWindow()` as `trailhound verify` — on the trail bucket
 * (TRAIL_VERIFY_S3) or the local copy the bot searches (TRAIL_LOGS) — and the verdict replaces
 * the "searching …" reply: intact, or each modified, missing or added file and every gap.
 */
import { escapeMrkdwn } from '../../blocks/mrkdwn.js';
import { notice } from '../../blocks/notice.js';
import { verifyMessage } from '../../blocks/verify.js';
import { TrailError } from '../core/errors.js';
import type { Config } from '../runtime/config.js';
import { parseVerifyRequest } from '../verify/verify-request.js';
import { verifyWindow, type VerifyWindowOptions } from '../verify/verify-window.js';
import type { AuditOutcome } from './audit.js';
import type { Job } from './jobs.js';
import { audit, failure, Replier, type JobEnv } from './run-job.js';

export type VerifyJob = Extract<Job, { kind: 'verify' }>;

/** Where the digests and log files are read, and the keys their signatures are checked with. */
export function verifySource(
  config: Pick<Config, 'verify' | 'backend'>,
): Pick<VerifyWindowOptions, 'logs' | 's3' | 'keyFile'> {
  const { s3, keyFile } = config.verify;
  const keys = keyFile !== undefined ? { keyFile } : {};
  if (s3 !== undefined) return { s3, ...keys };
  if (config.backend.logs !== undefined) return { logs: config.backend.logs, ...keys };
  throw new TrailError(
    'config',
    'Set TRAIL_VERIFY_S3 to the trail bucket (s3://bucket/prefix above AWSLogs/) or TRAIL_LOGS to a local copy of it.',
  );
}

export async function runVerifyJob(job: VerifyJob, env: JobEnv): Promise<void> {
  const { origin } = job;
  const replier = new Replier(origin, env);
  const started = Date.now();
  const audited = (outcome: AuditOutcome, error?: unknown) =>
    audit(
      env,
      origin,
      'verify',
      job.text,
      { elapsedMs: Date.now() - started, ...(error !== undefined ? { error } : {}) },
      outcome,
    );
  const inChannel = origin.visibility === 'in_channel';
  const timeZone = await env.timeZones.of(origin.userId);
  const parsed = parseVerifyRequest(job.text, { now: new Date(job.nowMs), timeZone });
  if (parsed === undefined || !parsed.ok) {
    audited('not-understood');
    const why = parsed?.message ?? 'Say "verify [account] [region] [window]".';
    return replier.final(notice(`:grey_question: ${escapeMrkdwn(why)}`), {
      replace: true,
      inChannel: false,
    });
  }
  const { request } = parsed;
  try {
    const report = await verifyWindow({
      ...verifySource(env.config),
      ...(request.account !== undefined ? { account: request.account } : {}),
      ...(request.region !== undefined ? { region: request.region } : {}),
      from: request.window.start,
      to: request.window.end,
      now: new Date(job.nowMs),
    });
    audited('answered');
    await replier.final(verifyMessage(report, { ...request, timeZone }), {
      replace: true,
      inChannel,
    });
  } catch (error) {
    audited('failed', error);
    await replier.final(failure(env, error, 'verify'), { replace: true, inChannel: false });
  }
}
