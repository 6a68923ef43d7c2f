import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { redirect, responseStarted, type HttpRequest, type HttpResponse } from '../common/http/platform';
import { type ApiErrorBody, toApiError } from '../common/errors/api-exception.filter';
import { renderPage } from './view';
import { chinesePart } from './forms';

/**
 * Errors of web pages become pages: not logged in → the login page (coming back afterwards); anything else →
 * an error page in Chinese with the status and, for faults, the request id an operator can look up in the log.
 * Form errors never reach here: page handlers catch them and show them next to the fields.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest & { id?: string }>();
    const res = http.getResponse<HttpResponse>();
    if (responseStarted(res)) return;
    const body = toApiError(exception, req);
    if (body.statusCode === 401) {
      const next = req.method === 'GET' ? req.originalUrl : '/';
      redirect(res, `/login?next=${encodeURIComponent(next)}`);
      return;
    }
    if (body.code === 'PASSWORD_CHANGE_REQUIRED') {
      const next = req.method === 'GET' ? req.originalUrl : '/';
      redirect(res, `/password?next=${encodeURIComponent(next)}`);
      return;
    }
    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: body.requestId, method: req.method, url: req.originalUrl },
        `Unexpected fault on ${req.method} ${req.originalUrl}`,
      );
    }
    res.status(body.statusCode);
    renderErrorPage(req, res, body);
  }
}

const TITLES: Record<number, string> = {
  403: '无权访问',
  404: '找不到该页面或记录',
  409: '操作与当前状态冲突',
  413: '上传的文件过大',
};

/** The error page: what happened in Chinese; for faults, the request id an operator finds in the log. */
export function renderErrorPage(req: HttpRequest, res: HttpResponse, body: ApiErrorBody): void {
  renderPage(req, res, 'error', {
    title: TITLES[body.statusCode] ?? (body.statusCode >= 500 ? '系统出错' : '请求有误'),
    status: body.statusCode,
    message:
      body.statusCode >= 500
        ? '系统出错了，请稍后再试；如一再出现，请把下面的编号告诉管理员。'
        : body.code === 'FORBIDDEN'
          ? '您的角色无权打开此页面或执行此操作。如确需办理，请联系安全环保健康部或系统管理员。'
          : body.code === 'ROUTE_NOT_FOUND'
            ? '没有这个页面，请检查地址，或从首页进入。'
            : chinesePart(body.message),
    requestId: body.requestId,
  });
}
