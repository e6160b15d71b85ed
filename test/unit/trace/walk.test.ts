import { strict as assert } from 'node:assert';
import { normaliseRecord } from '../../../src/core/normalise.js';
import { memorySource } from '../../../src/trace/source.js';
import { traceChain } from '../../../src/trace/walk.js';
import {
  TRACE_NOW,
  TRACE_SCENARIOS,
  chainOf,
  expectedChain,
  traceFixtureEvents,
} from '../../helpers/trace-scenarios.js';
import { makeRecord } from '../../helpers/records.js';

const trace = (start: Parameters<typeof traceChain>[0], events = traceFixtureEvents()) =>
  traceChain(start, { source: memorySource(events), now: TRACE_NOW });

describe('traceChain over the fixture events', () => {
  for (const scenario of TRACE_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await trace(scenario.start);
      assert.deepEqual(chainOf(result), expectedChain(scenario));
      if (scenario.mentions !== undefined) {
        const said = [
          ...result.notes,
          ...result.hops.map((h) => h.how),
          result.origin.kind === 'dead-end' ? result.origin.reason : '',
        ].join('\n');
        assert.ok(said.includes(scenario.mentions), said);
      }
    });
  }

  it('describes each hop with its times, accounts, source IPs and what it issued', async () => {
    const result = await trace({ kind: 'access-key', value: 'ASIADBADMINEXAMPLE01' });
    assert.deepEqual(result.startEvent, {
      eventId: 'e1000000-0000-4000-8000-000000000006',
      eventName: 'DeleteDBInstance',
      eventSource: 'rds.amazonaws.com',
      eventTime: '2026-11-20T09:20:00Z',
      accountId: '444455556666',
      region: 'eu-west-1',
      sourceIp: '203.0.113.10',
      actor: 'db-admin session nightly',
      accessKeyId: 'ASIADBADMINEXAMPLE01',
    });
    const [first, crossAccount, last] = result.hops;
    assert.equal(first?.from, 'deploy-role session ops-console');
    assert.equal(first?.to, 'db-admin session nightly');
    assert.equal(first?.issuedAccessKeyId, 'ASIADBADMINEXAMPLE01');
    assert.equal(first?.how, 'issued accessKeyId ASIADBADMINEXAMPLE01 matched in responseElements');
    // The role account logged the call; the caller is named from its own account's copy.
    assert.equal(crossAccount?.accountId, '444455556666');
    assert.equal(crossAccount?.from, 'jump-role session alice-jump');
    assert.equal(crossAccount?.to, 'deploy-role session ops-console');
    assert.equal(last?.from, 'alice');
    assert.equal(last?.accountId, '111122223333');
    assert.equal(last?.sourceIp, '203.0.113.10');
    assert.deepEqual(result.origin, {
      kind: 'iam-user',
      label: 'alice',
      accountId: '111122223333',
    });
    assert.equal(result.searched.backend, 'memory');
  });

  it('names the IAM user of a long-term key directly, with no hops', async () => {
    const result = await trace({ kind: 'access-key', value: 'AKIAALICEEXAMPLE0001' });
    assert.deepEqual(result.hops, []);
    assert.deepEqual(result.origin, {
      kind: 'iam-user',
      label: 'alice',
      accountId: '111122223333',
    });
  });

  it('finds the issuer of a key even when no call made with it is in the window', async () => {
    const events = traceFixtureEvents().filter(
      (e) => e.eventID !== 'e3000000-0000-4000-8000-000000000002',
    );
    const result = await trace({ kind: 'access-key', value: 'ASIAGHAEXAMPLE000001' }, events);
    assert.equal(result.origin.kind, 'web-identity');
    assert.equal(result.startEvent, undefined);
    assert.ok(result.notes.some((n) => n.includes('No call made with ASIAGHAEXAMPLE000001')));
  });

  it('says plainly when nothing used the key', async () => {
    const result = await trace({ kind: 'access-key', value: 'ASIANOTHINGEXAMPLE01' });
    assert.equal(result.origin.kind, 'dead-end');
    assert.match(
      result.origin.kind === 'dead-end' ? result.origin.reason : '',
      /^no event made with ASIANOTHINGEXAMPLE01 in the searched logs \(2026-11-14T00:00:00Z to 2026-11-21T00:00:00Z\)$/,
    );
  });

  it('looks an event id up around its known time, and says where when it is not there', async () => {
    const events = traceFixtureEvents();
    const start = events.find((e) => e.actor.type === 'AssumedRole');
    assert.ok(start);
    const from = { kind: 'event' as const, value: start.eventID };
    const options = { source: memorySource(events), now: TRACE_NOW };
    const found = await traceChain(from, { ...options, startTimeMs: start.eventTimeMs });
    assert.equal(found.startEvent?.eventId, start.eventID);
    assert.deepEqual(chainOf(found), chainOf(await traceChain(from, options)));

    const twoDaysLater = start.eventTimeMs + 48 * 3_600_000;
    const missed = await traceChain(from, { ...options, startTimeMs: twoDaysLater });
    assert.equal(missed.startEvent, undefined);
    const hour = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    assert.equal(
      missed.origin.kind === 'dead-end' ? missed.origin.reason : '',
      `no event with id ${start.eventID} in the searched logs (${hour(twoDaysLater - 3_600_000)} to ${hour(twoDaysLater + 3_600_000)})`,
    );
  });

  it('ignores failed AssumeRole calls that echo the key', async () => {
    const denied = normaliseRecord(
      makeRecord({
        eventID: 'denied-1',
        eventName: 'AssumeRole',
        eventSource: 'sts.amazonaws.com',
        eventTime: '2026-11-20T09:09:00Z',
        errorCode: 'AccessDenied',
        userIdentity: { type: 'IAMUser', userName: 'mallory', accountId: '444455556666' },
        responseElements: { credentials: { accessKeyId: 'ASIADBADMINEXAMPLE01' } },
      }),
    );
    const result = await trace({ kind: 'access-key', value: 'ASIADBADMINEXAMPLE01' }, [
      ...traceFixtureEvents(),
      denied,
    ]);
    assert.equal(result.hops[0]?.eventId, 'e1000000-0000-4000-8000-000000000004');
  });

  it('follows a federated user back to the IAM user who called GetFederationToken', async () => {
    const events = [
      makeRecord({
        eventID: 'fed-issue',
        eventName: 'GetFederationToken',
        eventSource: 'sts.amazonaws.com',
        eventTime: '2026-11-19T20:00:00Z',
        userIdentity: {
          type: 'IAMUser',
          userName: 'frank',
          accountId: '111122223333',
          accessKeyId: 'AKIAFRANKEXAMPLE0001',
        },
        requestParameters: { name: 'contractor' },
        responseElements: {
          credentials: { accessKeyId: 'ASIAFEDEXAMPLE000001' },
          federatedUser: { arn: 'arn:aws:sts::111122223333:federated-user/contractor' },
        },
      }),
      makeRecord({
        eventID: 'fed-use',
        eventTime: '2026-11-20T20:00:00Z',
        userIdentity: {
          type: 'FederatedUser',
          arn: 'arn:aws:sts::111122223333:federated-user/contractor',
          accountId: '111122223333',
          accessKeyId: 'ASIAFEDEXAMPLE000001',
          sessionContext: { sessionIssuer: { type: 'IAMUser', userName: 'frank' } },
        },
      }),
    ].map(normaliseRecord);
    // 24 hours after the token was issued: within GetFederationToken's 36-hour lifetime.
    const result = await trace({ kind: 'access-key', value: 'ASIAFEDEXAMPLE000001' }, events);
    assert.deepEqual(
      result.hops.map((h) => [h.eventName, h.from, h.to]),
      [['GetFederationToken', 'frank', 'federated user contractor']],
    );
    assert.deepEqual(result.origin, {
      kind: 'iam-user',
      label: 'frank',
      accountId: '111122223333',
    });
  });

  it("ends at the SAML subject of a company IdP, with the person's e-mail", async () => {
    const events = [
      makeRecord({
        eventID: 'saml-issue',
        eventName: 'AssumeRoleWithSAML',
        eventSource: 'sts.amazonaws.com',
        eventTime: '2026-11-20T07:00:00Z',
        recipientAccountId: '444455556666',
        userIdentity: { type: 'SAMLUser', userName: 'grace@example.com', principalId: 'x:grace' },
        requestParameters: {
          roleArn: 'arn:aws:iam::444455556666:role/Okta-Admin',
          principalArn: 'arn:aws:iam::444455556666:saml-provider/Okta',
        },
        responseElements: {
          credentials: { accessKeyId: 'ASIASAMLEXAMPLE00001' },
          subject: 'grace@example.com',
          issuer: 'http://www.okta.com/exk1',
          assumedRoleUser: {
            arn: 'arn:aws:sts::444455556666:assumed-role/Okta-Admin/grace@example.com',
          },
        },
      }),
      makeRecord({
        eventID: 'saml-use',
        eventTime: '2026-11-20T07:30:00Z',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::444455556666:assumed-role/Okta-Admin/grace@example.com',
          accessKeyId: 'ASIASAMLEXAMPLE00001',
        },
      }),
    ].map(normaliseRecord);
    const result = await trace({ kind: 'access-key', value: 'ASIASAMLEXAMPLE00001' }, events);
    assert.deepEqual(result.origin, {
      kind: 'saml',
      label: 'grace@example.com',
      accountId: '444455556666',
      email: 'grace@example.com',
      details: { provider: 'Okta', issuer: 'http://www.okta.com/exk1' },
    });
    assert.equal(result.hops[0]?.to, 'Okta-Admin session grace@example.com');
  });

  it('stops on a loop in the data instead of walking forever', async () => {
    // Two roles that (impossibly) issued each other's keys.
    const loop = (id: string, caller: string, issued: string, time: string) =>
      normaliseRecord(
        makeRecord({
          eventID: id,
          eventName: 'AssumeRole',
          eventSource: 'sts.amazonaws.com',
          eventTime: time,
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::444455556666:assumed-role/r/${caller}`,
            accessKeyId: caller,
          },
          requestParameters: {
            roleArn: 'arn:aws:iam::444455556666:role/r',
            roleSessionName: issued,
          },
          responseElements: { credentials: { accessKeyId: issued } },
        }),
      );
    const events = [
      loop('l1', 'ASIALOOPAEXAMPLE0001', 'ASIALOOPBEXAMPLE0001', '2026-11-20T10:00:00Z'),
      loop('l2', 'ASIALOOPBEXAMPLE0001', 'ASIALOOPAEXAMPLE0001', '2026-11-20T10:00:00Z'),
    ];
    const result = await trace({ kind: 'event', value: 'l1' }, events);
    assert.equal(result.origin.kind, 'dead-end');
    assert.ok(result.hops.length <= 10);
  });
});
