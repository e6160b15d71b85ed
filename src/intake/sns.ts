/**
 * The SNS HTTPS endpoint (`POST /alerts/sns`), framework-free: {@link handleSnsHttp} takes the
 * body and headers and returns a status and body, {@link snsRequestListener} adapts it to
 * node:http (and to Bolt's `customRoutes`, which use the same (req, res) signature).
 *
 * Status codes are how we talk to SNS: it retries 5xx (and timeouts) and gives up on 4xx. So:
 *  - anything we cannot prove came from SNS for one of our topics → 403, logged, never retried;
 *  - a genuine alert we could not deliver (Slack or the store down) → 5xx, SNS redelivers;
 *  - a redelivery of a message already handled → 200, processed once.
 * SNS posts `Content-Type: text/plain; charset=UTF-8`: the body is read as text whatever the
 * header says.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { decodeMessageText } from '../alerts/decode.js';
import { isSnsHttpEnvelope, type SnsHttpEnvelope } from '../alerts/guards.js';
import { handleAlertAudited } from '../alerts/audit.js';
import { DeliveryInFlightError, type AlertDeps } from '../alerts/threads.js';
import { isSnsUrl, type SnsVerifier } from './sns-signature.js';

export interface SnsIntakeDeps {
  alerts: AlertDeps;
  verifier: SnsVerifier;
  /** Topics whose subscriptions are confirmed and whose messages are accepted (ALERT_TOPIC_ARNS). */
  topicArns: readonly string[];
  /** GETs a SubscribeURL. Default: fetch. */
  confirmSubscription?: (subscribeUrl: string) => Promise<void>;
  /** Structured log line (nothing secret is passed). Default: console.log as JSON. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Epoch ms. */
  now?: () => number;
}

export interface HttpReply {
  status: number;
  body: string;
}

/** Messages older than this are refused: their MessageId may have left the dedupe memory. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const reply = (status: number, body: string): HttpReply => ({ status, body });

const defaultLog = (message: string, fields?: Record<string, unknown>): void =>
  console.log(JSON.stringify({ message, ...fields }));

export const confirmOverHttps = async (url: string): Promise<void> => {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`SubscribeURL returned ${response.status}`);
};

const headerValue = (
  headers: IncomingHttpHeaders | Record<string, string | undefined>,
  name: string,
): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/** Handles one POST from SNS. Never throws. */
export async function handleSnsHttp(
  body: string,
  headers: IncomingHttpHeaders | Record<string, string | undefined>,
  deps: SnsIntakeDeps,
): Promise<HttpReply> {
  const log = deps.log ?? defaultLog;
  const refuse = (reason: string, fields: Record<string, unknown> = {}): HttpReply => {
    log('sns: refused', { reason, ...fields });
    return reply(403, 'Forbidden');
  };
  // Raw message delivery carries no signature, so nothing proves where it came from.
  if (headerValue(headers, 'x-amz-sns-rawdelivery') === 'true')
    return refuse('raw delivery is unsigned');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse('body is not JSON', { bytes: body.length });
  }
  if (!isSnsHttpEnvelope(parsed)) return refuse('not an SNS envelope');
  const envelope: SnsHttpEnvelope = parsed;
  const fields = {
    type: envelope.Type,
    messageId: envelope.MessageId,
    topicArn: envelope.TopicArn,
  };
  const typeHeader = headerValue(headers, 'x-amz-sns-message-type');
  if (typeHeader !== undefined && typeHeader !== envelope.Type)
    return refuse('message type header disagrees', fields);
  // Checked before the signature so a stranger's topic never makes us fetch a certificate.
  if (!deps.topicArns.includes(envelope.TopicArn))
    return refuse('topic is not in ALERT_TOPIC_ARNS', fields);
  if (typeof envelope.Message !== 'string' || typeof envelope.Timestamp !== 'string') {
    return refuse('Message or Timestamp missing', fields);
  }
  const verdict = await deps.verifier.verify({
    ...envelope,
    Message: envelope.Message,
    Timestamp: envelope.Timestamp,
  });
  if (!verdict.ok) {
    if (verdict.retryable) {
      log('sns: cannot verify yet', { reason: verdict.reason, ...fields });
      return reply(503, 'Signature could not be checked yet');
    }
    return refuse(verdict.reason, fields);
  }
  const now = deps.now?.() ?? Date.now();
  const sentMs = Date.parse(envelope.Timestamp);
  if (!Number.isFinite(sentMs) || now - sentMs > MAX_AGE_MS)
    return refuse('message is too old (replay?)', fields);

  switch (envelope.Type) {
    case 'SubscriptionConfirmation': {
      if (!isSnsUrl(envelope.SubscribeURL)) return refuse('SubscribeURL is not an SNS URL', fields);
      try {
        await (deps.confirmSubscription ?? confirmOverHttps)(envelope.SubscribeURL as string);
      } catch (e) {
        log('sns: subscription confirmation failed', { ...fields, error: String(e) });
        return reply(502, 'Could not confirm the subscription');
      }
      log('sns: subscription confirmed', fields);
      return reply(200, 'Subscription confirmed');
    }
    case 'UnsubscribeConfirmation':
      // Someone unsubscribed us; do not resubscribe behind their back.
      log('sns: unsubscribed', fields);
      return reply(200, 'OK');
    case 'Notification': {
      const subject = typeof envelope.Subject === 'string' ? envelope.Subject : undefined;
      const alert = decodeMessageText(
        envelope.Message,
        {
          via: 'sns',
          deliveryId: envelope.MessageId,
          topicArn: envelope.TopicArn,
          ...(subject ? { subject } : {}),
        },
        sentMs,
      );
      try {
        await handleAlertAudited(alert, deps.alerts, (line) =>
          log(
            line.outcome === 'failed'
              ? 'sns: alert failed, SNS will redeliver'
              : 'sns: alert handled',
            { ...fields, ...line },
          ),
        );
        return reply(200, 'OK');
      } catch (e) {
        if (e instanceof DeliveryInFlightError) return reply(503, 'Already in progress');
        return reply(500, 'Alert could not be delivered');
      }
    }
    default:
      return refuse('unknown message type', fields);
  }
}

/** SNS messages are at most 256 KB; the envelope adds little. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * node:http adapter. Mount it on the path you subscribe (`/alerts/sns`), e.g. as a Bolt custom
 * route: `customRoutes: [{ path: '/alerts/sns', method: ['POST'], handler: snsRequestListener(deps) }]`,
 * or in a plain server: `if (req.url === '/alerts/sns') return listener(req, res)`.
 */
export function snsRequestListener(
  deps: SnsIntakeDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const send = ({ status, body }: HttpReply): void => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    if (req.method !== 'POST') return send(reply(405, 'Method Not Allowed'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained unread, so the 413 can still be sent.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () => send(reply(400, 'Bad Request')));
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return send(reply(413, 'Payload Too Large'));
      handleSnsHttp(Buffer.concat(chunks).toString('utf8'), req.headers, deps).then(send, () =>
        send(reply(500, 'Internal Server Error')),
      );
    });
  };
}
