import { strict as assert } from 'node:assert';
import { describeActor } from '../../../src/core/actor.js';
import { fixtureRecords } from '../../helpers/records.js';

describe('describeActor', () => {
  it('says who acted for every identity type in the fixtures', () => {
    const table: Array<[fixture: string, index: number, type: string, display: string]> = [
      ['iam-user', 0, 'IAMUser', 'alice'],
      ['assumed-role', 0, 'AssumedRole', 'deploy-role session gha-98765'],
      [
        'identity-center-role',
        0,
        'AssumedRole',
        'alice@example.com via AWSReservedSSO_AdministratorAccess_0123456789abcdef',
      ],
      [
        'source-identity',
        0,
        'AssumedRole',
        'bob@example.com (source identity) via ops-admin session break-glass-1',
      ],
      ['root', 0, 'Root', 'root (account 111122223333)'],
      ['aws-service', 0, 'AWSService', 'config.amazonaws.com'],
      ['aws-service', 1, 'Unknown', 'AWS Internal'],
      ['aws-account', 0, 'AWSAccount', 'account 444455556666'],
      ['federated-user', 0, 'FederatedUser', 'federated user carol via token-broker'],
      [
        'identity-center-user',
        0,
        'IdentityCenterUser',
        'Identity Center user 544894e8-80c1-707f-60e3-3ba6510dfac1',
      ],
      ['web-identity-user', 0, 'WebIdentityUser', 'web identity 109876543210987654321'],
      ['saml-user', 0, 'SAMLUser', 'SAML user SamlExample'],
      ['console-login-failure', 0, 'IAMUser', 'unknown (name hidden by AWS)'],
      ['console-login-failure', 1, 'IAMUser', 'dave'],
      ['unknown', 0, 'Unknown', 'user1 (identity type Unknown)'],
      ['insight', 0, 'Unknown', 'unknown (no identity in the record)'],
      ['hostile', 0, 'IAMUser', '<!channel>'],
    ];
    for (const [fixture, index, type, display] of table) {
      const actor = describeActor(fixtureRecords(fixture)[index]?.userIdentity);
      assert.equal(actor.type, type, fixture);
      assert.equal(actor.display, display, fixture);
    }
  });

  it('fills the structured fields of a role session', () => {
    const actor = describeActor(fixtureRecords('source-identity')[0]?.userIdentity);
    assert.equal(actor.roleName, 'ops-admin');
    assert.equal(actor.sessionName, 'break-glass-1');
    assert.equal(actor.sourceIdentity, 'bob@example.com');
    assert.equal(actor.accountId, '111122223333');
    assert.equal(actor.accessKeyId, 'ASIAEXAMPLEKEY000003');
    assert.equal(actor.mfaAuthenticated, true);
    assert.equal(actor.userName, undefined);
  });

  it('parses mfaAuthenticated from strings and booleans, and leaves it out otherwise', () => {
    const withMfa = (value: unknown) =>
      describeActor({
        type: 'IAMUser',
        userName: 'a',
        sessionContext: { attributes: { mfaAuthenticated: value } },
      }).mfaAuthenticated;
    assert.equal(withMfa('true'), true);
    assert.equal(withMfa('false'), false);
    assert.equal(withMfa(true), true);
    assert.equal(withMfa('maybe'), undefined);
    assert.equal(describeActor({ type: 'IAMUser', userName: 'a' }).mfaAuthenticated, undefined);
  });

  it('derives role and session from the arn when there is no session issuer', () => {
    const actor = describeActor({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/MyAppRole/i-0abcdef1234567890',
      invokedBy: 'eks.amazonaws.com',
    });
    assert.equal(
      actor.display,
      'MyAppRole session i-0abcdef1234567890 (invoked by eks.amazonaws.com)',
    );
    assert.equal(actor.invokedBy, 'eks.amazonaws.com');
  });

  it('describes partial role sessions without inventing names', () => {
    assert.equal(
      describeActor({ type: 'AssumedRole', sessionContext: { sessionIssuer: { userName: 'ci' } } })
        .display,
      'role ci',
    );
    assert.equal(
      describeActor({ type: 'AssumedRole', principalId: 'AROAEXAMPLE:job-7' }).display,
      'session job-7',
    );
    assert.equal(describeActor({ type: 'AssumedRole', userName: 'TestRole' }).display, 'TestRole');
    assert.equal(
      describeActor({ type: 'AssumedRole' }).display,
      'unknown (the record names no one)',
    );
  });

  it('describes the rarer types', () => {
    assert.equal(
      describeActor({ type: 'Directory', userName: 'jdoe' }).display,
      'directory user jdoe',
    );
    assert.equal(
      describeActor({
        type: 'Role',
        arn: 'arn:aws:iam::111122223333:role/batch',
        principalId: 'AROA:run-1',
      }).display,
      'batch session run-1',
    );
    assert.equal(describeActor({ type: 'Root' }).display, 'root');
    assert.equal(
      describeActor({ type: 'AWSAccount', principalId: 'AIDAEXAMPLE' }).display,
      'account AIDAEXAMPLE',
    );
    assert.equal(
      describeActor({ type: 'IdentityCenterUser' }).display,
      'Identity Center user with no user id',
    );
    assert.equal(
      describeActor({ type: 'FederatedUser', principalId: '123456789012:federated-user' }).display,
      'federated user federated-user',
    );
    assert.equal(describeActor({ type: 'NewTypeFromAws', userName: 'x' }).display, 'x');
    assert.equal(describeActor({ type: 'User', arn: 'arn:aws:iam::1:user/test' }).display, 'test');
  });

  it('never gives an empty display, whatever the shape', () => {
    for (const identity of [
      undefined,
      null,
      'IAMUser',
      42,
      [],
      {},
      { type: '' },
      { type: 7, userName: {} },
    ]) {
      const actor = describeActor(identity);
      assert.ok(actor.display.length > 0, JSON.stringify(identity));
    }
    assert.equal(describeActor(undefined).type, 'Unknown');
    assert.equal(describeActor({ type: 7 }).type, 'Unknown');
  });

  it('says a hidden name is hidden, for any type', () => {
    assert.equal(
      describeActor({ type: 'Unknown', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }).display,
      'unknown (name hidden by AWS)',
    );
    assert.equal(
      describeActor({ type: 'IAMUser', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }).userName,
      undefined,
    );
  });

  it('mentions the service that acted on an identity’s behalf', () => {
    const actor = describeActor(fixtureRecords('hostile')[0]?.userIdentity);
    assert.equal(actor.invokedBy, undefined);
    assert.equal(
      describeActor({ type: 'IAMUser', userName: 'Alice', invokedBy: 'kms.amazonaws.com' }).display,
      'Alice (invoked by kms.amazonaws.com)',
    );
  });
});
