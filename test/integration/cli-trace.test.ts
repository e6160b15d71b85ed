/** `trailhound ask --json "trace ASIA…"` end to end, as a child process, on the trace fixtures. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/records.js';
import { traceFixtureFiles, traceFixturesDir } from '../helpers/trace-scenarios.js';

function trailhound(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  delete env.TRAIL_LOGS;
  delete env.FORCE_COLOR;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/entry/cli.ts', ...args],
      { cwd: repoRoot, env, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('trailhound ask "trace …" (child process)', function () {
  this.timeout(120_000);
  let logs: string;

  before(() => {
    logs = mkdtempSync(path.join(tmpdir(), 'trailhound-cli-trace-'));
    for (const { file } of traceFixtureFiles()) {
      copyFileSync(path.join(traceFixturesDir, file), path.join(logs, file));
    }
  });

  after(() => rmSync(logs, { recursive: true, force: true }));

  it('prints the chain as JSON, ending at the IAM user behind a cross-account key', async () => {
    const run = await trailhound([
      'ask',
      'trace ASIADBADMINEXAMPLE01',
      '--json',
      '--logs',
      logs,
      '--now',
      '2026-11-21T00:00:00Z',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.question.intent, 'trace');
    assert.deepEqual(json.trace.origin, {
      kind: 'iam-user',
      label: 'alice',
      accountId: '111122223333',
    });
    assert.deepEqual(
      json.trace.hops.map((h: { eventId: string; accountId: string }) => [h.eventId, h.accountId]),
      [
        ['e1000000-0000-4000-8000-000000000004', '444455556666'],
        ['e1000000-0000-4000-8000-000000000002', '444455556666'],
        ['e1000000-0000-4000-8000-000000000001', '111122223333'],
      ],
    );
    assert.equal(json.trace.searched.backend, 'local');
  });
});
