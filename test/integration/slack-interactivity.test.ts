/**
 * The buttons and menus of an answer, clicked the way Slack delivers clicks (signed
 * `payload=` posts): paging with the cursor in the button, the raw-event modal with secrets
 * redacted, follow-ups, CSV export, sharing — and answers built from hostile or huge events that
 * must stay inert and inside every Slack limit.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION } from '../../blocks/action-ids.js';
import { decodePageState } from '../../blocks/button-values.js';
import { normaliseRecord } from '../../src/core/normalise.js';
import type { CloudTrailRecord, TrailEvent } from '../../src/core/trail-event.js';
import type { QueryBackend } from '../../src/ports/backend.js';
import { HOSTILE, makeRecord } from '../helpers/answers.js';
import { assertValidMessage, assertValidModal } from '../helpers/block-kit-validator.js';
import { blocksOf, buttonsOf, rendered } from '../helpers/slack-messages.js';
import type { SlackFake } from '../helpers/slack-harness.js';
import {
  click,
  command,
  disposeRealTrail,
  offlineSlack,
  realTrail,
  startApp,
  stopOffline,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cloudtrail-samples/records');

/** A backend over a fixed list: pages by offset, and honours `event <id>` lookups. */
function listBackend(events: TrailEvent[]): QueryBackend {
  return {
    name: 'local',
    run: async (request) => {
      const where = request.filter.where;
      const pool =
        where.kind === 'eq' && where.field === 'eventID'
          ? events.filter((e) => e.eventID === where.value)
          : events;
      const from = Number(request.cursor ?? '0');
      const next = from + request.limit < pool.length ? String(from + request.limit) : undefined;
      return {
        events: pool.slice(from, from + request.limit),
        total: pool.length,
        truncated: next !== undefined,
        notes: [],
        stats: { backend: 'local' },
        provenance: 'fixture list',
        ...(next !== undefined ? { nextCursor: next } : {}),
      };
    },
    close: async () => undefined,
  };
}

const headerOf = (body: Record<string, unknown>) => {
  const h = blocksOf(body).find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const button = (body: Record<string, unknown>, actionId: string) => {
  const found = buttonsOf(body).find((b) => b.action_id === actionId);
  assert.ok(found?.value, `no ${actionId} button`);
  return { actionId, value: found.value };
};
const eventIds = (body: Record<string, unknown>) =>
  [...JSON.stringify(body['blocks']).matchAll(/"value":"raw:([^"]+)"/g)].map((m) => m[1]);
const menuValue = (body: Record<string, unknown>, choice: string) => {
  const v = new RegExp(`"value":"(${choice}:[^"]+)"`).exec(JSON.stringify(body['blocks']))?.[1];
  assert.ok(v, `no ${choice} choice`);
  return v;
};

describe('Slack interactivity (real pipeline)', function () {
  this.timeout(60_000);
  let running: Running;
  let slack: SlackFake;

  before(async () => {
    slack = offlineSlack();
    running = await startApp((await realTrail()).backend);
  });
  after(async () => {
    await stopOffline(running);
    await disposeRealTrail();
  });

  it('pages forward and back with the cursor carried in the buttons', async () => {
    const page1 = await command(running, slack, 'failed logins');
    assert.match(rendered(page1), /showing 10 of 40 matching events/);
    assert.match(rendered(page1), /page 1 · DuckDB/);
    assert.equal(
      buttonsOf(page1).some((b) => b.action_id === ACTION.pagePrevious),
      false,
    );
    const next = button(page1, ACTION.pageNext);
    assert.deepEqual(decodePageState(next.value)?.cursors.length, 1);
    const forward = await click(running, slack, next);
    const page2 = await forward.reply();
    assertValidMessage(page2);
    assert.equal(page2['replace_original'], true);
    assert.match(rendered(page2), /page 2 · DuckDB/);
    const ids1 = eventIds(page1);
    const ids2 = eventIds(page2);
    assert.equal(ids2.length, 10);
    assert.ok(
      ids2.every((id) => !ids1.includes(id)),
      'page 2 repeats page 1',
    );
    const back = await click(running, slack, button(page2, ACTION.pagePrevious));
    const again = await back.reply();
    assert.deepEqual(eventIds(again), ids1);
  });

  it('answers a page click on a shared answer privately, leaving the channel message alone', async () => {
    const page1 = await command(running, slack, 'failed logins');
    const { reply } = await click(running, slack, {
      ...button(page1, ACTION.pageNext),
      ephemeral: false,
    });
    const page2 = await reply();
    assert.equal(page2['replace_original'], false);
    assert.equal(page2['response_type'], 'ephemeral');
  });

  it('opens the raw event modal right after the click and fills it in', async () => {
    const answer = await command(running, slack, 'trail tampering');
    const raw = menuValue(answer, 'raw');
    const opened = slack.calls('views.open').length;
    await click(running, slack, {
      actionId: ACTION.eventMenu,
      value: raw,
      overflow: true,
      trigger_id: 'trigger-raw-1',
    });
    const update = await waitFor(() => slack.calls('views.update').at(-1), 'views.update');
    const open = slack.calls('views.open')[opened];
    assert.equal(open?.args['trigger_id'], 'trigger-raw-1');
    assertValidModal(open?.args['view']);
    assert.equal(update.args['view_id'], 'V0RAW');
    assertValidModal(update.args['view']);
    assert.match(
      JSON.stringify(update.args['view']),
      /StopLogging|DeleteTrail|UpdateTrail|PutEventSelectors/,
    );
  });

  it('runs the follow-ups: this actor ±1h, this resource, this source IP', async () => {
    const logins = await command(running, slack, 'failed logins');
    const actor = await (
      await click(running, slack, {
        actionId: ACTION.eventMenu,
        value: menuValue(logins, 'actor'),
        overflow: true,
      })
    ).reply();
    assertValidMessage(actor);
    assert.equal(actor['replace_original'], false);
    assert.match(headerOf(actor), /^Activity of /);
    assert.match(rendered(actor), /between 2026-11-2\dT\d\d:\d\d:\d\dZ and/i);
    const ip = await (
      await click(running, slack, {
        actionId: ACTION.eventMenu,
        value: menuValue(logins, 'ip'),
        overflow: true,
      })
    ).reply();
    assert.match(headerOf(ip), /^Activity from 203\.0\.113\.66/);
    const groups = await command(running, slack, 'security group changes');
    const resource = await (
      await click(running, slack, {
        actionId: ACTION.eventMenu,
        value: menuValue(groups, 'resource'),
        overflow: true,
      })
    ).reply();
    assertValidMessage(resource);
    assert.match(headerOf(resource), /^Who changed /);
    assert.ok(running.audits.some((a) => a.via === 'follow-up' && a.outcome === 'answered'));
  });

  it('exports every matching event as CSV into a DM for an ephemeral answer', async () => {
    const answer = await command(running, slack, 'failed logins');
    const { reply } = await click(running, slack, button(answer, ACTION.exportCsv));
    const confirmation = await reply();
    assertValidMessage(confirmation);
    assert.match(
      String(confirmation['text']),
      /Sent a CSV of all 40 events to you in a direct message/,
    );
    const complete = slack.calls('files.completeUploadExternal').at(-1);
    assert.equal(complete?.args['channel_id'], 'D0ALICE');
    assert.equal(slack.calls('conversations.open').at(-1)?.args['users'], 'U0ALICE');
    const csv = slack.uploads.at(-1) ?? '';
    assert.match(csv, /eventTime,eventName,eventSource/);
    assert.equal(csv.match(/,ConsoleLogin,/g)?.length, 40);
  });

  it('shares the page in the channel, saying who shared it', async () => {
    const answer = await command(running, slack, 'root activity');
    const posted = slack.calls('chat.postMessage').length;
    await click(running, slack, button(answer, ACTION.share));
    const post = await waitFor(() => slack.calls('chat.postMessage')[posted], 'chat.postMessage');
    assert.equal(post.args['channel'], 'C0SECURITY');
    const message = { text: post.args['text'], blocks: post.args['blocks'] };
    assertValidMessage(message);
    assert.match(rendered(message), /shared by <@U0ALICE>/);
    assert.equal(
      buttonsOf(message).some((b) => b.action_id === ACTION.share),
      false,
    );
  });
});

describe('Slack answers from hostile and huge events', function () {
  this.timeout(60_000);
  let slack: SlackFake;
  let running: Running | undefined;

  beforeEach(() => {
    slack = offlineSlack();
  });
  afterEach(async () => {
    await stopOffline(running);
    running = undefined;
  });

  function hostileRecords(): CloudTrailRecord[] {
    const crafted = HOSTILE.map((h) =>
      makeRecord({
        eventName: h,
        sourceIPAddress: h,
        userAgent: h,
        errorCode: h,
        errorMessage: h,
        userIdentity: { type: 'IAMUser', userName: h, arn: `arn:aws:iam::1:user/${h}` },
        requestParameters: { groupId: h },
      }),
    );
    const samples = existsSync(SAMPLES)
      ? readdirSync(SAMPLES).flatMap(
          (f) =>
            (
              JSON.parse(readFileSync(path.join(SAMPLES, f), 'utf8')) as {
                Records: CloudTrailRecord[];
              }
            ).Records,
        )
      : [];
    return [...crafted, ...samples];
  }

  it('renders every sample and crafted hostile event inert, page after page', async () => {
    const events = hostileRecords().map(normaliseRecord);
    running = await startApp(listBackend(events), { TRAIL_PAGE_SIZE: '42' });
    let page = await command(running, slack, 'root activity');
    let pages = 1;
    for (;;) {
      assertValidMessage(page);
      const shown = rendered(page);
      for (const bad of ['<!channel>', '<!here', '<https://evil', '<@U024BE7LH>', '<!subteam']) {
        assert.ok(!shown.includes(bad), `${bad} survived on page ${pages}`);
      }
      const next = buttonsOf(page).find((b) => b.action_id === ACTION.pageNext);
      if (!next?.value) break;
      page = await (
        await click(running, slack, { actionId: ACTION.pageNext, value: next.value })
      ).reply();
      pages++;
    }
    assert.equal(pages, Math.ceil(events.length / 42));
  });

  it('keeps a huge answer within every limit', async () => {
    const long = 'W'.repeat(6000);
    const events = Array.from({ length: 300 }, () =>
      normaliseRecord(
        makeRecord({
          eventName: long,
          errorCode: long,
          errorMessage: long,
          userIdentity: { type: 'IAMUser', userName: long },
        }),
      ),
    );
    running = await startApp(listBackend(events), { TRAIL_PAGE_SIZE: '42' });
    const answer = await command(running, slack, 'access denied');
    assertValidMessage(answer);
    assert.equal(eventIds(answer).length, 42);
  });

  it('redacts credentials in the raw event modal', async () => {
    const record = makeRecord({
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      userAgent: '<!channel> `rm -rf` ```',
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAVISIBLE',
          sessionToken: 'FwoGZXIvYXdzEXAMPLESESSION',
          secretAccessKey: 'SECRETEXAMPLEKEY123',
          expiration: 'soon',
        },
      },
    });
    running = await startApp(listBackend([normaliseRecord(record)]));
    const answer = await command(running, slack, 'what did alice do');
    await click(running, slack, {
      actionId: ACTION.eventMenu,
      value: menuValue(answer, 'raw'),
      overflow: true,
    });
    const update = await waitFor(() => slack.calls('views.update').at(-1), 'views.update');
    assertValidModal(update.args['view']);
    const view = JSON.stringify(update.args['view']);
    assert.ok(!view.includes('FwoGZXIvYXdzEXAMPLESESSION'));
    assert.ok(!view.includes('SECRETEXAMPLEKEY123'));
    assert.ok(view.includes('ASIAVISIBLE'));
    assert.ok(!view.includes('<!channel>'));
  });

  it('tells the asker when the backend fails, with a reference, and audits it', async () => {
    const failing: QueryBackend = {
      name: 'local',
      run: async () => {
        throw new Error('disk on fire: /var/secret/path');
      },
      close: async () => undefined,
    };
    running = await startApp(failing);
    const reply = await command(running, slack, 'root activity');
    assertValidMessage(reply);
    assert.match(String(reply['text']), /something went wrong.*reference/);
    assert.ok(!JSON.stringify(reply).includes('/var/secret/path'));
    assert.equal(running.audits.at(-1)?.outcome, 'failed');
  });
});
