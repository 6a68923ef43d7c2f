import { applyDecorators, Controller, SetMetadata, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IS_WEB_PAGE } from '../common/access/web-page';
import { NotificationBellInterceptor } from './notifications/notification-bell.interceptor';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * A controller of web pages: served outside /api/v1, authenticated by the session cookie (with CSRF on every
 * form), errors answered as pages instead of JSON, the header's notification bell read before the handler, and left
 * out of the OpenAPI document. Routes still declare their roles with @AllowRoles — the same roles as the API route
 * they stand for.
 */
export const WebPages = (path = '') =>
  applyDecorators(
    Controller(path),
    ApiExcludeController(),
    SetMetadata(IS_WEB_PAGE, true),
    UseFilters(WebExceptionFilter),
    UseInterceptors(NotificationBellInterceptor),
  );
