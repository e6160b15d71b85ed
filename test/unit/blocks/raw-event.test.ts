import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  rawEventLoadingView,
  rawEventMissingView,
  rawEventView,
  redact,
  REDACTED,
} from '../../../blocks/raw-event.js';
import type { KnownBlock } from '../../../blocks/slack-types.js';
import { assertValidModal } from '../../helpers/block-kit-validator.js';
import { HOSTILE, makeRecord } from '../../helpers/answers.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../shared/cloudtrail-samples/records');

const assumeRole = makeRecord({
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  requestParameters: {
    roleArn: 'arn:aws:iam::1:role/x',
    roleSessionName: 's',
    secretId: 'prod/db',
  },
  responseElements: {
    credentials: {
      accessKeyId: 'ASIAKEEPME',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      expiration: 'Nov 26, 2026, 11:15:30 AM',
    },
    user: { password: 'hunter2', newPassword: 'x', DBPassword: 'y', clientSecret: 'z' },
  },
});

const text = (x: unknown) => JSON.stringify(x);

describe('blocks/raw-event', () => {
  it('redacts session tokens, secret keys and passwords but keeps identifiers', () => {
    const out = text(redact(assumeRole));
    for (const secret of [
      'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      'wJalrXUtnFEMI',
      'hunter2',
      '"y"',
      '"z"',
    ]) {
      assert.ok(!out.includes(secret), `${secret} leaked`);
    }
    assert.ok(out.includes('ASIAKEEPME'));
    assert.ok(out.includes('prod/db'), 'secretId is a name, not a secret');
    assert.ok(out.includes(REDACTED));
  });

  it('shows pretty JSON in a valid modal with the secrets redacted', () => {
    const view = rawEventView(assumeRole);
    assertValidModal(view);
    const shown = (view.blocks as KnownBlock[])
      .map((b) => (b.type === 'section' && b.text ? b.text.text : ''))
      .join('');
    assert.ok(!shown.includes('IQoJb3JpZ2luX2VjEXAMPLETOKEN'));
    assert.match(shown, /^```\n\{\n {2}"eventVersion": "1.09"/);
    assert.match(shown, /"eventName": "AssumeRole"/);
    assert.match(view.title.text, /^Raw event/);
  });

  it('fits a huge hostile record into the modal limits', () => {
    const huge = makeRecord({
      requestParameters: Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [
          `k${i}`,
          `${HOSTILE[i % HOSTILE.length]} ${'x'.repeat(50)}`,
        ]),
      ),
    });
    const view = rawEventView(huge);
    assertValidModal(view);
    const out = text(view);
    assert.ok(!out.includes('<!channel>'));
    assert.match(out, /characters not shown/);
  });

  it('renders the loading and missing views within limits', () => {
    assertValidModal(rawEventLoadingView('abc'));
    const missing = rawEventMissingView('<!channel>', 'not found <!here>');
    assertValidModal(missing);
    assert.ok(!text(missing).includes('<!'));
  });

  it('renders every real sample record as a valid modal', function () {
    if (!existsSync(SAMPLES)) this.skip();
    let n = 0;
    for (const file of readdirSync(SAMPLES)) {
      const records = (
        JSON.parse(readFileSync(path.join(SAMPLES, file), 'utf8')) as {
          Records: Record<string, unknown>[];
        }
      ).Records;
      for (const record of records) {
        assertValidModal(rawEventView(record));
        n++;
      }
    }
    assert.ok(n > 0);
  });
});
