/**
 * The integrity report as plain terminal text: verdict first, then the problems, then what was
 * checked and how. Pure; the CLI prints it.
 */
import { isoMinute, verdictHeadline, type ChainReport, type VerifyReport } from './report.js';

/** Problems beyond this many are summarised: a tampered archive can have thousands. */
const MAX_PROBLEM_LINES = 200;

const windowText = (report: VerifyReport): string => {
  const { start, end } = report.window;
  if (!start && !end) return 'all files';
  return `${start ? isoMinute(start) : 'the beginning'} → ${end ? isoMinute(end) : 'now'}`;
};

const chainLine = (c: ChainReport): string => {
  const who = [c.org, c.account, c.region].filter(Boolean).join(' ');
  const sig = c.signatures;
  const how = [
    sig.viaSuccessor > 0 ? `${sig.viaSuccessor} via the next digest` : '',
    sig.viaMetadata > 0 ? `${sig.viaMetadata} via stored signature` : '',
    sig.failed > 0 ? `${sig.failed} FAILED` : '',
    sig.unchecked.length > 0 ? `${sig.unchecked.length} unchecked` : '',
  ].filter(Boolean);
  return [
    `  ${who} trail ${c.trail} (home ${c.homeRegion}): ${c.digests} digests (${c.emptyDigests} empty), ${c.logFiles} log files, ${isoMinute(c.start)} → ${isoMinute(c.end)}`,
    `    signatures: ${sig.verified} verified${how.length ? ` (${how.join(', ')})` : ''}; ${c.newest}`,
  ].join('\n');
};

/**
 * @example renderVerifyReport(report).split('\n')[0] // 'Integrity: Intact'
 */
export function renderVerifyReport(report: VerifyReport): string {
  const lines = [`Integrity: ${verdictHeadline(report)}`, ''];
  const scope = [report.account, report.region].filter(Boolean).join(' ');
  lines.push(
    `Source: ${report.source}${scope ? ` (${scope})` : ''} · window: ${windowText(report)} · keys: ${report.keys}`,
  );
  if (report.problems.length > 0) {
    lines.push('', `Problems (${report.problems.length}):`);
    for (const p of report.problems.slice(0, MAX_PROBLEM_LINES))
      lines.push(`  ✗ [${p.kind}] ${p.message}`);
    if (report.problems.length > MAX_PROBLEM_LINES) {
      lines.push(`  … and ${report.problems.length - MAX_PROBLEM_LINES} more (use --json for all)`);
    }
  }
  const c = report.checked;
  lines.push(
    '',
    `Checked: ${c.digests} digests, ${c.logFiles} log files, ${c.hoursCovered} hours covered, ${c.signaturesVerified} signatures verified${c.signaturesUnchecked ? `, ${c.signaturesUnchecked} unchecked` : ''}`,
  );
  for (const chain of report.chains) lines.push(chainLine(chain));
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}
