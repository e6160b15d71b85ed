/**
 * The `trailhound` subcommands. Adding one is one line here: a name, a one-line summary and a
 * function from the arguments after the name to an exit code.
 */
import { askCommand } from './ask.js';
import { doctorCommand } from './doctor.js';
import { verifyCommand } from './verify.js';

export interface Subcommand {
  name: string;
  summary: string;
  run: (argv: string[]) => Promise<number>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: 'ask',
    summary: 'ask a question about CloudTrail events',
    run: (argv) => askCommand(argv),
  },
  {
    name: 'verify',
    summary: 'check CloudTrail log file integrity (digests)',
    run: (argv) => verifyCommand(argv),
  },
  {
    name: 'doctor',
    summary: 'check a deployment: Slack, AWS access, Athena table, alerts',
    run: (argv) => doctorCommand(argv),
  },
];

export const CLI_USAGE = `Usage: trailhound <command> [options]

Commands:
${SUBCOMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run "trailhound <command> --help" for a command's options. Example:
  trailhound ask "failed logins today" --logs ./my-trail`;

/**
 * Dispatches `argv` (without node and the script) to its subcommand; returns the exit code.
 * @example await runCli(['ask', 'root activity', '--json'])
 */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`${CLI_USAGE}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return 0;
  }
  const command = SUBCOMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`trailhound: unknown command "${name}".\n\n${CLI_USAGE}\n`);
    return 2;
  }
  return command.run(rest);
}
