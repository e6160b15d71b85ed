import { strict as assert } from 'node:assert';
import { isTrailError } from '../../../src/core/errors.js';
import { loadConfig, visibilityFor } from '../../../src/runtime/config.js';

const BASE = {
  SLACK_BOT_TOKEN: 'xoxb-1-2',
  SLACK_SIGNING_SECRET: 'shh-signing',
  TRAIL_LOGS: './logs',
};

function problems(env: NodeJS.ProcessEnv, kind: 'http' | 'socket' | 'lambda'): string {
  try {
    loadConfig(env, kind);
  } catch (error) {
    assert.ok(isTrailError(error) && error.code === 'config');
    return error.message;
  }
  return assert.fail('expected a config error');
}

describe('runtime/config', () => {
  it('reads a minimal HTTP config with defaults', () => {
    const config = loadConfig(BASE, 'http');
    assert.equal(config.port, 3000);
    assert.equal(config.backend.kind, 'local');
    assert.equal(config.replies.visibility, 'ephemeral');
    assert.equal(config.pageSize, 10);
    assert.deepEqual(config.allow, { channels: [], users: [] });
    assert.equal(config.slack.apiUrl, undefined);
  });

  it('lists every problem in one message, naming variables and never their secret values', () => {
    const message = problems(
      {
        SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
        PORT: 'eighty',
        TRAIL_BACKEND: 'mainframe',
        TRAIL_ALLOWED_CHANNELS: 'C0OK,not-a-channel',
        TRAIL_REPLY_VISIBILITY: 'loud',
        TRAIL_REPLY_VISIBILITY_CHANNELS: 'C0A=shout',
        SLACK_API_URL: 'not a url',
        TRAIL_PAGE_SIZE: '500',
      },
      'http',
    );
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'PORT',
      'TRAIL_BACKEND',
      'TRAIL_ALLOWED_CHANNELS',
      'TRAIL_REPLY_VISIBILITY ',
      'TRAIL_REPLY_VISIBILITY_CHANNELS',
      'SLACK_API_URL',
      'TRAIL_PAGE_SIZE',
    ]) {
      assert.ok(message.includes(name), `${name} not reported:\n${message}`);
    }
    assert.ok(!message.includes('xoxp-user-token-secret'));
  });

  it('needs an app token for Socket Mode but no signing secret', () => {
    assert.match(
      problems({ SLACK_BOT_TOKEN: 'xoxb-1', TRAIL_LOGS: 'x' }, 'socket'),
      /SLACK_APP_TOKEN is missing/,
    );
    assert.match(
      problems(
        { SLACK_BOT_TOKEN: 'xoxb-1', TRAIL_LOGS: 'x', SLACK_APP_TOKEN: 'xoxb-wrong' },
        'socket',
      ),
      /xapp-/,
    );
    assert.equal(
      loadConfig(
        { SLACK_BOT_TOKEN: 'xoxb-1', TRAIL_LOGS: 'x', SLACK_APP_TOKEN: 'xapp-1' },
        'socket',
      ).slack.appToken,
      'xapp-1',
    );
  });

  it('needs the function name on Lambda and TRAIL_LOGS for the local backend', () => {
    assert.match(problems({ ...BASE }, 'lambda'), /AWS_LAMBDA_FUNCTION_NAME/);
    assert.match(
      problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'http'),
      /TRAIL_LOGS is missing/,
    );
  });

  it('parses allow-lists, per-channel visibility and the API URL override', () => {
    const config = loadConfig(
      {
        ...BASE,
        TRAIL_ALLOWED_CHANNELS: ' C0SEC , G0PRIV ',
        TRAIL_ALLOWED_USERS: 'U0A,W0B',
        TRAIL_ALLOWED_USERGROUP: 'S0TEAM',
        TRAIL_REPLY_VISIBILITY_CHANNELS: 'C0SEC=in_channel',
        SLACK_API_URL: 'http://127.0.0.1:9000/api',
        PORT: '8080',
      },
      'http',
    );
    assert.deepEqual(config.allow, {
      channels: ['C0SEC', 'G0PRIV'],
      users: ['U0A', 'W0B'],
      usergroup: 'S0TEAM',
    });
    assert.equal(visibilityFor(config, 'C0SEC'), 'in_channel');
    assert.equal(visibilityFor(config, 'C0OTHER'), 'ephemeral');
    assert.equal(config.slack.apiUrl, 'http://127.0.0.1:9000/api/');
    assert.equal(config.port, 8080);
  });
});

describe('runtime/config for /trail verify', () => {
  it('reads the trail bucket and key file, and refuses a bucket that is not an s3:// URL', () => {
    const config = loadConfig(
      { ...BASE, TRAIL_VERIFY_S3: 's3://corp-trail/ct', TRAIL_VERIFY_KEY_FILE: './keys.json' },
      'http',
    );
    assert.deepEqual(config.verify, { s3: 's3://corp-trail/ct', keyFile: './keys.json' });
    assert.deepEqual(loadConfig(BASE, 'http').verify, {});
    assert.match(
      problems({ ...BASE, TRAIL_VERIFY_S3: 'corp-trail/ct' }, 'http'),
      /TRAIL_VERIFY_S3 must be the trail bucket as s3:\/\/bucket\/prefix/,
    );
  });
});
