import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { originFrom } from './request-origin';

/**
 * The HTTP platform seam. Controllers, pages, guards and filters see a request and a response only through the two
 * interfaces below and the helpers of this file; what is specific to the platform (Fastify, through Nest's adapter)
 * lives here and in the bootstrap files next to it (app.ts, body-parsing.ts, framework-errors.ts, request-id.ts,
 * security-headers.ts, request-log.ts, the upload interceptor), which `npm run lint` holds to (the `platform` rule
 * of .lint/architecture.mjs).
 *
 * Why Fastify: issue 22 measured Nest's Fastify adapter against express on this service's own modules (the close-out
 * gate, the same headers, cookies, request id and log on both): 0.31–0.38 ms of Node CPU per request against
 * 0.50–0.65 ms. The seam made that move a change of this file and the bootstrap files, not of 45 pages.
 *
 * The interfaces hold only what express's and Fastify's objects both have, with the same meaning, so a page that
 * compiles against them runs on either: `status`, `header` (one header), `type` (a full media type: Fastify sends
 * it as given) and `send` (a string, a Buffer or an object for JSON).
 */
export interface HttpRequest {
  readonly method: string;
  /** The path and query as the client sent them. */
  readonly originalUrl: string;
  readonly headers: IncomingHttpHeaders;
  /** The client's address (the proxies named in TRUST_PROXY may say who it is). */
  readonly ip?: string;
  readonly query: Readonly<Record<string, unknown>>;
  body?: unknown;
  readonly params?: unknown;
}

export interface HttpResponse {
  status(code: number): this;
  header(name: string, value: string): this;
  type(mediaType: string): this;
  send(body?: string | Buffer | object): unknown;
}

const fastify = {
  req: (req: HttpRequest) =>
    req as unknown as FastifyRequest & { cookies?: Record<string, string | undefined> },
  res: (res: HttpResponse) => res as unknown as FastifyReply,
};

/** The path without the query string (`/findings/12`). */
export function requestPath(req: HttpRequest): string {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A cookie the request carries, or undefined. */
export const cookieOf = (req: HttpRequest, name: string): string | undefined =>
  fastify.req(req).cookies?.[name];

/** Whether the client would rather read an HTML page than JSON (a browser), by its Accept header; none: JSON. */
export const prefersHtml = (req: HttpRequest): boolean =>
  accepts(fastify.req(req).raw).type(['json', 'html']) === 'html';

/** Whether the answer is already on its way (then nothing more can be said). */
export const responseStarted = (res: HttpResponse): boolean => fastify.res(res).sent;

/**
 * A JSON answer whatever the route had set for its usual one (an SVG's or a PDF's type by `@Header`, a download's
 * name): an error of such a route is JSON, and Fastify would refuse to send an object under another type.
 */
export function sendJson(res: HttpResponse, body: object): void {
  const reply = fastify.res(res);
  reply.removeHeader('content-disposition');
  void reply.type('application/json; charset=utf-8').send(body);
}

/** See Other by default: after a form, the browser GETs the next page. */
export function redirect(res: HttpResponse, url: string, status = 303): void {
  void fastify.res(res).redirect(url, status);
}

/** An HTML page in UTF-8. */
export function sendHtml(res: HttpResponse, html: string): void {
  res.type('text/html; charset=utf-8').send(html);
}

export interface CookieOptions {
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict';
  secure?: boolean;
  path: string;
  /** Milliseconds; with neither this nor `expires`, a session cookie. */
  maxAgeMs?: number;
  expires?: Date;
}

export function setCookie(res: HttpResponse, name: string, value: string, options: CookieOptions): void {
  const { maxAgeMs, ...rest } = options;
  // @fastify/cookie counts Max-Age in seconds.
  void fastify
    .res(res)
    .setCookie(name, value, maxAgeMs === undefined ? rest : { ...rest, maxAge: maxAgeMs / 1000 });
}

export function clearCookie(res: HttpResponse, name: string, path: string): void {
  void fastify.res(res).clearCookie(name, { path });
}

/**
 * Streams a body (a PDF as pdfkit writes it); an error half-way closes the connection, so no client keeps a torn
 * file.
 */
export function sendStream(res: HttpResponse, stream: Readable): void {
  void fastify.res(res).send(stream);
}

/**
 * The service's address as this request reached it, `scheme://host[:port]`: Fastify's protocol and host, which are
 * X-Forwarded-Proto and X-Forwarded-Host only when the request came through a proxy TRUST_PROXY names (else the
 * connection's and the Host header). Undefined when that is not a well-formed address (originFrom).
 */
export function requestOrigin(req: HttpRequest): string | undefined {
  const r = fastify.req(req);
  return originFrom(r.protocol, r.host);
}
