/**
 * The few Slack calls the alert pipeline makes, behind a port so the pipeline can be driven
 * by a fake in tests and benches. The WebClient adapter is src/adapters/slack-chat.ts.
 */
import type { KnownBlock } from '../../blocks/slack-types.js';

export interface ChatPost {
  channel: string;
  /** Fallback / notification text (mrkdwn, already escaped). */
  text: string;
  blocks?: KnownBlock[];
  /** Reply in this thread (the parent's ts). */
  threadTs?: string;
}

export interface ChatUpdate {
  channel: string;
  ts: string;
  text: string;
  blocks?: KnownBlock[];
}

export interface Chat {
  /** chat.postMessage; resolves with the channel id and ts Slack assigned. */
  postMessage(message: ChatPost): Promise<{ channel: string; ts: string }>;
  /** chat.update of one of the bot's own messages. */
  update(message: ChatUpdate): Promise<void>;
}
