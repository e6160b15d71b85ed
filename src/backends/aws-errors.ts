/**
 * Turns what the AWS SDK throws into a {@link TrailError} a person can act on. The SDK has
 * already retried throttling, 5xx and dropped connections (standard mode, 3 attempts) by the
 * time an error arrives here, so this only explains; it never retries.
 *
 * The one rule worth knowing: an access-denied message must name the IAM action that was
 * refused, because that is the line someone has to add to a policy (infra/iam-policy.json
 * lists them all).
 */
import { TrailError, isTrailError } from '../core/errors.js';

/** The call that failed, so the message can name the action and where it ran. */
export interface AwsCallContext {
  /** The IAM action of the call, e.g. `cloudtrail:LookupEvents`. */
  action: string;
  region?: string;
  /** Account id, or `default` for the credentials' own account. */
  account?: string;
  /** Role assumed for the account, when there is one. */
  roleArn?: string;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'OperationNotPermittedException',
]);
const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const where = (context: AwsCallContext): string => {
  const parts: string[] = [];
  if (context.account !== undefined && context.account !== 'default') {
    parts.push(`account ${context.account}`);
  }
  if (context.region !== undefined) parts.push(context.region);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
};

/** The IAM action named in an AWS "not authorized to perform: X" message, when there is one. */
export function actionInMessage(message: string): string | undefined {
  return /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1];
}

/**
 * A TrailError for any failure of an AWS call. TrailErrors pass through unchanged; aborts are
 * rethrown as they are (the caller asked for them).
 *
 * @example toTrailError(accessDenied, { action: 'cloudtrail:LookupEvents', region: 'eu-west-1' })
 * // → TrailError('access-denied', 'AWS refused cloudtrail:LookupEvents (eu-west-1): …')
 */
export function toTrailError(error: unknown, context: AwsCallContext): TrailError | Error {
  if (isTrailError(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (name === 'AbortError') return error as Error;
  const detail = { ...context, awsError: name || code };
  const options = { cause: error };

  if (ACCESS_DENIED.has(name) || ACCESS_DENIED.has(code)) {
    // STS refusals come from AssumeRole; every other call names its own action.
    const action = actionInMessage(message) ?? context.action;
    const role = context.roleArn === undefined ? '' : ` using role ${context.roleArn}`;
    return new TrailError(
      'access-denied',
      `AWS refused ${action}${where(context)}${role}. Grant ${action} to the bot's role ` +
        `(see infra/iam-policy.json). AWS said: ${message}`,
      { ...detail, action },
      options,
    );
  }
  if (BAD_CREDENTIALS.has(name) || BAD_CREDENTIALS.has(code)) {
    return new TrailError(
      'config',
      `No usable AWS credentials for ${context.action}${where(context)}: ${message}. Set ` +
        'AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run with an instance or ' +
        'Lambda role).',
      detail,
      options,
    );
  }
  if (THROTTLED.has(name) || THROTTLED.has(code)) {
    return new TrailError(
      'throttled',
      `AWS kept throttling ${context.action}${where(context)} after retrying. Other tools may ` +
        'be using the same quota; try again in a minute.',
      detail,
      options,
    );
  }
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || name === 'NetworkingError') {
    return new TrailError(
      'network',
      `Could not reach AWS for ${context.action}${where(context)} after retrying (${code || name}). ` +
        'Check the network, a proxy, or AWS_ENDPOINT_URL_* if you point at a custom endpoint.',
      detail,
      options,
    );
  }
  return new TrailError(
    'query-failed',
    `${context.action}${where(context)} failed: ${name ? `${name}: ` : ''}${message}`,
    detail,
    options,
  );
}
