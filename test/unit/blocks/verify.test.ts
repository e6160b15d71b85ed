import { strict as assert } from 'node:assert';
import { verifyBlocks, verifyMessage } from '../../../blocks/verify.js';
import { renderVerifyReport } from '../../../src/verify/render-terminal.js';
import {
  integrityBadge,
  verdictHeadline,
  type Problem,
  type VerifyReport,
} from '../../../src/verify/report.js';
import { assertValidMessage } from '../../helpers/block-kit-validator.js';

const T = (h: number): Date => new Date(Date.UTC(2026, 10, 2, h, 0, 31));

const report = (problems: Problem[]): VerifyReport => ({
  source: 's3://corp-trail/ct/',
  keys: 'cloudtrail:ListPublicKeys',
  window: { start: T(0), end: T(6) },
  intact: problems.length === 0,
  problems,
  chains: [
    {
      account: '111122223333',
      region: 'us-east-1',
      trail: 'main<trail>',
      homeRegion: 'us-east-1',
      digests: 6,
      emptyDigests: 1,
      start: T(0),
      end: T(6),
      logFiles: 10,
      signatures: { verified: 6, failed: 0, viaSuccessor: 5, viaMetadata: 1, unchecked: [] },
      newest: "newest digest's signature from S3 object metadata (x-amz-meta-signature)",
    },
  ],
  checked: {
    digests: 6,
    logFiles: 10,
    hoursCovered: 6,
    signaturesVerified: 6,
    signaturesUnchecked: 0,
    pendingLogFiles: 0,
  },
  notes: [],
});

const modified = (i: number): Problem => ({
  kind: 'modified-file',
  scope: '111122223333 us-east-1',
  key: `AWSLogs/x/<!channel>${i}.json.gz`,
  count: 1,
  message: `AWSLogs/x/<!channel>${i}.json.gz was modified & re-zipped.`,
});

describe('integrity report rendering', () => {
  it('says intact, with what was checked, in every form', () => {
    const r = report([]);
    assert.equal(verdictHeadline(r), 'Intact');
    assert.equal(integrityBadge(r), '✅ Logs verified intact: 6 digests, 10 files, 6 h');
    const text = renderVerifyReport(r);
    assert.match(text, /^Integrity: Intact/);
    assert.match(text, /6 digests \(1 empty\), 10 log files/);
    assert.match(text, /6 verified \(5 via the next digest, 1 via stored signature\)/);
    const message = verifyMessage(r);
    assertValidMessage(message);
    assert.ok(JSON.stringify(message.blocks).includes('main&lt;trail&gt;'));
  });

  it('names gaps and chain breaks with their times', () => {
    const r = report([
      { kind: 'logging-gap', scope: 's', from: T(2), to: T(5), count: 1, message: 'gap' },
      { kind: 'missing-digest', scope: 's', from: T(1), to: T(2), count: 1, message: 'gone' },
      modified(1),
      modified(2),
    ]);
    assert.equal(
      verdictHeadline(r),
      'Problems found: 2 files modified · logging gap between 2026-11-02T02:00Z and 2026-11-02T05:00Z · chain broken between 2026-11-02T01:00Z and 2026-11-02T02:00Z',
    );
    assert.match(integrityBadge(r), /^⚠️ Log integrity problems: 2 files modified/);
  });

  it('escapes file names and stays within Slack limits however many problems there are', () => {
    const r = report(Array.from({ length: 400 }, (_, i) => modified(i)));
    const message = verifyMessage(r);
    assertValidMessage(message);
    const json = JSON.stringify(message);
    assert.ok(!json.includes('<!channel>'));
    assert.ok(json.includes('&lt;!channel&gt;0.json.gz was modified &amp; re-zipped'));
    assert.ok(verifyBlocks(r).length <= 50);
    assert.match(json, /… and 300 more problems/);
    const text = renderVerifyReport(r);
    assert.match(text, /… and 200 more \(use --json for all\)/);
  });
});
