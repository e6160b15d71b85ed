/**
 * `npm run docs:pictures`: the README's pictures, drawn from trailhound's own output. It asks
 * a real question of the demo trail (generating it first if needed) and renders the Slack
 * answer built by blocks/answer.ts; then it feeds the demo incident's security-group change,
 * as EventBridge delivers it, through the real alert pipeline (rules, thread, investigation
 * over the same trail) and renders the thread built by blocks/alert.ts. Output:
 * docs/answer.svg and docs/alert-thread.svg.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { answerMessage } from '../blocks/answer.js';
import { decodePayload } from '../src/alerts/decode.js';
import { runnerFromBackend } from '../src/alerts/investigate.js';
import { handleAlert } from '../src/alerts/threads.js';
import { ask } from '../src/ask.js';
import { createBackend } from '../src/backends/create.js';
import { DEMO_NOW, DEMO_TRAIL_DIR, ensureDemoTrail } from '../src/demo/demo-trail.js';
import type { Chat, ChatPost } from '../src/ports/chat.js';
import type { QueryBackend } from '../src/ports/backend.js';
import { MemoryStateStore } from '../src/state/memory.js';
import { renderPicture, type PictureMessage } from './block-kit-svg.js';

const TIME_ZONE = 'UTC';
const QUESTION = 'who changed sg-0a1b2c3d4e5f';

const clockTime = (ms: number): string => new Date(ms).toISOString().slice(11, 16) + ' UTC';

async function answerPicture(backend: QueryBackend): Promise<string> {
  const outcome = await ask(QUESTION, {
    ctx: { now: DEMO_NOW, timeZone: TIME_ZONE },
    backend,
    limit: 5,
  });
  if (!outcome.ok) throw new Error(`"${QUESTION}" was not understood: ${outcome.message}`);
  const message = answerMessage({
    answer: outcome.answer,
    timeZone: TIME_ZONE,
    page: { text: QUESTION, nowMs: DEMO_NOW.getTime(), timeZone: TIME_ZONE, cursors: [] },
    visibility: 'ephemeral',
  });
  return renderPicture({
    title: `#security · /trail ${QUESTION}`,
    parent: { blocks: message.blocks ?? [], time: clockTime(DEMO_NOW.getTime()) },
  });
}

/** Keeps what the alert pipeline posts, applying updates to the messages they edit. */
class RecordingChat implements Chat {
  readonly messages: (ChatPost & { ts: string })[] = [];

  async postMessage(message: ChatPost): Promise<{ channel: string; ts: string }> {
    const ts = `${Math.floor(DEMO_NOW.getTime() / 1000)}.${String(this.messages.length + 1).padStart(6, '0')}`;
    this.messages.push({ ...message, ts });
    return { channel: message.channel, ts };
  }

  async update(message: { ts: string; text: string; blocks?: ChatPost['blocks'] }): Promise<void> {
    const target = this.messages.find((m) => m.ts === message.ts);
    if (target !== undefined) Object.assign(target, { text: message.text, blocks: message.blocks });
  }
}

async function alertPicture(backend: QueryBackend): Promise<string> {
  // The incident's change, as CloudTrail recorded it in the demo trail.
  const found = await ask(QUESTION, {
    ctx: { now: DEMO_NOW, timeZone: TIME_ZONE },
    backend,
    limit: 20,
  });
  const change = found.ok
    ? found.answer.events.find((e) => e.eventName === 'AuthorizeSecurityGroupIngress')
    : undefined;
  if (change === undefined) throw new Error('the demo trail has no security group change');
  const atMs = Date.parse(change.eventTime);
  const event = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: change.recipientAccountId,
    time: change.eventTime,
    region: change.awsRegion,
    resources: [],
    detail: change.raw,
  };
  const chat = new RecordingChat();
  await handleAlert(decodePayload(event, { via: 'eventbridge' }, atMs + 40_000), {
    store: new MemoryStateStore(),
    chat,
    config: {
      channel: 'C0ALERTS',
      topicArns: [],
      routes: [],
      mutes: [],
      dedupeWindowMs: 60 * 60_000,
      retentionMs: 7 * 24 * 60 * 60_000,
      timeZone: TIME_ZONE,
    },
    now: () => atMs + 40_000,
    runQuestion: runnerFromBackend(backend),
  });
  const [parent, ...replies] = chat.messages;
  if (parent === undefined) throw new Error('the alert posted nothing');
  const asPicture = (m: ChatPost): PictureMessage => ({
    blocks: m.blocks ?? [],
    time: clockTime(atMs + 40_000),
  });
  return renderPicture({
    title: '#security-alerts',
    parent: asPicture(parent),
    replies: replies.map(asPicture),
  });
}

async function main(): Promise<void> {
  const dir = path.resolve(DEMO_TRAIL_DIR);
  await ensureDemoTrail(dir, DEMO_NOW);
  const backend = await createBackend('local', { logs: dir, onProgress: () => undefined });
  try {
    await mkdir('docs', { recursive: true });
    await writeFile('docs/answer.svg', await answerPicture(backend));
    await writeFile('docs/alert-thread.svg', await alertPicture(backend));
    process.stdout.write('wrote docs/answer.svg and docs/alert-thread.svg\n');
  } finally {
    await backend.close();
  }
}

await main();
