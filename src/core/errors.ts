/**
 * Errors meant for the person asking. Each carries a stable code (for logs and tests) and a
 * message that says what went wrong and what to do about it. Anything else that escapes to an
 * edge is a bug and is reported as such.
 */
export type TrailErrorCode =
  | 'config' // a setting is missing or wrong; the message names the variable
  | 'no-logs' // the log folder is empty, missing or not a CloudTrail layout
  | 'access-denied' // AWS refused; the message names the IAM action that is missing
  | 'throttled'
  | 'network'
  | 'query-failed' // the engine rejected or failed the query (e.g. Athena StateChangeReason)
  | 'cost-cap' // the query would scan more than the configured cap; needs confirmation
  | 'not-allowed' // the asker is not on the allow-list
  | 'unsupported'; // the backend cannot answer this question

export class TrailError extends Error {
  readonly code: TrailErrorCode;
  /** Extra structured detail for renderers (e.g. the estimated bytes for `cost-cap`). */
  readonly detail: Readonly<Record<string, unknown>>;

  constructor(
    code: TrailErrorCode,
    message: string,
    detail: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TrailError';
    this.code = code;
    this.detail = detail;
  }
}

export const isTrailError = (e: unknown): e is TrailError => e instanceof TrailError;
