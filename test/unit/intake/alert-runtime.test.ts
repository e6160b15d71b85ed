import { strict as assert } from 'node:assert';
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
});
