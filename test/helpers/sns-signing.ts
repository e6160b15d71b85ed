/**
 * A test SNS signer: a self-signed certificate made with openssl at test time, and envelopes
 * signed exactly as SNS signs them (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA).
 * The certificate is served through the verifier's injected `fetchCertificate`, at an
 * SNS-shaped URL, so the production checks all run.
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  type KeyObject,
} from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringToSign, type SignedSnsMessage } from '../../src/intake/sns-signature.js';

export const TEST_CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000test.pem';
export const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';

export interface TestSigner {
  certPem: string;
  privateKey: KeyObject;
  /** Serves `certPem` for TEST_CERT_URL, counting fetches. */
  fetchCertificate: (url: string) => Promise<string>;
  fetches: string[];
}

/** A self-signed RSA certificate and its key, made with openssl. */
export function makeCertificate(): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
  try {
    const result = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=sns.amazonaws.com',
        '-days',
        '2',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr?.toString()}`);
    return {
      certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function testSigner(): TestSigner {
  const { certPem, keyPem } = makeCertificate();
  const fetches: string[] = [];
  return {
    certPem,
    privateKey: createPrivateKey(keyPem),
    fetches,
    fetchCertificate: async (url) => {
      fetches.push(url);
      if (url !== TEST_CERT_URL) throw new Error(`no certificate at ${url}`);
      return certPem;
    },
  };
}

/** Another key, for "re-signed with a key that is not the certificate's". */
export const otherKey = (): KeyObject =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

export type Envelope = SignedSnsMessage & Record<string, unknown>;

/** Signs (or re-signs) an envelope in place of its Signature. */
export function signEnvelope(
  envelope: Envelope,
  key: KeyObject,
  version: '1' | '2' = '1',
): Envelope {
  const withVersion = { ...envelope, SignatureVersion: version };
  const data = stringToSign(withVersion);
  if (data === undefined) throw new Error('cannot sign this envelope');
  const signature = sign(
    version === '1' ? 'RSA-SHA1' : 'RSA-SHA256',
    Buffer.from(data, 'utf8'),
    key,
  );
  return { ...withVersion, Signature: signature.toString('base64') };
}

/** A Notification envelope as SNS POSTs it (unsigned until {@link signEnvelope}). */
export function notification(message: string, overrides: Partial<Envelope> = {}): Envelope {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    Subject: 'AWS Notification Message',
    Message: message,
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: '',
    SigningCertURL: TEST_CERT_URL,
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:${randomUUID()}`,
    ...overrides,
  };
}

export function subscriptionConfirmation(overrides: Partial<Envelope> = {}): Envelope {
  const token = randomUUID().replace(/-/g, '');
  return {
    Type: 'SubscriptionConfirmation',
    MessageId: randomUUID(),
    Token: token,
    TopicArn: TOPIC,
    Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: '',
    SigningCertURL: TEST_CERT_URL,
    ...overrides,
  };
}

/** An SNS → Lambda event record for a signed envelope (Lambda's spelling: SigningCertUrl). */
export function lambdaRecord(envelope: Envelope) {
  const { SigningCertURL, UnsubscribeURL, ...rest } = envelope;
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
    Sns: {
      ...rest,
      Subject: rest.Subject ?? null,
      SigningCertUrl: SigningCertURL,
      UnsubscribeUrl: UnsubscribeURL,
      MessageAttributes: {},
    },
  };
}

/** A Notification of `message`, signed with `key` as SNS signs it. */
export const signedNotification = (message: string, key: KeyObject): Envelope =>
  signEnvelope(notification(message), key);

/** The event Lambda receives from an SNS subscription, one record per envelope. */
export const snsLambdaEvent = (...envelopes: Envelope[]) => ({
  Records: envelopes.map(lambdaRecord),
});
