/**
 * Who made a call, in words a person reads in Slack: `alice@example.com via
 * AWSReservedSSO_Admin_1a2b`, `deploy-role session gha-98765`, `root (account 111122223333)`,
 * `config.amazonaws.com`. CloudTrail's `userIdentity` varies by type and is often partial, so
 * every field is optional here and the display is never empty: when the record names no one,
 * the display says so.
 *
 * The display is plain text taken from the record; renderers must escape it.
 */
import { isJsonObject, valueAt } from './fields.js';
import { lastSlashSegment } from './identity-keys.js';
import type { Actor } from './trail-event.js';

/** What CloudTrail writes instead of the name on a sign-in with a mistyped user name. */
export const HIDDEN_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Identity Center permission-set roles are named `AWSReservedSSO_<PermissionSet>_<hash>`. */
const IDENTITY_CENTER_ROLE_PREFIX = 'AWSReservedSSO_';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `"true"`/`"false"` (as CloudTrail writes it) or a boolean; anything else is unknown. */
function parseFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/**
 * Role and session from an assumed-role ARN:
 * `arn:aws:sts::111122223333:assumed-role/deploy-role/gha-98765` → deploy-role, gha-98765.
 */
function assumedRoleParts(arn: string | undefined): { role?: string; session?: string } {
  const match = arn === undefined ? null : /:assumed-role\/(.+)\/([^/]+)$/.exec(arn);
  if (match === null) return {};
  return { role: lastSlashSegment(match[1] ?? ''), session: match[2] };
}

/** The name in `arn:aws:sts::111122223333:federated-user/NAME`. */
const federatedName = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : text(/:federated-user\/(.+)$/.exec(arn)?.[1]);

/** The part of a principalId after `:` (`AROA…:session`, `111122223333:name`). */
const principalSuffix = (principalId: string | undefined): string | undefined =>
  principalId?.includes(':') ? text(principalId.slice(principalId.indexOf(':') + 1)) : undefined;

/** The name in an IAM user arn (`…:user/path/NAME`) or any arn's last '/' segment. */
const arnName = (arn: string | undefined): string | undefined =>
  arn?.includes('/') ? text(lastSlashSegment(arn)) : undefined;

/**
 * Describes `userIdentity` (any shape, including missing) as an {@link Actor}.
 *
 * Display forms by type:
 * - IAMUser: `alice`; Root: `root (account 111122223333)`
 * - AssumedRole via Identity Center: `alice@example.com via AWSReservedSSO_Admin_1a2b`
 * - other AssumedRole: `deploy-role session gha-98765`; with a source identity:
 *   `bob (source identity) via deploy-role session gha-98765`
 * - AWSService: `config.amazonaws.com`; any other type with invokedBy gets
 *   ` (invoked by ec2.amazonaws.com)` appended
 * - FederatedUser: `federated user NAME via IAM-USER`; IdentityCenterUser:
 *   `Identity Center user 906…`; WebIdentityUser/SAMLUser: `web identity NAME` / `SAML user NAME`
 * - AWSAccount: `account 111122223333`; Directory: `directory user NAME`
 * - hidden names: `unknown (name hidden by AWS)`; nothing at all:
 *   `unknown (no identity in the record)`
 */
export function describeActor(userIdentity: unknown): Actor {
  if (!isJsonObject(userIdentity)) {
    return { type: 'Unknown', display: 'unknown (no identity in the record)' };
  }
  const identity = userIdentity;
  const type = text(identity.type) ?? 'Unknown';
  const rawUserName = text(identity.userName);
  const hidden = rawUserName === HIDDEN_NAME;
  const userName = hidden ? undefined : rawUserName;
  const arn = text(identity.arn);
  const accountId = text(identity.accountId);
  const principalId = text(identity.principalId);
  const accessKeyId = text(identity.accessKeyId);
  const invokedBy = text(identity.invokedBy);
  const sourceIdentity = text(valueAt(identity, ['sessionContext', 'sourceIdentity']));
  const issuerName = text(valueAt(identity, ['sessionContext', 'sessionIssuer', 'userName']));
  const mfaAuthenticated = parseFlag(
    valueAt(identity, ['sessionContext', 'attributes', 'mfaAuthenticated']),
  );
  const identityCenterUserId = text(valueAt(identity, ['onBehalfOf', 'userId']));

  const actor: Actor = { type, display: '' };
  const assign = <K extends keyof Actor>(key: K, value: Actor[K] | undefined): void => {
    if (value !== undefined) actor[key] = value;
  };
  assign('userName', userName);
  assign('arn', arn);
  assign('accountId', accountId);
  assign('principalId', principalId);
  assign('accessKeyId', accessKeyId);
  assign('sourceIdentity', sourceIdentity);
  assign('invokedBy', invokedBy);
  assign('identityCenterUserId', identityCenterUserId);
  assign('mfaAuthenticated', mfaAuthenticated);

  const accountSuffix = accountId === undefined ? '' : ` (account ${accountId})`;
  let who: string | undefined;
  let mentionsService = false;

  switch (type) {
    case 'Root':
      who = `root${accountSuffix}`;
      break;
    case 'IAMUser':
      who = userName ?? arnName(arn) ?? (hidden ? undefined : principalId);
      break;
    case 'AssumedRole':
    case 'Role': {
      const fromArn = assumedRoleParts(arn);
      const roleName = issuerName ?? fromArn.role ?? (type === 'Role' ? arnName(arn) : undefined);
      const sessionName = fromArn.session ?? principalSuffix(principalId);
      assign('roleName', roleName);
      assign('sessionName', sessionName);
      who = describeRoleSession(roleName, sessionName, sourceIdentity) ?? userName;
      break;
    }
    case 'AWSService':
      who = invokedBy ?? principalId;
      mentionsService = true;
      break;
    case 'FederatedUser': {
      const name = federatedName(arn) ?? principalSuffix(principalId) ?? userName;
      assign('userName', name);
      if (name !== undefined) {
        who = `federated user ${name}${issuerName === undefined ? '' : ` via ${issuerName}`}`;
      } else if (issuerName !== undefined) {
        who = `federated user via ${issuerName}`;
      }
      break;
    }
    case 'IdentityCenterUser':
      who = `Identity Center user ${identityCenterUserId ?? text(identity.credentialId) ?? 'with no user id'}`;
      break;
    case 'WebIdentityUser':
    case 'SAMLUser': {
      const name = userName ?? principalId;
      const label = type === 'SAMLUser' ? 'SAML user' : 'web identity';
      if (name !== undefined) who = `${label} ${name}`;
      break;
    }
    case 'AWSAccount':
      if (accountId !== undefined || principalId !== undefined) {
        who = `account ${accountId ?? principalId}`;
      }
      break;
    case 'Directory':
      if (userName !== undefined || principalId !== undefined) {
        who = `directory user ${userName ?? principalId}`;
      }
      break;
    default:
      // `Unknown` (e.g. Identity Center sign-in steps) and types AWS adds later.
      who = userName ?? arnName(arn) ?? arn ?? principalId;
      if (who !== undefined && type === 'Unknown') who = `${who} (identity type Unknown)`;
  }

  if (who === undefined && invokedBy !== undefined) {
    who = invokedBy;
    mentionsService = true;
  }
  if (who === undefined) {
    who = hidden ? 'unknown (name hidden by AWS)' : 'unknown (the record names no one)';
  }
  if (invokedBy !== undefined && !mentionsService) who = `${who} (invoked by ${invokedBy})`;

  actor.display = who;
  return actor;
}

/** `alice@example.com via AWSReservedSSO_Admin_1a2b`, `deploy-role session gha-98765`, … */
function describeRoleSession(
  roleName: string | undefined,
  sessionName: string | undefined,
  sourceIdentity: string | undefined,
): string | undefined {
  if (roleName === undefined && sessionName === undefined) {
    return sourceIdentity === undefined ? undefined : `${sourceIdentity} (source identity)`;
  }
  let session: string;
  if (roleName === undefined) session = `session ${sessionName}`;
  else if (sessionName === undefined) session = `role ${roleName}`;
  else if (roleName.startsWith(IDENTITY_CENTER_ROLE_PREFIX)) {
    // Identity Center names the session after the person (usually their email).
    session = `${sessionName} via ${roleName}`;
  } else session = `${roleName} session ${sessionName}`;
  return sourceIdentity === undefined
    ? session
    : `${sourceIdentity} (source identity) via ${session}`;
}
