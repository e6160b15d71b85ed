/**
 * Posting to a response_url. Slack allows 5 posts within 30 minutes per URL; the poster counts
 * them so progress updates never use up the post the answer needs. A 429 is waited out
 * (Retry-After, seconds) and retried — Bolt's respond() would throw instead, and the WebClient's
 * own rate-limit handling does not cover response URLs.
 */
import { LIMITS } from '../../blocks/limits.js';

export type ResponseBody = Record<string, unknown>;

export class ResponseUrlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ResponseUrlError';
  }
}

export interface ResponseUrlOptions {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** Posts already made to this URL (none for a fresh command). */
  used?: number;
  /** Longest 429 wait honoured; beyond it the post fails rather than hang the job. */
  maxRetryAfterMs?: number;
  retries?: number;
}

export class ResponseUrl {
  private used: number;

  constructor(
    readonly url: string,
    private readonly options: ResponseUrlOptions,
  ) {
    this.used = options.used ?? 0;
  }

  /** Posts left; progress updates stop while only one (the answer's) is left. */
  get remaining(): number {
    return LIMITS.responseUrlUses - this.used;
  }

  async post(body: ResponseBody): Promise<void> {
    if (this.remaining <= 0) {
      throw new ResponseUrlError('response_url already used 5 times', 0);
    }
    const retries = this.options.retries ?? 3;
    const maxWait = this.options.maxRetryAfterMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      const response = await this.options.fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      // Every attempt is counted: Slack does not say whether a rejected post counts, and
      // over-counting only costs a progress update, while under-counting loses the answer.
      this.used++;
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      await response.body?.cancel();
      const retryAfterMs = Number(response.headers.get('retry-after') ?? '1') * 1000;
      if (
        response.status === 429 &&
        attempt < retries &&
        retryAfterMs <= maxWait &&
        this.remaining > 0
      ) {
        await this.options.sleep(Number.isFinite(retryAfterMs) ? retryAfterMs : 1000);
        continue;
      }
      throw new ResponseUrlError(`response_url answered ${response.status}`, response.status);
    }
  }
}
