import { strict as assert } from 'node:assert';
import nock from 'nock';
import '../../helpers/nock-node20.js';
import { alertIntakeFromEnv, snsRoute } from '../../../src/intake/alert-runtime.js';
import { isTrailError } from '../../../src/core/errors.js';

const ENV = {
  ALERT_CHANNEL: 'C0SEC',
  ALERT_TOPIC_ARNS: 'arn:aws:sns:us-east-1:111122223333:security-alerts',
  SLACK_BOT_TOKEN: 'xoxb-test',
};

describe('alert intake wiring', () => {
  it('builds the SNS and Lambda dependencies from the environment', () => {
    const intake = alertIntakeFromEnv(ENV, { longLived: true });
    assert.deepEqual(intake.sns.topicArns, [ENV.ALERT_TOPIC_ARNS]);
    assert.equal(intake.alerts.config.channel, 'C0SEC');
    assert.equal(typeof intake.alerts.defer, 'function');
    assert.equal(alertIntakeFromEnv(ENV).alerts.defer, undefined, 'Lambda waits instead');
    const route = snsRoute(intake.sns);
    assert.equal(route.path, '/alerts/sns');
    assert.deepEqual(route.method, ['POST']);
  });

  it('refuses to start without a token, a channel or a topic', () => {
    for (const missing of ['SLACK_BOT_TOKEN', 'ALERT_CHANNEL', 'ALERT_TOPIC_ARNS'] as const) {
      const env: Record<string, string> = { ...ENV };
      delete env[missing];
      assert.throws(
        () => alertIntakeFromEnv(env),
        (e: unknown) => isTrailError(e) && e.code === 'config' && e.message.includes(missing),
        missing,
      );
    }
  });

  it('posts alerts to the SLACK_API_URL stand-in when one is set, like the bot', async () => {
    const posted: string[] = [];
    nock('http://127.0.0.1:9999')
      .post('/api/chat.postMessage')
      .reply(async (request: Request) => {
        // nock 15 hands reply functions a fetch Request.
        posted.push(await request.text());
        return [200, { ok: true, channel: 'C0SEC', ts: '1764123000.000001' }];
      });
    try {
      const intake = alertIntakeFromEnv({ ...ENV, SLACK_API_URL: 'http://127.0.0.1:9999/api' });
      const sent = await intake.alerts.chat.postMessage({ channel: 'C0SEC', text: 'hello' });
      assert.equal(sent.ts, '1764123000.000001');
      assert.match(posted[0] ?? '', /hello/);
    } finally {
      nock.cleanAll();
    }
  });
});
