/**
 * The doctor's report for a terminal: one line per check, the fix under each problem, and a
 * closing count. AWS and Slack messages are stripped of control characters before printing.
 */
import { painter, stripControl, type Paint } from '../render/text.js';
import type { CheckStatus } from './check.js';
import type { DoctorReport } from './run.js';

const LABEL: Record<CheckStatus, [string, Parameters<Paint>[0]]> = {
  ok: ['ok', 'green'],
  problem: ['PROBLEM', 'red'],
  skipped: ['skipped', 'dim'],
};

/**
 * @example renderDoctorReport({ mode: 'http', healthy: true, checks: [ok('slack token', 'bot x')] })
 * // "trailhound doctor (http runtime)\n\n  ok       slack token  bot x\n\nEverything checked is fine."
 */
export function renderDoctorReport(report: DoctorReport, color = false): string {
  const paint = painter(color);
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [paint('bold', `trailhound doctor (${report.mode} runtime)`), ''];
  for (const check of report.checks) {
    const [label, style] = LABEL[check.status];
    lines.push(
      `  ${paint(style, label.padEnd(8))} ${check.name.padEnd(width)}  ${stripControl(check.detail)}`,
    );
    if (check.fix !== undefined) {
      lines.push(
        `  ${' '.repeat(8)} ${' '.repeat(width)}  ${paint('yellow', `→ ${stripControl(check.fix)}`)}`,
      );
    }
  }
  const problems = report.checks.filter((c) => c.status === 'problem').length;
  lines.push(
    '',
    problems === 0
      ? 'Everything checked is fine.'
      : `${problems} problem${problems === 1 ? '' : 's'}: fix ${problems === 1 ? 'it' : 'them'} and run trailhound doctor again.`,
  );
  return lines.join('\n');
}
