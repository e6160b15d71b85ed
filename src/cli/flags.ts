/**
 * The flag handling every `trailhound` subcommand without positionals shares: strict parsing,
 * `--help` printing the usage (exit 0), and any unknown or malformed flag reported with the
 * usage after it (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

type Flags<T extends Options> = ReturnType<
  typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>
>['values'];

/** The parsed flags, or the exit code when the command should stop here. */
export function readFlags<const T extends Options>(
  argv: string[],
  options: T,
  usage: string,
  io: { out: (s: string) => void; err: (s: string) => void },
): { values: Flags<T> } | { exit: number } {
  let values: Flags<T> & { help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }) as { values: Flags<T> & { help?: boolean } });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${usage}`);
    return { exit: 2 };
  }
  if (values.help === true) {
    io.out(usage);
    return { exit: 0 };
  }
  return { values };
}
