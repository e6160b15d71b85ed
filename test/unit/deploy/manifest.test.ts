/**
 * The two files a newcomer deploys from, against the code: manifest.json ("create app from
 * manifest") asks for exactly the scopes of the Web API methods the bot calls and points every
 * request at /slack/events; app.json (Heroku one-click deploy) declares every variable the
 * configuration requires, nothing the code does not read, and the Key-Value Store the alert
 * state lives in.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAlertConfig } from '../../../src/alerts/config.js';
import { parseAwsSettings } from '../../../src/backends/aws-config.js';
import { isTrailError } from '../../../src/core/errors.js';
import { loadConfig } from '../../../src/runtime/config.js';
import { TRAIL_COMMAND } from '../../../src/slack/routes.js';
import { stateStoreKind } from '../../../src/state/from-env.js';
import { variablesReadByCode } from '../../helpers/config-names.js';
import { repoRoot } from '../../helpers/records.js';

const readJson = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as T;

/** The bot scope each Slack Web API method needs (views.* and auth.test need none). */
const METHOD_SCOPES: Readonly<Record<string, string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  'files.uploadV2': ['files:write'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.update': [],
};

/** Scopes no single method call shows, each for a reason. */
const EXTRA_SCOPES: Readonly<Record<string, string>> = {
  commands: 'the /trail slash command',
  'chat:write.public': 'Share and alerts post in public channels the bot was not invited to',
};

const SLACK_FAMILIES =
  'admin|apps|auth|bookmarks|bots|calls|chat|conversations|dnd|emoji|files|pins|reactions|reminders|search|stars|team|usergroups|users|views';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The Web API methods the code calls: `client.chat.postMessage(` → `chat.postMessage`. */
function slackMethodsCalled(): Set<string> {
  const methods = new Set<string>();
  const call = new RegExp(`\\bclient\\.((?:${SLACK_FAMILIES})\\.\\w+(?:\\.\\w+)?)\\(`, 'g');
  for (const file of [...sourceFiles('src'), ...sourceFiles('blocks')]) {
    for (const [, method] of readFileSync(file, 'utf8').matchAll(call))
      methods.add(method as string);
  }
  return methods;
}

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    event_subscriptions?: { request_url: string; bot_events?: string[] };
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

describe('manifest.json (Slack app)', () => {
  const manifest = readJson<Manifest>('manifest.json');

  it('asks for the scopes of the methods the code calls, and no more', () => {
    const called = slackMethodsCalled();
    assert.ok(called.has('chat.postMessage'), 'the scan found the Web API calls');
    const unknown = [...called].filter((m) => METHOD_SCOPES[m] === undefined);
    assert.deepEqual(unknown, [], 'add the scope these methods need to METHOD_SCOPES');
    const needed = new Set([
      ...[...called].flatMap((m) => METHOD_SCOPES[m] ?? []),
      ...Object.keys(EXTRA_SCOPES),
    ]);
    assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), [...needed].sort());
    assert.equal(manifest.oauth_config.scopes.user, undefined, 'no user-token scopes');
  });

  it('registers /trail and sends it, the buttons and any events to /slack/events', () => {
    assert.deepEqual(
      manifest.features.slash_commands.map((c) => c.command),
      [TRAIL_COMMAND],
    );
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      ...(manifest.settings.event_subscriptions
        ? [manifest.settings.event_subscriptions.request_url]
        : []),
    ];
    for (const url of urls) {
      const parsed = new URL(url);
      assert.equal(parsed.protocol, 'https:');
      assert.equal(parsed.pathname, '/slack/events');
      // A placeholder host the deploy docs tell people to replace.
      assert.match(parsed.hostname, /\.example\.com$/);
    }
    // The bot subscribes to no events: the code registers no app.event() listener.
    const listens = [...sourceFiles('src')].some((f) =>
      /\bapp\.(event|message)\(/.test(readFileSync(f, 'utf8')),
    );
    assert.equal(listens, false);
    assert.deepEqual(manifest.settings.event_subscriptions?.bot_events ?? [], []);
  });

  it('is an HTTP app with long-lived tokens, as the Heroku and Lambda receivers expect', () => {
    assert.equal(manifest.settings.socket_mode_enabled, false);
    assert.equal(manifest.settings.token_rotation_enabled, false);
  });
});

interface AppJson {
  buildpacks: Array<{ url: string }>;
  formation: Record<string, { quantity: number; size: string }>;
  addons: Array<{ plan: string }>;
  env: Record<string, { description: string; required?: boolean; value?: string }>;
  success_url?: string;
}

describe('app.json (Heroku one-click deploy)', () => {
  const app = readJson<AppJson>('app.json');
  const pkg = readJson<{ scripts: Record<string, string>; engines: { node: string } }>(
    'package.json',
  );
  /** The config a deploy starts with: each default, and a sample for each required value. */
  const SAMPLES: Record<string, string> = {
    SLACK_BOT_TOKEN: 'xoxb-1-2-3',
    SLACK_SIGNING_SECRET: 'signing-secret',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  };
  const defaults = Object.fromEntries(
    Object.entries(app.env)
      .filter(([, v]) => v.value !== undefined)
      .map(([name, v]) => [name, v.value as string]),
  );
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadConfig(env, 'http');
      return [];
    } catch (e) {
      assert.ok(isTrailError(e));
      return (e.detail as { problems: string[] }).problems;
    }
  };

  it('declares, as required, every variable the configuration cannot start without', () => {
    const missing = problemsOf(defaults).map((p) => p.split(' ')[0] as string);
    assert.ok(missing.includes('SLACK_BOT_TOKEN'), 'the defaults alone are not enough');
    for (const name of missing) assert.equal(app.env[name]?.required, true, name);
    const filled = { ...defaults, ...SAMPLES };
    assert.deepEqual(problemsOf(filled), []);
    const aws = parseAwsSettings(filled);
    assert.ok(aws.ok);
    assert.notEqual(aws.settings.backend, 'local', 'a dyno has no CloudTrail log folder');
  });

  it('declares what alerts need once a topic is configured', () => {
    const topic = { ALERT_TOPIC_ARNS: 'arn:aws:sns:us-east-1:111122223333:security-alerts' };
    const without = parseAlertConfig({ ...defaults, ...topic });
    assert.equal(without.ok, false);
    const named = without.ok ? [] : without.problems.map((p) => p.split(':')[0] as string);
    for (const name of named) assert.ok(app.env[name], `${name} is declared`);
    assert.ok(parseAlertConfig({ ...defaults, ...topic, ALERT_CHANNEL: 'C0ALERTS' }).ok);
  });

  it('declares only variables the code (or the AWS SDK) reads, each described', () => {
    const readBySdk = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    const readByCode = variablesReadByCode();
    for (const [name, spec] of Object.entries(app.env)) {
      assert.ok(readByCode.has(name) || readBySdk.has(name), `${name} is read`);
      assert.ok(spec.description.length > 20, `${name} is described`);
    }
  });

  it('keeps alert state in the Key-Value Store add-on, whose REDIS_URL the state store picks', () => {
    assert.ok(app.addons.some((a) => a.plan.startsWith('heroku-redis:')));
    assert.equal(
      stateStoreKind({ REDIS_URL: 'rediss://:p@ec2-1-2-3-4.compute-1.amazonaws.com:6379' }),
      'redis',
    );
    assert.equal(app.env.REDIS_URL, undefined, 'the add-on sets it');
  });

  it('runs one always-on web dyno built by the Node.js buildpack from the Procfile', () => {
    assert.deepEqual(app.buildpacks, [{ url: 'heroku/nodejs' }]);
    assert.equal(app.formation.web?.quantity, 1);
    // Eco dynos sleep, and Slack gives a slash command 3 seconds.
    assert.notEqual(app.formation.web?.size, 'eco');
    const procfile = readFileSync(path.join(repoRoot, 'Procfile'), 'utf8');
    assert.match(procfile, /^web: node dist\/src\/entry\/heroku\.js$/m);
    // The buildpack runs `npm run build`, which compiles the entry the Procfile starts.
    assert.match(pkg.scripts.build ?? '', /tsc -p tsconfig\.build\.json/);
    assert.equal(app.success_url, '/healthz');
  });
});
