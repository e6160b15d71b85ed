/**
 * The normalised view of one CloudTrail record. Every backend produces these, every renderer
 * consumes them; `raw` keeps the record exactly as CloudTrail wrote it so nothing is lost.
 */

/** A CloudTrail record as delivered (S3 log file, LookupEvents `CloudTrailEvent`, EventBridge `detail`). */
export type CloudTrailRecord = Record<string, unknown>;

/**
 * The `userIdentity.type` values CloudTrail documents, plus `Unknown` for a missing identity.
 * Kept as a string union with an escape hatch: new types appear without notice.
 */
export type IdentityType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'Role'
  | 'FederatedUser'
  | 'IdentityCenterUser'
  | 'WebIdentityUser'
  | 'SAMLUser'
  | 'AWSAccount'
  | 'AWSService'
  | 'Directory'
  | 'Unknown'
  | (string & {});

/** Who made the call, as far as the record tells. */
export interface Actor {
  type: IdentityType;
  /**
   * The human-readable "who": `alice@example.com via AWSReservedSSO_Admin`,
   * `deploy-role session gha-98765`, `root`, `config.amazonaws.com`.
   */
  display: string;
  /** The identity's own name (IAM user name, federated user name), when the record gives one. */
  userName?: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  accessKeyId?: string;
  /** For role sessions: the role (sessionIssuer.userName) and the session name (arn tail). */
  roleName?: string;
  sessionName?: string;
  /** sessionContext.sourceIdentity: set by the caller of AssumeRole and carried across hops. */
  sourceIdentity?: string;
  /** The AWS service that made the call on the principal's behalf (userIdentity.invokedBy). */
  invokedBy?: string;
  /** Identity Center user id (onBehalfOf.userId) for IdentityCenterUser identities. */
  identityCenterUserId?: string;
  /** sessionContext.attributes.mfaAuthenticated, when present. */
  mfaAuthenticated?: boolean;
}

export interface EventResource {
  arn?: string;
  type?: string;
  accountId?: string;
}

export interface TrailEvent {
  eventID: string;
  /** ISO-8601 UTC, exactly as recorded (`2026-11-26T02:13:44Z`). */
  eventTime: string;
  /** `eventTime` as epoch milliseconds, for sorting and windows. */
  eventTimeMs: number;
  eventName: string;
  eventSource: string;
  eventType?: string;
  eventCategory?: string;
  awsRegion: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  /** `true`/`false` when the record says; undefined when it does not (e.g. ConsoleLogin). */
  readOnly?: boolean;
  managementEvent?: boolean;
  actor: Actor;
  resources: EventResource[];
  raw: CloudTrailRecord;
}
