/**
 * Ack latency of /trail under load: 200 signed slash commands sent at once while every question
 * takes 2 s in the backend, measured against a bare Bolt app that only acks, in the same run.
 * The point being measured: the ack never waits for the work (Slack's deadline is 3 s), so
 * trailhound's ack latency should match Bolt's own (p99 ratio ≤ 1.5, p99 < 100 ms here).
 */
import { createHmac } from 'node:crypto';
import type http from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { QueryBackend } from '../src/ports/backend.js';
import { loadConfig } from '../src/runtime/config.js';
import { productionDeps } from '../src/runtime/deps.js';
import { createSlackApp } from '../src/slack/app.js';

const SECRET = 'bench-signing-secret';
const CONCURRENT = 200;
const ROUNDS = 3;
const BACKEND_MS = 2000;

/** A backend that takes 2 s per question and finds nothing. */
const slowBackend: QueryBackend = {
  name: 'local',
  run: async () => {
    await new Promise((r) => setTimeout(r, BACKEND_MS));
    return {
      events: [],
      total: 0,
      truncated: false,
      notes: [],
      stats: { backend: 'local' },
      provenance: 'bench',
    };
  },
  close: async () => undefined,
};

function commandBody(i: number, slackUrl: string): string {
  return new URLSearchParams({
    team_id: 'T0',
    channel_id: 'C0',
    user_id: `U${i}`,
    command: '/trail',
    text: 'root activity',
    response_url: `${slackUrl}/response/${i}`,
    trigger_id: `bench-${Date.now()}-${i}-${Math.random()}`,
    api_app_id: 'A0',
  }).toString();
}

/**
 * Slack's side runs in a worker thread: the load generator, and a fake Slack answering the Web
 * API (users.info) and the response URLs at once. On the main event loop they would compete with
 * the two apps and the benchmark would measure them, not the ack. Plain JS, evaluated as-is.
 */
const SLACK_SIDE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const fake = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url.startsWith('/api/users.info') ? '{"ok":true,"user":{"tz":"UTC"}}' : '{"ok":true}');
  });
});
fake.listen(0, '127.0.0.1', () => parentPort.postMessage({ url: 'http://127.0.0.1:' + fake.address().port }));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
const one = (port, { body, headers }) => new Promise((resolve, reject) => {
  const started = performance.now();
  const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers }, (res) => {
    res.resume();
    res.on('end', () => res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error('HTTP ' + res.statusCode)));
  });
  req.on('error', reject);
  req.end(body);
});
parentPort.on('message', ({ port, requests }) => {
  Promise.all(requests.map((r) => one(port, r))).then(
    (ms) => parentPort.postMessage({ ms }),
    (error) => parentPort.postMessage({ error: String(error) }),
  );
});`;

interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

function signedCommands(slackUrl: string): SignedRequest[] {
  const ts = Math.floor(Date.now() / 1000);
  return Array.from({ length: CONCURRENT }, (_, i) => {
    const body = commandBody(i, slackUrl);
    const signature = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
    return {
      body,
      headers: {
        // Exactly this content-type: Bolt compares it with ===.
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
    };
  });
}

/** Sends CONCURRENT signed commands at once; resolves with each one's time to its full ack. */
function burst(client: Worker, port: number, slackUrl: string): Promise<number[]> {
  const requests = signedCommands(slackUrl);
  return new Promise((resolve, reject) => {
    client.once('message', (m: { ms?: number[]; error?: string }) =>
      m.ms ? resolve(m.ms) : reject(new Error(m.error)),
    );
    client.postMessage({ port, requests });
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export default async function ackBench(): Promise<{ name: string; lines: string[] }> {
  const client = new Worker(SLACK_SIDE, { eval: true });
  const slack = {
    url: await new Promise<string>((resolve) =>
      client.once('message', (m: { url: string }) => resolve(m.url)),
    ),
  };

  const bare = new App({
    receiver: new HTTPReceiver({ signingSecret: SECRET }),
    token: 'xoxb-bench',
    botId: 'B0',
    botUserId: 'U0',
    logLevel: LogLevel.ERROR,
  });
  bare.command('/trail', async ({ ack }) => ack());
  const bareServer = (await bare.start(0)) as http.Server;

  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      TRAIL_LOGS: '/unused',
      SLACK_API_URL: `${slack.url}/api/`,
    },
    'http',
  );
  const deps = productionDeps(config, {
    backend: slowBackend,
    audit: () => undefined,
    log: { info: () => undefined, error: () => undefined },
  });
  const trail = createSlackApp(config, deps, 'http', {
    botId: 'B0',
    botUserId: 'U0',
    logLevel: LogLevel.ERROR,
  });
  const trailServer = (await trail.app.start(0)) as http.Server;

  for (const server of [bareServer, trailServer]) server.keepAliveTimeout = 60_000;
  const barePort = (bareServer.address() as AddressInfo).port;
  const trailPort = (trailServer.address() as AddressInfo).port;
  const bareMs: number[] = [];
  const trailMs: number[] = [];
  // Warm both up, then alternate bursts so neither gets a quieter machine.
  await burst(client, barePort, slack.url);
  await burst(client, trailPort, slack.url);
  await trail.drain();
  for (let round = 0; round < ROUNDS; round++) {
    bareMs.push(...(await burst(client, barePort, slack.url)));
    trailMs.push(...(await burst(client, trailPort, slack.url)));
    // The 2-second questions of this burst are still running: the next bare burst shares the
    // machine with them too, so the comparison stays side by side.
  }
  await trail.drain();
  await bare.stop();
  await trail.app.stop();
  await client.terminate();

  const b = [...bareMs].sort((x, y) => x - y);
  const t = [...trailMs].sort((x, y) => x - y);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  const ratio = percentile(t, 99) / percentile(b, 99);
  return {
    name: `ack latency: ${CONCURRENT} concurrent /trail commands × ${ROUNDS} rounds, backend ${BACKEND_MS / 1000} s per question`,
    lines: [
      `bare Bolt (ack only):  p50 ${fmt(percentile(b, 50))}  p99 ${fmt(percentile(b, 99))}`,
      `trailhound:            p50 ${fmt(percentile(t, 50))}  p99 ${fmt(percentile(t, 99))}`,
      `ratio trailhound/bare: p50 ${(percentile(t, 50) / percentile(b, 50)).toFixed(2)}  p99 ${ratio.toFixed(2)} (target ≤ 1.5; p99 target < 100 ms: ${percentile(t, 99) < 100 ? 'met' : 'NOT met'})`,
    ],
  };
}
