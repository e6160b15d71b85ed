import { strict as assert } from 'node:assert';
import nock from 'nock';
import { TrailError } from '../../../../src/core/errors.js';
import { all, eq, everything, oneOf, resource } from '../../../../src/core/filter.js';
import type { EventFilter } from '../../../../src/core/filter.js';
import { LookupBackend } from '../../../../src/backends/lookup/lookup-backend.js';
import type { LookupBackendOptions } from '../../../../src/backends/lookup/lookup-backend.js';
import { RateLimiters } from '../../../../src/backends/lookup/rate-limiter.js';
import type { QueryProgress } from '../../../../src/ports/backend.js';
import { instantClock } from '../../../helpers/instant-clock.js';
import { makeRecord } from '../../../helpers/records.js';
import {
  awsError,
  cloudTrail,
  jsonBody,
  lookupPage,
  testClientOptions,
} from '../../../helpers/aws-wire.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const lastDays = (days: number): EventFilter['window'] => ({
  start: new Date(NOW.getTime() - days * DAY),
  end: NOW,
});

const backend = (overrides: Partial<LookupBackendOptions> = {}): LookupBackend =>
  new LookupBackend({
    regions: ['us-east-1'],
    accounts: [{ id: 'default' }],
    clientOptions: testClientOptions,
    limiters: new RateLimiters(2, instantClock()),
    now: () => NOW,
    ...overrides,
  });

const record = (n: number, overrides: Record<string, unknown> = {}) =>
  makeRecord({
    eventID: `evt-${String(n).padStart(4, '0')}`,
    eventTime: new Date(NOW.getTime() - n * 60_000).toISOString().replace('.000Z', 'Z'),
    ...overrides,
  });

describe('LookupBackend', () => {
  afterEach(() => nock.cleanAll());

  it('sends one server-side attribute and the window as epoch seconds, and applies the rest with matches()', async () => {
    let sent: Record<string, unknown> = {};
    const scope = cloudTrail('us-east-1')
      .post('/', (body) => {
        sent = jsonBody(body);
        return true;
      })
      .reply(
        200,
        lookupPage([
          record(1),
          record(2, { errorCode: 'Client.UnauthorizedOperation' }),
          record(3),
        ]),
      );

    const result = await backend().run({
      filter: {
        window: lastDays(1),
        where: all(
          eq('eventName', 'AuthorizeSecurityGroupIngress'),
          eq('errorCode', 'Client.UnauthorizedOperation'),
        ),
      },
      limit: 10,
    });

    scope.done();
    assert.deepEqual(sent.LookupAttributes, [
      { AttributeKey: 'EventName', AttributeValue: 'AuthorizeSecurityGroupIngress' },
    ]);
    assert.equal(sent.StartTime, (NOW.getTime() - DAY) / 1000);
    assert.equal(sent.EndTime, NOW.getTime() / 1000);
    assert.equal(sent.MaxResults, 50);
    assert.deepEqual(
      result.events.map((e) => e.eventID),
      ['evt-0002'],
    );
    assert.equal(result.truncated, false);
    assert.equal(result.stats.apiCalls, 1);
    assert.equal(
      result.provenance,
      'LookupEvents · EventName=AuthorizeSecurityGroupIngress · us-east-1 · 1 call',
    );
  });

  it('pages with NextToken and stops as soon as the limit is reached', async () => {
    const tokens: unknown[] = [];
    const scope = cloudTrail('us-east-1')
      .post('/', (body) => {
        tokens.push(jsonBody(body).NextToken);
        return true;
      })
      .reply(200, lookupPage([record(1), record(2)], 'page-2'))
      .post('/', (body) => {
        tokens.push(jsonBody(body).NextToken);
        return true;
      })
      .reply(200, lookupPage([record(3), record(4)], 'page-3'));
    // A third page exists but must never be requested.
    const untouched = cloudTrail('us-east-1')
      .post('/')
      .reply(200, lookupPage([record(5)]));

    const progress: QueryProgress[] = [];
    const result = await backend().run({
      filter: { window: lastDays(1), where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 3,
      onProgress: (p) => progress.push(p),
    });

    scope.done();
    assert.equal(untouched.isDone(), false);
    assert.deepEqual(tokens, [undefined, 'page-2']);
    assert.deepEqual(
      result.events.map((e) => e.eventID),
      ['evt-0001', 'evt-0002', 'evt-0003'],
    );
    assert.equal(result.truncated, true);
    assert.equal(typeof result.nextCursor, 'string');
    assert.deepEqual(
      progress.map((p) => p.message),
      ['1 pages, 2 events read, 2 matching so far', '2 pages, 4 events read, 4 matching so far'],
    );
  });

  it('continues from a cursor with events strictly older than the last one shown', async () => {
    cloudTrail('us-east-1')
      .post('/')
      .reply(200, lookupPage([record(1), record(2), record(3)], 'more'));
    const first = await backend().run({
      filter: { window: lastDays(1), where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 2,
    });
    assert.equal(first.nextCursor !== undefined, true);

    let sent: Record<string, unknown> = {};
    cloudTrail('us-east-1')
      .post('/', (body) => {
        sent = jsonBody(body);
        return true;
      })
      .reply(200, lookupPage([record(2), record(3), record(4)]));
    const second = await backend().run({
      filter: { window: lastDays(1), where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 2,
      cursor: first.nextCursor as string,
    });
    // The second page's window ends at the last event shown (whole seconds, inclusive).
    assert.equal(sent.EndTime, (NOW.getTime() - 2 * 60_000) / 1000);
    assert.deepEqual(
      second.events.map((e) => e.eventID),
      ['evt-0003', 'evt-0004'],
    );
    assert.equal(second.truncated, false);
  });

  it('fans out over Regions in parallel and merges newest first', async () => {
    cloudTrail('eu-west-1')
      .post('/')
      .reply(
        200,
        lookupPage([record(2, { awsRegion: 'eu-west-1' }), record(4, { awsRegion: 'eu-west-1' })]),
      );
    cloudTrail('us-east-1')
      .post('/')
      .reply(200, lookupPage([record(1), record(3)]));

    const result = await backend({ regions: ['eu-west-1', 'us-east-1'] }).run({
      filter: { window: lastDays(1), where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 10,
    });

    assert.deepEqual(
      result.events.map((e) => `${e.eventID}@${e.awsRegion}`),
      ['evt-0001@us-east-1', 'evt-0002@eu-west-1', 'evt-0003@us-east-1', 'evt-0004@eu-west-1'],
    );
    assert.deepEqual(result.stats.regions, ['eu-west-1', 'us-east-1']);
    assert.equal(
      result.provenance,
      'LookupEvents · EventName=AuthorizeSecurityGroupIngress · eu-west-1, us-east-1 · 2 calls',
    );
  });

  it("stops a Region's stream once its events are older than the newest matches found elsewhere", async () => {
    const filter = {
      window: lastDays(1),
      where: all(eq('eventName', 'AuthorizeSecurityGroupIngress'), eq('errorCode', 'AccessDenied')),
    };
    cloudTrail('us-east-1')
      .post('/')
      .reply(
        200,
        lookupPage([
          record(1, { errorCode: 'AccessDenied' }),
          record(2, { errorCode: 'AccessDenied' }),
        ]),
      );
    // eu-west-1 answers later with older events that do not match, and has more pages.
    cloudTrail('eu-west-1')
      .post('/')
      .delay(200)
      .reply(
        200,
        lookupPage(
          [record(30, { awsRegion: 'eu-west-1' }), record(31, { awsRegion: 'eu-west-1' })],
          'next',
        ),
      );
    const never = cloudTrail('eu-west-1').post('/').reply(200, lookupPage([]));

    const result = await backend({ regions: ['us-east-1', 'eu-west-1'] }).run({ filter, limit: 2 });

    assert.equal(never.isDone(), false);
    assert.deepEqual(
      result.events.map((e) => e.eventID),
      ['evt-0001', 'evt-0002'],
    );
    assert.equal(result.stats.apiCalls, 2);
  });

  it('adds us-east-1 for questions that may involve IAM, STS or sign-in events', async () => {
    const east = cloudTrail('us-east-1').post('/').reply(200, lookupPage([]));
    const west = cloudTrail('eu-west-1').post('/').reply(200, lookupPage([]));
    const result = await backend({ regions: ['eu-west-1'] }).run({
      filter: { window: lastDays(1), where: eq('eventSource', 'signin.amazonaws.com') },
      limit: 10,
    });
    east.done();
    west.done();
    assert.deepEqual(result.stats.regions, ['eu-west-1', 'us-east-1']);
  });

  it('runs one parallel EventName lookup per name of a category', async () => {
    const names: unknown[] = [];
    const scope = cloudTrail('us-east-1')
      .post('/', (body) => {
        names.push(
          (jsonBody(body).LookupAttributes as { AttributeValue: string }[])[0]?.AttributeValue,
        );
        return true;
      })
      .times(2)
      .reply(200, lookupPage([]));
    await backend().run({
      filter: {
        window: lastDays(7),
        where: all(
          eq('eventSource', 'ec2.amazonaws.com'),
          oneOf('eventName', ['DeleteSecurityGroup', 'CreateSecurityGroup']),
        ),
      },
      limit: 10,
    });
    scope.done();
    assert.deepEqual(names.sort(), ['CreateSecurityGroup', 'DeleteSecurityGroup']);
  });

  it('answers what LookupEvents sees beyond 90 days and says what was not searched', async () => {
    let sent: Record<string, unknown> = {};
    cloudTrail('us-east-1')
      .post('/', (body) => {
        sent = jsonBody(body);
        return true;
      })
      .reply(200, lookupPage([record(1)]));
    const result = await backend({ athenaConfigured: true }).run({
      filter: { window: lastDays(120), where: eq('eventName', 'AuthorizeSecurityGroupIngress') },
      limit: 10,
    });
    assert.equal(sent.StartTime, (NOW.getTime() - 90 * DAY) / 1000);
    assert.equal(result.events.length, 1);
    const gap = result.notes.find((n) => n.kind === 'gap');
    assert.match(gap?.text ?? '', /last 90 days: 2026-07-29 to 2026-08-28 was not searched/);
    assert.equal(gap?.action, 'run-in-athena');
  });

  it('makes no call for a window entirely older than 90 days', async () => {
    const result = await backend().run({
      filter: {
        window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
        where: eq('eventName', 'StopLogging'),
      },
      limit: 10,
    });
    assert.equal(result.stats.apiCalls, 0);
    assert.equal(result.events.length, 0);
    assert.match(result.notes[0]?.text ?? '', /nothing in this window was searched/);
    // Athena is not configured here, so no button is offered.
    assert.equal(result.notes[0]?.action, undefined);
  });

  it('notes that data events are not in LookupEvents and that ResourceName is approximate', async () => {
    let sent: Record<string, unknown> = {};
    cloudTrail('us-east-1')
      .post('/', (body) => {
        sent = jsonBody(body);
        return true;
      })
      .reply(200, lookupPage([record(1, { requestParameters: { bucketName: 'logs' } })]));
    const result = await backend({ athenaConfigured: true }).run({
      filter: { window: lastDays(1), where: resource('logs'), needsDataEvents: true },
      limit: 10,
    });
    assert.deepEqual(sent.LookupAttributes, [
      { AttributeKey: 'ResourceName', AttributeValue: 'logs' },
    ]);
    assert.equal(result.events.length, 1);
    assert.ok(
      result.notes.some(
        (n) => n.kind === 'gap' && /data events/.test(n.text) && n.action === 'run-in-athena',
      ),
    );
    assert.ok(
      result.notes.some((n) => n.kind === 'info' && /listed it as a resource/.test(n.text)),
    );
  });

  it('names the missing IAM action when AWS refuses', async () => {
    cloudTrail('us-east-1')
      .post('/')
      .reply(
        400,
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::111122223333:assumed-role/bot/x is not authorized to perform: cloudtrail:LookupEvents',
        ),
      );
    await assert.rejects(
      backend().run({ filter: { window: lastDays(1), where: everything() }, limit: 5 }),
      (e: unknown) =>
        e instanceof TrailError &&
        e.code === 'access-denied' &&
        /cloudtrail:LookupEvents/.test(e.message),
    );
  });

  it('answers from the Regions that worked and warns about the one that did not', async () => {
    cloudTrail('us-east-1')
      .post('/')
      .reply(200, lookupPage([record(1)]));
    cloudTrail('eu-west-1')
      .post('/')
      .reply(
        400,
        awsError('AccessDeniedException', 'not authorized to perform: cloudtrail:LookupEvents'),
      );
    const result = await backend({ regions: ['us-east-1', 'eu-west-1'] }).run({
      filter: { window: lastDays(1), where: everything() },
      limit: 5,
    });
    assert.equal(result.events.length, 1);
    assert.ok(result.notes.some((n) => n.kind === 'warning' && /eu-west-1/.test(n.text)));
  });

  it('reports throttling that outlasts the SDK retries as throttled', async () => {
    cloudTrail('us-east-1')
      .post('/')
      .times(3)
      .reply(400, awsError('ThrottlingException', 'Rate exceeded'));
    const b = backend({ clientOptions: { ...testClientOptions, maxAttempts: 3 } });
    await assert.rejects(
      b.run({ filter: { window: lastDays(1), where: everything() }, limit: 5 }),
      (e: unknown) => e instanceof TrailError && e.code === 'throttled',
    );
  }).timeout(30_000);

  it('honours AWS_ENDPOINT_URL_CLOUDTRAIL', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = 'http://127.0.0.1:4599';
    try {
      const scope = cloudTrail('us-east-1', 'http://127.0.0.1:4599')
        .post('/')
        .reply(200, lookupPage([record(1)]));
      const result = await backend().run({
        filter: { window: lastDays(1), where: everything() },
        limit: 5,
      });
      scope.done();
      assert.equal(result.events.length, 1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
      else process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = saved;
    }
  });
});

describe('LookupBackend across accounts', () => {
  afterEach(() => nock.cleanAll());

  it('reads another account through its role, assumed once with a readable session name', async () => {
    const assumed: URLSearchParams[] = [];
    const sts = nock('https://sts.us-east-1.amazonaws.com')
      .post('/', (body: string) => {
        assumed.push(new URLSearchParams(body));
        return true;
      })
      .reply(
        200,
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
          <Credentials><AccessKeyId>ASIATEMPORARYKEY</AccessKeyId><SecretAccessKey>temporary</SecretAccessKey>
          <SessionToken>session-token-1</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
          <AssumedRoleUser><Arn>arn:aws:sts::444455556666:assumed-role/Investigator/trailhound-alice</Arn>
          <AssumedRoleId>AROAEXAMPLE:trailhound-alice</AssumedRoleId></AssumedRoleUser>
        </AssumeRoleResult></AssumeRoleResponse>`,
        { 'content-type': 'text/xml' },
      );
    const tokens: unknown[] = [];
    for (const region of ['us-east-1', 'eu-west-1']) {
      nock(`https://cloudtrail.${region}.amazonaws.com`)
        .post('/')
        .reply((request: Request) => {
          tokens.push(request.headers.get('x-amz-security-token'));
          return [200, lookupPage([])];
        });
    }
    const result = await backend({
      regions: ['us-east-1', 'eu-west-1'],
      accounts: [{ id: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/Investigator' }],
      clientOptions: { ...testClientOptions, roleSessionName: 'trailhound alice' },
    }).run({ filter: { window: lastDays(1), where: eq('eventName', 'StopLogging') }, limit: 5 });

    sts.done();
    assert.equal(assumed.length, 1);
    assert.equal(assumed[0]?.get('Action'), 'AssumeRole');
    assert.equal(assumed[0]?.get('RoleArn'), 'arn:aws:iam::444455556666:role/Investigator');
    assert.equal(assumed[0]?.get('RoleSessionName'), 'trailhound-alice');
    assert.deepEqual(tokens, ['session-token-1', 'session-token-1']);
    assert.deepEqual(result.stats.accounts, ['444455556666']);
    assert.match(result.provenance, /account 444455556666 · 2 calls$/);
  });
});
