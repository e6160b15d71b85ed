/**
 * Reading the HTTP requests a Lambda receives over a Function URL or API Gateway (payload 2.0's
 * `rawPath` and `requestContext.http.method`, 1.0's `path` and `httpMethod`), for the routes it
 * serves besides Slack's: `POST /alerts/sns` and `GET /healthz`.
 */
import type { AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import { isJsonObject } from '../core/fields.js';

/** An HTTP request event: an object with headers (Slack's, the alerts', a monitor's). */
export type HttpEvent = Record<string, unknown> & { headers: Record<string, unknown> };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const isHttpEvent = (event: unknown): event is HttpEvent =>
  isJsonObject(event) && isJsonObject(event.headers);

/**
 * Whether the request is for `route`. A stage prefix (`/prod/alerts/sns`, API Gateway HTTP
 * APIs) is allowed.
 */
export function isRequestFor(event: HttpEvent, route: string): boolean {
  const path = text(event.rawPath) ?? text(event.path);
  return path !== undefined && (path === route || path.endsWith(route));
}

export function requestMethod(event: HttpEvent): string | undefined {
  const context = event.requestContext;
  const http = isJsonObject(context) ? context.http : undefined;
  return text(event.httpMethod) ?? (isJsonObject(http) ? text(http.method) : undefined);
}

/** A query string parameter (both payload versions carry `queryStringParameters`). */
export function queryParameter(event: HttpEvent, name: string): string | undefined {
  const query = event.queryStringParameters;
  return isJsonObject(query) ? text(query[name]) : undefined;
}

/** The request body as text: Function URLs base64-encode bodies they do not take for text. */
export function requestBody(event: HttpEvent): string {
  const raw = text(event.body) ?? '';
  return event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** Header names lower-cased: payload 2.0 does so, REST APIs keep the sender's spelling. */
export function requestHeaders(event: HttpEvent): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    headers[name.toLowerCase()] = text(value);
  }
  return headers;
}

export const textReply = (statusCode: number, body: string): AwsResponse => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

/** How every JSON answer of the bot's own HTTP routes goes out (never cached by a proxy). */
export const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export const jsonReply = (statusCode: number, body: unknown): AwsResponse => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});
