/**
 * A Chat that records what the alert pipeline sent, for assertions: posts (parents and thread
 * replies) and updates, in order, each checked against Slack's Block Kit limits and the
 * no-raw-`<` rule. `down` makes every call fail like an unreachable Slack.
 */
import type { Chat, ChatPost, ChatUpdate } from '../../src/ports/chat.js';
import { assertValidMessage } from './block-kit-validator.js';

export class FakeChat implements Chat {
  readonly posts: Array<ChatPost & { ts: string }> = [];
  readonly updates: ChatUpdate[] = [];
  down = false;
  private seq = 0;

  async postMessage(message: ChatPost): Promise<{ channel: string; ts: string }> {
    // Yield like a network call would, so concurrent alerts interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.down) throw new Error('connect ECONNREFUSED slack.com');
    assertValidMessage({ text: message.text, blocks: message.blocks });
    const ts = `1795650000.${String(++this.seq).padStart(6, '0')}`;
    this.posts.push({ ...message, ts });
    return { channel: message.channel, ts };
  }

  async update(message: ChatUpdate): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.down) throw new Error('connect ECONNREFUSED slack.com');
    assertValidMessage({ text: message.text, blocks: message.blocks });
    this.updates.push(message);
  }

  /** Parent messages (not thread replies). */
  get parents(): Array<ChatPost & { ts: string }> {
    return this.posts.filter((p) => p.threadTs === undefined);
  }

  repliesTo(ts: string): Array<ChatPost & { ts: string }> {
    return this.posts.filter((p) => p.threadTs === ts);
  }

  /** The text the parent `ts` shows now: its last update, else what was posted. */
  currentText(ts: string): string | undefined {
    const updates = this.updates.filter((u) => u.ts === ts);
    return updates.at(-1)?.text ?? this.posts.find((p) => p.ts === ts)?.text;
  }

  /** Everything the parent `ts` shows now, blocks included, as one JSON string. */
  currentJson(ts: string): string {
    const updates = this.updates.filter((u) => u.ts === ts);
    return JSON.stringify(updates.at(-1) ?? this.posts.find((p) => p.ts === ts));
  }
}
