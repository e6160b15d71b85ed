/**
 * Verifying that an SNS message really comes from SNS: the signature over the exact
 * string-to-sign of its type, with the certificate at SigningCertURL, which must itself be an
 * SNS certificate URL (https, host `sns.<region>.amazonaws.com[.cn]`, path ending `.pem`).
 *
 * SignatureVersion 1 is SHA1withRSA (the default), 2 is SHA256withRSA (per topic). Certificates
 * are cached by URL (SNS rotates them rarely; every message would otherwise cost a fetch).
 *
 * Tests do not weaken any of this: they inject `fetchCertificate`, so a message signed with a
 * test key and pointing at a well-formed SNS URL goes through exactly the production checks,
 * while a wrong host, a bad signature or another key still fails.
 */
import { X509Certificate, verify as verifySignature, type KeyObject } from 'node:crypto';

/** The signed fields of an SNS message (HTTP envelope, or a Lambda record's `Sns`). */
export interface SignedSnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string | null;
  SubscribeURL?: string;
  Token?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
}

export type VerifyResult =
  | { ok: true }
  /** `retryable`: the certificate could not be fetched, so the message may be genuine. */
  | { ok: false; reason: string; retryable?: boolean };

/** Fetches a PEM certificate. Only ever called with a URL that passed {@link isSnsCertUrl}. */
export type CertificateFetcher = (url: string) => Promise<string>;

const SNS_HOST = /^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;

/** A URL SNS could have put in SigningCertURL / SubscribeURL: https on an SNS host. */
export function isSnsUrl(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    SNS_HOST.test(url.hostname)
  );
}

/** Example: `isSnsCertUrl('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem')` → true. */
export const isSnsCertUrl = (raw: string | undefined): boolean =>
  isSnsUrl(raw) && new URL(raw as string).pathname.endsWith('.pem');

const NOTIFICATION_KEYS = [
  'Message',
  'MessageId',
  'Subject',
  'Timestamp',
  'TopicArn',
  'Type',
] as const;
const CONFIRMATION_KEYS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
] as const;

/**
 * The exact bytes SNS signed: `key\nvalue\n` for each signed key, in byte order, skipping a
 * Notification's absent Subject. Undefined for an unknown Type or a missing signed field.
 */
export function stringToSign(message: SignedSnsMessage): string | undefined {
  const keys =
    message.Type === 'Notification'
      ? NOTIFICATION_KEYS
      : message.Type === 'SubscriptionConfirmation' || message.Type === 'UnsubscribeConfirmation'
        ? CONFIRMATION_KEYS
        : undefined;
  if (keys === undefined) return undefined;
  let out = '';
  for (const key of keys) {
    const value = message[key];
    if (value === undefined || value === null) {
      if (key === 'Subject') continue;
      return undefined;
    }
    if (typeof value !== 'string') return undefined;
    out += `${key}\n${value}\n`;
  }
  return out;
}

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** Fetches a certificate over https (the production fetcher). */
export const fetchCertificateOverHttps: CertificateFetcher = async (url) => {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`certificate fetch returned ${response.status}`);
  const text = await response.text();
  if (text.length > 64 * 1024) throw new Error('certificate is implausibly large');
  return text;
};

export interface SnsVerifierOptions {
  /** Test seam: where certificates come from. Default: https fetch. */
  fetchCertificate?: CertificateFetcher;
  /** Certificates kept (by URL). */
  cacheSize?: number;
}

export interface SnsVerifier {
  verify(message: SignedSnsMessage): Promise<VerifyResult>;
}

export function createSnsVerifier(options: SnsVerifierOptions = {}): SnsVerifier {
  const fetchCertificate = options.fetchCertificate ?? fetchCertificateOverHttps;
  const cacheSize = options.cacheSize ?? 32;
  /** Promises, so concurrent messages signed with a new certificate fetch it once. */
  const cache = new Map<string, Promise<KeyObject>>();

  function publicKey(url: string): Promise<KeyObject> {
    const cached = cache.get(url);
    if (cached !== undefined) return cached;
    const loading = fetchCertificate(url).then((pem) => new X509Certificate(pem).publicKey);
    loading.catch(() => cache.delete(url));
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(url, loading);
    return loading;
  }

  return {
    async verify(message) {
      const algorithm = ALGORITHMS[message.SignatureVersion ?? ''];
      if (algorithm === undefined)
        return {
          ok: false,
          reason: `unsupported SignatureVersion ${String(message.SignatureVersion)}`,
        };
      if (typeof message.Signature !== 'string' || message.Signature === '')
        return { ok: false, reason: 'no Signature' };
      if (!isSnsCertUrl(message.SigningCertURL)) {
        return {
          ok: false,
          reason: `SigningCertURL is not an SNS certificate URL: ${String(message.SigningCertURL)}`,
        };
      }
      const signed = stringToSign(message);
      if (signed === undefined)
        return { ok: false, reason: `cannot build the string to sign for Type ${message.Type}` };
      let key: KeyObject;
      try {
        key = await publicKey(message.SigningCertURL as string);
      } catch (e) {
        return {
          ok: false,
          reason: `certificate unavailable: ${e instanceof Error ? e.message : String(e)}`,
          retryable: true,
        };
      }
      const valid = verifySignature(
        algorithm,
        Buffer.from(signed, 'utf8'),
        key,
        Buffer.from(message.Signature, 'base64'),
      );
      return valid ? { ok: true } : { ok: false, reason: 'signature does not match' };
    },
  };
}
