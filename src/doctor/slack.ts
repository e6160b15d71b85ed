/**
 * The Slack half of the doctor: the bot token works and carries the scopes the manifest asks
 * for, the signing secret looks like one, and Socket Mode has its app-level token.
 */
import { LogLevel, WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { ReceiverKind } from '../runtime/config.js';
import { ok, problem, skipped, type CheckResult } from './check.js';

/** The bot scopes manifest.json requests (a test keeps the two equal). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'users:read.email',
  'files:write',
  'im:write',
  'usergroups:read',
] as const;

const REINSTALL =
  'Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; ' +
  'reinstall the app if it was uninstalled or the token revoked.';

/** What Slack's auth.test errors mean for the person running the doctor. */
const AUTH_ERRORS: Readonly<Record<string, string>> = {
  invalid_auth: 'Slack does not know this token',
  not_authed: 'no token was sent',
  token_revoked: 'the token was revoked',
  token_expired: 'the token expired (token rotation is on; trailhound needs it off)',
  account_inactive: 'the app was uninstalled or its workspace deactivated',
};

/**
 * Calls auth.test with the bot token. Example outcome:
 * `ok('slack token', 'bot trailhound (U0BOT) in acme (T0TEAM)')`.
 */
export async function checkSlackToken(
  token: string | undefined,
  options: { apiUrl?: string } = {},
): Promise<CheckResult> {
  const name = 'slack token';
  if (token === undefined) return problem(name, 'SLACK_BOT_TOKEN is not set', REINSTALL);
  if (!token.startsWith('xoxb-')) {
    return problem(
      name,
      'SLACK_BOT_TOKEN is not a bot token (it must start with xoxb-)',
      REINSTALL,
    );
  }
  // No retries: the doctor and /healthz?deep=1 report a failure, they do not wait one out.
  const client = new WebClient(token, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The result is the report; the WebClient's own warnings would only repeat it.
    logLevel: LogLevel.ERROR,
    ...(options.apiUrl !== undefined ? { slackApiUrl: options.apiUrl } : {}),
  });
  try {
    const result = await client.auth.test();
    const granted = result.response_metadata?.scopes ?? [];
    const missing = BOT_SCOPES.filter((s) => !granted.includes(s));
    const who = `bot ${result.user ?? '?'} (${result.user_id ?? '?'}) in ${result.team ?? '?'} (${result.team_id ?? '?'})`;
    if (granted.length > 0 && missing.length > 0) {
      return problem(
        name,
        `${who} lacks the scopes ${missing.join(', ')}`,
        'Add them under OAuth & Permissions (or recreate the app from manifest.json) and reinstall.',
      );
    }
    return ok(name, who);
  } catch (e) {
    if (e instanceof WebAPIPlatformError) {
      const code = String(e.data.error);
      return problem(name, `auth.test: ${AUTH_ERRORS[code] ?? code}`, REINSTALL);
    }
    return problem(
      name,
      `could not reach Slack: ${e instanceof Error ? e.message : String(e)}`,
      'Check the network or proxy (the bot must reach https://slack.com).',
    );
  }
}

/**
 * Slack signing secrets are 32 lowercase hex characters; anything else is a copy-paste slip
 * (the verification token or the client secret are the usual mix-ups).
 * @example checkSigningSecret('8f742231b10e8888abcd99yyyzzz85a5', 'http').status === 'problem'
 */
export function checkSigningSecret(secret: string | undefined, mode: ReceiverKind): CheckResult {
  const name = 'signing secret';
  const where =
    'Copy Basic Information → App Credentials → Signing Secret into SLACK_SIGNING_SECRET.';
  if (mode === 'socket') return skipped(name, 'Socket Mode: Slack does not sign its messages');
  if (secret === undefined) return problem(name, 'SLACK_SIGNING_SECRET is not set', `${where}.`);
  if (!/^[0-9a-f]{32}$/.test(secret)) {
    return problem(
      name,
      `SLACK_SIGNING_SECRET is ${secret.length} characters, not 32 lowercase hex digits`,
      `${where} (not the Verification Token or the Client Secret).`,
    );
  }
  return ok(name, 'looks like a signing secret (32 hex digits)');
}

/** Socket Mode connects with an app-level token (xapp-…) that has connections:write. */
export function checkAppToken(token: string | undefined, mode: ReceiverKind): CheckResult {
  const name = 'app token';
  const fix =
    'Basic Information → App-Level Tokens: generate one with connections:write and set SLACK_APP_TOKEN.';
  if (mode !== 'socket') return skipped(name, `not needed for ${mode}`);
  if (token === undefined) return problem(name, 'SLACK_APP_TOKEN is not set', fix);
  if (!token.startsWith('xapp-')) {
    return problem(name, 'SLACK_APP_TOKEN is not an app-level token (xapp-…)', fix);
  }
  return ok(name, 'app-level token present (xapp-…)');
}
