/**
 * `trailhound ask "<question>"`: one question against a folder of CloudTrail logs.
 * Exit codes: 0 answered (even with no events), 1 the question was not understood,
 * 2 a usage error or a TrailError (no logs, bad settings), 70 a bug.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { helpSections } from '../../commands/help.js';
import { parse } from '../../commands/index.js';
import { runQuestion } from '../ask.js';
import { createBackend, isBackendKind, BACKEND_KINDS } from '../backends/create.js';
import { isTrailError } from '../core/errors.js';
import { DEMO_TRAIL_DIR, generateDemoTrail } from '../demo/demo-trail.js';
import { answerToJson, errorToJson, failureToJson } from '../render/json.js';
import {
  renderAnswer,
  renderError,
  renderHelpSections,
  renderParseFailure,
} from '../render/terminal.js';
import { useColor } from '../render/text.js';

export const ASK_USAGE = `Usage: trailhound ask "<question>" [options]

Asks one question about CloudTrail events, e.g.
  trailhound ask "failed logins today"
  trailhound ask "who changed sg-0a1b2c3d4e5f"
  trailhound ask "what did alice do yesterday" --tz Europe/Paris

Options:
  --logs DIR      CloudTrail log files (an aws s3 sync of the trail bucket); default $TRAIL_LOGS,
                  then ./${DEMO_TRAIL_DIR} (generated with synthetic events when missing)
  --json          print the answer as JSON
  --now ISO       the reference time for "today", "last 24 hours"… (default: now)
  --tz ZONE       your IANA time zone, e.g. Europe/Paris (default: $TZ, then the system zone)
  --limit N       at most N events (default 20, at most 1000)
  --region R      only events in Region R (same as adding "in R" to the question)
  --backend KIND  the engine: ${BACKEND_KINDS.join(', ')} (default local; the AWS engines
                  read their settings from the environment, see README)
  --cursor C      the next page of a previous answer (it prints the cursor)
  -h, --help      this help, then every question trailhound understands`;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

export interface AskIo {
  /** Writes to standard output exactly what it is given. */
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether standard output is a terminal (colour). */
  isTTY: boolean;
  cwd: string;
}

const processIo = (): AskIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  cwd: process.cwd(),
});

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** `--tz`, else `$TZ` when it names a zone (it may also be a path like `:/etc/localtime`), else the system's. */
function resolveZone(flag: string | undefined, env: AskIo['env']): string | undefined {
  if (flag !== undefined) return isTimeZone(flag) ? flag : undefined;
  const fromEnv = env.TZ;
  if (fromEnv !== undefined && fromEnv !== '' && isTimeZone(fromEnv)) return fromEnv;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

type Options = {
  logs?: string;
  json?: boolean;
  now?: string;
  tz?: string;
  limit?: string;
  region?: string;
  backend?: string;
  cursor?: string;
  help?: boolean;
};

function readArgs(argv: string[]): { values: Options; text: string } | string {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        logs: { type: 'string' },
        json: { type: 'boolean' },
        now: { type: 'string' },
        tz: { type: 'string' },
        limit: { type: 'string' },
        region: { type: 'string' },
        backend: { type: 'string' },
        cursor: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
    return { values, text: positionals.join(' ').trim() };
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Runs `trailhound ask` with the arguments after `ask`; returns the exit code.
 * @example await askCommand(['failed logins today', '--logs', './trail', '--json'])
 */
export async function askCommand(argv: string[], io: AskIo = processIo()): Promise<number> {
  const color = useColor({ isTTY: io.isTTY }, io.env);
  const errColor = useColor(process.stderr, io.env);
  const args = readArgs(argv);
  const usageError = (message: string): number => {
    io.err(`${renderError(message, { color: errColor })}\n${ASK_USAGE}\n`);
    return 2;
  };
  if (typeof args === 'string') return usageError(args);
  const { values } = args;
  if (values.help) {
    io.out(`${ASK_USAGE}\n\n${renderHelpSections(helpSections(), { color })}`);
    return 0;
  }
  if (args.text === '') return usageError('no question given.');

  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    return usageError(`--now ${values.now}: use an ISO 8601 time such as 2026-11-26T15:00:00Z.`);
  }
  const timeZone = resolveZone(values.tz, io.env);
  if (timeZone === undefined) {
    return usageError(`--tz ${values.tz}: not an IANA time zone (e.g. UTC, Europe/Paris).`);
  }
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return usageError(`--limit ${values.limit}: a whole number from 1 to ${MAX_LIMIT}.`);
  }
  const kind = values.backend ?? 'local';
  if (!isBackendKind(kind)) {
    return usageError(`--backend ${kind}: one of ${BACKEND_KINDS.join(', ')}.`);
  }

  const text = values.region === undefined ? args.text : `${args.text} in ${values.region}`;
  const parsed = parse(text, { now, timeZone });
  if (!parsed.ok) {
    if (values.json) io.out(`${JSON.stringify(failureToJson(parsed), null, 2)}\n`);
    else if (parsed.reason === 'help') io.out(renderParseFailure(parsed, { color }));
    else io.err(renderParseFailure(parsed, { color: errColor }));
    return parsed.reason === 'help' ? 0 : 1;
  }

  let backend;
  try {
    const logs =
      kind === 'local' ? await logsFolder(values.logs, io, now) : givenLogs(values.logs, io);
    backend = await createBackend(kind, {
      ...(logs !== undefined ? { logs } : {}),
      env: io.env,
      now: () => now,
    });
    const answer = await runQuestion(parsed.question, {
      backend,
      limit,
      ...(values.cursor !== undefined ? { cursor: values.cursor } : {}),
    });
    io.out(
      values.json
        ? `${JSON.stringify(answerToJson(answer), null, 2)}\n`
        : renderAnswer(answer, { color }),
    );
    return 0;
  } catch (error) {
    if (!isTrailError(error)) {
      io.err(
        renderError(`unexpected error (a bug): ${(error as Error).stack ?? String(error)}`, {
          color: errColor,
        }),
      );
      return 70;
    }
    if (values.json) io.out(`${JSON.stringify(errorToJson(error.code, error.message), null, 2)}\n`);
    io.err(renderError(error.message, { color: errColor }));
    return 2;
  } finally {
    await backend?.close();
  }
}

/** `--logs`, else `$TRAIL_LOGS`, as an absolute path; undefined when neither is set. */
function givenLogs(flag: string | undefined, io: AskIo): string | undefined {
  const given = flag ?? (io.env.TRAIL_LOGS || undefined);
  return given === undefined ? undefined : path.resolve(io.cwd, given);
}

/** `--logs`, else `$TRAIL_LOGS`, else `./demo-trail`, generated on first use. */
async function logsFolder(flag: string | undefined, io: AskIo, now: Date): Promise<string> {
  const given = givenLogs(flag, io);
  if (given !== undefined) return given;
  const demo = path.resolve(io.cwd, DEMO_TRAIL_DIR);
  if (!existsSync(demo)) {
    io.err(
      `No --logs given and TRAIL_LOGS is not set: generating a synthetic demo trail in ${demo} …\n`,
    );
    const made = await generateDemoTrail(demo, now);
    io.err(
      `… ${made.events.toLocaleString('en-US')} events in ${made.files.toLocaleString('en-US')} files. It holds a scripted incident from about 3 hours ago — try "failed logins last 6 hours" or "cloudtrail changes". Point --logs at your own trail to ask about it.\n`,
    );
  }
  return demo;
}
