/**
 * The Socket Mode entry (src/entry/socket.ts) against a local stand-in for Slack: an HTTP server
 * at SLACK_API_URL answers apps.connections.open with a ws:// URL on the same server, the
 * WebSocket says `hello`, then delivers a `slash_commands` envelope as Slack does. The bot must
 * ack that envelope (same envelope_id, with the "searching …" reply as its payload) inside
 * Slack's 3 seconds, and post the answer — in the asker's time zone from users.info — to the
 * command's response_url (nock).
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { writeSyntheticTrail } from '../../src/demo/generate.js';
import { startSocket, type RunningSocket } from '../../src/entry/socket.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import {
  BOT_TOKEN,
  newResponseUrl,
  nock,
  NOW,
  SlackFake,
  waitFor,
} from '../helpers/slack-harness.js';

const APP_TOKEN = 'xapp-1-A0TRAIL-test';
/** Slack's limit for acknowledging an envelope before it retries and shows an error. */
const SLACK_ACK_LIMIT_MS = 3000;

interface ApiCall {
  method: string;
  authorization: string | undefined;
  args: URLSearchParams;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Slack for one app: the Web API over HTTP and the Socket Mode WebSocket on the same port. */
class LocalSlack {
  readonly api: ApiCall[] = [];
  readonly received: Record<string, unknown>[] = [];
  readonly server: Server;
  readonly sockets: WebSocketServer;
  private socket: WebSocket | undefined;

  constructor() {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const method = (request.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
        const args = new URLSearchParams(body);
        this.api.push({ method, authorization: request.headers.authorization, args });
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(this.reply(method, args)));
      });
    });
    this.sockets = new WebSocketServer({ server: this.server });
    this.sockets.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        this.received.push(JSON.parse(String(data)) as Record<string, unknown>);
      });
      // Slack's first frame on every connection; the client is not connected before it.
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'local-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0TRAIL' },
        }),
      );
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private reply(method: string, args: URLSearchParams): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=local-ticket` };
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM', user: 'bot' };
      case 'users.info':
        return { ok: true, user: { id: args.get('user'), tz: 'Asia/Tokyo' } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** Sends an envelope once the bot is connected; resolves with the time it was sent. */
  async deliver(envelope: Record<string, unknown>): Promise<number> {
    const socket = await waitFor(() => this.socket, 'the Socket Mode connection');
    socket.send(JSON.stringify(envelope));
    return Date.now();
  }

  /** Closes the server once the bot has hung up (a forced close would be logged as an error). */
  async close(): Promise<void> {
    await waitFor(() => this.sockets.clients.size === 0, 'the bot to disconnect');
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('Socket Mode entry (local Slack over a WebSocket)', function () {
  this.timeout(60_000);
  let slack: LocalSlack;
  let hooks: SlackFake;
  let running: RunningSocket | undefined;
  let trail: string;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    hooks = new SlackFake();
    slack = new LocalSlack();
    await slack.listen();
    trail = await mkdtemp(join(tmpdir(), 'trailhound-socket-'));
    await writeSyntheticTrail({ dir: trail, now: NOW, days: 1, eventsPerDay: 200, seed: 3 });
  });
  after(async () => {
    await running?.stop();
    await slack.close();
    nock.cleanAll();
    nock.enableNetConnect();
    await rm(trail, { recursive: true, force: true });
  });

  it('acks a slash command envelope at once and answers through the response_url', async () => {
    running = await startSocket({
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: `http://127.0.0.1:${slack.port}/api/`,
        TRAIL_LOGS: trail,
        PORT: '0',
      },
      deps: {
        now: () => NOW,
        audit: () => undefined,
        log: { info: () => undefined, error: () => undefined },
      },
    });
    const open = slack.api.find((c) => c.method === 'apps.connections.open');
    assert.equal(
      open?.authorization,
      `Bearer ${APP_TOKEN}`,
      'connections.open needs the app token',
    );

    const responseUrl = newResponseUrl();
    const sentAt = await slack.deliver({
      envelope_id: 'env-slash-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'deprecated-verification-token',
        team_id: 'T0TEAM',
        team_domain: 'acme',
        channel_id: 'C0SECURITY',
        channel_name: 'security',
        user_id: 'U0ALICE',
        user_name: 'alice',
        command: '/trail',
        text: 'failed logins today',
        api_app_id: 'A0TRAIL',
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: 'trigger-socket-1',
      },
    });
    const ack = await waitFor(
      () => slack.received.find((m) => m['envelope_id'] === 'env-slash-1'),
      'the ack envelope',
    );
    assert.ok(Date.now() - sentAt < SLACK_ACK_LIMIT_MS, 'acked after Slack gave up');
    const payload = ack['payload'] as Record<string, unknown>;
    assert.equal(payload['response_type'], 'ephemeral');
    assert.match(String(payload['text']), /Searching CloudTrail: `failed logins today`/);

    const answer = await waitFor(
      () => hooks.repliesTo(responseUrl).at(-1),
      'the answer on the response_url',
      30_000,
    );
    assertValidMessage(answer);
    assert.equal(answer['replace_original'], true);
    const shown = JSON.stringify(answer['blocks']);
    assert.match(shown, /Failed console logins/i);
    // "today" for an asker in Tokyo (users.info over SLACK_API_URL) began at 15:00 UTC.
    assert.match(shown, /today · 2026-11-26 00:00 → 2026-11-26 21:00 Asia\/Tokyo/);
    assert.ok(slack.api.some((c) => c.method === 'users.info'));
  });
});
