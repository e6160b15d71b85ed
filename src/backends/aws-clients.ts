/**
 * AWS SDK clients, one per account and Region, created on first use and reused for the life of
 * the process (on Lambda: of the warm container). Endpoints are never set here: the SDK reads
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` / `AWS_ENDPOINT_URL_ATHENA` / `AWS_ENDPOINT_URL` itself when a
 * client is constructed, which is how the bot is pointed at an AWS-compatible endpoint.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import type { AccountTarget } from './aws-config.js';

/** Fixed credentials or a provider, as every SDK client accepts them. */
export type Credentials = NonNullable<CloudTrailClientConfig['credentials']>;

export interface ClientTarget {
  region: string;
  account: AccountTarget;
}

/** What every client gets. Tests pass `maxAttempts: 1` and fixed credentials. */
export interface AwsClientOptions {
  /**
   * Shown in the target account's CloudTrail as the assumed-role session name
   * (`…:assumed-role/InvestigatorRole/trailhound`), so the bot's own reads are recognisable.
   */
  roleSessionName?: string;
  /** SDK attempts per call (default 3, standard retry mode). */
  maxAttempts?: number;
  /** The base credentials; default: the SDK's chain (env, profile, container or instance role). */
  credentials?: Credentials;
}

/** STS: 2–64 characters of `[\w+=,.@-]`. */
export function safeSessionName(name: string): string {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'trailhound';
}

/**
 * Client configuration for a target: its Region, the retry budget, and for an account with a
 * role, credentials from `sts:AssumeRole` (cached and refreshed by the provider; one provider
 * per account so the role is assumed once, not once per Region).
 */
export class ClientConfigs {
  private readonly roleProviders = new Map<string, Credentials>();

  constructor(private readonly options: AwsClientOptions = {}) {}

  for(target: ClientTarget): {
    region: string;
    maxAttempts?: number;
    credentials?: Credentials;
  } {
    const config: ReturnType<ClientConfigs['for']> = { region: target.region };
    if (this.options.maxAttempts !== undefined) config.maxAttempts = this.options.maxAttempts;
    const credentials = this.credentials(target);
    if (credentials !== undefined) config.credentials = credentials;
    return config;
  }

  private credentials(target: ClientTarget): Credentials | undefined {
    const { roleArn } = target.account;
    if (roleArn === undefined) return this.options.credentials;
    let provider = this.roleProviders.get(roleArn);
    if (provider === undefined) {
      provider = shareCredentials(
        fromTemporaryCredentials({
          params: {
            RoleArn: roleArn,
            RoleSessionName: safeSessionName(this.options.roleSessionName ?? 'trailhound'),
          },
          ...(this.options.credentials === undefined
            ? {}
            : { masterCredentials: this.options.credentials }),
          clientConfig: { region: target.region },
        }),
      );
      this.roleProviders.set(roleArn, provider);
    }
    return provider;
  }
}

/** Credentials are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;

/**
 * One AssumeRole for every client of an account: each SDK client memoizes its credentials
 * on its own, so without this N Regions would assume the same role N times, concurrently.
 */
function shareCredentials(provider: CredentialProvider): CredentialProvider {
  let pending: ReturnType<CredentialProvider> | undefined;
  return async (...args) => {
    if (pending !== undefined) {
      const credentials = await pending;
      const expires = credentials.expiration?.getTime() ?? Infinity;
      if (expires - Date.now() > REFRESH_MARGIN_MS) return credentials;
    }
    const fresh = provider(...args);
    pending = fresh;
    // A failed AssumeRole is not cached: the next call tries again.
    fresh.catch(() => {
      if (pending === fresh) pending = undefined;
    });
    return fresh;
  };
}

/** Lazily created clients keyed by account and Region. */
export class ClientPool<C extends { destroy(): void }> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly create: (target: ClientTarget) => C) {}

  get(target: ClientTarget): C {
    const key = `${target.account.id}/${target.region}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.create(target);
      this.clients.set(key, client);
    }
    return client;
  }

  /** Closes every client's sockets; the pool can be used again afterwards. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
