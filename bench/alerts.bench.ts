/**
 * Alert intake under load (issue #5): 1,000 signed SNS notifications in 10 seconds through the
 * real HTTP endpoint (signature verification, dedupe, storm coalescing) to a fake Slack that
 * enforces chat.postMessage's ~1 message per second per channel with 429 + Retry-After.
 *
 * Checks: every alert answered 200 and accounted for in a thread (the counts the parents show
 * add up to 1,000); Slack calls stayed within the per-channel rate (no 429s; the closest two
 * posts to one channel are reported). Reports alerts/s and intake latency p50/p99/max.
 *
 * `BENCH_ALERTS` / `BENCH_SECONDS` scale it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { alertWebClient, slackChat } from '../src/adapters/slack-chat.js';
import { parseAlertConfig } from '../src/alerts/config.js';
import { deferWithTimer } from '../src/alerts/threads.js';
import { createSnsVerifier } from '../src/intake/sns-signature.js';
import { snsRequestListener } from '../src/intake/sns.js';
import { MemoryStateStore } from '../src/state/memory.js';
import {
  TOPIC,
  TEST_CERT_URL,
  notification,
  signEnvelope,
  testSigner,
} from '../test/helpers/sns-signing.js';

const execFileAsync = promisify(execFile);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
const GROUPS_PER_ACCOUNT = 2;
const SLACK_INTERVAL_MS = 1000;
const UPDATE_INTERVAL_MS = 2000;

interface FakeSlack {
  url: string;
  server: Server;
  /** ts → the text it shows now. */
  shown: Map<string, string>;
  parents: Set<string>;
  posts: Array<{ channel: string; at: number }>;
  updates: number;
  rateLimited: number;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/** chat.postMessage / chat.update over Slack's wire format, with the per-channel post limit. */
async function fakeSlack(): Promise<FakeSlack> {
  // One mutable object: the counters are read after the run, so they must not be copied out.
  const state: FakeSlack = {
    url: '',
    server: createServer(),
    shown: new Map(),
    parents: new Set(),
    posts: [],
    updates: 0,
    rateLimited: 0,
  };
  const lastPost = new Map<string, number>();
  let seq = 0;
  state.server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await readBody(req));
    const channel = form.get('channel') ?? '';
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/api/chat.postMessage') {
      const now = Date.now();
      // ~1 message per second per channel, with a little slack for timer jitter.
      if (now - (lastPost.get(channel) ?? -Infinity) < SLACK_INTERVAL_MS - 50) {
        state.rateLimited++;
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      }
      lastPost.set(channel, now);
      const ts = `1795650000.${String(++seq).padStart(6, '0')}`;
      state.posts.push({ channel, at: now });
      if (!form.get('thread_ts')) {
        state.parents.add(ts);
        state.shown.set(ts, form.get('text') ?? '');
      }
      return json(200, { ok: true, channel, ts });
    }
    if (req.url === '/api/chat.update') {
      state.updates++;
      state.shown.set(form.get('ts') ?? '', form.get('text') ?? '');
      return json(200, { ok: true, channel, ts: form.get('ts') });
    }
    return json(404, { ok: false, error: 'unknown_method' });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  const address = state.server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
  return state;
}

/** An EventBridge "AWS API Call via CloudTrail" event opening a security group. */
function sgEvent(i: number): string {
  const account = ACCOUNTS[i % ACCOUNTS.length] as string;
  const group = `sg-0${Math.floor(i / ACCOUNTS.length) % GROUPS_PER_ACCOUNT}${account.slice(0, 1)}`;
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account,
    time,
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.11',
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${account}:user/bob`,
        accountId: account,
        userName: 'bob',
      },
      eventTime: time,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.50',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: {
        groupId: group,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
            },
          ],
        },
      },
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      recipientAccountId: account,
    },
  });
}

/**
 * The sender, in a child process so its own HTTP work does not compete with the endpoint for
 * the event loop (plain JS via `node -e`, so it runs the same from sources and from dist/).
 */
const SENDER = `
import { readFileSync } from 'node:fs';
const bodies = JSON.parse(readFileSync(process.env.BENCH_BODIES, 'utf8'));
const gap = Number(process.env.BENCH_GAP_MS);
const latencies = [];
const statuses = {};
const started = Date.now();
await Promise.all(bodies.map(async (body, i) => {
  await new Promise((r) => setTimeout(r, Math.max(0, started + i * gap - Date.now())));
  const sent = performance.now();
  const response = await fetch(process.env.BENCH_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
    body,
  });
  await response.text();
  latencies.push(performance.now() - sent);
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
}));
process.stdout.write(JSON.stringify({ latencies, statuses, elapsedMs: Date.now() - started }));
`;

interface Sent {
  latencies: number[];
  statuses: Record<string, number>;
  elapsedMs: number;
}

async function sendFromChild(bodies: string[], endpoint: string, gapMs: number): Promise<Sent> {
  const dir = await mkdtemp(path.join(tmpdir(), 'alerts-bench-'));
  try {
    const file = path.join(dir, 'bodies.json');
    await writeFile(file, JSON.stringify(bodies));
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '-e', SENDER],
      {
        env: {
          ...process.env,
          BENCH_BODIES: file,
          BENCH_ENDPOINT: endpoint,
          BENCH_GAP_MS: String(gapMs),
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as Sent;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export default async function alertsBench(): Promise<{ name: string; lines: string[] }> {
  const slack = await fakeSlack();
  const signer = testSigner();
  const config = parseAlertConfig({
    ALERT_CHANNEL: 'C0SEC',
    ALERT_TOPIC_ARNS: TOPIC,
    ALERT_ROUTES: ACCOUNTS.map((a, i) => `account:${a}=C0ACCT${i}`).join(';'),
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  const listener = snsRequestListener({
    alerts: {
      store: new MemoryStateStore(),
      chat: slackChat(alertWebClient('xoxb-bench', { slackApiUrl: slack.url }), {
        postIntervalMs: SLACK_INTERVAL_MS,
      }),
      config: config.config,
      runQuestion: async () => ({ events: [], total: 0, truncated: false, provenance: 'bench' }),
      updateIntervalMs: UPDATE_INTERVAL_MS,
      defer: deferWithTimer,
    },
    verifier: createSnsVerifier({ fetchCertificate: signer.fetchCertificate }),
    topicArns: [TOPIC],
    log: () => undefined,
  });
  // Intake latency is measured at the server: request received → response finished.
  const serverLatencies: number[] = [];
  const intake = createServer((req, res) => {
    const received = performance.now();
    res.on('finish', () => serverLatencies.push(performance.now() - received));
    listener(req, res);
  });
  await new Promise<void>((resolve) => intake.listen(0, '127.0.0.1', resolve));
  const address = intake.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/alerts/sns`;

  try {
    const bodies = Array.from({ length: ALERTS }, (_, i) =>
      JSON.stringify(
        signEnvelope(
          notification(sgEvent(i), { SigningCertURL: TEST_CERT_URL }),
          signer.privateKey,
        ),
      ),
    );
    const sent = await sendFromChild(bodies, endpoint, (SECONDS * 1000) / ALERTS);
    const latencies = sent.latencies;
    const statuses = new Map(Object.entries(sent.statuses).map(([k, v]) => [Number(k), v]));
    const elapsedS = sent.elapsedMs / 1000;
    // Let the last catch-up updates of the storm land before counting what Slack shows.
    await new Promise((resolve) => setTimeout(resolve, UPDATE_INTERVAL_MS + 1000));
    latencies.sort((a, b) => a - b);
    serverLatencies.sort((a, b) => a - b);

    const shownCounts = [...slack.parents].map((ts) =>
      Number(/^×(\d+) /.exec(slack.shown.get(ts) ?? '')?.[1] ?? 1),
    );
    const accounted = shownCounts.reduce((a, b) => a + b, 0);
    const byChannel = new Map<string, number[]>();
    for (const post of slack.posts)
      byChannel.set(post.channel, [...(byChannel.get(post.channel) ?? []), post.at]);
    let closest = Infinity;
    for (const times of byChannel.values())
      for (let i = 1; i < times.length; i++)
        closest = Math.min(closest, (times[i] as number) - (times[i - 1] as number));
    const ok = statuses.get(200) ?? 0;
    const verdict =
      ok === ALERTS && accounted === ALERTS && slack.rateLimited === 0 ? 'PASS' : 'FAIL';
    return {
      name: `alerts: ${ALERTS} signed SNS alerts in ${SECONDS} s → ${ACCOUNTS.length * GROUPS_PER_ACCOUNT} threads (${verdict})`,
      lines: [
        `throughput: ${(ALERTS / elapsedS).toFixed(0)} alerts/s (all answered in ${elapsedS.toFixed(1)} s)`,
        `intake latency at the endpoint: p50 ${percentile(serverLatencies, 50).toFixed(1)} ms · p99 ${percentile(serverLatencies, 99).toFixed(1)} ms · max ${(serverLatencies.at(-1) ?? 0).toFixed(1)} ms`,
        `round trip seen by the sender: p50 ${percentile(latencies, 50).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms`,
        `responses: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}`,
        `accounted for: ${accounted} of ${ALERTS} alerts in ${slack.parents.size} threads (${shownCounts.join(' + ')})`,
        `Slack: ${slack.posts.length} chat.postMessage (parents + investigations), ${slack.updates} chat.update, ${slack.rateLimited} rate-limited`,
        `closest two posts to one channel: ${Number.isFinite(closest) ? `${closest} ms` : 'n/a'} (limit ~${SLACK_INTERVAL_MS} ms)`,
        `certificate fetches: ${signer.fetches.length}`,
      ],
    };
  } finally {
    await new Promise<void>((resolve) => intake.close(() => resolve()));
    await new Promise<void>((resolve) => slack.server.close(() => resolve()));
  }
}
