/**
 * The result of tracing temporary credentials back to whoever holds them: the chain of issuing
 * events (AssumeRole*, GetFederationToken, GetSessionToken, SSO sign-in) from the starting event
 * back to a long-term identity, or an honest dead end. Produced by `traceChain` (./walk.ts),
 * rendered by blocks/trace.ts and src/render, summarised in one line by `traceSummaryText`
 * (./summary-text.ts).
 */

/** `exact`: matched on the issued accessKeyId, sharedEventID or sourceIdentity; `inferred`: role + session name + time. */
export type HopConfidence = 'exact' | 'inferred';

/** One issuing event: `from` obtained the credentials that `to` then used. */
export interface TraceHop {
  eventId: string;
  eventName: string;
  /** ISO-8601 UTC as recorded. */
  eventTime: string;
  /** The account the issuing event was logged in (recipientAccountId). */
  accountId: string;
  region: string;
  sourceIp?: string;
  /** The caller, as a person would name it: `alice`, `OrgAdmin session alice@example.com`. */
  from: string;
  /** The issued session or role: `deploy-role session gha-98765`. */
  to: string;
  /** The temporary access key the event issued, when the record shows it. */
  issuedAccessKeyId?: string;
  confidence: HopConfidence;
  /** One sentence on why this event is the issuer: `issued accessKeyId ASIA… matched in responseElements`. */
  how: string;
}

export type TraceOriginKind =
  'iam-user' | 'root' | 'identity-center-user' | 'web-identity' | 'saml' | 'aws-service';

/** Where the chain ends: a long-term identity, or a dead end that says why it stopped. */
export type TraceOrigin =
  | {
      kind: TraceOriginKind;
      /** `alice`, `alice@example.com`, `GitHub Actions acme/web`, `ec2.amazonaws.com (i-0abc…)`. */
      label: string;
      accountId?: string;
      /** Set when the identity is a person whose e-mail the records reveal (Identity Center, SAML, e-mail session names). */
      email?: string;
      /** Extra facts, e.g. `repository`, `workflow`, `ref` for GitHub OIDC; `instanceId` for EC2. */
      details?: Record<string, string>;
    }
  | {
      kind: 'dead-end';
      /** The last identity reached: `deploy-role session gha-98765`. */
      label: string;
      /** `the AssumeRole that issued ASIA… is before the searched window (2026-08-01)`. */
      reason: string;
    };

/** What the trace started from, as the asker typed it. */
export interface TraceStart {
  kind: 'access-key' | 'session' | 'event';
  value: string;
}

/** The few fields of the starting event a reader needs to recognise it. */
export interface TraceStartEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: string;
  accountId?: string;
  region: string;
  sourceIp?: string;
  /** The actor display of the event (`deploy-role session gha-98765`). */
  actor: string;
  accessKeyId?: string;
}

export interface TraceResult {
  start: TraceStart;
  startEvent?: TraceStartEvent;
  /** Newest → oldest: from the starting event back towards the origin. */
  hops: TraceHop[];
  origin: TraceOrigin;
  searched: {
    /** The overall time span searched, ISO-8601 UTC, half-open. */
    window: { start: string; end: string };
    /** `local`, `lookup` or `athena`. */
    backend: string;
  };
  /** Plain-text remarks for the reader (sourceIdentity short-circuit, gaps reported by the engine). */
  notes: string[];
}
