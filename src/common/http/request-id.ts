import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { HttpRequest } from './platform';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Each request's id (Fastify's `genReqId`): a sane incoming X-Request-Id is kept (a proxy's or a client's, so one id
 * follows the request through), anything else gets a new UUID. Echoed in the response and every log line.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const incoming = raw.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** onRequest: the id goes back in X-Request-Id, also on answers refused before any route (a body too large). */
export function echoRequestId(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  void reply.header('X-Request-Id', req.id);
  done();
}

/** The id requestIdFor gave the request. */
export const requestIdOf = (req: HttpRequest): string | undefined =>
  (req as HttpRequest & { id?: string }).id;
