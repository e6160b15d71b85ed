/**
 * "Trace" and "Ask the person", clicked the way Slack delivers clicks (signed `payload=` posts
 * into the real Bolt receiver) with nock standing in for the Slack Web API and the response
 * URLs: an alert's Trace → the chain in the thread with "Ask @alice" → the DM with Yes / No →
 * her answer back in the thread with its time, the alert raised on a No, the DM's buttons
 * replaced; the same from an answer row (the answer then comes to the asker by DM); nobody to
 * ask; hostile strings inert.
 */
import { strict as assert } from 'node:assert';
import { ACTION } from '../../blocks/action-ids.js';
import type { KnownBlock } from '../../blocks/slack-types.js';
import { alertWebClient, slackChat } from '../../src/adapters/slack-chat.js';
import { decodePayload } from '../../src/alerts/decode.js';
import { handleAlert, type AlertDeps } from '../../src/alerts/threads.js';
import { matches } from '../../src/core/matches.js';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { CloudTrailRecord, TrailEvent } from '../../src/core/trail-event.js';
import { createSnsVerifier } from '../../src/intake/sns-signature.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import { fixture } from '../helpers/alert-fixtures.js';
import { testConfig } from '../helpers/alert-deps.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import {
  BOT_TOKEN,
  clickBody,
  commandBody,
  firstReply,
  newResponseUrl,
  nock,
  NOW,
  postSigned,
  SlackFake,
  startApp,
  waitFor,
  type ApiCall,
  type Running,
} from '../helpers/slack-harness.js';

const SSO_ROLE = 'AWSReservedSSO_AdminAccess_0123456789abcdef';
const ACCOUNT = '444455556666';

/** A role session of Identity Center's `AdminAccess` for `session` (the user's e-mail), key `key`. */
function ssoIdentity(session: string, key: string): CloudTrailRecord {
  return {
    type: 'AssumedRole',
    principalId: `AROAAWSRESERVEDS:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: key,
    sessionContext: {
      attributes: { creationDate: '2026-11-26T08:00:00Z', mfaAuthenticated: 'false' },
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAAWSRESERVEDS',
        arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_ROLE}`,
        accountId: ACCOUNT,
        userName: SSO_ROLE,
      },
    },
  };
}

/** The AssumeRoleWithSAML by which Identity Center handed `session` the key `key`. */
function samlIssuer(id: string, session: string, key: string, time: string): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'SAMLUser',
      principalId: `Zm9vYmFyEXAMPLE=:${session}`,
      userName: session,
      identityProvider: 'Zm9vYmFyEXAMPLE=',
    },
    eventTime: time,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithSAML',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.20',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_ROLE}`,
      principalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_1a2b3c4d5e6f7a8b_DO_NOT_DELETE`,
    },
    responseElements: {
      credentials: { accessKeyId: key, sessionToken: 'secret', expiration: 'later' },
      assumedRoleUser: {
        assumedRoleId: `AROAAWSRESERVEDS:${session}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE}/${session}`,
      },
      subject: session,
      subjectType: 'persistent',
      issuer: 'https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEy',
    },
    eventID: id,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}

/** An event made with `session`'s key. */
function use(id: string, session: string, key: string, overrides: CloudTrailRecord = {}) {
  return {
    eventVersion: '1.09',
    userIdentity: ssoIdentity(session, key),
    eventTime: '2026-11-26T10:15:30Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.9',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { instanceType: 'p4d.24xlarge' },
    responseElements: null,
    eventID: id,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...overrides,
  };
}

const HOSTILE_SESSION = '<!here>*boss*@evil.example';

const RECORDS: CloudTrailRecord[] = [
  samlIssuer('issue-alice', 'alice@example.com', 'ASIAALICE00000000001', '2026-11-26T08:00:00Z'),
  use('run-alice', 'alice@example.com', 'ASIAALICE00000000001'),
  samlIssuer('issue-carol', 'carol@example.com', 'ASIACAROL00000000001', '2026-11-26T08:00:00Z'),
  use('run-carol', 'carol@example.com', 'ASIACAROL00000000001'),
  samlIssuer('issue-evil', HOSTILE_SESSION, 'ASIAEVIL000000000001', '2026-11-26T08:00:00Z'),
  use('run-evil', HOSTILE_SESSION, 'ASIAEVIL000000000001', {
    eventName: '<!channel> `x` <https://evil.example|click>',
    sourceIPAddress: '<@U024BE7LH>',
    userAgent: '> quoted <!everyone>',
  }),
  // An IAM user's long-term key: a person, but no e-mail in the records.
  {
    ...use('run-deploy', 'unused', 'AKIADEPLOY0000000001'),
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDADEPLOY',
      arn: `arn:aws:iam::${ACCOUNT}:user/deploy-bot`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIADEPLOY0000000001',
      userName: 'deploy-bot',
    },
  },
];

/** A backend over fixed events, filtering exactly as the engines do (`matches`). */
function memoryBackend(events: TrailEvent[]): QueryBackend {
  return {
    name: 'local',
    run: async (request) => {
      const found = events
        .filter((e) => matches(e, request.filter))
        .sort((a, b) => b.eventTimeMs - a.eventTimeMs);
      return {
        events: found.slice(0, request.limit),
        total: found.length,
        truncated: found.length > request.limit,
        notes: [],
        stats: { backend: 'local' },
        provenance: 'fixture list',
      };
    },
    close: async () => undefined,
  };
}

/** The Slack people: alice and mallory exist; carol does not. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  'alice@example.com': {
    id: 'U0ALICE',
    name: 'alice',
    tz: 'America/New_York',
    profile: { display_name: 'alice' },
  },
  [HOSTILE_SESSION]: {
    id: 'U0EVIL',
    name: 'evil',
    tz: 'UTC',
    profile: { display_name: '<!channel> *boss*' },
  },
};

let sequence = 0;
/** The ts Slack gave each posted message (keyed by the recorded call's arguments). */
const postedTs = new WeakMap<Record<string, unknown>, string>();
const tsOf = (call: ApiCall): string => postedTs.get(call.args) ?? '';

function slackFake(): SlackFake {
  return new SlackFake({
    // Every message gets its own ts, as in Slack: updates and threads are told apart by it.
    'chat.postMessage': (a) => {
      const ts = `1795650000.${String(++sequence).padStart(6, '0')}`;
      postedTs.set(a, ts);
      return { ok: true, channel: a['channel'], ts };
    },
    'chat.update': (a) => ({ ok: true, channel: a['channel'], ts: a['ts'] }),
    'conversations.open': (a) => ({ ok: true, channel: { id: `D${String(a['users'])}` } }),
    'users.lookupByEmail': (a) => {
      const user = PEOPLE[String(a['email'])];
      return user ? { ok: true, user } : { ok: false, error: 'users_not_found' };
    },
  });
}

/** The blocks of a recorded Web API call, or of a response_url body. */
const blocksOf = (x: ApiCall | Record<string, unknown>): KnownBlock[] => {
  const body = isApiCall(x) ? x.args : x;
  return (body['blocks'] ?? []) as KnownBlock[];
};
const isApiCall = (x: ApiCall | Record<string, unknown>): x is ApiCall =>
  typeof x['method'] === 'string' && typeof x['args'] === 'object';

const buttonsOf = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.flatMap((e) => (e.type === 'button' ? [e] : [])) : [],
  );

const buttonValue = (blocks: KnownBlock[], actionId: string): string => {
  const found = buttonsOf(blocks).find((b) => b.action_id === actionId);
  assert.ok(found?.value, `no ${actionId} button in ${JSON.stringify(blocks)}`);
  return found.value;
};

/** A click on a non-ephemeral message `ts` in `channel` (a thread reply, or the DM). */
function clickOn(
  f: { actionId: string; value: string; user_id: string; response_url?: string },
  where: { channel: string; ts: string },
): string {
  const body = new URLSearchParams(
    clickBody({ ...f, channel_id: where.channel, ephemeral: false }),
  );
  const payload = JSON.parse(body.get('payload') ?? '{}') as Record<string, unknown>;
  payload['container'] = {
    type: 'message',
    message_ts: where.ts,
    channel_id: where.channel,
    is_ephemeral: false,
  };
  payload['message'] = { type: 'message', ts: where.ts, text: 'x' };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Inert: nothing that pings, links or mentions from event data. */
function assertInert(json: string): void {
  assert.ok(!json.includes('<!'), `a broadcast got through: ${json}`);
  assert.ok(!json.includes('<http'), `a link got through: ${json}`);
  assert.ok(!json.includes('<@U024BE7LH>'), `a forged mention got through: ${json}`);
}

describe('Slack: Trace and Ask the person', function () {
  this.timeout(30_000);
  let slack: SlackFake;
  let app: Running;
  let alerts: AlertDeps;
  const events = RECORDS.map((r) => normaliseRecord(r));

  beforeEach(async () => {
    nock.cleanAll();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    slack = slackFake();
    alerts = {
      store: new MemoryStateStore(() => NOW.getTime()),
      chat: slackChat(alertWebClient(BOT_TOKEN), { postIntervalMs: 0 }),
      config: testConfig({ ALERT_TIME_ZONE: 'Europe/Berlin' }),
      now: () => NOW.getTime(),
      updateIntervalMs: 0,
    };
    const sns = { alerts, verifier: createSnsVerifier(), topicArns: alerts.config.topicArns };
    app = await startApp(
      memoryBackend(events),
      {},
      { alertIntake: { alerts, sns, lambda: sns }, state: new MemoryStateStore() },
    );
  });

  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const posts = () => slack.calls('chat.postMessage');
  const postsIn = (channel: string, threadTs?: string) =>
    posts().filter(
      (c) =>
        c.args['channel'] === channel &&
        (threadTs === undefined || c.args['thread_ts'] === threadTs),
    );

  /** Picks "Trace" in the menu of `eventId`'s answer row; returns the (private) trace reply. */
  const traceFromRow = (eventId: string, what: string, user_id = 'U0ALICE') =>
    firstReply(
      app,
      slack,
      (response_url) =>
        clickBody({
          actionId: ACTION.eventMenu,
          overflow: true,
          value: `trace:${eventId}`,
          user_id,
          response_url,
        }),
      what,
    );

  /** Opens an alert thread for alice's security-group change; returns the thread key and parent. */
  async function aliceAlert(): Promise<{ threadKey: string; channel: string; parentTs: string }> {
    const detail = {
      ...(fixture('eventbridge-sg-ingress').detail as Record<string, unknown>),
      userIdentity: ssoIdentity('alice@example.com', 'ASIAALICE00000000001'),
      eventID: 'run-alice',
      eventTime: '2026-11-26T10:15:30Z',
    };
    const alert = decodePayload(
      { ...fixture('eventbridge-sg-ingress'), detail },
      { via: 'sns', deliveryId: `m-${++sequence}` },
      NOW.getTime(),
    );
    const outcome = await handleAlert(alert, alerts);
    assert.ok(outcome.status === 'threaded');
    const parentCall = posts().find((c) => c.args['thread_ts'] === undefined);
    assert.ok(parentCall, 'the alert parent was posted');
    const threadKey = buttonValue(blocksOf(parentCall), ACTION.traceAlert);
    assert.equal(threadKey, outcome.threadKey);
    const thread = await alerts.store.getThread(threadKey);
    assert.ok(thread?.ts);
    return { threadKey, channel: thread.channel, parentTs: thread.ts };
  }

  it('traces an alert, asks alice by DM, and brings her "No" back with the alert raised', async () => {
    const { threadKey, channel, parentTs } = await aliceAlert();
    assert.match(String(posts()[0]?.args['text']), /^HIGH:/);

    // Bob clicks Trace on the alert parent.
    const traced = await postSigned(
      app.port,
      clickOn(
        { actionId: ACTION.traceAlert, value: threadKey, user_id: 'U0BOB' },
        { channel, ts: parentTs },
      ),
    );
    assert.equal(traced.status, 200);
    const trace = await waitFor(
      () =>
        postsIn(channel, parentTs).find((c) =>
          JSON.stringify(c.args['blocks']).includes('Trace of'),
        ),
      'the trace in the alert thread',
    );
    assertValidMessage({ text: trace.args['text'], blocks: trace.args['blocks'] });
    const traceJson = JSON.stringify(trace.args['blocks']);
    assert.match(traceJson, /AssumeRoleWithSAML/, 'the issuing hop is shown');
    assert.match(traceJson, /<@U0ALICE> in Slack/);
    assert.deepEqual(
      slack.calls('users.lookupByEmail').map((c) => c.args['email']),
      ['alice@example.com'],
    );
    const questionId = buttonValue(blocksOf(trace), ACTION.askPerson);
    assert.equal(
      buttonsOf(blocksOf(trace)).find((b) => b.action_id === ACTION.askPerson)?.text.text,
      'Ask @alice: did you do this?',
    );

    // Bob clicks "Ask @alice".
    const traceTs = tsOf(trace);
    await postSigned(
      app.port,
      clickOn(
        { actionId: ACTION.askPerson, value: questionId, user_id: 'U0BOB' },
        { channel, ts: traceTs },
      ),
    );
    const dm = await waitFor(() => postsIn('DU0ALICE')[0], 'the DM to alice');
    assert.deepEqual(
      slack.calls('conversations.open').map((c) => c.args['users']),
      ['U0ALICE'],
    );
    assertValidMessage({ text: dm.args['text'], blocks: dm.args['blocks'] });
    const dmJson = JSON.stringify(dm.args['blocks']);
    assert.match(dmJson, /<@U0BOB> is looking into/);
    assert.match(dmJson, /AuthorizeSecurityGroupIngress/);
    assert.match(dmJson, /2026-11-26 05:15:30 EST/, "the event's time in alice's zone");
    assert.equal(buttonValue(blocksOf(dm), ACTION.personYes), questionId);
    assert.equal(buttonValue(blocksOf(dm), ACTION.personNo), questionId);
    await waitFor(
      () => postsIn(channel, parentTs).find((c) => /Asked <@U0ALICE>/.test(String(c.args['text']))),
      'the thread says alice was asked',
    );
    const dmTs = tsOf(dm);

    // Mallory, who was not asked, clicks No: refused, nothing recorded.
    const refused = await firstReply(
      app,
      slack,
      (response_url) =>
        clickOn(
          {
            actionId: ACTION.personNo,
            value: questionId,
            user_id: 'U0MALLORY',
            response_url,
          },
          { channel: 'DU0ALICE', ts: dmTs },
        ),
      'the refusal',
    );
    assert.match(String(refused['text']), /Only <@U0ALICE> can answer/);
    assert.equal(refused['response_type'], 'ephemeral');
    await app.slack.drain();
    assert.equal(slack.calls('chat.update').length, 0, 'nothing changed');

    // Alice answers No.
    await postSigned(
      app.port,
      clickOn(
        { actionId: ACTION.personNo, value: questionId, user_id: 'U0ALICE' },
        { channel: 'DU0ALICE', ts: dmTs },
      ),
    );
    const answer = await waitFor(
      () => postsIn(channel, parentTs).find((c) => /answered \*No\*/.test(String(c.args['text']))),
      'the answer in the thread',
    );
    assertValidMessage({ text: answer.args['text'], blocks: answer.args['blocks'] });
    // NOW is 12:00:00Z; the alert thread shows times in Europe/Berlin.
    assert.match(String(answer.args['text']), /<@U0ALICE> answered \*No\*/);
    assert.match(String(answer.args['text']), /answered at 2026-11-26 13:00:00 CET/);
    assert.match(
      String(answer.args['text']),
      /Severity raised from \*HIGH\* to :rotating_light: \*CRITICAL\*/,
    );
    await app.slack.drain();
    const updates = slack.calls('chat.update');
    const parentUpdate = updates.filter((u) => u.args['ts'] === parentTs).at(-1);
    assert.ok(parentUpdate, 'the alert parent was updated');
    assert.match(String(parentUpdate.args['text']), /^CRITICAL:/);
    const dmUpdate = updates.find((u) => u.args['ts'] === dmTs);
    assert.ok(dmUpdate, "the DM's buttons were replaced");
    assert.equal(dmUpdate.args['channel'], 'DU0ALICE');
    assert.equal(buttonsOf(blocksOf(dmUpdate)).length, 0);
    assert.match(
      String(dmUpdate.args['text']),
      /You answered \*No, that was not me\* at 2026-11-26 07:00:00 EST/,
    );

    // A second click (Yes this time) changes nothing.
    const before = { posts: posts().length, updates: slack.calls('chat.update').length };
    const again = await firstReply(
      app,
      slack,
      (response_url) =>
        clickOn(
          {
            actionId: ACTION.personYes,
            value: questionId,
            user_id: 'U0ALICE',
            response_url,
          },
          { channel: 'DU0ALICE', ts: dmTs },
        ),
      'the second-click note',
    );
    assert.match(String(again['text']), /already answered \*No\*/);
    await app.slack.drain();
    assert.deepEqual({ posts: posts().length, updates: slack.calls('chat.update').length }, before);
    assert.match(String((await alerts.store.getThread(threadKey))?.alert), /"severity":"critical"/);
  });

  it('traces an answer row, and sends alice\'s "Yes" to the asker by DM', async () => {
    const commandUrl = newResponseUrl();
    await postSigned(
      app.port,
      commandBody({ text: 'event run-alice', user_id: 'U0BOB', response_url: commandUrl }),
    );
    const answered = await waitFor(
      () => slack.repliesTo(commandUrl).find((b) => JSON.stringify(b).includes('trace:run-alice')),
      'the answer with a Trace choice',
    );
    assert.ok(answered);

    const trace = await traceFromRow('run-alice', 'the trace, privately', 'U0BOB');
    assert.equal(trace['response_type'], 'ephemeral');
    assert.equal(trace['replace_original'], false);
    assertValidMessage(trace);
    const questionId = buttonValue(blocksOf(trace), ACTION.askPerson);

    const askUrl = newResponseUrl();
    await postSigned(
      app.port,
      clickBody({
        actionId: ACTION.askPerson,
        value: questionId,
        user_id: 'U0BOB',
        response_url: askUrl,
      }),
    );
    const dm = await waitFor(() => postsIn('DU0ALICE')[0], 'the DM to alice');
    assert.match(JSON.stringify(dm.args['blocks']), /RunInstances/);
    const asked = await waitFor(() => slack.repliesTo(askUrl)[0], 'the asker is told');
    assert.match(
      String(asked['text']),
      /Asked <@U0ALICE>.*will be sent to you in a direct message/,
    );
    const again = await firstReply(
      app,
      slack,
      (response_url) =>
        clickBody({
          actionId: ACTION.askPerson,
          value: questionId,
          user_id: 'U0BOB',
          response_url,
        }),
      'the second Ask',
    );
    assert.match(String(again['text']), /<@U0ALICE> was already asked by <@U0BOB>/);
    assert.equal(postsIn('DU0ALICE').length, 1, 'one DM, however many clicks');

    await postSigned(
      app.port,
      clickOn(
        { actionId: ACTION.personYes, value: questionId, user_id: 'U0ALICE' },
        { channel: 'DU0ALICE', ts: tsOf(dm) },
      ),
    );
    const answer = await waitFor(() => postsIn('DU0BOB')[0], "alice's answer, to bob by DM");
    // Bob's zone is Europe/Paris (users.info).
    assert.match(
      String(answer.args['text']),
      /<@U0ALICE> answered \*Yes\*: they did `RunInstances`/,
    );
    assert.match(String(answer.args['text']), /answered at 2026-11-26 13:00:00 CET/);
    assert.doesNotMatch(String(answer.args['text']), /Severity/);
    await app.slack.drain();
    const dmUpdate = slack.calls('chat.update').find((u) => u.args['ts'] === tsOf(dm));
    assert.ok(dmUpdate);
    assert.match(String(dmUpdate.args['text']), /You answered \*Yes, that was me\*/);
  });

  it('offers "Ask @alice" under a typed /trail trace too', async () => {
    const url = newResponseUrl();
    await postSigned(
      app.port,
      commandBody({ text: 'trace ASIAALICE00000000001', user_id: 'U0BOB', response_url: url }),
    );
    const trace = await waitFor(
      () => slack.repliesTo(url).find((b) => JSON.stringify(b).includes('Trace of')),
      'the typed trace',
    );
    assertValidMessage(trace);
    assert.match(JSON.stringify(trace['blocks']), /<@U0ALICE> in Slack/);
    assert.ok(buttonValue(blocksOf(trace), ACTION.askPerson));
  });

  it('says plainly when nobody can be asked, and offers no button', async () => {
    for (const [eventId, expected] of [
      ['run-carol', /no one in this Slack workspace has that e-mail address/],
      ['run-deploy', /no e-mail address is known for it/],
    ] as const) {
      const trace = await traceFromRow(eventId, `the trace of ${eventId}`);
      assertValidMessage(trace);
      assert.match(JSON.stringify(trace['blocks']), expected);
      assert.equal(
        buttonsOf(blocksOf(trace)).filter((b) => b.action_id === ACTION.askPerson).length,
        0,
      );
    }
    assert.deepEqual(
      slack.calls('users.lookupByEmail').map((c) => c.args['email']),
      ['carol@example.com'],
    );
  });

  it('keeps hostile session names, event fields and Slack names inert end to end', async () => {
    const trace = await traceFromRow('run-evil', 'the hostile trace', 'U0BOB');
    assertValidMessage(trace);
    assertInert(JSON.stringify(trace));
    const questionId = buttonValue(blocksOf(trace), ACTION.askPerson);
    await postSigned(
      app.port,
      clickBody({ actionId: ACTION.askPerson, value: questionId, user_id: 'U0BOB' }),
    );
    const dm = await waitFor(() => postsIn('DU0EVIL')[0], 'the DM');
    assertValidMessage({ text: dm.args['text'], blocks: dm.args['blocks'] });
    assertInert(JSON.stringify(dm.args));
    await postSigned(
      app.port,
      clickOn(
        { actionId: ACTION.personNo, value: questionId, user_id: 'U0EVIL' },
        { channel: 'DU0EVIL', ts: tsOf(dm) },
      ),
    );
    const answer = await waitFor(() => postsIn('DU0BOB')[0], 'the answer');
    assertInert(JSON.stringify(answer.args));
    await app.slack.drain();
    for (const update of slack.calls('chat.update')) assertInert(JSON.stringify(update.args));
  });
});
