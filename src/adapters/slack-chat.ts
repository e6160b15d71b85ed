/**
 * {@link Chat} over @slack/web-api's WebClient, tuned for alerts:
 *  - the WebClient's own retries are off and rate-limited calls are rejected to us, so a 429
 *    waits exactly its Retry-After for *this* call (the WebClient's default pauses every call
 *    of the client and retries for ~30 minutes, far past SNS's 15 s delivery timeout);
 *  - every other failure (Slack down, `channel_not_found`) is thrown at once: the SNS endpoint
 *    answers 5xx and SNS redelivers, the Lambda handler throws and Lambda retries;
 *  - chat.postMessage is paced per channel (Slack allows about one message per second per
 *    channel), so a burst of new threads queues here instead of collecting 429s.
 */
import {
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import type { Chat, ChatPost, ChatUpdate } from '../ports/chat.js';

export interface SlackChatOptions {
  /** Give up (and throw) once 429s have made one call wait this long. Default 60 s. */
  maxRateLimitWaitMs?: number;
  /** Minimum spacing of chat.postMessage calls to one channel. Default 1000 ms; 0 disables. */
  postIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A WebClient configured for {@link slackChat}: no internal retries, 429s handed to us. */
export function alertWebClient(token: string, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...options,
  });
}

export function slackChat(client: WebClient, options: SlackChatOptions = {}): Chat {
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const interval = options.postIntervalMs ?? 1000;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  /** Per channel: the queue of posts, and when the last one finished. */
  const queues = new Map<string, Promise<unknown>>();
  const lastPostDone = new Map<string, number>();

  async function withRateLimit<T>(call: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (;;) {
      try {
        return await call();
      } catch (e) {
        const retryAfterS =
          e instanceof WebAPIRateLimitedError
            ? e.retryAfter
            : // An `ok:false, error:"ratelimited"` body (no 429 status) asks for the same.
              e instanceof WebAPIPlatformError && e.data.error === 'ratelimited'
              ? 1
              : undefined;
        if (retryAfterS === undefined) throw e;
        const waitMs = Math.max(0, retryAfterS) * 1000;
        if (waited + waitMs > maxWait) throw e;
        waited += waitMs;
        await sleep(waitMs);
      }
    }
  }

  /**
   * Runs posts to one channel one after another, each starting at least `interval` after the
   * previous one *finished*, so network jitter can never bunch two of them together at Slack.
   */
  function paced<T>(channel: string, call: () => Promise<T>): Promise<T> {
    if (interval <= 0) return call();
    const run = async (): Promise<T> => {
      const wait = (lastPostDone.get(channel) ?? -Infinity) + interval - now();
      if (wait > 0) await sleep(wait);
      try {
        return await call();
      } finally {
        lastPostDone.set(channel, now());
      }
    };
    const result = (queues.get(channel) ?? Promise.resolve()).then(run, run);
    queues.set(
      channel,
      result.catch(() => undefined),
    );
    return result;
  }

  return {
    async postMessage(message: ChatPost) {
      const result = await paced(message.channel, () =>
        withRateLimit(() =>
          client.chat.postMessage({
            channel: message.channel,
            text: message.text,
            ...(message.blocks ? { blocks: message.blocks } : {}),
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            // Alert texts hold escaped, attacker-controlled values: no unfurling of their links.
            unfurl_links: false,
            unfurl_media: false,
          }),
        ),
      );
      if (typeof result.ts !== 'string') throw new Error('chat.postMessage returned no ts');
      return {
        channel: typeof result.channel === 'string' ? result.channel : message.channel,
        ts: result.ts,
      };
    },
    async update(message: ChatUpdate) {
      await withRateLimit(() =>
        client.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
        }),
      );
    },
  };
}
