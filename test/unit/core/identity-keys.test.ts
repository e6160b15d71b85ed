import { strict as assert } from 'node:assert';
import { identityKeys, identityMatches } from '../../../src/core/identity-keys.js';
import { fixtureRecord, makeRecord } from '../../helpers/records.js';

const sorted = (values: string[]): string[] => [...values].sort();

describe('identityKeys', () => {
  it('gives an IAM user name, arn, arn tail and access key, lowercased', () => {
    assert.deepEqual(
      sorted(identityKeys(fixtureRecord('iam-user'))),
      sorted(['alice', 'arn:aws:iam::111122223333:user/alice', 'akiaiosfodnn7example']),
    );
  });

  it('gives the session name, role name and the part before @ for Identity Center roles', () => {
    const keys = identityKeys(fixtureRecord('identity-center-role'));
    assert.ok(keys.includes('alice@example.com'));
    assert.ok(keys.includes('alice'));
    assert.ok(keys.includes('awsreservedsso_administratoraccess_0123456789abcdef'));
    assert.ok(
      keys.includes(
        'arn:aws:sts::111122223333:assumed-role/awsreservedsso_administratoraccess_0123456789abcdef/alice@example.com',
      ),
    );
    // the '@' cut applies to the full arn too: everything before the first '@'
    assert.ok(
      keys.includes(
        'arn:aws:sts::111122223333:assumed-role/awsreservedsso_administratoraccess_0123456789abcdef/alice',
      ),
    );
    assert.equal(new Set(keys).size, keys.length, 'keys are deduplicated');
  });

  it('includes the source identity and its local part', () => {
    const keys = identityKeys(fixtureRecord('source-identity'));
    for (const key of [
      'bob@example.com',
      'bob',
      'ops-admin',
      'break-glass-1',
      'asiaexamplekey000003',
    ]) {
      assert.ok(keys.includes(key), key);
    }
  });

  it('does not use principalId, accountId or the Identity Center user id', () => {
    assert.deepEqual(identityKeys(fixtureRecord('identity-center-user')), []);
    const keys = identityKeys(fixtureRecord('aws-account'));
    assert.deepEqual(keys, []);
  });

  it('skips empty strings and non-string values', () => {
    const record = makeRecord({
      userIdentity: {
        type: 'IAMUser',
        userName: '',
        arn: 42,
        accessKeyId: '',
        sessionContext: null,
      },
    });
    assert.deepEqual(identityKeys(record), []);
    assert.deepEqual(identityKeys(makeRecord({ userIdentity: undefined })), []);
  });

  it('matches case-insensitively and never on the empty string', () => {
    const record = fixtureRecord('assumed-role');
    assert.ok(identityMatches(record, 'GHA-98765'));
    assert.ok(identityMatches(record, 'Deploy-Role'));
    assert.ok(!identityMatches(record, 'deploy'));
    assert.ok(!identityMatches(record, ''));
  });

  it('does not treat a hidden sign-in name specially: it is just a string', () => {
    const keys = identityKeys(fixtureRecord('console-login-failure'));
    assert.deepEqual(keys, ['hidden_due_to_security_reasons']);
  });
});
