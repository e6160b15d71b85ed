/**
 * `/trail verify` through the real receiver: a signed slash command, the integrity check over a
 * local copy of a trail bucket with hourly digests signed by a test key (the key file saved from
 * `aws cloudtrail list-public-keys`, TRAIL_VERIFY_KEY_FILE), and the verdict delivered through the
 * response_url — intact, then naming the log file edited after delivery; and the same check on
 * the trail bucket itself (TRAIL_VERIFY_S3) with S3 on its wire protocol (nock).
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryBackend } from '../../src/ports/backend.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import { buildDigestArchive, makeSigner, type DigestArchive } from '../helpers/digest-archive.js';
import { nockS3 } from '../helpers/digest-archive-nock.js';
import type { SlackFake } from '../helpers/slack-harness.js';
import {
  command,
  commandBody,
  newResponseUrl,
  offlineSlack,
  postSigned,
  startApp,
  stopOffline,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';

const signer = makeSigner();

/** What `aws cloudtrail list-public-keys` prints, saved for offline use. */
const keyFileText = (): string =>
  JSON.stringify({
    PublicKeyList: [
      {
        Value: signer.der.toString('base64'),
        ValidityStartTime: '2026-10-01T00:00:00+00:00',
        ValidityEndTime: '2026-12-31T00:00:00+00:00',
        Fingerprint: signer.fingerprint,
      },
    ],
  });

/** Verification never searches events: a question reaching the backend is a routing bug. */
const noQuestions: QueryBackend = {
  name: 'local',
  run: () => Promise.reject(new Error('verify was answered as a question')),
  close: async () => undefined,
};

/** Everything Slack would render of a reply. */
const rendered = (x: unknown) => JSON.stringify(x);

describe('/trail verify (real receiver, local copy of the trail bucket)', function () {
  this.timeout(30_000);
  let dir: string;
  let copy: string;
  let archive: DigestArchive;
  let running: Running;
  let slack: SlackFake;

  before(async () => {
    slack = offlineSlack();
    dir = await mkdtemp(join(tmpdir(), 'trailhound-slack-verify-'));
    copy = join(dir, 'copy');
    const keyFile = join(dir, 'keys.json');
    await writeFile(keyFile, keyFileText());
    // Hourly digests from 22:00 UTC the day before up to NOW (12:00 UTC).
    archive = buildDigestArchive({
      trails: [{ account: '111122223333', region: 'us-east-1' }],
      start: new Date('2026-11-25T22:00:00Z'),
      hours: 14,
      signer,
    });
    await archive.writeTo(copy, 'newest-signature');
    running = await startApp(noQuestions, { TRAIL_LOGS: copy, TRAIL_VERIFY_KEY_FILE: keyFile });
  });
  after(async () => {
    await stopOffline(running);
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(text: string): Promise<Record<string, unknown>> {
    const responseUrl = newResponseUrl();
    const response = await postSigned(
      running.port,
      commandBody({ text, response_url: responseUrl }),
    );
    assert.equal(response.status, 200);
    assert.match(JSON.stringify(response.json), /searching|Searching/);
    const reply = await waitFor(() => slack.repliesTo(responseUrl).at(-1), `the reply to ${text}`);
    assertValidMessage(reply);
    return reply;
  }

  it("says the logs are intact, echoing the window in the asker's zone and what was checked", async () => {
    const reply = await ask('verify logs today');
    assert.equal(reply['replace_original'], true);
    const shown = rendered(reply);
    assert.match(shown, /✅ Logs intact/);
    // "today" for the asker in Europe/Paris (users.info) began at 23:00 UTC.
    assert.match(shown, /:clock3: today · 2026-11-26 00:00 → 2026-11-26 13:00 Europe\/Paris/);
    assert.match(shown, /\*Checked:\* \d+ digests, \d+ log files/);
    assert.match(shown, /signatures verified/);
    const audit = running.audits.find((a) => a.via === 'verify');
    assert.equal(audit?.outcome, 'answered');
    assert.equal(audit?.question, 'verify logs today');
  });

  it('names a log file edited after delivery', async () => {
    const victim = archive.logs[0]?.[20];
    assert.ok(victim);
    archive.rewrite(victim, (plain) => plain.replace('ListUsers', 'StopLogging'));
    await archive.writeTo(copy, 'newest-signature');
    const shown = rendered(await ask('check log integrity for account 111122223333 today'));
    assert.match(shown, /⚠️ Log integrity problems/);
    assert.match(shown, /1 file modified/);
    assert.ok(shown.includes(victim.split('/').pop() ?? '-'), 'the modified file is not named');
    assert.match(shown, /account 111122223333/);
  });

  it('lists verification in /trail help', async () => {
    const shown = rendered(await ask('help'));
    assert.match(shown, /Log integrity/);
    assert.match(shown, /\/trail verify logs yesterday/);
  });

  it('explains a window it cannot read instead of guessing', async () => {
    const shown = rendered(await ask('verify banana'));
    assert.match(shown, /I can't read \\"banana\\" as a time/);
    assert.match(shown, /verify \[account\] \[region\] \[window\]/);
  });
});

describe('/trail verify on the trail bucket (TRAIL_VERIFY_S3, S3 on the wire)', function () {
  this.timeout(30_000);
  const saved = { ...process.env };
  let dir: string;
  let running: Running;
  let slack: SlackFake;

  before(async () => {
    // The S3 client takes its Region and credentials from the environment, as on a dyno.
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
    });
    slack = offlineSlack();
    dir = await mkdtemp(join(tmpdir(), 'trailhound-slack-verify-s3-'));
    const keyFile = join(dir, 'keys.json');
    await writeFile(keyFile, keyFileText());
    const archive = buildDigestArchive({
      bucket: 'corp-trail',
      prefix: 'ct/',
      trails: [{ account: '111122223333', region: 'us-east-1' }],
      start: new Date('2026-11-25T22:00:00Z'),
      hours: 14,
      signer,
    });
    nockS3(archive, 'eu-west-1');
    running = await startApp(noQuestions, {
      TRAIL_VERIFY_S3: 's3://corp-trail/ct/',
      TRAIL_VERIFY_KEY_FILE: keyFile,
    });
  });
  after(async () => {
    await stopOffline(running);
    for (const name of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    await rm(dir, { recursive: true, force: true });
  });

  it('checks the bucket, including the newest digest signature from its S3 metadata', async () => {
    const reply = await command(running, slack, 'verify today', 'the verdict');
    assertValidMessage(reply);
    const shown = rendered(reply);
    assert.match(shown, /✅ Logs intact/);
    assert.match(shown, /Source: s3:\/\/corp-trail\/ct\//);
    assert.doesNotMatch(shown, /unchecked/);
  });
});
