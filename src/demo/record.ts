import type { UserIdentity } from './cast.js';
import type { Rng } from './prng.js';

/** One API call as the synthetic world sees it; `recordJson` dresses it as CloudTrail writes it. */
export interface Call {
  identity: UserIdentity;
  source: string;
  name: string;
  ip: string;
  agent: string;
  readOnly: boolean;
  /** Defaults to `AwsApiCall`. */
  eventType?: string;
  request?: unknown;
  response?: unknown;
  errorCode?: string;
  errorMessage?: string;
  additional?: Record<string, unknown>;
  resources?: { accountId: string; type: string; ARN: string }[];
  /** Data events (S3 object calls, Lambda Invoke) are not management events. */
  dataEvent?: boolean;
}

const HOUR = 3_600_000;
let cachedHour = NaN;
let cachedPrefix = '';
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * CloudTrail writes `YYYY-MM-DDTHH:mm:ssZ`, without milliseconds. The hour prefix is cached
 * because the generator asks for times within the same hour millions of times.
 * Example: `cloudTrailTime(Date.UTC(2026, 10, 26, 2, 13, 44))` → `2026-11-26T02:13:44Z`.
 */
export function cloudTrailTime(ms: number): string {
  const hour = Math.floor(ms / HOUR);
  if (hour !== cachedHour) {
    cachedHour = hour;
    cachedPrefix = new Date(hour * HOUR).toISOString().slice(0, 14);
  }
  const seconds = Math.floor((ms - hour * HOUR) / 1000);
  return `${cachedPrefix}${twoDigits(Math.floor(seconds / 60))}:${twoDigits(seconds % 60)}Z`;
}

/** Principals repeat millions of times; serialising each one once keeps generation fast. */
const identityJson = new WeakMap<object, string>();
const tlsJson = new Map<string, string>();

function cachedIdentity(identity: UserIdentity): string {
  let json = identityJson.get(identity);
  if (json === undefined) {
    json = JSON.stringify(identity);
    identityJson.set(identity, json);
  }
  return json;
}

function cachedTls(source: string, region: string): string {
  const key = `${source}|${region}`;
  let json = tlsJson.get(key);
  if (json === undefined) {
    json = JSON.stringify({
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: hostHeader(source, region),
    });
    tlsJson.set(key, json);
  }
  return json;
}

const str = JSON.stringify;

/**
 * The record as the JSON text CloudTrail writes, in CloudTrail's own field order. Reads carry
 * `null` request/response elements the way CloudTrail writes them; `tlsDetails` appears for
 * calls that reach a public endpoint (not for AWS services calling on their own).
 * Built as text rather than through one `JSON.stringify` of an object because the generator
 * writes millions of them: identities and TLS details are serialised once and reused.
 * Example: `JSON.parse(recordJson(rng, '111122223333', 'us-east-1', Date.now(), call)).eventName`.
 */
export function recordJson(
  rng: Rng,
  account: string,
  region: string,
  timeMs: number,
  call: Call,
): string {
  let out = `{"eventVersion":"${call.dataEvent ? '1.10' : '1.09'}","userIdentity":${cachedIdentity(call.identity)}`;
  out += `,"eventTime":"${cloudTrailTime(timeMs)}","eventSource":${str(call.source)},"eventName":${str(call.name)}`;
  out += `,"awsRegion":${str(region)},"sourceIPAddress":${str(call.ip)},"userAgent":${str(call.agent)}`;
  if (call.errorCode !== undefined) out += `,"errorCode":${str(call.errorCode)}`;
  if (call.errorMessage !== undefined) out += `,"errorMessage":${str(call.errorMessage)}`;
  out += `,"requestParameters":${str(call.request ?? null)},"responseElements":${str(call.response ?? null)}`;
  if (call.additional) out += `,"additionalEventData":${str(call.additional)}`;
  out += `,"requestID":"${rng.uuid()}","eventID":"${rng.uuid()}","readOnly":${call.readOnly}`;
  if (call.resources) out += `,"resources":${str(call.resources)}`;
  out += `,"eventType":${str(call.eventType ?? 'AwsApiCall')},"managementEvent":${!call.dataEvent}`;
  out += `,"recipientAccountId":${str(account)},"eventCategory":"${call.dataEvent ? 'Data' : 'Management'}"`;
  if (!call.ip.endsWith('.amazonaws.com')) out += `,"tlsDetails":${cachedTls(call.source, region)}`;
  return out + '}';
}

/** IAM and sign-in have one global endpoint; everything else is regional. */
function hostHeader(source: string, region: string): string {
  const service = source.replace('.amazonaws.com', '');
  if (service === 'iam' || service === 'signin') return source;
  return `${service}.${region}.amazonaws.com`;
}
