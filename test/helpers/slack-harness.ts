/**
 * Drives the real Bolt app the way Slack does: signed form posts (HMAC v0) to /slack/events on an
 * ephemeral port, with nock standing in for the Slack Web API (https://slack.com/api/…), the
 * response URLs (https://hooks.slack.com/…) and the file upload host — all on their real wire
 * formats. Also builds the real pipeline over a small generated trail, once per run.
 */
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import './nock-node20.js';

import { createBackend } from '../../src/backends/create.js';
import { writeSyntheticTrail } from '../../src/demo/generate.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import { loadConfig, type Config } from '../../src/runtime/config.js';
import { productionDeps } from '../../src/runtime/deps.js';
import { HTTP_ROUTES } from '../../src/entry/http-routes.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import type { AuditLine } from '../../src/slack/audit.js';
import type { SlackDeps } from '../../src/slack/deps.js';

export { nock };

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
export const RESPONSE_HOST = 'https://hooks.slack.com';
export const UPLOAD_HOST = 'https://files.slack.com';
/** The reference time of the generated trail and of every question in the tests. */
export const NOW = new Date('2026-11-26T12:00:00Z');

export const sign = (body: string, timestamp: number, secret = SIGNING_SECRET): string =>
  'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');

let sequence = 0;
/** A response_url unique to one request, so tests can tell their replies apart. */
export const newResponseUrl = (): string =>
  `${RESPONSE_HOST}/commands/T0TEAM/${++sequence}/secret${sequence}`;

export interface CommandFields {
  text: string;
  user_id?: string;
  channel_id?: string;
  response_url?: string;
  trigger_id?: string;
}

/** A slash command body exactly as Slack form-encodes it. */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'acme',
    channel_id: fields.channel_id ?? 'C0SECURITY',
    channel_name: 'security',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: 'alice',
    command: '/trail',
    text: fields.text,
    api_app_id: 'A0TRAIL',
    is_enterprise_install: 'false',
    response_url: fields.response_url ?? newResponseUrl(),
    trigger_id: fields.trigger_id ?? `trigger-${++sequence}`,
  }).toString();
}

export interface ClickFields {
  actionId: string;
  /** Button value, or the selected overflow option's value. */
  value: string;
  overflow?: boolean;
  user_id?: string;
  channel_id?: string;
  ephemeral?: boolean;
  response_url?: string;
  trigger_id?: string;
}

/** A block_actions body: `payload=<JSON>`, form-encoded. */
export function clickBody(f: ClickFields): string {
  const action = f.overflow
    ? {
        type: 'overflow',
        action_id: f.actionId,
        block_id: 'b',
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: f.value },
        action_ts: '1',
      }
    : {
        type: 'button',
        action_id: f.actionId,
        block_id: 'b',
        value: f.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1',
      };
  const channel = f.channel_id ?? 'C0SECURITY';
  const payload = {
    type: 'block_actions',
    user: { id: f.user_id ?? 'U0ALICE', username: 'alice', team_id: 'T0TEAM' },
    api_app_id: 'A0TRAIL',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: channel,
      is_ephemeral: f.ephemeral ?? true,
    },
    trigger_id: f.trigger_id ?? `trigger-${++sequence}`,
    team: { id: 'T0TEAM', domain: 'acme' },
    channel: { id: channel, name: 'security' },
    response_url: f.response_url ?? newResponseUrl(),
    actions: [action],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface PostResult {
  status: number;
  body: string;
  json?: Record<string, unknown>;
}

/** POSTs a signed body to /slack/events; `timestamp`/`signature` override the honest ones. */
export async function postSigned(
  port: number,
  body: string,
  options: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    // Exactly this content-type: Bolt compares it with === (a charset suffix gives 400).
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(body, timestamp),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = undefined;
  }
  return { status: response.status, body: text, ...(json ? { json } : {}) };
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface ResponsePost {
  url: string;
  body: Record<string, unknown>;
}

type ApiHandler = (args: Record<string, unknown>) => Record<string, unknown>;

/** Form fields as Slack's WebClient sends them; JSON-valued fields (blocks, view) decoded. */
function decodeForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    out[k] = /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v;
  }
  return out;
}

/** The Slack side of the tests: records every Web API call and response_url post. */
export class SlackFake {
  readonly api: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly uploads: string[] = [];
  readonly handlers: Record<string, ApiHandler>;

  constructor(overrides: Record<string, ApiHandler> = {}) {
    this.handlers = {
      // Bolt calls auth.test once when it is not given botId/botUserId (production does that).
      'auth.test': () => ({
        ok: true,
        user_id: 'U0BOT',
        bot_id: 'B0BOT',
        team_id: 'T0TEAM',
        user: 'trailhound',
      }),
      'users.info': (a) => ({ ok: true, user: { id: a['user'], tz: 'Europe/Paris' } }),
      'chat.postMessage': (a) => ({ ok: true, channel: a['channel'], ts: '1700000001.000200' }),
      'chat.postEphemeral': () => ({ ok: true, message_ts: '1700000001.000300' }),
      'views.open': () => ({ ok: true, view: { id: 'V0RAW' } }),
      'views.update': () => ({ ok: true, view: { id: 'V0RAW' } }),
      'conversations.open': () => ({ ok: true, channel: { id: 'D0ALICE' } }),
      'usergroups.users.list': () => ({ ok: true, users: [] }),
      'files.getUploadURLExternal': () => ({
        ok: true,
        upload_url: `${UPLOAD_HOST}/upload/v1/abc`,
        file_id: 'F0CSV',
      }),
      'files.completeUploadExternal': () => ({ ok: true, files: [{ id: 'F0CSV', title: 'csv' }] }),
      ...overrides,
    };
    nock('https://slack.com')
      .persist()
      .post(/^\/api\/[a-zA-Z.]+$/)
      .reply(async (request: Request) => {
        // nock 15 hands reply functions a fetch Request.
        const method = new URL(request.url).pathname.replace('/api/', '');
        const args = decodeForm(await request.text());
        this.api.push({ method, args });
        const handler = this.handlers[method];
        return [200, handler ? handler(args) : { ok: false, error: 'unknown_method' }];
      });
    nock(RESPONSE_HOST)
      .persist()
      .post(/.*/)
      .reply(async (request: Request) => {
        this.responses.push({
          url: request.url,
          body: JSON.parse(await request.text()) as Record<string, unknown>,
        });
        return [200, 'ok'];
      });
    nock(UPLOAD_HOST)
      .persist()
      .post(/.*/)
      .reply(async (request: Request) => {
        this.uploads.push(await request.text());
        return [200, 'OK'];
      });
  }

  calls(method: string): ApiCall[] {
    return this.api.filter((c) => c.method === method);
  }

  repliesTo(url: string): Record<string, unknown>[] {
    return this.responses.filter((r) => r.url === url).map((r) => r.body);
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const TEST_ENV: NodeJS.ProcessEnv = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  TRAIL_BACKEND: 'local',
  TRAIL_LOGS: '/nonexistent-use-injected-backend',
  TRAIL_PAGE_SIZE: '10',
};

export interface Running {
  port: number;
  server: Server;
  slack: SlackApp;
  config: Config;
  audits: AuditLine[];
  errors: string[];
  close(): Promise<void>;
}

/** Starts the real HTTP app on an ephemeral port with the given backend (and any overrides). */
export async function startApp(
  backend: QueryBackend,
  env: NodeJS.ProcessEnv = {},
  deps: Partial<SlackDeps> = {},
): Promise<Running> {
  const config = loadConfig({ ...TEST_ENV, ...env }, 'http');
  const audits: AuditLine[] = [];
  const errors: string[] = [];
  const full = productionDeps(config, {
    backend,
    now: () => NOW,
    audit: (line) => audits.push(line),
    log: {
      info: () => undefined,
      error: (message, detail) => errors.push(`${message} ${JSON.stringify(detail)}`),
    },
    sleep: async () => undefined,
    ...deps,
  });
  const slack = createSlackApp(config, full, 'http', {
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    extraRoutes: HTTP_ROUTES,
  });
  const server = (await slack.app.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    slack,
    config,
    audits,
    errors,
    close: async () => {
      await slack.drain();
      await slack.app.stop();
    },
  };
}

let trail: Promise<{ dir: string; backend: QueryBackend }> | undefined;

/** The real local backend over a small generated trail with the scripted incident (built once). */
export function realTrail(): Promise<{ dir: string; backend: QueryBackend }> {
  trail ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trailhound-slack-'));
    await writeSyntheticTrail({
      dir,
      now: NOW,
      days: 3,
      eventsPerDay: 200,
      seed: 7,
      incident: true,
    });
    const backend = await createBackend('local', { logs: dir, onProgress: () => undefined });
    return { dir, backend };
  })();
  return trail;
}

/** Closes the shared trail's backend and removes its folder. */
export async function disposeRealTrail(): Promise<void> {
  if (trail === undefined) return;
  const { dir, backend } = await trail;
  trail = undefined;
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Shuts the network for a Slack test (only the app's own port stays open) and puts a fresh fake
 * Slack in front of it; nocks registered before this call match before the fake's.
 */
export function offlineSlack(overrides: Record<string, ApiHandler> = {}): SlackFake {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  return new SlackFake(overrides);
}

/** Stops the app and undoes {@link offlineSlack}: nocks cleared, the network open again. */
export async function stopOffline(running: Running | undefined): Promise<void> {
  await running?.close();
  nock.cleanAll();
  nock.enableNetConnect();
}

/** Sends `/trail <text>` and waits for the last reply on its response_url (the answer). */
export async function command(
  running: Running,
  slack: SlackFake,
  text: string,
  what = `the answer to "${text}"`,
): Promise<Record<string, unknown>> {
  const responseUrl = newResponseUrl();
  await postSigned(running.port, commandBody({ text, response_url: responseUrl }));
  return waitFor(() => slack.repliesTo(responseUrl).at(-1), what);
}

/** Clicks a button (answered 200 by the receiver); `reply()` waits for its response_url's last post. */
export async function click(running: Running, slack: SlackFake, fields: ClickFields) {
  const responseUrl = fields.response_url ?? newResponseUrl();
  const response = await postSigned(
    running.port,
    clickBody({ ...fields, response_url: responseUrl }),
  );
  assert.equal(response.status, 200);
  return {
    responseUrl,
    reply: () =>
      waitFor(() => slack.repliesTo(responseUrl).at(-1), `the reply to ${fields.actionId}`),
  };
}

/** Posts `body(responseUrl)` with a fresh response_url and waits for the first reply posted to it. */
export async function firstReply(
  running: Running,
  slack: SlackFake,
  body: (responseUrl: string) => string,
  what: string,
): Promise<Record<string, unknown>> {
  const responseUrl = newResponseUrl();
  await postSigned(running.port, body(responseUrl));
  return waitFor(() => slack.repliesTo(responseUrl)[0], what);
}

/** A POST reaching the Lambda through its Function URL (payload format 2.0): headers lower-cased. */
export function functionUrlPost(rawPath: string, headers: Record<string, string>, body: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { ...headers, host: 'abc123.lambda-url.us-east-1.on.aws' },
    requestContext: { http: { method: 'POST', path: rawPath }, requestId: 'req-1' },
    // Function URLs base64 bodies they do not consider text.
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** A signed Slack post (slash command or click) to /slack/events, as the Function URL delivers it. */
export function slackFunctionUrlPost(body: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return functionUrlPost(
    '/slack/events',
    {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    },
    body,
  );
}
