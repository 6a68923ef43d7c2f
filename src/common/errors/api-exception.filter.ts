import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  prefersHtml,
  requestPath,
  responseStarted,
  sendJson,
  type HttpRequest,
  type HttpResponse,
} from '../http/platform';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DomainError, ErrorKind } from './domain-error';
import { requestIdOf } from '../http/request-id';

/** The one error shape of the whole API. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown;
  requestId?: string;
}

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  BAD_REQUEST: HttpStatus.BAD_REQUEST,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_OF_STATUS: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求有误 / Bad request'],
  401: ['UNAUTHORIZED', '请先登录 / Authentication required'],
  403: ['FORBIDDEN', '无权执行此操作 / You are not allowed to do this'],
  404: ['NOT_FOUND', '找不到该资源 / Not found'],
  405: ['METHOD_NOT_ALLOWED', '不支持该请求方法 / Method not allowed'],
  409: ['CONFLICT', '与当前状态冲突 / Conflict'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大 / Request body too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型 / Unsupported media type'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试 / Too many requests, try again later'],
  503: ['SERVICE_UNAVAILABLE', '服务暂不可用 / Service unavailable'],
};

/** Nest's own 400 messages, said so that a person can act on them (the upload reader's are its own: DomainErrors). */
const KNOWN_400: [RegExp, string][] = [
  [/numeric string is expected/i, '路径中的编号须为整数 / An id in the path must be a whole number'],
];

/**
 * The one place where errors become HTTP answers. Domain errors map by kind; Nest's own HTTP errors keep
 * their status (the body parsers' refusals are domain errors: common/http/body-parsing.ts); anything else is a 500
 * that carries the request id, which is also in the log line, so an operator can find the stack trace.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  /**
   * `pageAnswer` renders errors of non-API addresses for browsers (the web pages' error page); `fromPlatform` turns
   * the HTTP platform's own refusals (which Nest hands over as the cause of an HttpException) into domain errors.
   */
  constructor(
    private readonly pageAnswer?: (req: HttpRequest, res: HttpResponse, body: ApiErrorBody) => Promise<void>,
    private readonly fromPlatform: (err: unknown) => unknown = (err) => err,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const cause = exception instanceof HttpException ? exception.cause : undefined;
    const platform = cause === undefined ? cause : this.fromPlatform(cause);
    if (platform !== cause) exception = platform;
    const body = toApiError(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: body.requestId, method: request.method, url: request.originalUrl },
        body.code.startsWith('DATABASE_')
          ? `${body.code} on ${request.method} ${request.originalUrl}`
          : `Unexpected fault on ${request.method} ${request.originalUrl}`,
      );
    }
    if (responseStarted(response)) return;
    const retryAfter = retryAfterSeconds(body) ?? (body.code.startsWith('DATABASE_') ? 2 : undefined);
    if (retryAfter !== undefined) response.header('Retry-After', String(retryAfter));
    if (this.pageAnswer && !requestPath(request).startsWith('/api') && prefersHtml(request)) {
      // A person's browser at an address outside the API (a mistyped page): answer with a page, not JSON.
      response.status(body.statusCode);
      this.pageAnswer(request, response, body).catch((err: unknown) => {
        this.logger.error({ err, requestId: body.requestId }, 'The error page could not be shown');
        if (!responseStarted(response)) sendJson(response, body);
      });
      return;
    }
    sendJson(response.status(body.statusCode), body);
  }
}

/** A 429's wait (`details.retryAfterSeconds`), sent as the Retry-After header too. */
export function retryAfterSeconds(body: ApiErrorBody): number | undefined {
  const details = body.details as { retryAfterSeconds?: unknown } | null;
  return body.statusCode === 429 && details && typeof details.retryAfterSeconds === 'number'
    ? details.retryAfterSeconds
    : undefined;
}

/** Maps any thrown value to the API's error body (with the request id). The only such mapping in the service. */
export function toApiError(exception: unknown, request: HttpRequest): ApiErrorBody {
  const body = toBody(exception, request);
  body.requestId = requestIdOf(request);
  return body;
}

function toBody(exception: unknown, request: HttpRequest): ApiErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: STATUS_OF_KIND[exception.kind],
      code: exception.code,
      message: exception.message,
      details: exception.details ?? null,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const [code, defaultMessage] = CODE_OF_STATUS[status] ?? ['HTTP_' + status, exception.message];
    let message = defaultMessage;
    if (status === 404 && /^Cannot \w+ /.test(exception.message)) {
      message = `没有这个地址：${request.method} ${requestPath(request)} / No such route`;
      return { statusCode: 404, code: 'ROUTE_NOT_FOUND', message, details: null };
    }
    if (status === 400) {
      const known = KNOWN_400.find(([re]) => re.test(exception.message));
      return {
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: known ? known[1] : `请求有误：${exception.message} / Bad request`,
        details: null,
      };
    }
    const res = exception.getResponse();
    if (typeof res === 'object' && res && 'code' in res && typeof res.code === 'string') {
      return {
        statusCode: status,
        code: res.code,
        message: String((res as { message?: string }).message ?? message),
        details: null,
      };
    }
    return { statusCode: status, code, message, details: null };
  }
  const database = databaseFailure(exception);
  if (database === 'unavailable')
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: '数据库暂不可用，请稍后重试 / The database is unavailable, retry shortly',
      details: { retryable: true },
    };
  if (database === 'timeout')
    return {
      statusCode: 503,
      code: 'DATABASE_TIMEOUT',
      message: '数据库繁忙，操作超时，请稍后重试 / The database did not answer in time, retry shortly',
      details: { retryable: true },
    };
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
    // Input that slipped past validation but was refused by a database constraint is still bad input.
    if (pgCode === '23505')
      return { statusCode: 409, code: 'DUPLICATE', message: '记录已存在 / Already exists', details: null };
    if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003')
      return {
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: '参数格式有误 / Malformed parameter',
        details: null,
      };
    // 55P03 (lock_not_available) is a lock *timeout* here (no statement uses NOWAIT): 503 DATABASE_TIMEOUT above.
    if (pgCode === '40001' || pgCode === '40P01')
      return {
        statusCode: 409,
        code: 'CONCURRENT_CHANGE',
        message: '记录正被他人修改，请刷新后重试 / Changed concurrently, retry',
        details: null,
      };
  }
  return {
    statusCode: 500,
    code: 'INTERNAL_ERROR',
    message:
      '服务内部错误，请把请求编号告知管理员 / Internal error: quote the request id to the administrator',
    details: null,
  };
}

/** Error codes that mean the database cannot be reached or dropped the connection (node's and PostgreSQL's). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection_exception family
  '53300', // too_many_connections
]);
/** node-postgres and pg-pool say these without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Cannot use a pool after calling end|terminating connection/i;
/** 57014: statement_timeout (or a cancel); 55P03: lock_timeout. */
const TIMEOUT_CODES = new Set(['57014', '55P03']);

/**
 * Whether a thrown value is the database being down or too slow rather than a fault of the request: looks at the
 * error, the driver error TypeORM wraps, causes and aggregated errors (a refused connection to several addresses).
 */
export function databaseFailure(exception: unknown): 'unavailable' | 'timeout' | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [exception];
  while (queue.length) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const { code, message, driverError, cause, errors } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    // TypeORM releases a query runner as soon as its connection reports an error (the server went away), so the
    // request's next statement on it (through the runner or its transaction's EntityManager) says "already
    // released" rather than why. Our own code never keeps a runner past its scope (Transactions), so here it means
    // a lost connection; the log line still names the error.
    if (e instanceof QueryRunnerAlreadyReleasedError || e instanceof QueryRunnerProviderAlreadyReleasedError)
      return 'unavailable';
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return 'unavailable';
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return 'unavailable';
    queue.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
  }
  return undefined;
}
