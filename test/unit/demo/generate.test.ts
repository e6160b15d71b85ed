import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeSyntheticTrail } from '../../../src/demo/generate.js';
import { DEMO_INCIDENT } from '../../../src/demo/story.js';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface LogFile {
  relative: string;
  body: string;
  records: Rec[];
}

const NOW = new Date('2026-11-26T15:00:00Z');
const DAY = 86_400_000;
const LAYOUT =
  /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

async function readArchive(dir: string): Promise<LogFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: LogFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const body = gunzipSync(await readFile(full)).toString('utf8');
    const relative = path.relative(dir, full).split(path.sep).join('/');
    files.push({ relative, body, records: (JSON.parse(body) as { Records: Rec[] }).Records });
  }
  return files.sort((a, b) => a.relative.localeCompare(b.relative));
}

describe('writeSyntheticTrail', () => {
  let root: string;
  let files: LogFile[];
  let records: Rec[];
  let result: { files: number; events: number };

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'trailhound-gen-'));
    const dir = path.join(root, 'a');
    result = await writeSyntheticTrail({
      dir,
      now: NOW,
      days: 12,
      eventsPerDay: 600,
      seed: 7,
      incident: true,
    });
    files = await readArchive(dir);
    records = files.flatMap((f) => f.records);
  });

  after(() => rm(root, { recursive: true, force: true }));

  it('reports the files and events it wrote', () => {
    assert.equal(result.files, files.length);
    assert.equal(result.events, records.length);
    assert.ok(records.length > 5000, `only ${records.length} events`);
  });

  it('lays files out exactly as CloudTrail delivers them to S3', () => {
    for (const file of files) {
      const m = LAYOUT.exec(file.relative);
      assert.ok(m, `unexpected path ${file.relative}`);
      const [, account, region, y, mo, d, nameAccount, nameRegion, ny, nmo, nd] = m;
      assert.equal(nameAccount, account);
      assert.equal(nameRegion, region);
      assert.deepEqual([ny, nmo, nd], [y, mo, d], 'the folder date is the delivery date');
      for (const r of file.records) {
        assert.equal(r.recipientAccountId, account);
        assert.equal(r.awsRegion, region);
      }
    }
    const accounts = new Set(files.map((f) => f.relative.split('/')[1]));
    const regions = new Set(files.map((f) => f.relative.split('/')[3]));
    assert.deepEqual([...accounts].sort(), ['111122223333', '444455556666']);
    assert.deepEqual([...regions].sort(), ['eu-west-1', 'us-east-1']);
  });

  it('delivers several files in a busy hour', () => {
    const perHour = new Map<string, number>();
    for (const f of files) {
      const key = f.relative.replace(/T(\d{2})\d{2}Z_.*$/, 'T$1');
      perHour.set(key, (perHour.get(key) ?? 0) + 1);
    }
    assert.ok(Math.max(...perHour.values()) >= 2);
  });

  it('keeps every event inside [now - days, now), in CloudTrail time format', () => {
    for (const r of records) {
      assert.match(r.eventTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const t = Date.parse(r.eventTime);
      assert.ok(t < NOW.getTime() && t >= NOW.getTime() - 12 * DAY, r.eventTime);
    }
  });

  it('gives every event a unique id and the fields renderers rely on', () => {
    assert.equal(new Set(records.map((r) => r.eventID)).size, records.length);
    for (const r of records.slice(0, 500)) {
      for (const field of ['eventVersion', 'eventSource', 'eventName', 'sourceIPAddress']) {
        assert.equal(typeof r[field], 'string', field);
      }
      assert.equal(typeof r.userIdentity.type, 'string');
    }
    const readOnly = records.filter((r) => r.readOnly === true).length;
    assert.ok(readOnly / records.length > 0.8, 'mostly read-only, like a real account');
  });

  it('logs IAM, STS and sign-in only in us-east-1', () => {
    const global = ['iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com'];
    const elsewhere = records.filter(
      (r) => global.includes(r.eventSource) && r.awsRegion !== 'us-east-1',
    );
    assert.deepEqual(elsewhere, []);
  });

  it('includes a principal of every identity type', () => {
    const types = new Set(records.map((r) => r.userIdentity.type));
    for (const type of [
      'IAMUser',
      'AssumedRole',
      'Root',
      'AWSService',
      'FederatedUser',
      'IdentityCenterUser',
      'AWSAccount',
      'WebIdentityUser',
    ]) {
      assert.ok(types.has(type), `no ${type}`);
    }
    const arns = new Set(records.map((r) => r.userIdentity.arn));
    assert.ok(arns.has('arn:aws:sts::111122223333:assumed-role/deploy-role/gha-98765'));
    assert.ok(
      arns.has(
        'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_abc123/alice@example.com',
      ),
    );
    assert.ok([...arns].some((a) => /assumed-role\/app-server-role\/i-0abc/.test(a ?? '')));
    const services = new Set(records.map((r) => r.userIdentity.invokedBy));
    assert.ok(services.has('config.amazonaws.com') && services.has('cloudtrail.amazonaws.com'));
    const users = new Set(records.map((r) => r.userIdentity.userName));
    assert.ok(users.has('alice') && users.has('bob'));
    assert.ok(records.some((r) => r.eventName === 'AssumeRoleWithWebIdentity'));
  });

  it('scripts the incident shortly before now', () => {
    const fromAttacker = records
      .filter((r) => r.sourceIPAddress === DEMO_INCIDENT.attackerIp)
      .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
    const failures = fromAttacker.filter(
      (r) => r.eventName === 'ConsoleLogin' && r.responseElements?.ConsoleLogin === 'Failure',
    );
    assert.equal(failures.length, DEMO_INCIDENT.failedLogins);
    assert.ok(failures.every((r) => r.errorMessage === 'Failed authentication'));
    const success = fromAttacker.find(
      (r) => r.eventName === 'ConsoleLogin' && r.responseElements?.ConsoleLogin === 'Success',
    );
    assert.ok(success, 'the brute force ends in a sign-in');
    assert.equal(success.additionalEventData.MFAUsed, 'No');
    assert.equal(success.userIdentity.userName, 'bob');
    assert.ok(success.eventTime > (failures.at(-1)?.eventTime ?? ''));

    const opened = fromAttacker.find((r) => r.eventName === 'AuthorizeSecurityGroupIngress');
    assert.equal(opened?.requestParameters.groupId, 'sg-0a1b2c3d4e5f');
    const rule = opened?.requestParameters.ipPermissions.items[0];
    assert.equal(rule.fromPort, 22);
    assert.equal(rule.ipRanges.items[0].cidrIp, '0.0.0.0/0');

    const bucketCalls = fromAttacker
      .filter((r) => r.requestParameters?.bucketName === DEMO_INCIDENT.bucket)
      .map((r) => r.eventName);
    assert.deepEqual(bucketCalls, ['DeleteBucketPublicAccessBlock', 'PutBucketPolicy']);
    assert.ok(fromAttacker.some((r) => r.eventName === 'StopLogging'));

    const denied = fromAttacker.filter(
      (r) => r.errorCode === 'AccessDenied' || r.errorCode === 'Client.UnauthorizedOperation',
    );
    assert.equal(denied.length, DEMO_INCIDENT.deniedCalls);
    const last = Date.parse(fromAttacker.at(-1)?.eventTime ?? '');
    assert.ok(NOW.getTime() - last < 3 * 3_600_000, 'the incident is recent');
  });

  it('carries hostile strings for the renderers to neutralise', () => {
    const text = files.map((f) => f.body).join('\n');
    assert.ok(records.some((r) => r.userAgent === '<!channel> *pwned*'));
    assert.ok(text.includes(JSON.stringify('<https://evil.example|click>')));
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const options = { now: NOW, days: 2, eventsPerDay: 300, incident: true };
    await writeSyntheticTrail({ ...options, dir: path.join(root, 'b'), seed: 3 });
    await writeSyntheticTrail({ ...options, dir: path.join(root, 'c'), seed: 3 });
    await writeSyntheticTrail({ ...options, dir: path.join(root, 'd'), seed: 4 });
    const [b, c, d] = await Promise.all(
      ['b', 'c', 'd'].map((name) => readArchive(path.join(root, name))),
    );
    const same = (x: LogFile[] = [], y: LogFile[] = []) =>
      x.length === y.length &&
      x.every((f, i) => f.relative === y[i]?.relative && f.body === y[i]?.body);
    assert.ok(same(b, c), 'same seed, same archive');
    assert.ok(!same(b, d), 'another seed, another archive');
  });

  it('leaves the incident out unless asked', async () => {
    const dir = path.join(root, 'quiet');
    await writeSyntheticTrail({ dir, now: NOW, days: 1, eventsPerDay: 300, seed: 7 });
    const quiet = (await readArchive(dir)).flatMap((f) => f.records);
    assert.ok(quiet.length > 0);
    assert.ok(quiet.every((r) => r.sourceIPAddress !== DEMO_INCIDENT.attackerIp));
  });
});
