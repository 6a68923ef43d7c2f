import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { NotificationsService } from '../../notifications/notifications.service';
import type { WebRequest } from '../view';

/**
 * The bell in every page's header: the logged-in user's unread count, read before a web page handler runs.
 *
 * Mounted by @WebPages on the page controllers only, not as a global interceptor: with any global interceptor Nest
 * runs every API request through an rxjs pipeline as well (issue 22: ~5 % of the finding detail's CPU, for nothing).
 * It is instantiated in each page module, so NotificationsService is looked up once across the application rather
 * than injected (the page modules need not all import NotificationsModule for the header).
 */
@Injectable()
export class NotificationBellInterceptor implements NestInterceptor {
  private notifications?: NotificationsService;

  constructor(private readonly moduleRef: ModuleRef) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (req.actor && req.method === 'GET') {
      this.notifications ??= this.moduleRef.get(NotificationsService, { strict: false });
      req.notificationBell = { unread: await this.notifications.unreadCount(req.actor) };
    }
    return next.handle();
  }
}
