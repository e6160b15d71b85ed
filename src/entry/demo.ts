/**
 * `npm run demo`: generates a synthetic CloudTrail archive with a scripted incident in
 * ./demo-trail, indexes it, and answers a handful of questions an on-call engineer would ask.
 * Needs no input and no AWS account; the fixed reference time makes the output the same on
 * every machine, so CI runs it too.
 */
import path from 'node:path';
import { formatElapsed, runQuestion } from '../ask.js';
import { parse } from '../../commands/index.js';
import { createBackend } from '../backends/create.js';
import { isTrailError } from '../core/errors.js';
import {
  DEMO_NOW,
  DEMO_TRAIL_DIR,
  DEMO_TRAIL_SETTINGS,
  ensureDemoTrail,
} from '../demo/demo-trail.js';
import { renderAnswer, renderError } from '../render/terminal.js';
import { painter, useColor } from '../render/text.js';

const TIME_ZONE = 'UTC';
const LIMIT = 5;

const QUESTIONS = [
  'failed logins today',
  'logins without mfa today',
  'who changed sg-0a1b2c3d4e5f',
  'bucket policy changes',
  'cloudtrail changes',
  'access denied today',
  'what did alice do yesterday',
  'root activity last 30 days',
];

async function main(): Promise<number> {
  const color = useColor(process.stdout);
  const paint = painter(color);
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const dir = path.resolve(DEMO_TRAIL_DIR);

  say(paint('bold', 'trailhound demo — investigating a synthetic AWS incident'));
  say(
    `Two accounts, two Regions, ${DEMO_TRAIL_SETTINGS.days} days of everyday activity, and an intruder who\n` +
      'brute-forced a console password a few hours before "now" (' +
      DEMO_NOW.toISOString() +
      ').\n',
  );

  let started = performance.now();
  const made = await ensureDemoTrail(dir, DEMO_NOW);
  say(
    made
      ? `Generated ${made.events.toLocaleString('en-US')} events in ${made.files.toLocaleString('en-US')} CloudTrail log files under ${dir} (${formatElapsed(performance.now() - started)}).`
      : `Using the demo trail already in ${dir}.`,
  );

  started = performance.now();
  const backend = await createBackend('local', { logs: dir });
  say(`Indexed it with DuckDB (${formatElapsed(performance.now() - started)}).\n`);
  try {
    for (const text of QUESTIONS) {
      say(
        paint(
          'cyan',
          `$ trailhound ask "${text}" --now ${DEMO_NOW.toISOString()} --limit ${LIMIT}`,
        ),
      );
      const parsed = parse(text, { now: DEMO_NOW, timeZone: TIME_ZONE });
      if (!parsed.ok) {
        say(
          renderError(`the demo question "${text}" was not understood: ${parsed.message}`, {
            color,
          }),
        );
        return 1;
      }
      const answer = await runQuestion(parsed.question, { backend, limit: LIMIT });
      say(renderAnswer(answer, { color }));
    }
  } finally {
    await backend.close();
  }

  say(paint('bold', 'Ask your own:'));
  say(
    `  npx trailhound ask "what did bob do today" --logs ./${DEMO_TRAIL_DIR} --now ${DEMO_NOW.toISOString()}`,
  );
  say(
    `  npx trailhound ask "activity from 203.0.113.66" --logs ./${DEMO_TRAIL_DIR} --now ${DEMO_NOW.toISOString()} --json`,
  );
  say('  npx trailhound ask --help          every question, time window and option');
  say(
    'On your own logs: aws s3 sync s3://<trail-bucket>/AWSLogs ./my-trail/AWSLogs, then --logs ./my-trail.',
  );
  say('In Slack: see "Connecting Slack" in README.md.');
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = isTrailError(error) ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(renderError(message, { color: useColor(process.stderr) }));
  process.exitCode = isTrailError(error) ? 2 : 70;
}
