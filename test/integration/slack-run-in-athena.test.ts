/**
 * "Run in Athena": with TRAIL_BACKEND=lookup and Athena configured, a question reaching past
 * LookupEvents' 90 days is answered from what LookupEvents keeps, with the gap named and a button
 * that re-asks it on Athena. The click goes into the real receiver signed as Slack signs it;
 * CloudTrail and Athena answer on the awsJson1_1 wire through nock; the Athena answer replaces
 * the ephemeral one through the response_url and says where it came from and what it scanned.
 * Above the Athena byte cap (ATHENA_MAX_BYTES) the bot says what the question would cost and runs
 * it only after a "Run anyway" click.
 */
import { strict as assert } from 'node:assert';
import { ACTION } from '../../blocks/action-ids.js';
import { decodePageState } from '../../blocks/button-values.js';
import { AthenaBackend } from '../../src/backends/athena/athena-backend.js';
import { ScanHistory, scopeKey } from '../../src/backends/athena/cost.js';
import { createAthenaBackend, createLookupBackend } from '../../src/backends/aws-backends.js';
import { parseAwsSettings } from '../../src/backends/aws-config.js';
import { lazyBackend } from '../../src/runtime/deps.js';
import { execution, headerRow, loginRow, resultsPage } from '../helpers/athena-results.js';
import {
  athena,
  cloudTrail,
  jsonBody,
  lookupPage,
  testClientOptions,
} from '../helpers/aws-wire.js';
import { assertValidMessage, assertValidModal } from '../helpers/block-kit-validator.js';
import { blocksOf, buttonsOf, rendered } from '../helpers/slack-messages.js';
import type { SlackFake } from '../helpers/slack-harness.js';
import {
  click,
  clickBody,
  command,
  newResponseUrl,
  NOW,
  offlineSlack,
  postSigned,
  startApp,
  stopOffline,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';

const MB = 1024 ** 2;

/** The AWS settings the app would read from `env` (which must be valid). */
function awsSettings(env: NodeJS.ProcessEnv) {
  const parsed = parseAwsSettings(env);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  return parsed.settings;
}

/**
 * Athena answering one query in us-east-1: `QueryExecutionId` `id`, one GetQueryExecution per
 * entry of `scanned` (bytes so far; the last poll SUCCEEDED, the others RUNNING), then `rows`.
 * Returns the StartQueryExecution request as it was sent (empty until it is).
 */
function athenaAnswers(id: string, scanned: number[], rows: object[]): Record<string, unknown> {
  const start: Record<string, unknown> = {};
  athena('us-east-1', 'StartQueryExecution')
    .post('/', (body) => {
      Object.assign(start, jsonBody(body));
      return true;
    })
    .reply(200, { QueryExecutionId: id });
  const polls = athena('us-east-1', 'GetQueryExecution');
  scanned.forEach((bytes, i) =>
    polls
      .post('/', { QueryExecutionId: id })
      .reply(200, execution(i === scanned.length - 1 ? 'SUCCEEDED' : 'RUNNING', bytes)),
  );
  athena('us-east-1', 'GetQueryResults')
    .post('/', { QueryExecutionId: id, MaxResults: 1000 })
    .reply(200, resultsPage([headerRow, ...rows]));
  return start;
}

describe('Run in Athena (real receiver; LookupEvents and Athena on the wire)', function () {
  this.timeout(30_000);
  let running: Running;
  let slack: SlackFake;

  before(async () => {
    slack = offlineSlack();
    const settings = awsSettings({
      TRAIL_REGIONS: 'us-east-1',
      ATHENA_DATABASE: 'trail',
      ATHENA_OUTPUT_LOCATION: 's3://results-bucket/trailhound/',
    });
    // What productionDeps builds for TRAIL_BACKEND=lookup, with test credentials and clock.
    const backend = lazyBackend('lookup', async (kind) =>
      kind === 'athena'
        ? createAthenaBackend({ settings, clientOptions: testClientOptions })
        : createLookupBackend({ settings, now: () => NOW, clientOptions: testClientOptions }),
    );
    running = await startApp(backend, { TRAIL_BACKEND: 'lookup' });
  });
  after(async () => {
    await stopOffline(running);
  });

  it('offers the button on a LookupEvents gap and answers the same question on Athena', async () => {
    const lookups = cloudTrail('us-east-1').post('/').reply(200, lookupPage([]));
    const first = await command(
      running,
      slack,
      'failed logins since 2026-07-01',
      'the LookupEvents answer',
    );
    assert.ok(lookups.isDone(), 'LookupEvents was not called');
    assertValidMessage(first);
    assert.match(rendered(first), /LookupEvents keeps only the last 90 days.*Athena can search it/);
    const offer = buttonsOf(first).find((b) => b.action_id === ACTION.runInAthena);
    assert.ok(offer?.value, 'no Run in Athena button');
    assert.equal(offer.text.text, 'Run in Athena');
    const pinned = decodePageState(offer.value);
    assert.equal(pinned?.text, 'failed logins since 2026-07-01');
    assert.equal(pinned?.backend, 'athena');
    assert.equal(pinned?.nowMs, NOW.getTime());

    const start = athenaAnswers('q-1', [5 * MB, 84 * MB], [loginRow(2, 2), loginRow(1, 2)]);

    const clicked = newResponseUrl();
    const runClick = await postSigned(
      running.port,
      clickBody({ actionId: ACTION.runInAthena, value: offer.value, response_url: clicked }),
    );
    assert.equal(runClick.status, 200);
    const answer = await waitFor(
      () => slack.repliesTo(clicked).find((r) => /Athena/.test(rendered(r['blocks']))),
      'the Athena answer',
    );

    // The same question, window and all, on Athena's SQL with its values as parameters: "since
    // 2026-07-01" in the asker's zone (Europe/Paris, from users.info) starts at 22:00 UTC on 30 June.
    assert.match(String(start['QueryString']), /FROM "trail"\."cloudtrail_logs"/);
    const parameters = start['ExecutionParameters'] as string[];
    for (const value of [
      "'2026/06/30'",
      "'us-east-1'",
      "TIMESTAMP '2026-06-30 22:00:00.000 UTC'",
      "TIMESTAMP '2026-11-26 12:00:00.000 UTC'",
    ])
      assert.ok(parameters.includes(value), `${value} not among ${parameters.join(', ')}`);
    assertValidMessage(answer);
    assert.equal(answer['replace_original'], true);
    assert.equal(answer['response_type'], 'ephemeral');
    const shown = rendered(answer);
    assert.match(shown, /2 matching events/);
    assert.match(shown, /alice/);
    assert.match(shown, /Athena · \d+ days? × 1 region · 84 MB · \$0\.0004/);
    assert.doesNotMatch(shown, /LookupEvents keeps only/);
    const buttons = buttonsOf(answer);
    assert.equal(
      buttons.some((b) => b.action_id === ACTION.runInAthena),
      false,
    );
    // Sharing or exporting the Athena answer stays on Athena.
    const share = buttons.find((b) => b.action_id === ACTION.share);
    assert.equal(decodePageState(share?.value)?.backend, 'athena');
    const audit = await waitFor(
      () => running.audits.find((a) => a.via === 'run-in-athena'),
      'the audit line',
    );
    assert.equal(audit.backend, 'athena');
    assert.equal(audit.outcome, 'answered');

    // "Raw event" on a row of the Athena answer is looked up on Athena, by id, in the hours
    // around the event (one day's partition), not on LookupEvents and not over the whole table.
    const raw = /"value":"(raw:evt-2~athena~[0-9a-z]+)"/.exec(
      JSON.stringify(answer['blocks']),
    )?.[1];
    assert.ok(raw, 'the row has no Raw event choice pinned to Athena');
    const lookup = athenaAnswers('q-2', [3 * MB], [loginRow(2, 1)]);
    const updates = slack.calls('views.update').length;
    await click(running, slack, {
      actionId: ACTION.eventMenu,
      value: raw,
      overflow: true,
      trigger_id: 'trigger-raw-athena',
    });
    const update = await waitFor(() => slack.calls('views.update')[updates], 'views.update');
    assertValidModal(update.args['view']);
    assert.match(JSON.stringify(update.args['view']), /evt-2/);
    assert.match(JSON.stringify(update.args['view']), /ConsoleLogin/);
    const lookupParameters = lookup['ExecutionParameters'] as string[];
    assert.ok(lookupParameters.includes("'evt-2'"), lookupParameters.join(', '));
    assert.ok(lookupParameters.includes("'2026/11/26'"), lookupParameters.join(', '));
    assert.ok(
      lookupParameters.includes("TIMESTAMP '2026-11-26 01:00:00.000 UTC'") &&
        lookupParameters.includes("TIMESTAMP '2026-11-26 03:00:00.000 UTC'"),
      lookupParameters.join(', '),
    );
  });
});

describe('Athena cost cap (real receiver; Athena on the wire)', function () {
  this.timeout(30_000);
  let running: Running;
  let slack: SlackFake;

  before(async () => {
    slack = offlineSlack();
    const settings = awsSettings({
      TRAIL_REGIONS: 'us-east-1',
      ATHENA_DATABASE: 'trail',
      ATHENA_MAX_BYTES: '10GB',
    }).athena;
    assert.ok(settings);
    // Earlier scans of this table came to 1 GB a day, so ~150 days are estimated far above 10 GB.
    const history = new ScanHistory();
    history.observe(scopeKey(), 1, 1024 ** 3);
    const backend = lazyBackend(
      'athena',
      async () => new AthenaBackend({ settings, clientOptions: testClientOptions, history }),
    );
    running = await startApp(backend, { TRAIL_BACKEND: 'athena' });
  });
  after(async () => {
    await stopOffline(running);
  });

  it('says what a question would cost above the cap and runs it only once confirmed', async () => {
    const refusal = await command(
      running,
      slack,
      'failed logins since 2026-07-01',
      'the cost-cap reply',
    );
    assertValidMessage(refusal);
    assert.equal(refusal['replace_original'], true);
    assert.match(
      rendered(refusal),
      /would scan about 1\d\d GB \(\$0\.\d+\) on Athena, more than the 10 GB cap \(ATHENA_MAX_BYTES\)/,
    );
    const confirm = blocksOf(refusal)
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e) => e.type === 'button' && e.action_id === ACTION.confirmCost);
    assert.ok(confirm?.type === 'button' && confirm.value, 'no Run anyway button');
    assert.equal(decodePageState(confirm.value)?.confirmCost, true);
    assert.equal(decodePageState(confirm.value)?.timeZone, 'Europe/Paris');

    athenaAnswers('q-1', [20 * 1024 ** 3, 146 * 1024 ** 3], [loginRow(1, 1)]);
    const clicked = newResponseUrl();
    await postSigned(
      running.port,
      clickBody({ actionId: ACTION.confirmCost, value: confirm.value, response_url: clicked }),
    );
    const answer = await waitFor(() => slack.repliesTo(clicked).at(-1), 'the confirmed answer');
    assertValidMessage(answer);
    assert.equal(answer['replace_original'], true);
    assert.match(rendered(answer), /1 matching event/);
    assert.match(rendered(answer), /146 GB · \$0\.7/);
    const share = buttonsOf(answer).find((b) => b.action_id === ACTION.share);
    assert.equal(decodePageState(share?.value)?.confirmCost, true);
  });
});
