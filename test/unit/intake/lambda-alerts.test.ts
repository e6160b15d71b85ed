import { strict as assert } from 'node:assert';
import { createSnsVerifier } from '../../../src/intake/sns-signature.js';
import { handleLambdaEvent, type LambdaAlertDeps } from '../../../src/intake/lambda-alerts.js';
import { fixture, fixtureText } from '../../helpers/alert-fixtures.js';
import { testDeps, type TestDeps } from '../../helpers/alert-deps.js';
import {
  TOPIC,
  lambdaRecord,
  notification,
  otherKey,
  signEnvelope,
  testSigner,
  type TestSigner,
} from '../../helpers/sns-signing.js';

describe('Lambda alert handler', () => {
  let signer: TestSigner;
  let alerts: TestDeps;
  let deps: LambdaAlertDeps;

  before(() => {
    signer = testSigner();
  });
  beforeEach(() => {
    alerts = testDeps();
    alerts.clock.now = Date.now();
    deps = {
      alerts,
      verifier: createSnsVerifier({ fetchCertificate: signer.fetchCertificate }),
      topicArns: [TOPIC],
      log: () => undefined,
    };
  });

  it('handles SNS event records, verifying each signature', async () => {
    const good = signEnvelope(
      notification(fixtureText('eventbridge-sg-ingress')),
      signer.privateKey,
    );
    const forged = signEnvelope(notification(fixtureText('guardduty-finding')), otherKey());
    const report = await handleLambdaEvent(
      { Records: [lambdaRecord(good), lambdaRecord(forged)] },
      deps,
    );
    assert.deepEqual(report.handled, ['threaded']);
    assert.deepEqual(report.refused, ['signature does not match']);
    assert.equal(alerts.chat.parents.length, 1);
    assert.match(alerts.chat.parents[0]!.text, /bob opened sg-0abc/);
  });

  it('handles an SNS record without a Subject (null in Lambda events)', async () => {
    const envelope = notification(fixtureText('guardduty-finding'));
    delete envelope.Subject;
    const report = await handleLambdaEvent(
      { Records: [lambdaRecord(signEnvelope(envelope, signer.privateKey, '2'))] },
      deps,
    );
    assert.deepEqual(report.handled, ['threaded']);
  });

  it('handles an EventBridge event delivered directly, once per event id', async () => {
    const event = fixture('eventbridge-kms-schedule-deletion');
    assert.deepEqual((await handleLambdaEvent(event, deps)).handled, ['threaded']);
    assert.deepEqual((await handleLambdaEvent(event, deps)).handled, ['duplicate']);
    assert.equal(alerts.chat.parents.length, 1);
    assert.match(alerts.chat.parents[0]!.text, /scheduled deletion of KMS key/);
  });

  it('throws while Slack is down so Lambda retries, and the retry delivers', async () => {
    const envelope = signEnvelope(
      notification(fixtureText('eventbridge-sg-ingress')),
      signer.privateKey,
    );
    alerts.chat.down = true;
    await assert.rejects(
      handleLambdaEvent({ Records: [lambdaRecord(envelope)] }, deps),
      /Lambda will retry/,
    );
    await assert.rejects(handleLambdaEvent(fixture('guardduty-finding'), deps), /ECONNREFUSED/);
    alerts.chat.down = false;
    await handleLambdaEvent({ Records: [lambdaRecord(envelope)] }, deps);
    await handleLambdaEvent(fixture('guardduty-finding'), deps);
    assert.equal(alerts.chat.parents.length, 2);
  });

  it('refuses records from topics that are not configured', async () => {
    const envelope = signEnvelope(
      notification(fixtureText('eventbridge-sg-ingress'), {
        TopicArn: 'arn:aws:sns:us-east-1:999999999999:x',
      }),
      signer.privateKey,
    );
    const report = await handleLambdaEvent({ Records: [lambdaRecord(envelope)] }, deps);
    assert.deepEqual(report.refused, ['topic is not in ALERT_TOPIC_ARNS']);
    assert.equal(alerts.chat.posts.length, 0);
  });
});
