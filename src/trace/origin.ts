/**
 * Reading who a caller is from the records themselves: the long-term identity behind an IAM
 * user key, the web-identity or SAML subject of an AssumeRoleWith* call, the AWS service that
 * assumed a role for an instance or a service-linked role, and Identity Center's
 * `AWSReservedSSO_<PermissionSet>_<hash>` roles whose session is named after the person.
 *
 * Everything is read from requestParameters/responseElements and the userIdentity fields every
 * engine returns (Athena's table has no `identityProvider` column), so a chain reads the same
 * whichever engine found its events.
 */
import { isJsonObject, valueAt } from '../core/fields.js';
import type { Actor, TrailEvent } from '../core/trail-event.js';
import type { TraceOrigin } from './types.js';

type Found = Exclude<TraceOrigin, { kind: 'dead-end' }>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An e-mail address, when `value` is one (Identity Center and SAML subjects often are). */
export const emailOf = (value: string | undefined): string | undefined =>
  value !== undefined && EMAIL.test(value) ? value : undefined;

const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{8,}$/;

/**
 * The permission set of an Identity Center role name, or undefined for any other role.
 *
 * @example permissionSetOf('AWSReservedSSO_DevAdmin_635426549a280cc6') === 'DevAdmin'
 */
export const permissionSetOf = (roleName: string | undefined): string | undefined =>
  roleName === undefined ? undefined : IDENTITY_CENTER_ROLE.exec(roleName)?.[1];

/** The service of a service-linked role ARN: `…:role/aws-service-role/autoscaling.amazonaws.com/…`. */
export const serviceOfLinkedRole = (roleArn: string | undefined): string | undefined =>
  roleArn === undefined ? undefined : /:role\/aws-service-role\/([^/]+)\//.exec(roleArn)?.[1];

/** The EC2 instance an instance-profile session belongs to: its session name is the instance id. */
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

const withEmail = (origin: Found, value: string | undefined): Found => {
  const email = emailOf(value);
  return email === undefined ? origin : { ...origin, email };
};

/**
 * The person behind an Identity Center role session, decoded from its names alone: the
 * session is named after the user (often their e-mail), the role after the permission set.
 */
export function identityCenterOrigin(actor: Actor): Found | undefined {
  const permissionSet = permissionSetOf(actor.roleName);
  if (permissionSet === undefined || actor.sessionName === undefined) return undefined;
  const origin: Found = {
    kind: 'identity-center-user',
    label: actor.sessionName,
    ...(actor.accountId !== undefined ? { accountId: actor.accountId } : {}),
    details: { permissionSet },
  };
  return withEmail(origin, actor.sessionName);
}

/** The AWS service behind a service-linked role session (`AWSServiceRoleForAutoScaling`). */
export function serviceLinkedOrigin(event: TrailEvent): Found | undefined {
  const roleArn = text(
    valueAt(event.raw, ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn']),
  );
  const service = serviceOfLinkedRole(roleArn);
  if (service === undefined) return undefined;
  return {
    kind: 'aws-service',
    label: service,
    ...(event.actor.accountId !== undefined ? { accountId: event.actor.accountId } : {}),
    details: { serviceLinkedRole: event.actor.roleName ?? roleArn ?? service },
  };
}

/** A caller that is itself a long-term identity (the chain ends with it), else undefined. */
export function longTermOrigin(actor: Actor): Found | undefined {
  const account = actor.accountId !== undefined ? { accountId: actor.accountId } : {};
  switch (actor.type) {
    case 'IAMUser':
      return withEmail(
        { kind: 'iam-user', label: actor.userName ?? actor.arn ?? actor.display, ...account },
        actor.userName,
      );
    case 'Root':
      return { kind: 'root', label: 'root', ...account };
    case 'IdentityCenterUser':
      return {
        kind: 'identity-center-user',
        label: actor.identityCenterUserId ?? actor.display,
        ...account,
      };
    case 'AWSService':
      return { kind: 'aws-service', label: actor.invokedBy ?? actor.display };
    default:
      return undefined;
  }
}

/** The first string value under a key named `name`, anywhere in `value` (e.g. a claim in tags). */
function findKey(value: unknown, name: string, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  if (Array.isArray(value)) {
    // Session tags come as [{key, value}] lists.
    for (const item of value) {
      if (isJsonObject(item) && text(item.key)?.toLowerCase() === name) return text(item.value);
      const found = findKey(item, name, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.toLowerCase() === name && text(child) !== undefined) return text(child);
    const found = findKey(child, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const GITHUB_PROVIDER = 'token.actions.githubusercontent.com';

/**
 * The parts of a GitHub Actions OIDC subject.
 *
 * @example githubSubject('repo:acme/web:ref:refs/heads/main') // → { repository: 'acme/web', ref: 'refs/heads/main' }
 * @example githubSubject('repo:acme/web:environment:prod') // → { repository: 'acme/web', environment: 'prod' }
 */
export function githubSubject(subject: string): Record<string, string> {
  const match = /^repo:([^:]+):([^:]+)(?::(.*))?$/.exec(subject);
  if (match === null) return {};
  const [, repository = '', kind = '', rest] = match;
  return rest === undefined
    ? { repository, event: kind }
    : { repository, [kind === 'ref' ? 'ref' : kind]: rest };
}

/** The subject of an AssumeRoleWithWebIdentity: a GitHub repository and workflow, or any OIDC subject. */
export function webIdentityOrigin(issuer: TrailEvent): Found {
  const raw = issuer.raw;
  const subject =
    text(valueAt(raw, ['responseElements', 'subjectFromWebIdentityToken'])) ??
    issuer.actor.userName ??
    'an unnamed subject';
  const provider =
    text(valueAt(raw, ['responseElements', 'provider'])) ??
    text(valueAt(raw, ['userIdentity', 'identityProvider'])) ??
    '';
  const providerHost = provider.split('/').at(-1) ?? provider;
  const account =
    issuer.recipientAccountId !== undefined ? { accountId: issuer.recipientAccountId } : {};
  if (providerHost === GITHUB_PROVIDER || subject.startsWith('repo:')) {
    const details: Record<string, string> = {
      provider: providerHost,
      subject,
      ...githubSubject(subject),
    };
    const workflow = findKey(raw, 'job_workflow_ref');
    if (workflow !== undefined) details.workflow = workflow;
    const repository = details.repository ?? subject;
    const where =
      details.ref ?? (details.environment ? `environment ${details.environment}` : details.event);
    return {
      kind: 'web-identity',
      label: `GitHub Actions ${repository}${where === undefined ? '' : ` (${where})`}`,
      ...account,
      details,
    };
  }
  return withEmail(
    {
      kind: 'web-identity',
      label: providerHost === '' ? subject : `${subject} via ${providerHost}`,
      ...account,
      details: { provider: providerHost, subject },
    },
    subject,
  );
}

/**
 * The subject of an AssumeRoleWithSAML: an Identity Center user when the provider is the one
 * Identity Center creates (`AWSSSO_…_DO_NOT_DELETE`) or the role is an `AWSReservedSSO_` role,
 * otherwise a SAML subject of the company's own IdP.
 */
export function samlOrigin(issuer: TrailEvent): Found {
  const raw = issuer.raw;
  const subject =
    text(valueAt(raw, ['responseElements', 'subject'])) ??
    issuer.actor.userName ??
    'an unnamed subject';
  const providerArn = text(valueAt(raw, ['requestParameters', 'principalArn'])) ?? '';
  const provider = providerArn.split('/').at(-1) ?? providerArn;
  const roleName = text(valueAt(raw, ['requestParameters', 'roleArn']))
    ?.split('/')
    .at(-1);
  const account =
    issuer.recipientAccountId !== undefined ? { accountId: issuer.recipientAccountId } : {};
  const permissionSet = permissionSetOf(roleName);
  if (permissionSet !== undefined || provider.startsWith('AWSSSO_')) {
    return withEmail(
      {
        kind: 'identity-center-user',
        label: subject,
        ...account,
        details: { ...(permissionSet !== undefined ? { permissionSet } : {}), provider },
      },
      subject,
    );
  }
  const issuerUrl = text(valueAt(raw, ['responseElements', 'issuer']));
  return withEmail(
    {
      kind: 'saml',
      label: subject,
      ...account,
      details: { provider, ...(issuerUrl !== undefined ? { issuer: issuerUrl } : {}) },
    },
    subject,
  );
}

/**
 * The AWS service that called AssumeRole: an EC2 instance profile (the session is the instance
 * id), a service-linked role, or a service assuming a role it was given (Lambda, ECS…).
 */
export function serviceOrigin(issuer: TrailEvent): Found {
  const raw = issuer.raw;
  const service = issuer.actor.invokedBy ?? issuer.actor.display;
  const session = text(valueAt(raw, ['requestParameters', 'roleSessionName']));
  const roleArn = text(valueAt(raw, ['requestParameters', 'roleArn']));
  const account =
    issuer.recipientAccountId !== undefined ? { accountId: issuer.recipientAccountId } : {};
  const details: Record<string, string> = {};
  if (roleArn !== undefined) details.role = roleArn;
  if (serviceOfLinkedRole(roleArn) !== undefined) details.serviceLinkedRole = roleArn ?? '';
  if (service === 'ec2.amazonaws.com' && session !== undefined && INSTANCE_ID.test(session)) {
    details.instanceId = session;
    return { kind: 'aws-service', label: `${service} (instance ${session})`, ...account, details };
  }
  return { kind: 'aws-service', label: service, ...account, details };
}
