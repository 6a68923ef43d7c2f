import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { HttpRequest } from './platform';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives each request an id (or keeps a sane incoming X-Request-Id), echoed in the response and every log line. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/** The id requestIdMiddleware gave the request (undefined before it ran). */
export const requestIdOf = (req: HttpRequest): string | undefined =>
  (req as HttpRequest & { id?: string }).id;
