import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { toApiError } from '../errors/api-exception.filter';
import { DomainError } from '../errors/domain-error';
import { bodyEncodingInvalid, bodyTooDeep, isZlibError, jsonDepthExceeds } from './input-guards';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Media types the API accepts for request bodies; multipart is for evidence uploads. */
const ACCEPTED = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * JSON body parsing with the size limit, and 415 for bodies in a type we do not read. Errors are answered here
 * in the API's one error shape (these run before Nest's router, so Nest's filters never see them).
 */
export function bodyParsing(limitBytes: number): RequestHandler {
  const json = express.json({
    limit: limitBytes,
    // Refuse absurd nesting before JSON.parse and class-transformer see it (a deep body would block the event loop).
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf)) throw bodyTooDeep();
    },
  });
  const urlencoded = express.urlencoded({ limit: limitBytes, extended: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const respond = (err: unknown) => {
      const body = toApiError(isZlibError(err) ? bodyEncodingInvalid() : err, req);
      res.status(body.statusCode).json(body);
    };
    // No body (every GET): nothing to parse, and body-parser 2 leaves req.body undefined then anyway.
    if (!hasBody(req)) return next();
    if (BODY_METHODS.has(req.method)) {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!ACCEPTED.includes(type) && !type.endsWith('+json')) {
        return respond(
          new DomainError(
            'UNSUPPORTED_MEDIA_TYPE',
            'UNSUPPORTED_MEDIA_TYPE',
            `不支持的内容类型 "${type || '(none)'}"，请使用 application/json / Send the body as application/json`,
            { contentType: type || null },
          ),
        );
      }
    }
    json(req, res, (err?: unknown) => {
      if (err) return respond(err);
      urlencoded(req, res, (err2?: unknown) => (err2 ? respond(err2) : next()));
    });
  };
}
