/**
 * The two ways a job runs after the ack. In a long-lived process (Heroku, Socket Mode) it simply
 * runs in the background. On Lambda the process may be frozen as soon as the handler returns the
 * ack, so the job is handed to a second, asynchronous invocation of the same function
 * (InvocationType 'Event' returns as soon as Lambda has queued it) — the pattern facts-slack.md
 * §1 describes, since Bolt JS has no lazy listeners.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Dispatch } from './deps.js';
import { HANDOFF_MARKER, type Job } from './jobs.js';

/** Runs jobs in this process and remembers them, so shutdown can wait for answers in flight. */
export class InProcessJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly run: (job: Job) => Promise<void>) {}

  readonly dispatch: Dispatch = async (job) => {
    // Start on the next turn of the event loop: requests already waiting on their sockets get
    // their acks before this job's first Web API call and parsing compete with them.
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  };

  /** Resolves when every job started so far has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** Hands each job to an asynchronous invocation of `functionName` (this function). */
export function lambdaDispatch(client: Pick<LambdaClient, 'send'>, functionName: string): Dispatch {
  return async (job) => {
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ [HANDOFF_MARKER]: job })),
      }),
    );
  };
}
