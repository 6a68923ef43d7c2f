import type { Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * The HTTP platform seam. Controllers, pages, guards and filters see a request and a response only through the two
 * interfaces below and the helpers of this file; what is specific to the platform (express today) lives here and in
 * the bootstrap files next to it (app.ts, body-parsing.ts, request-id.middleware.ts, request-log.ts, the upload
 * interceptor), which `npm run lint` holds to (the `platform` rule of .lint/architecture.mjs).
 *
 * Why: issue 22 measured Nest's Fastify adapter against express on this service's own modules (the close-out gate,
 * no middleware on either side, same database): 0.22–0.30 ms of Node CPU per request against 0.38–0.55 ms. Moving
 * to it is then a change of this file and the bootstrap files, not of 45 pages and controllers.
 *
 * The interfaces hold only what express's and Fastify's objects both have, with the same meaning, so a page that
 * compiles against them runs on either: `status`, `header` (one header), `type` (a full media type: express would
 * expand `'html'`, Fastify would not) and `send` (a string, a Buffer or an object for JSON).
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

const express = {
  req: (req: HttpRequest) => req as unknown as Request,
  res: (res: HttpResponse) => res as unknown as Response,
};

/** The path without the query string (`/findings/12`). */
export const requestPath = (req: HttpRequest): string => express.req(req).path;

/** A cookie the request carries, or undefined. */
export const cookieOf = (req: HttpRequest, name: string): string | undefined =>
  (express.req(req) as { cookies?: Record<string, string> }).cookies?.[name];

/** Whether the client would rather read an HTML page than JSON (a browser), from its Accept header. */
export const prefersHtml = (req: HttpRequest): boolean =>
  express.req(req).accepts(['json', 'html']) === 'html';

/** Whether the answer's status and headers are already on their way (then nothing more can be said). */
export const responseStarted = (res: HttpResponse): boolean => express.res(res).headersSent;

/** See Other by default: after a form, the browser GETs the next page. */
export function redirect(res: HttpResponse, url: string, status = 303): void {
  express.res(res).redirect(status, url);
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
  express.res(res).cookie(name, value, maxAgeMs === undefined ? rest : { ...rest, maxAge: maxAgeMs });
}

export function clearCookie(res: HttpResponse, name: string, path: string): void {
  express.res(res).clearCookie(name, { path });
}

/** Streams a body (a PDF as pdfkit writes it); an error half-way closes the connection, so no client keeps a torn file. */
export function sendStream(res: HttpResponse, stream: Readable): void {
  const out = express.res(res);
  stream.on('error', (err) => out.destroy(err));
  stream.pipe(out);
}
