import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ApiErrorBody, toApiError } from '../errors/api-exception.filter';
import { DomainError } from '../errors/domain-error';
import type { HttpRequest } from './platform';

/**
 * Fastify's refusals before any route runs (its `frameworkErrors`): a path with a malformed %-escape, a path segment
 * longer than the router takes. Answered in the API's one error shape, with the request id, like every other
 * refusal (Fastify's own answer had neither).
 */
export function answerFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const refusal = tooLong
    ? new DomainError('BAD_REQUEST', 'URI_TOO_LONG', '地址中的一段过长 / A part of the address is too long')
    : new DomainError(
        'BAD_REQUEST',
        'BAD_URL',
        '地址中有无法解读的 % 编码，请检查地址 / The address holds a malformed %-escape',
      );
  const body: ApiErrorBody = { ...toApiError(refusal, req as unknown as HttpRequest) };
  if (tooLong) body.statusCode = 414;
  void reply
    .code(body.statusCode)
    .header('X-Request-Id', req.id)
    .type('application/json; charset=utf-8')
    .send(body);
}

/**
 * Node's HTTP parser's refusals (Fastify's `clientErrorHandler`): headers or an address over Node's 16 KB, a method
 * HTTP does not have, bytes that are not HTTP. No request exists yet, so there is no request id; the answer has the
 * API's error shape all the same, and the connection is closed as Node would.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [statusCode, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'HEADERS_TOO_LARGE',
          '请求头或地址过长（上限 16 KB），请缩短地址或筛选条件 / Request headers or address too large (16 KB)',
        ]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', '请求未在时限内发完 / The request was not received in time']
        : [400, 'BAD_REQUEST', '无法解读的 HTTP 请求 / Malformed HTTP request'];
  const body = JSON.stringify({ statusCode, code, message, details: null } satisfies ApiErrorBody);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
