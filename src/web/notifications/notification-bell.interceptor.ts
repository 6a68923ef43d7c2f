import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { IS_WEB_PAGE } from '../../common/access/web-page';
import { NotificationsService } from '../../notifications/notifications.service';
import type { WebRequest } from '../view';

/** The bell in every page's header: the logged-in user's unread count, read before a web page handler runs. */
@Injectable()
export class NotificationBellInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly notifications: NotificationsService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const isPage = this.reflector.getAllAndOverride<boolean>(IS_WEB_PAGE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (isPage && req.actor && req.method === 'GET')
      req.notificationBell = { unread: await this.notifications.unreadCount(req.actor) };
    return next.handle();
  }
}
