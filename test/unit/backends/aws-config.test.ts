import { strict as assert } from 'node:assert';
import {
  loadAwsSettings,
  parseAwsSettings,
  parseByteSize,
} from '../../../src/backends/aws-config.js';
import { toTrailError } from '../../../src/backends/aws-errors.js';
import { TrailError } from '../../../src/core/errors.js';

describe('AWS settings', () => {
  it('reads Regions, accounts with roles, and Athena with defaults', () => {
    const result = parseAwsSettings({
      TRAIL_REGIONS: 'us-east-1, eu-west-1,us-east-1',
      TRAIL_ACCOUNTS: '111122223333,444455556666=arn:aws:iam::444455556666:role/Investigator',
      ATHENA_DATABASE: 'trail',
      ATHENA_OUTPUT_LOCATION: 's3://results/trailhound/',
      ATHENA_MAX_BYTES: '2GB',
      AWS_REGION: 'eu-west-1',
    });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.settings, {
      backend: 'auto',
      regions: ['us-east-1', 'eu-west-1'],
      accounts: [
        { id: '111122223333' },
        { id: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/Investigator' },
      ],
      accountsConfigured: true,
      regionsConfigured: true,
      athena: {
        region: 'eu-west-1',
        database: 'trail',
        table: 'cloudtrail_logs',
        workgroup: 'primary',
        outputLocation: 's3://results/trailhound/',
        maxBytes: 2 * 1024 ** 3,
      },
    });
  });

  it('falls back to AWS_REGION and the credentials’ own account', () => {
    const result = parseAwsSettings({ AWS_REGION: 'eu-central-1' });
    assert.ok(result.ok);
    assert.deepEqual(result.settings.regions, ['eu-central-1']);
    assert.deepEqual(result.settings.accounts, [{ id: 'default' }]);
    assert.equal(result.settings.regionsConfigured, false);
    assert.equal(result.settings.athena, undefined);
  });

  it('names every bad variable at once', () => {
    const result = parseAwsSettings({
      TRAIL_BACKEND: 'cloud',
      TRAIL_REGIONS: 'us-east-1,mars-1',
      TRAIL_ACCOUNTS: '1234=not-an-arn',
      ATHENA_OUTPUT_LOCATION: 'https://bucket',
      ATHENA_MAX_BYTES: 'lots',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    for (const variable of [
      'TRAIL_BACKEND',
      'TRAIL_REGIONS',
      'TRAIL_ACCOUNTS',
      'ATHENA_OUTPUT_LOCATION',
      'ATHENA_MAX_BYTES',
    ]) {
      assert.ok(
        result.errors.some((e) => e.includes(variable)),
        `${variable} in ${result.errors.join(' / ')}`,
      );
    }
    assert.throws(
      () => loadAwsSettings({ TRAIL_BACKEND: 'cloud' }),
      (e: unknown) => e instanceof TrailError && e.code === 'config',
    );
  });

  it('reads byte sizes with binary units', () => {
    assert.equal(parseByteSize('10GB'), 10 * 1024 ** 3);
    assert.equal(parseByteSize('500 mb'), 500 * 1024 ** 2);
    assert.equal(parseByteSize('1073741824'), 1024 ** 3);
    assert.equal(parseByteSize('0'), undefined);
    assert.equal(parseByteSize('ten'), undefined);
  });
});

describe('AWS errors', () => {
  const context = {
    action: 'cloudtrail:LookupEvents',
    region: 'eu-west-1',
    account: '111122223333',
  };
  const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(message), { name, $metadata: {}, ...extra });

  it('names the refused action from the AWS message', () => {
    const error = toTrailError(
      sdkError(
        'AccessDenied',
        'User x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/R',
      ),
      { ...context, roleArn: 'arn:aws:iam::111122223333:role/R' },
    );
    assert.ok(error instanceof TrailError);
    assert.equal(error.code, 'access-denied');
    assert.match(
      error.message,
      /^AWS refused sts:AssumeRole \(account 111122223333, eu-west-1\) using role/,
    );
  });

  it('falls back to the call’s own action', () => {
    const error = toTrailError(sdkError('AccessDeniedException', 'Access denied'), context);
    assert.match(error.message, /Grant cloudtrail:LookupEvents/);
  });

  it('explains network failures after the SDK retried', () => {
    const error = toTrailError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      context,
    );
    assert.ok(error instanceof TrailError);
    assert.equal(error.code, 'network');
    assert.match(error.message, /AWS_ENDPOINT_URL/);
  });

  it('turns missing credentials into a configuration problem', () => {
    const error = toTrailError(
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      context,
    );
    assert.ok(error instanceof TrailError);
    assert.equal(error.code, 'config');
    assert.match(error.message, /AWS_PROFILE/);
  });

  it('passes aborts through untouched', () => {
    const abort = new DOMException('Aborted', 'AbortError');
    assert.equal(toTrailError(abort, context), abort);
  });
});
