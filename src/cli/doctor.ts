/**
 * `trailhound doctor`: checks the deployment's configuration end to end, from the same
 * environment variables the bot reads. Exit codes: 0 fine, 1 problems found, 2 usage error.
 */
import type { AwsClientOptions } from '../backends/aws-clients.js';
import { renderDoctorReport } from '../doctor/render.js';
import { runDoctor } from '../doctor/run.js';
import { useColor } from '../render/text.js';
import { readFlags } from './flags.js';
import type { ReceiverKind } from '../runtime/config.js';

export const DOCTOR_USAGE = `Usage: trailhound doctor [--mode http|socket|lambda] [--json]

Checks a trailhound configuration end to end from its environment variables (run it with the
bot's config, e.g. "heroku run trailhound doctor" or with the Lambda's variables exported):
every setting, the Slack bot token (auth.test) and its scopes, the signing secret's shape, the
app-level token for Socket Mode, the AWS credentials (STS GetCallerIdentity), LookupEvents in
each Region and account, the Athena table and its partition projection, the alert settings and
the alert state store (Redis PING or DynamoDB DescribeTable). Each problem says how to fix it.

  --mode M   the runtime to check for; default: lambda when AWS_LAMBDA_FUNCTION_NAME is set,
             socket when SLACK_APP_TOKEN is set without SLACK_SIGNING_SECRET, else http
  --json     print {"mode", "healthy", "checks": [{"name", "status", "detail", "fix"}]}`;

const MODES: readonly ReceiverKind[] = ['http', 'socket', 'lambda'];

export interface DoctorIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY?: boolean;
  /** Tests: fixed AWS credentials and one attempt per call. */
  clientOptions?: AwsClientOptions;
}

export async function doctorCommand(
  argv: string[],
  io: DoctorIo = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
    isTTY: process.stdout.isTTY,
  },
): Promise<number> {
  const flags = readFlags(
    argv,
    { mode: { type: 'string' }, json: { type: 'boolean' } },
    DOCTOR_USAGE,
    io,
  );
  if ('exit' in flags) return flags.exit;
  const { values } = flags;
  const mode = values.mode;
  if (mode !== undefined && !MODES.includes(mode as ReceiverKind)) {
    io.err(`--mode ${mode}: use http, socket or lambda.\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  const report = await runDoctor(io.env, {
    ...(mode !== undefined ? { mode: mode as ReceiverKind } : {}),
    ...(io.clientOptions !== undefined ? { clientOptions: io.clientOptions } : {}),
  });
  io.out(
    values.json
      ? JSON.stringify(report, null, 2)
      : renderDoctorReport(report, useColor({ isTTY: io.isTTY === true }, io.env)),
  );
  return report.healthy ? 0 : 1;
}
