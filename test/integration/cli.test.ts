/**
 * `trailhound` end to end, as a child process, on a small synthetic trail (with a scripted
 * incident) plus two corrupt files, at a fixed --now.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticTrail } from '../../src/demo/generate.js';
import { DEMO_INCIDENT } from '../../src/demo/story.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = '2026-11-26T15:00:00Z';
const DAY_FOLDER = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/26';
const TRUNCATED = '111122223333_CloudTrail_us-east-1_20261126T0905Z_TRUNCATEDxxxxxxx.json.gz';
const MALFORMED = '111122223333_CloudTrail_us-east-1_20261126T0910Z_MALFORMEDxxxxxxx.json';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from the sources; never rejects (the exit code is part of the result). */
function trailhound(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', ...env };
  delete childEnv.TRAIL_LOGS;
  delete childEnv.FORCE_COLOR;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/entry/cli.ts', ...args],
      { cwd: repoRoot, env: childEnv, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The --json answer (or error) a run printed, failing with its stderr when there is none. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function json(run: Run): any {
  assert.ok(
    run.stdout.startsWith('{'),
    `exit ${run.code}, no JSON on stdout; stderr: ${run.stderr}`,
  );
  return JSON.parse(run.stdout);
}

describe('trailhound CLI (child process)', function () {
  this.timeout(180_000);
  let root: string;
  let logs: string;
  const ask = (question: string, ...flags: string[]) =>
    trailhound(['ask', question, '--logs', logs, '--now', NOW, ...flags]);

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'trailhound-cli-'));
    logs = path.join(root, 'trail');
    await writeSyntheticTrail({
      dir: logs,
      now: new Date(NOW),
      days: 3,
      eventsPerDay: 600,
      seed: 5,
      incident: true,
    });
    const day = path.join(logs, DAY_FOLDER);
    await mkdir(day, { recursive: true });
    const [someFile] = (await readdir(day)).filter((name) => name.endsWith('.json.gz'));
    const gz = await readFile(path.join(day, someFile as string));
    await writeFile(path.join(day, TRUNCATED), gz.subarray(0, Math.floor(gz.length / 2)));
    await writeFile(path.join(day, MALFORMED), '{"Records": [{"eventName": "ConsoleLogin", ');
  });

  after(() => rm(root, { recursive: true, force: true }));

  it('answers in text: understood question, window, summary, events, skipped files named', async () => {
    const run = await ask('failed logins today');
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /^Failed console logins\n/);
    assert.match(out, /2026-11-26 00:00 → 2026-11-26 15:00 UTC {2}\(today\)/);
    assert.match(out, new RegExp(`${DEMO_INCIDENT.attackerIp.replaceAll('.', '\\.')} \\(40\\)`));
    assert.match(out, /Thu 2026-11-26/);
    assert.match(out, /ConsoleLogin \(signin\) {2}✗ Failed authentication/);
    assert.ok(out.includes(TRUNCATED) && out.includes(MALFORMED), 'skipped files are named');
    assert.ok(!out.includes('\u001b['), 'no colour when piped');
  });

  it('prints the --json object', async () => {
    const run = await ask('who changed sg-0a1b2c3d4e5f', '--json');
    assert.equal(run.code, 0, run.stderr);
    const answer = json(run);
    assert.equal(answer.question.intent, 'who-changed');
    assert.equal(answer.question.subject, 'sg-0a1b2c3d4e5f');
    assert.equal(answer.question.window.end, '2026-11-26T15:00:00.000Z');
    assert.equal(answer.question.timeZone, 'UTC');
    const opened = answer.events.find(
      (e: { sourceIPAddress: string }) => e.sourceIPAddress === DEMO_INCIDENT.attackerIp,
    );
    assert.equal(opened.eventName, 'AuthorizeSecurityGroupIngress');
    assert.equal(opened.actor, 'bob');
    assert.equal(opened.actorType, 'IAMUser');
    assert.equal(
      opened.requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp,
      '0.0.0.0/0',
    );
    assert.equal(answer.total, answer.events.length);
    assert.equal(answer.truncated, false);
    assert.equal(answer.nextCursor, null);
    assert.equal(answer.stats.backend, 'local');
    assert.ok(
      answer.notes.some(
        (n: { kind: string; text: string }) => n.kind === 'warning' && n.text.includes(TRUNCATED),
      ),
    );
  });

  it('reads "today" in the asker time zone (--tz, then $TZ)', async () => {
    const auckland = json(await ask('failed logins today', '--json', '--tz', 'Pacific/Auckland'));
    // 15:00 UTC is 04:00 the next day in Auckland (UTC+13 in November).
    assert.equal(auckland.question.window.start, '2026-11-26T11:00:00.000Z');
    assert.equal(auckland.question.timeZone, 'Pacific/Auckland');
    const viaEnv = json(
      await trailhound(['ask', 'failed logins today', '--logs', logs, '--now', NOW, '--json'], {
        TZ: 'America/New_York',
      }),
    );
    assert.equal(viaEnv.question.timeZone, 'America/New_York');
    assert.equal(viaEnv.question.window.start, '2026-11-26T05:00:00.000Z');
    const text = await ask('failed logins today', '--tz', 'America/Los_Angeles', '--limit', '1');
    assert.match(text.stdout, /2026-11-26 00:00 → 2026-11-26 07:00 America\/Los_Angeles/);
    assert.match(text.stdout, /\d\d:\d\d:\d\d PST {2}ConsoleLogin/);
  });

  it('narrows to a Region with --region and pages with --cursor', async () => {
    const first = json(
      await ask('access denied today', '--region', 'eu-west-1', '--json', '--limit', '3'),
    );
    assert.deepEqual(first.question.modifiers, { in: 'eu-west-1' });
    assert.ok(first.events.length === 3 && first.truncated);
    assert.ok(first.events.every((e: { awsRegion: string }) => e.awsRegion === 'eu-west-1'));
    const next = json(
      await ask(
        'access denied today',
        '--region',
        'eu-west-1',
        '--json',
        '--limit',
        '3',
        '--cursor',
        first.nextCursor,
      ),
    );
    const ids = new Set(first.events.map((e: { eventID: string }) => e.eventID));
    assert.ok(next.events.length > 0);
    assert.ok(next.events.every((e: { eventID: string }) => !ids.has(e.eventID)));
  });

  it('treats SQL in a question as a plain value: no error, no extra rows', async () => {
    for (const question of [
      "what did 'OR'1'='1 do",
      "what did ' OR 1=1 -- do",
      "who changed sg-0a1b2c3d4e5f';--",
    ]) {
      const run = await ask(question, '--json');
      assert.equal(run.code, 0, `${question}: ${run.stderr}`);
      assert.equal(json(run).total, 0, question);
    }
    assert.equal(
      json(await ask("what did ' OR 1=1 -- do", '--json')).question.subject,
      "' OR 1=1 --",
    );
    const notAQuestion = await ask('"; DROP TABLE events; --');
    assert.equal(notAQuestion.code, 1, 'not understood, not run');
    assert.equal(notAQuestion.stdout, '');
    const after = json(await ask('failed logins today', '--json'));
    assert.equal(after.total, DEMO_INCIDENT.failedLogins, 'the events table is intact');
  });

  it('answers an unknown question with did-you-mean and exit code 1', async () => {
    const text = await ask('faild logins today');
    assert.equal(text.code, 1);
    assert.match(text.stderr, /Did you mean:\n {2}trailhound ask "failed logins today"/);
    const asJson = await ask('faild logins today', '--json');
    assert.equal(asJson.code, 1);
    assert.equal(json(asJson).error.reason, 'unknown');
    assert.ok(json(asJson).error.suggestions.includes('failed logins today'));
  });

  it('says clearly when the log folder is empty or missing (exit 2)', async () => {
    const empty = path.join(root, 'empty');
    await mkdir(empty);
    const none = await trailhound(['ask', 'root activity', '--logs', empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No CloudTrail log files in .*empty/);
    const missing = await trailhound([
      'ask',
      'root activity',
      '--logs',
      path.join(root, 'nope'),
      '--json',
    ]);
    assert.equal(missing.code, 2);
    assert.equal(json(missing).error.reason, 'no-logs');
    assert.match(missing.stderr, /nope does not exist/);
  });

  it('rejects bad options with the usage (exit 2) and prints help (exit 0)', async () => {
    const badZone = await ask('root activity', '--tz', 'Mars/Olympus');
    assert.equal(badZone.code, 2);
    assert.match(badZone.stderr, /--tz Mars\/Olympus: not an IANA time zone/);
    const top = await trailhound(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /ask +ask a question/);
    assert.match(top.stdout, /verify +check CloudTrail log file integrity/);
    const askHelp = await trailhound(['ask', '--help']);
    assert.equal(askHelp.code, 0);
    assert.match(askHelp.stdout, /--logs DIR/);
    assert.match(askHelp.stdout, /who changed/i);
  });
});
