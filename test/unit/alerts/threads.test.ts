import { strict as assert } from 'node:assert';
import { ALERT_ACTION } from '../../../blocks/alert-action-ids.js';
import { alertClickFrom, handleAlertAction } from '../../../src/alerts/actions.js';
import type { Alert } from '../../../src/alerts/alert.js';
import { decodePayload } from '../../../src/alerts/decode.js';
import type { AlertQuestion } from '../../../src/alerts/investigate.js';
import { handleAlert } from '../../../src/alerts/threads.js';
import { fixture } from '../../helpers/alert-fixtures.js';
import { testDeps, type TestDeps } from '../../helpers/alert-deps.js';

let n = 0;
/** A fixture as an alert with a fresh delivery id (a distinct SNS message). */
function alertFrom(
  name: string,
  detail: Record<string, unknown> = {},
  deliveryId = `m-${++n}`,
): Alert {
  const payload = fixture(name);
  if (payload.detail !== undefined) payload.detail = { ...(payload.detail as object), ...detail };
  return decodePayload(payload, { via: 'sns', deliveryId }, Date.parse('2026-11-26T02:29:00Z'));
}

const asked = (deps: TestDeps): AlertQuestion[] =>
  (deps.runQuestion as unknown as { asked: AlertQuestion[] }).asked;

describe('alert threads', () => {
  it('opens a thread whose first reply is an investigation already run', async () => {
    const deps = testDeps();
    const outcome = await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    assert.equal(outcome.status, 'threaded');
    const [parent] = deps.chat.parents;
    assert.ok(parent);
    assert.equal(parent.channel, 'C0SEC');
    assert.match(
      parent.text,
      /^HIGH: bob opened sg-0abc to 0\.0\.0\.0\/0 on port 22 from 203\.0\.113\.50$/,
    );
    const json = JSON.stringify(parent.blocks);
    for (const label of ['Acknowledge', 'Investigate', 'Raw event', 'Mark expected', 'Resolve'])
      assert.ok(json.includes(label), label);
    assert.match(json, /aws-cli\/2\.15\.0/, 'the user agent is shown');

    const [reply] = deps.chat.repliesTo(parent.ts);
    assert.ok(reply, 'the investigation is the first reply');
    assert.match(JSON.stringify(reply.blocks), /Other activity of bob/);
    assert.match(JSON.stringify(reply.blocks), /Other changes to sg-0abc/);
    assert.match(JSON.stringify(reply.blocks), /Failed logins from 203\.0\.113\.50/);
    const actor = asked(deps).find((q) => q.spec.kind === 'actor');
    assert.equal(actor?.filter.window?.start.toISOString(), '2026-11-26T01:13:44.000Z');
    assert.equal(actor?.filter.window?.end.toISOString(), '2026-11-26T03:13:44.000Z');
  });

  it('folds alerts with the same dedupe key into one thread with a running count', async () => {
    const deps = testDeps();
    await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    deps.clock.now += 60_000;
    const second = await handleAlert(alertFrom('eventbridge-sg-ingress', { eventID: 'e2' }), deps);
    assert.equal(second.status === 'threaded' && second.count, 2);
    assert.equal(deps.chat.parents.length, 1);
    const ts = deps.chat.parents[0]!.ts;
    assert.match(
      deps.chat.currentJson(ts),
      /×2 since 2026-11-26 02:30:00 UTC · latest 2026-11-26 02:31:00 UTC/,
    );
    assert.equal(deps.chat.repliesTo(ts).length, 1, 'one investigation per thread');
    await handleAlert(
      alertFrom('eventbridge-sg-ingress', { requestParameters: { groupId: 'sg-0def' } }),
      deps,
    );
    assert.equal(deps.chat.parents.length, 2, 'another resource opens another thread');
  });

  it('updates a storm parent at most once per interval, catching up later', async () => {
    const deps = testDeps();
    const later: Array<{ run: () => void; delayMs: number }> = [];
    deps.updateIntervalMs = 2000;
    deps.defer = (run, delayMs) => void later.push({ run, delayMs });
    const first = await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    for (let i = 0; i < 5; i++) {
      deps.clock.now += 100;
      await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    }
    assert.equal(deps.chat.updates.length, 0, 'too soon after the post');
    assert.equal(later.length, 1, 'one catch-up scheduled, not one per alert');
    assert.equal(later[0]!.delayMs, 2000 - 100);
    deps.clock.now += 2000;
    later[0]!.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(deps.chat.updates.length, 1);
    assert.match(deps.chat.currentJson(deps.chat.parents[0]!.ts), /×6 since/);
    // A click is shown at once, throttle or not.
    assert.ok(first.status === 'threaded');
    await handleAlertAction(
      ALERT_ACTION.acknowledge,
      { userId: 'U0ALICE', value: first.threadKey },
      deps,
    );
    assert.equal(deps.chat.updates.length, 2);
    assert.match(deps.chat.currentJson(deps.chat.parents[0]!.ts), /Acknowledged by <@U0ALICE>/);
  });

  it('processes a redelivery once', async () => {
    const deps = testDeps();
    const alert = alertFrom('eventbridge-sg-ingress', {}, 'same-message');
    await handleAlert(alert, deps);
    assert.deepEqual(await handleAlert(alert, deps), { status: 'duplicate' });
    assert.equal(deps.chat.parents.length, 1);
    assert.doesNotMatch(deps.chat.currentJson(deps.chat.parents[0]!.ts), /×2/);
  });

  it('fails while Slack is down and counts the alert exactly once when it is redelivered', async () => {
    const deps = testDeps();
    const alert = alertFrom('eventbridge-sg-ingress', {}, 'while-down');
    deps.chat.down = true;
    await assert.rejects(handleAlert(alert, deps), /ECONNREFUSED/);
    await assert.rejects(handleAlert(alert, deps), /ECONNREFUSED/, 'still down: still failing');
    deps.chat.down = false;
    assert.equal((await handleAlert(alert, deps)).status, 'duplicate');
    assert.equal(deps.chat.parents.length, 1, 'the redelivery opened the thread');
    assert.equal(deps.chat.repliesTo(deps.chat.parents[0]!.ts).length, 1);
    await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    assert.match(
      deps.chat.currentJson(deps.chat.parents[0]!.ts),
      /×2 since/,
      'counted once, not three times',
    );
  });

  it('runs the CIS question over the alarm window and resolves the thread on OK', async () => {
    const deps = testDeps();
    const alarm = decodePayload(
      fixture('cloudwatch-alarm-unauthorized'),
      { via: 'sns', deliveryId: 'a1' },
      0,
    );
    await handleAlert(alarm, deps);
    const [parent] = deps.chat.parents;
    assert.ok(parent);
    assert.match(parent.text, /alarm CIS-3\.1-UnauthorizedAPICalls fired/);
    const [question] = asked(deps);
    assert.equal(question?.spec.kind, 'cis');
    assert.equal(question?.filter.window?.start.toISOString(), '2026-11-26T02:10:00.123Z');
    assert.match(
      JSON.stringify(deps.chat.repliesTo(parent.ts)[0]?.blocks),
      /DescribeSecurityGroups/,
      'shows the events',
    );

    const ok = decodePayload(fixture('cloudwatch-alarm-ok'), { via: 'sns', deliveryId: 'a2' }, 0);
    const resolved = await handleAlert(ok, deps);
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.status === 'resolved' && resolved.threadKey !== undefined);
    assert.equal(deps.chat.parents.length, 1, 'OK opens nothing');
    assert.match(deps.chat.currentJson(parent.ts), /Resolved by CloudWatch \(OK\)/);
    assert.match(
      JSON.stringify(deps.chat.repliesTo(parent.ts).at(-1)),
      /CloudWatch \(OK\).*Threshold Crossed/,
    );
  });

  it('drops muted alerts without posting', async () => {
    const deps = testDeps({ env: { ALERT_MUTES: 'security-group-*:bob@2099-01-01' } });
    assert.equal((await handleAlert(alertFrom('eventbridge-sg-ingress'), deps)).status, 'muted');
    assert.equal(deps.chat.posts.length, 0);
  });

  it('routes by severity to another channel', async () => {
    const deps = testDeps({ env: { ALERT_ROUTES: 'severity:critical=C0CRIT' } });
    await handleAlert(
      decodePayload(fixture('cloudtrail-root-console-login'), { via: 'sns', deliveryId: 'r1' }, 0),
      deps,
    );
    assert.equal(deps.chat.parents[0]?.channel, 'C0CRIT');
  });
});

describe('alert buttons', () => {
  async function opened() {
    const deps = testDeps();
    const outcome = await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    assert.equal(outcome.status, 'threaded');
    const parent = deps.chat.parents[0]!;
    return {
      deps,
      threadKey: outcome.status === 'threaded' ? outcome.threadKey : '',
      ts: parent.ts,
    };
  }

  it('reads a click from a Bolt block_actions body', async () => {
    const click = alertClickFrom({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      actions: [{ action_id: ALERT_ACTION.acknowledge, value: 'k', type: 'button' }],
    });
    assert.deepEqual(click, { actionId: ALERT_ACTION.acknowledge, userId: 'U0ALICE', value: 'k' });
    assert.equal(
      alertClickFrom({
        user: { id: 'U1' },
        actions: [{ action_id: 'trail.page.next', value: 'x' }],
      }),
      undefined,
    );
  });

  it('acknowledges and resolves: a reply in the thread and the parent status line', async () => {
    const { deps, threadKey, ts } = await opened();
    deps.clock.now = Date.parse('2026-11-26T02:40:00Z');
    assert.deepEqual(
      await handleAlertAction(
        ALERT_ACTION.acknowledge,
        { userId: 'U0ALICE', value: threadKey },
        deps,
      ),
      { ok: true },
    );
    assert.match(
      deps.chat.currentJson(ts),
      /Acknowledged by <@U0ALICE> at 2026-11-26 02:40:00 UTC/,
    );
    assert.match(deps.chat.repliesTo(ts).at(-1)!.text, /Acknowledged by <@U0ALICE>/);
    await handleAlertAction(ALERT_ACTION.resolve, { userId: 'U0BOB', value: threadKey }, deps);
    assert.match(deps.chat.currentJson(ts), /Resolved by <@U0BOB>/);
    assert.doesNotMatch(deps.chat.currentJson(ts), /Acknowledged/);
    deps.clock.now += 60_000;
    await handleAlert(alertFrom('eventbridge-sg-ingress'), deps);
    assert.match(deps.chat.currentJson(ts), /Reopened at 2026-11-26 02:41:00 UTC/);
    assert.match(deps.chat.currentJson(ts), /×2 since/);
  });

  it('posts the raw event (secrets redacted) and a fresh investigation', async () => {
    const deps = testDeps();
    const credentials = {
      accessKeyId: 'ASIAEXAMPLE',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESECRET',
    };
    const outcome = await handleAlert(
      alertFrom('eventbridge-sg-ingress', { responseElements: { credentials } }),
      deps,
    );
    const threadKey = outcome.status === 'threaded' ? outcome.threadKey : '';
    const ts = deps.chat.parents[0]!.ts;
    await handleAlertAction(ALERT_ACTION.rawEvent, { userId: 'U1', value: threadKey }, deps);
    assert.match(
      JSON.stringify(deps.chat.repliesTo(ts).at(-1)!.blocks),
      /AuthorizeSecurityGroupIngress/,
    );
    await handleAlertAction(
      ALERT_ACTION.investigate,
      { userId: 'U0ALICE', value: threadKey },
      deps,
    );
    assert.match(
      JSON.stringify(deps.chat.repliesTo(ts).at(-1)!.blocks),
      /Investigation requested by <@U0ALICE>/,
    );
  });

  it('proposes a mute with an expiry, and once confirmed later alerts are muted', async () => {
    const { deps, threadKey, ts } = await opened();
    await handleAlertAction(ALERT_ACTION.markExpected, { userId: 'U1', value: threadKey }, deps);
    const proposal = deps.chat.repliesTo(ts).at(-1)!;
    assert.match(
      proposal.text,
      /Mute `security-group-change` alerts from `arn:aws:iam::111122223333:user\/bob` for 7 days/,
    );
    const confirm = JSON.stringify(proposal.blocks).match(
      /"action_id":"alert\.mute-confirm","value":"((?:[^"\\]|\\.)*)"/,
    );
    assert.ok(confirm);
    const value = JSON.parse(`"${confirm[1]}"`) as string;
    await handleAlertAction(ALERT_ACTION.muteConfirm, { userId: 'U1', value }, deps);
    assert.match(deps.chat.repliesTo(ts).at(-1)!.text, /muted .* until 2026-12-03 02:30:00 UTC/);
    const posts = deps.chat.posts.length;
    deps.clock.now += 2 * 60 * 60 * 1000;
    assert.equal((await handleAlert(alertFrom('eventbridge-sg-ingress'), deps)).status, 'muted');
    assert.equal(deps.chat.posts.length, posts);
  });

  it('says so when the thread state has expired', async () => {
    const deps = testDeps();
    const result = await handleAlertAction(
      ALERT_ACTION.acknowledge,
      { userId: 'U1', value: 'gone@0' },
      deps,
    );
    assert.equal(result.ok, false);
    assert.equal(deps.chat.posts.length, 0);
  });
});
