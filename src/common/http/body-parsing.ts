import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseForm } from 'node:querystring';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { DomainError } from '../errors/domain-error';
import { bodyEncodingInvalid, bodyTooDeep, isZlibError, jsonDepthExceeds } from './input-guards';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const payloadTooLarge = (limitBytes: number) =>
  new DomainError(
    'PAYLOAD_TOO_LARGE',
    'PAYLOAD_TOO_LARGE',
    `请求内容超过上限 ${limitBytes} 字节 / Request body exceeds the limit`,
    { limitBytes },
  );

const malformedJson = () =>
  new DomainError('BAD_REQUEST', 'MALFORMED_JSON', '请求体不是有效的 JSON / Request body is not valid JSON');

const unsupportedType = (type: string) =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'UNSUPPORTED_MEDIA_TYPE',
    `不支持的内容类型 "${type || '(none)'}"，请使用 application/json / Send the body as application/json`,
    { contentType: type || null },
  );

const unsupportedEncoding = () =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'UNSUPPORTED_MEDIA_TYPE',
    '不支持的字符编码 / Unsupported encoding',
  );

/**
 * The body as sent, inflated when its Content-Encoding says so (gzip, deflate, br; as express's parsers did), never
 * beyond `limitBytes` once inflated: a small compressed body cannot unpack into a large one.
 */
function decoded(req: FastifyRequest, body: Buffer, limitBytes: number): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const options = { maxOutputLength: limitBytes };
  try {
    if (encoding === 'identity') return body;
    if (encoding === 'gzip') return gunzipSync(body, options);
    if (encoding === 'deflate') return inflateSync(body, options);
    if (encoding === 'br') return brotliDecompressSync(body, options);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(limitBytes);
    if (isZlibError(err)) throw bodyEncodingInvalid();
    throw err;
  }
  throw unsupportedEncoding();
}

/** UTF-8 only (what every browser and client sends); another charset is refused, not misread. */
function assertUtf8(req: FastifyRequest): void {
  const charset = /;\s*charset=["']?([^;"'\s]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) throw unsupportedEncoding();
}

/**
 * The bodies the service reads, in place of Fastify's own parsers: JSON (objects and arrays only, nesting bounded
 * before JSON.parse), URL-encoded forms (the pages), multipart (uploads, read by UploadInterceptor); anything else
 * on a write is 415. Size: Fastify's bodyLimit on the bytes received, the same limit on the bytes inflated. Every
 * refusal is a DomainError, answered in the API's one error shape by the error handler (app.ts).
 */
export function registerBodyParsers(app: FastifyInstance, limitBytes: number): void {
  app.removeAllContentTypeParsers();
  const json = (req: FastifyRequest, raw: Buffer) => {
    assertUtf8(req);
    const body = decoded(req, raw, limitBytes);
    if (body.length === 0) return undefined;
    if (jsonDepthExceeds(body)) throw bodyTooDeep();
    const text = body.toString('utf8');
    // Objects and arrays only (express.json's strict mode): a bare `"text"` or `1` is not a request body.
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') throw malformedJson();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw malformedJson();
    }
  };
  const parser = (read: (req: FastifyRequest, raw: Buffer) => unknown) => ({
    options: { parseAs: 'buffer' as const },
    fn: (req: FastifyRequest, raw: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      try {
        done(null, read(req, raw as Buffer));
      } catch (err) {
        done(err as Error);
      }
    },
  });
  const asJson = parser(json);
  app.addContentTypeParser('application/json', asJson.options, asJson.fn);
  app.addContentTypeParser(/^application\/[\w.-]+\+json$/, asJson.options, asJson.fn);
  const asForm = parser((req, raw) => {
    assertUtf8(req);
    return { ...parseForm(decoded(req, raw, limitBytes).toString('utf8')) };
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', asForm.options, asForm.fn);
  app.addContentTypeParser('*', (req, _payload, done) => {
    if (!BODY_METHODS.has(req.method)) return done(null, undefined);
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    done(unsupportedType(type));
  });
}

/** Fastify's own refusals (before any route runs) in the API's terms; anything else is passed on as it is. */
export function fromFastifyError(err: unknown, limitBytes: number): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return payloadTooLarge(limitBytes);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedType('');
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP_'))
    return new DomainError('BAD_REQUEST', 'BAD_REQUEST', '请求有误 / Bad request');
  return err;
}
